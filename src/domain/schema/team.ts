import { z } from 'zod';
import {
  emailSchema,
  idSchema,
  LIMITS,
  requiredTextSchema,
  textSchema,
  timestampSchema,
} from './primitives.ts';
import type { Rule } from './rules.ts';
import { partnerCategorySchema } from '../vocabulary.ts';

/** Version of the team doc layout written by this code. */
export const TEAM_DOC_SCHEMA_VERSION = 1;

/** Full-time posts of a team: more than 0, at most 100, at most two decimals (e.g. 2.5). */
export const fullTimePostsSchema = z
  .number()
  .gt(0)
  .max(100)
  .refine((value) => Math.abs(value * 100 - Math.round(value * 100)) < 1e-9, {
    message: 'Höchstens zwei Nachkommastellen.',
  });

/** The team doc's own record: which team it belongs to. */
export const teamMetaFields = z.object({
  schemaVersion: z.number().int().optional(),
  teamId: idSchema.optional(),
  updatedAt: timestampSchema.optional(),
  updatedBy: idSchema.optional(),
  /**
   * The team's staffing in full-time posts (Vollzeitäquivalente), set by coordination; the reports show
   * active cases per post where it is set.
   */
  fullTimePosts: fullTimePostsSchema.optional(),
});
export type TeamMeta = z.output<typeof teamMetaFields>;

/**
 * The status a case manager's new entry carries until coordination confirms it
 * (docs/architecture.md#team-vocabulary). An entry without it is confirmed: every entry written before
 * proposals existed, the default categories, and every entry coordination or an admin wrote.
 */
export const PROPOSED = 'vorgeschlagen';

/**
 * The fields every entry of the team's vocabulary carries beside its own. An invalid value is dropped on
 * read, so an entry with a status this version does not know reads as confirmed.
 */
const vocabularyStatusFields = {
  status: z.literal(PROPOSED).optional(),
  /** User id of the case manager who proposed the entry; kept after it is confirmed. */
  proposedBy: idSchema.optional(),
};

/**
 * A Netzwerkpartner in the team's directory: a service that cases are referred to and that may be responsible
 * for a step. Its id is what referrals and steps store, so it never changes; an archived partner is hidden
 * from pickers but still names the records that point to it.
 */
export const partnerFields = z.object({
  id: idSchema,
  name: requiredTextSchema(LIMITS.short),
  /** What the partner offers, e.g. "Migrationsberatung für Erwachsene (MBE)". */
  service: textSchema(LIMITS.short).optional(),
  /** The kind of service (closed list), what coordination's reports count referrals by. */
  category: partnerCategorySchema.optional(),
  contactPerson: textSchema(LIMITS.name).optional(),
  phone: textSchema(40).optional(),
  email: emailSchema.optional(),
  address: textSchema(LIMITS.short).optional(),
  note: textSchema(LIMITS.paragraph).optional(),
  archived: z.boolean().optional(),
  ...vocabularyStatusFields,
});
export type Partner = z.output<typeof partnerFields>;
export type PartnerInput = Omit<z.input<typeof partnerFields>, 'id' | 'archived' | 'status' | 'proposedBy'>;
export type PartnerPatch = Partial<PartnerInput>;

export const partnerRules: readonly Rule<Partner>[] = [];

/**
 * A category of structural barriers (Hürden). Barriers store the id and coordination counts by it across
 * cases, so renaming changes only the label and statistics stay comparable.
 */
export const barrierCategoryFields = z.object({
  id: idSchema,
  label: requiredTextSchema(LIMITS.name),
  archived: z.boolean().optional(),
  ...vocabularyStatusFields,
});
export type BarrierCategory = z.output<typeof barrierCategoryFields>;

export const barrierCategoryRules: readonly Rule<BarrierCategory>[] = [];

/**
 * The categories every team starts with. The ids are written into the barriers of case files and must never
 * change; the first nine were already used by the app before the team doc existed. German is what the team
 * doc stores; the English text is shown in the English UI while a team has not renamed the category.
 */
export const DEFAULT_BARRIER_CATEGORIES = [
  { id: 'waiting-times', de: 'Wartezeiten bei Behörden', en: 'Waiting times at public offices' },
  { id: 'missing-language-courses', de: 'Fehlende Sprachkursplätze', en: 'No places in language courses' },
  {
    id: 'missing-services',
    de: 'Fehlende Angebote (z. B. Beratungs- oder Kursplätze)',
    en: 'Missing services (e.g. counselling or course places)',
  },
  { id: 'unclear-responsibility', de: 'Unklare Zuständigkeit', en: 'Unclear responsibility' },
  { id: 'missing-childcare', de: 'Fehlende Kinderbetreuung', en: 'No childcare' },
  {
    id: 'recognition-too-slow',
    de: 'Anerkennungsverfahren dauert zu lange',
    en: 'Recognition procedure takes too long',
  },
  { id: 'housing-market', de: 'Wohnungsmarkt', en: 'Housing market' },
  { id: 'discrimination', de: 'Diskriminierung', en: 'Discrimination' },
  { id: 'digital-access', de: 'Digitale Zugangshürden', en: 'Digital access barriers' },
  { id: 'language-access', de: 'Fehlende Dolmetschung', en: 'No interpreting available' },
  {
    id: 'documents-proof',
    de: 'Nachweise und Dokumente (z. B. Identitätsklärung)',
    en: 'Proof and documents (e.g. establishing identity)',
  },
  { id: 'other', de: 'Sonstiges', en: 'Other' },
] as const;
