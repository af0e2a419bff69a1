import { z } from 'zod';
import { SHIPPED_PHRASES, SHIPPED_TEMPLATES } from './consent-template-texts.ts';
import { message } from './messages.ts';
import { idSchema, isoDateSchema, LIMITS, requiredTextSchema } from './schema/primitives.ts';
import { consentDataCategorySchema, type ConsentDataCategory } from './vocabulary.ts';

/**
 * Consent templates: what a case manager shows a client to read and sign. A template fixes the purpose, the
 * kind of recipient, the data categories (health, an Art. 9 category, only where the template names it)
 * and how long the consent lasts; its texts exist per language. The text a client reads is assembled from
 * the template's own sentences (title, purpose) and the phrases of the language (who, which data, how long,
 * voluntary, the right to withdraw), so a translation is small enough to review line by line.
 *
 * Lotse ships German and English texts and sample translations that are marked unreviewed; an organisation
 * imports its own reviewed translations in the file format below (docs/architecture.md#consent).
 */

/** The languages client texts are kept in (the clients' most common languages in NRW). */
export const CLIENT_LANGUAGES = [
  'de',
  'en',
  'ar',
  'uk',
  'ru',
  'tr',
  'fa',
  'prs',
  'pl',
  'ro',
  'bg',
  'ku',
  'kmr',
  'ckb',
  'sq',
  'bs',
  'hr',
  'sr',
] as const;
export type ClientLanguage = (typeof CLIENT_LANGUAGES)[number];

const RIGHT_TO_LEFT = new Set(['ar', 'fa', 'prs', 'ckb', 'ps', 'ur', 'he']);

/** Whether a language is written right to left (Arabic, Farsi, Dari, Sorani). */
export function isRightToLeft(language: string): boolean {
  return RIGHT_TO_LEFT.has(language.split('-')[0]!);
}

const phrase = requiredTextSchema(LIMITS.line);

/** The sentences every template of one language shares. `{recipient}` and `{date}` are filled in. */
export const consentPhrasesSchema = z.strictObject({
  recipient: phrase.refine((t) => t.includes('{recipient}'), {
    error: message('template-placeholder', { name: '{recipient}' }),
  }),
  purpose: phrase,
  categories: phrase,
  categoryNames: z.strictObject(
    Object.fromEntries(
      consentDataCategorySchema.options.map((c) => [c, requiredTextSchema(LIMITS.name)]),
    ) as Record<ConsentDataCategory, ReturnType<typeof requiredTextSchema>>,
  ),
  art9: phrase,
  validUntil: phrase.refine((t) => t.includes('{date}'), {
    error: message('template-placeholder', { name: '{date}' }),
  }),
  voluntary: phrase,
  withdrawal: phrase,
  agree: phrase,
  signature: requiredTextSchema(LIMITS.name),
  date: requiredTextSchema(LIMITS.name),
});
export type ConsentPhrases = z.output<typeof consentPhrasesSchema>;

/** A template's own sentences in one language. */
export const templateTextSchema = z.strictObject({
  title: requiredTextSchema(LIMITS.short),
  purpose: requiredTextSchema(LIMITS.paragraph),
});

/** Who checked a translation, and when. A shipped sample has neither and says so. */
export interface Review {
  reviewedBy?: string;
  reviewedOn?: string;
  sample?: boolean;
}

export interface ConsentTemplate {
  id: string;
  version: number;
  /** Who receives the data: case management itself, or a partner chosen from the directory. */
  recipient: 'case-management' | 'partner';
  /** The partner categories a recipient is usually picked from (a hint for the picker). */
  partnerCategories: readonly string[];
  /** Words a recipient's name usually contains, to suggest it (e.g. "Jobcenter"). */
  recipientHint?: string;
  dataCategories: readonly ConsentDataCategory[];
  /** How long a consent from this template lasts, in months. */
  validityMonths: number;
  texts: Partial<Record<string, z.output<typeof templateTextSchema>>>;
}

/** The recipient of a consent to case management itself. */
export const CASE_MANAGEMENT_RECIPIENT = 'Kommunales Integrationsmanagement (Case-Management)';

/** The file format of an organisation's reviewed translations (documented in the README). */
export const TRANSLATION_FILE_FORMAT = 'lotse-consent-translation';

export const translationFileSchema = z.strictObject({
  format: z.literal(TRANSLATION_FILE_FORMAT, { error: message('template-format') }),
  formatVersion: z.literal(1, { error: message('template-format-version') }),
  language: z.enum(CLIENT_LANGUAGES, { error: message('template-language') }),
  reviewedBy: requiredTextSchema(LIMITS.name),
  reviewedOn: isoDateSchema,
  phrases: consentPhrasesSchema,
  templates: z.record(idSchema, templateTextSchema),
});
export type TranslationFile = z.output<typeof translationFileSchema>;

/** A translation kept by the team: the imported file, parsed. */
export type TeamTranslation = TranslationFile;

export type ImportResult = { ok: true; value: TranslationFile } | { ok: false; errors: string[] };

/**
 * Parses an organisation's translation file. Every problem is named in German with where it is, and an
 * unknown template id is refused, so a typo cannot leave a template untranslated unnoticed.
 */
export function parseTranslationFile(json: string): ImportResult {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return { ok: false, errors: [message('template-not-json')] };
  }
  const parsed = translationFileSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map((issue) =>
        issue.path.length === 0 ? issue.message : `${issue.path.join('.')}: ${issue.message}`,
      ),
    };
  }
  const unknown = Object.keys(parsed.data.templates).filter(
    (id) => !SHIPPED_TEMPLATES.some((t) => t.id === id),
  );
  if (unknown.length > 0) {
    return {
      ok: false,
      errors: unknown.map((id) => `templates.${id}: ${message('template-unknown', { id })}`),
    };
  }
  return { ok: true, value: parsed.data };
}

/** One language a template can be shown in, with its review state. */
export interface TemplateLanguage extends Review {
  language: string;
}

/**
 * The languages `template` can be shown in: the team's imported (reviewed) translations override the shipped
 * ones of the same language.
 */
export function templateLanguages(
  template: ConsentTemplate,
  imported: readonly TeamTranslation[] = [],
): TemplateLanguage[] {
  const out = new Map<string, TemplateLanguage>();
  for (const [language, phrases] of Object.entries(SHIPPED_PHRASES)) {
    if (phrases && template.texts[language]) out.set(language, { language, ...phrases.review });
  }
  for (const file of imported) {
    if (file.templates[template.id]) {
      out.set(file.language, {
        language: file.language,
        reviewedBy: file.reviewedBy,
        reviewedOn: file.reviewedOn,
      });
    }
  }
  return [...out.values()];
}

export interface ConsentText {
  language: string;
  title: string;
  paragraphs: string[];
  /** What the signature line says. */
  signature: string;
  date: string;
  /** All of it as one string: what is stored and hashed. */
  text: string;
}

export interface RenderInput {
  recipient: string;
  /** The last day the consent is valid (ISO), or none for "until withdrawn". */
  validUntil?: string;
}

const fill = (text: string, params: Record<string, string>) =>
  text.replace(/\{(\w+)\}/g, (whole, key: string) => params[key] ?? whole);

/** A date written as people of that language write it, with their numerals (Arabic-Indic in Arabic). */
export function clientDate(day: string, language: string): string {
  const [y, m, d] = day.split('-').map(Number);
  // Arabic is written with Arabic-Indic digits, as people from Syria and Iraq read them.
  const locale = language === 'ar' ? 'ar-u-nu-arab' : language;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y!, m! - 1, d!)),
  );
}

/**
 * The consent text of `template` in `language`, or undefined when that language has no text for it. The
 * team's imported translation is preferred over a shipped one.
 */
export function renderConsent(
  template: ConsentTemplate,
  language: string,
  input: RenderInput,
  imported: readonly TeamTranslation[] = [],
): ConsentText | undefined {
  const own = imported.find((file) => file.language === language && file.templates[template.id]);
  const texts = own?.templates[template.id] ?? template.texts[language];
  const phrases = own?.phrases ?? SHIPPED_PHRASES[language]?.phrases;
  if (!texts || !phrases) return undefined;
  // Joined as the language joins a list ("A, B und C"; Arabic with its own comma).
  const categories = new Intl.ListFormat(language, { type: 'conjunction' }).format(
    template.dataCategories.map((c) => phrases.categoryNames[c]),
  );
  const paragraphs = [
    fill(phrases.recipient, { recipient: input.recipient }),
    `${phrases.purpose} ${texts.purpose}`,
    `${phrases.categories} ${categories}.`,
    ...(template.dataCategories.includes('health') ? [phrases.art9] : []),
    ...(input.validUntil ? [fill(phrases.validUntil, { date: clientDate(input.validUntil, language) })] : []),
    phrases.voluntary,
    phrases.withdrawal,
    phrases.agree,
  ];
  return {
    language,
    title: texts.title,
    paragraphs,
    signature: phrases.signature,
    date: phrases.date,
    text: [texts.title, ...paragraphs].join('\n\n'),
  };
}

/** The shipped templates, in the order they are offered. */
export function consentTemplates(): readonly ConsentTemplate[] {
  return SHIPPED_TEMPLATES;
}

export function consentTemplate(id: string): ConsentTemplate | undefined {
  return SHIPPED_TEMPLATES.find((template) => template.id === id);
}

/** The last day of a consent given on `day` from `template`. */
export function validUntilFor(template: ConsentTemplate, day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  const month = m! - 1 + template.validityMonths;
  // The same date that many months later (the month's last day where it is shorter), less one day.
  const lastOfMonth = new Date(Date.UTC(y!, month + 1, 0)).getUTCDate();
  const end = new Date(Date.UTC(y!, month, Math.min(d!, lastOfMonth)));
  end.setUTCDate(end.getUTCDate() - 1);
  return end.toISOString().slice(0, 10);
}

/**
 * SHA-256 of a consent text, in hex, as stored beside it: the proof of which wording was agreed to. Uses
 * WebCrypto, which browsers and Node both have.
 */
export async function consentTextHash(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** What a consent obtained from a template stores, besides how it was given. */
export interface TemplateConsentInput {
  template: ConsentTemplate;
  recipient: { name: string; partnerId?: string };
  language: string;
  /** The text shown, in `language`, and the same in German. */
  shown: ConsentText;
  german: ConsentText;
  /** `consentTextHash(shown.text)`. */
  hash: string;
  givenAt: string;
  validUntil: string;
  witness?: { id: string; name: string };
}

/**
 * The fields of a consent record made from a template (schema/consents.ts), for `addConsent` together with
 * the form and its proof (signature, or the reason for oral consent).
 */
export function templateConsentFields(input: TemplateConsentInput) {
  const { template, recipient, language, shown, german, hash, witness } = input;
  return {
    recipient: recipient.name,
    ...(recipient.partnerId ? { recipientPartnerId: recipient.partnerId } : {}),
    purpose: template.texts.de?.purpose ?? german.title,
    dataCategories: [...template.dataCategories],
    givenAt: input.givenAt,
    validUntil: input.validUntil,
    language,
    templateId: template.id,
    templateVersion: template.version,
    textShown: shown.text,
    ...(language === 'de' ? {} : { textGerman: german.text }),
    textVersionHash: hash,
    ...(witness ? { witnessedBy: witness.id, witnessName: witness.name } : {}),
  };
}
