import { z } from 'zod';
import type { CaseFile } from './case-file.ts';
import { coveredCategories, sharingGate, type ConsentRecipient } from './consent-validity.ts';
import { isIsoDate, isIsoTimestamp, localToday, type IsoDate } from './dates.ts';
import { LABELS, type Label, type Locale } from './labels.ts';
import type { Consent } from './schema/consents.ts';
import type { ConsentDataCategory, VocabularyName } from './vocabulary.ts';

/**
 * The Auskunft (Art. 15 DSGVO) and the Übergabe print (docs/architecture.md#auskunft-and-übergabe): one
 * document model built from the device's copy of a case file, drawn for print and written as JSON
 * (Art. 20). The model is plain data: sections of labelled values, each value also under a stable key, so
 * the same document is readable on paper and by a program. What only the relay knows (which accounts
 * received the file, and when) is added when it is at hand, and otherwise marked as missing.
 */

// ── The JSON format (documented in the README) ─────────────────────────────────────────────────────────

export const AUSKUNFT_FORMAT = 'lotse-auskunft';
export const AUSKUNFT_VERSION = 1;

const text = z.string().max(200_000);

export const AuskunftFieldSchema = z.object({
  /** Stable, language-independent path of the value in the case file, e.g. `person.familyName`. */
  key: z.string().min(1).max(200),
  label: text,
  value: text,
});
export type AuskunftField = z.infer<typeof AuskunftFieldSchema>;

export const AuskunftItemSchema = z.object({
  /** The record's id in the case file, where it has one. */
  id: z.string().max(200).optional(),
  title: text,
  fields: z.array(AuskunftFieldSchema),
});
export type AuskunftItem = z.infer<typeof AuskunftItemSchema>;

export const AUSKUNFT_SECTIONS = [
  'person',
  'contact-details',
  'household',
  'residence',
  'perspective',
  'benefits',
  'assessment',
  'goals',
  'contacts',
  'appointments',
  'deadlines',
  'referrals',
  'consents',
  'barriers',
  'attachments',
  'notes',
  'history',
] as const;
export type AuskunftSectionId = (typeof AUSKUNFT_SECTIONS)[number];

export const AuskunftSectionSchema = z.object({
  id: z.enum(AUSKUNFT_SECTIONS),
  title: text,
  /** Single values of the section (the person's name, the residence status …). */
  fields: z.array(AuskunftFieldSchema),
  /** Records of the section (contacts, consents, goals …), in the order of the case file. */
  items: z.array(AuskunftItemSchema),
});
export type AuskunftSection = z.infer<typeof AuskunftSectionSchema>;

export const DisclosureSchema = z.object({
  kind: z.enum(['referral', 'authority']),
  /** The day the data went out (a referral's day, an application's submission). */
  on: z.iso.date().optional(),
  recipient: text,
  purpose: text.optional(),
  /** The consent relied on, as recorded; `null` when none was linked. */
  consent: z
    .object({
      id: z.string(),
      recipient: text,
      purpose: text,
      givenAt: z.string(),
      withdrawnAt: z.string().optional(),
    })
    .nullable(),
});
export type Disclosure = z.infer<typeof DisclosureSchema>;

export const AccessEntrySchema = z.object({
  at: z.iso.datetime({ offset: true }),
  /** The account's name as the team knows it. */
  who: text,
  kind: z.enum(['doc-fetched', 'doc-changed', 'attachment-fetched', 'attachment-stored']),
});

export const AuskunftSchema = z.object({
  format: z.literal(AUSKUNFT_FORMAT),
  version: z.literal(AUSKUNFT_VERSION),
  /** `auskunft`: everything (Art. 15); `uebergabe`: the sections chosen for a recipient. */
  purpose: z.enum(['auskunft', 'uebergabe']),
  createdAt: z.iso.datetime({ offset: true }),
  language: z.enum(['de', 'en']),
  case: z.object({
    id: z.string(),
    teamId: z.string().optional(),
    kind: z.string(),
    caseNumber: z.string().optional(),
    subject: text,
  }),
  /** For an Übergabe: to whom, and the consent that allows it. */
  recipient: z
    .object({
      name: text,
      consentId: z.string(),
      consentGivenAt: z.string(),
      /** The consent's data categories still in force that day. */
      categories: z.array(z.string()),
    })
    .optional(),
  sections: z.array(AuskunftSectionSchema),
  /** To whom data was passed: referrals and handovers to an authority, each with its consent. */
  disclosures: z.array(DisclosureSchema),
  /**
   * Which accounts received or changed the file on the relay: `pending` when this device had no connection
   * (the relay adds it once there is one), `included` with the entries, `omitted` for an Übergabe.
   */
  access: z.discriminatedUnion('state', [
    z.object({ state: z.literal('pending') }),
    z.object({ state: z.literal('omitted') }),
    z.object({
      state: z.literal('included'),
      entries: z.array(AccessEntrySchema),
      /** More entries exist than the relay gives in one answer. */
      truncated: z.boolean(),
    }),
  ]),
});
export type Auskunft = z.infer<typeof AuskunftSchema>;
export type AuskunftAccess = Auskunft['access'];

// ── Which consent categories a section needs (for an Übergabe) ─────────────────────────────────────────

/**
 * The data categories of a consent a section falls under: an Übergabe may include a section only when a
 * consent for the recipient covers all of them (`sharingGate`). The assessment covers every life domain,
 * health included.
 */
export const SECTION_CATEGORIES: Record<AuskunftSectionId, readonly ConsentDataCategory[]> = {
  person: ['identity'],
  'contact-details': ['contact'],
  household: ['family'],
  residence: ['residence'],
  perspective: ['residence', 'work-education'],
  benefits: ['benefits'],
  assessment: ['case-notes', 'health'],
  goals: ['case-notes'],
  contacts: ['case-notes'],
  appointments: ['case-notes'],
  deadlines: ['case-notes'],
  referrals: ['case-notes'],
  consents: ['case-notes'],
  barriers: ['case-notes'],
  attachments: ['case-notes'],
  notes: ['case-notes'],
  history: ['case-notes'],
};

/** Per section: whether the consent relied on for `recipient` on `on` allows passing it on. */
export function sectionsAllowed(
  consents: readonly Consent[],
  recipient: ConsentRecipient,
  on: IsoDate,
  consentId: string,
): Record<AuskunftSectionId, boolean> {
  return Object.fromEntries(
    AUSKUNFT_SECTIONS.map((id) => [
      id,
      sharingGate(consents, recipient, SECTION_CATEGORIES[id], on, consentId).ok,
    ]),
  ) as Record<AuskunftSectionId, boolean>;
}

/** The consents that allow passing at least one section to their recipient on `on`: an Übergabe's choices. */
export function handoverConsents(consents: readonly Consent[], on: IsoDate): Consent[] {
  return consents.filter((consent) => {
    const recipient = consentRecipient(consent);
    return Object.values(sectionsAllowed(consents, recipient, on, consent.id)).some(Boolean);
  });
}

/** The recipient a consent names, as `sharingGate` asks for it. */
export function consentRecipient(consent: Consent): ConsentRecipient {
  return consent.recipientPartnerId !== undefined
    ? { partnerId: consent.recipientPartnerId, name: consent.recipient }
    : { name: consent.recipient };
}

// ── Building the document ──────────────────────────────────────────────────────────────────────────────

export interface AuskunftOptions {
  now: Date;
  locale?: Locale;
  /** A person's name for a user id (the team's names on the device). */
  nameOf: (userId: string) => string;
  /** A partner's name for its id (the team directory). */
  partnerName?: (id: string) => string | undefined;
  /** A barrier category's name for its id (the team directory). */
  categoryName?: (id: string) => string | undefined;
  /** A country's or language's name for its code. */
  codeName?: (kind: 'country' | 'language', code: string) => string;
  /** The relay's access list, when it was at hand. */
  access?: {
    entries: { at: number; userId: string | null; login: string | null; kind: AccessKind }[];
    truncated: boolean;
  };
  /** For an Übergabe: the consent relied on and the sections chosen (only those it allows are kept). */
  handover?: { consentId: string; sections: readonly AuskunftSectionId[] };
}
type AccessKind = z.infer<typeof AccessEntrySchema>['kind'];

type Pair = readonly [de: string, en: string];

const SECTION_TITLES: Record<AuskunftSectionId, Pair> = {
  person: ['Person', 'Person'],
  'contact-details': ['Kontaktdaten', 'Contact details'],
  household: ['Haushalt', 'Household'],
  residence: ['Aufenthalt', 'Residence'],
  perspective: ['Perspektive', 'Perspective'],
  benefits: ['Leistungen', 'Benefits'],
  assessment: ['Assessment', 'Assessment'],
  goals: ['Ziele & Schritte', 'Goals & steps'],
  contacts: ['Kontakte (Beratungsverlauf)', 'Contacts (counselling history)'],
  appointments: ['Termine', 'Appointments'],
  deadlines: ['Fristen, Bescheide und Wiedervorlagen', 'Deadlines, notices and reminders'],
  referrals: ['Vermittlungen', 'Referrals'],
  consents: ['Einwilligungen', 'Consents'],
  barriers: ['Hürden', 'Barriers'],
  attachments: ['Anhänge', 'Attachments'],
  notes: ['Notizen', 'Notes'],
  history: ['Verlauf des Falls', 'Course of the case'],
};

/** Labels of the case file's fields, by name; a name not listed here is shown as it is. */
const FIELD_LABELS: Record<string, Pair> = {
  familyName: ['Familienname', 'Family name'],
  givenNames: ['Vornamen', 'Given names'],
  birthDate: ['Geburtsdatum', 'Date of birth'],
  gender: ['Geschlecht', 'Gender'],
  nationalities: ['Staatsangehörigkeiten', 'Nationalities'],
  languages: ['Sprachen', 'Languages'],
  language: ['Sprache', 'Language'],
  level: ['Niveau', 'Level'],
  interpreterNeeded: ['Dolmetschung nötig', 'Interpreter needed'],
  interpreterLanguage: ['Sprache der Dolmetschung', 'Interpreting language'],
  interpreterKind: ['Art der Dolmetschung', 'Kind of interpreting'],
  phone: ['Telefon', 'Phone'],
  email: ['E-Mail', 'Email'],
  street: ['Straße', 'Street'],
  postalCode: ['Postleitzahl', 'Postal code'],
  city: ['Ort', 'Town'],
  sharedAccommodation: ['Gemeinschaftsunterkunft', 'Shared accommodation'],
  arrivedInGermanyOn: ['In Deutschland seit', 'In Germany since'],
  arrivedInMunicipalityOn: ['In der Kommune seit', 'In the municipality since'],
  accessRoute: ['Zugangsweg', 'Access route'],
  name: ['Name', 'Name'],
  relation: ['Beziehung', 'Relation'],
  inBenefitUnit: ['In der Bedarfsgemeinschaft', 'In the benefit unit'],
  status: ['Status', 'Status'],
  statusSince: ['Status seit', 'Status since'],
  permitSection: ['Rechtsgrundlage', 'Legal basis'],
  documentValidFrom: ['Dokument gültig ab', 'Document valid from'],
  documentValidUntil: ['Dokument gültig bis', 'Document valid until'],
  opportunityGrantedOn: ['Chancen-Aufenthaltsrecht erteilt am', 'Opportunity residence granted on'],
  nextAbhAppointmentOn: ['Nächster Termin bei der Ausländerbehörde', 'Next immigration office appointment'],
  nextAbhAppointmentTime: ['Uhrzeit', 'Time'],
  authority: ['Behörde', 'Authority'],
  authorityName: ['Name der Behörde', 'Name of the authority'],
  from: ['Von', 'From'],
  until: ['Bis', 'Until'],
  legalDomain: ['Rechtskreis', 'Legal domain'],
  office: ['Stelle', 'Office'],
  contactPerson: ['Ansprechperson', 'Contact person'],
  contactPhone: ['Telefon der Ansprechperson', 'Contact person’s phone'],
  schoolYearsInGermany: ['Schuljahre in Deutschland', 'School years in Germany'],
  recognisedQualification: ['Anerkannte Qualifikation', 'Recognised qualification'],
  lifeInGermanyShown: ['Kenntnisse „Leben in Deutschland“ nachgewiesen', '“Life in Germany” shown'],
  naturalisationTestPassed: ['Einbürgerungstest bestanden', 'Naturalisation test passed'],
  identityClarified: ['Identität geklärt', 'Identity clarified'],
  positiveIntegrationPrognosis: ['Positive Integrationsprognose', 'Positive integration prognosis'],
  commitmentToBasicOrder: ['Bekenntnis zur freiheitlichen Grundordnung', 'Commitment to the basic order'],
  livelihood: ['Lebensunterhalt', 'Livelihood'],
  livelihoodException: ['Ausnahme beim Lebensunterhalt', 'Livelihood exception'],
  childrenAttendSchool: ['Kinder besuchen die Schule', 'Children attend school'],
  employmentTolerationSince: ['Beschäftigungsduldung seit', 'Employment toleration since'],
  need: ['Bedarf', 'Need'],
  assessedOn: ['Eingeschätzt am', 'Assessed on'],
  resources: ['Ressourcen', 'Resources'],
  notes: ['Notizen', 'Notes'],
  text: ['Text', 'Text'],
  lifeDomain: ['Lebensbereich', 'Life domain'],
  agreedOn: ['Vereinbart am', 'Agreed on'],
  dueOn: ['Fällig am', 'Due on'],
  due: ['Fällig am', 'Due on'],
  done: ['Erledigt', 'Done'],
  responsible: ['Zuständig', 'Responsible'],
  partnerId: ['Partner', 'Partner'],
  steps: ['Schritt', 'Step'],
  createdAt: ['Angelegt am', 'Created on'],
  createdBy: ['Angelegt von', 'Created by'],
  erroneous: ['Als fehlerhaft markiert', 'Marked as erroneous'],
  at: ['Am', 'On'],
  by: ['Eingetragen von', 'Recorded by'],
  reason: ['Grund', 'Reason'],
  date: ['Datum', 'Date'],
  durationMinutes: ['Dauer (Minuten)', 'Duration (minutes)'],
  kind: ['Art', 'Kind'],
  place: ['Ort', 'Place'],
  topics: ['Themen', 'Topics'],
  note: ['Notiz', 'Note'],
  authorId: ['Dokumentiert von', 'Recorded by'],
  accompanimentOffice: ['Begleitet zu', 'Accompanied to'],
  accompanimentAppointment: ['Anlass der Begleitung', 'Purpose of the accompaniment'],
  outcome: ['Ergebnis', 'Outcome'],
  outcomeOn: ['Ergebnis am', 'Outcome on'],
  consentId: ['Einwilligung', 'Consent'],
  recipient: ['Empfänger', 'Recipient'],
  recipientPartnerId: ['Empfänger im Verzeichnis', 'Recipient in the directory'],
  purpose: ['Zweck', 'Purpose'],
  purposeNote: ['Anlass', 'Occasion'],
  dataCategories: ['Datenkategorien', 'Data categories'],
  categories: ['Datenkategorien', 'Data categories'],
  givenAt: ['Erteilt am', 'Given on'],
  validUntil: ['Gültig bis', 'Valid until'],
  form: ['Form', 'Form'],
  textVersionHash: ['Prüfwert des Textes (SHA-256)', 'Checksum of the text (SHA-256)'],
  withdrawnAt: ['Widerrufen am', 'Withdrawn on'],
  withdrawnBy: ['Widerrufen von', 'Withdrawn by'],
  partialWithdrawals: ['Teilweise widerrufen', 'Withdrawn in part'],
  on: ['Am', 'On'],
  templateId: ['Vorlage', 'Template'],
  templateVersion: ['Fassung der Vorlage', 'Template version'],
  textShown: ['Gezeigter Text', 'Text shown'],
  textGerman: ['Text auf Deutsch', 'Text in German'],
  signature: ['Unterschrift', 'Signature'],
  witnessedBy: ['Zeug*in', 'Witness'],
  witnessName: ['Name der Zeug*in', 'Name of the witness'],
  oralReason: ['Grund für die mündliche Einwilligung', 'Reason for the oral consent'],
  time: ['Uhrzeit', 'Time'],
  endTime: ['Ende', 'End'],
  accompanied: ['Begleitet', 'Accompanied'],
  remindDaysBefore: ['Erinnerung (Tage vorher)', 'Reminder (days before)'],
  contactId: ['Dokumentiert als Kontakt', 'Recorded as contact'],
  institution: ['Institution', 'Institution'],
  subject: ['Betreff', 'Subject'],
  receivedOn: ['Eingegangen am', 'Received on'],
  period: ['Frist', 'Period'],
  deadlineDone: ['Frist erledigt', 'Deadline done'],
  category: ['Kategorie', 'Category'],
  description: ['Beschreibung', 'Description'],
  observedOn: ['Beobachtet am', 'Observed on'],
  report: ['An die Koordination gemeldet', 'Reported to coordination'],
  earlierReports: ['Frühere Meldungen', 'Earlier reports'],
  happened: ['Was geschah', 'What happened'],
  wouldHelp: ['Was helfen würde', 'What would help'],
  reportedAt: ['Gemeldet am', 'Reported on'],
  reportedBy: ['Gemeldet von', 'Reported by'],
  type: ['Dateityp', 'File type'],
  size: ['Größe (Bytes)', 'Size (bytes)'],
  width: ['Breite (Pixel)', 'Width (pixels)'],
  height: ['Höhe (Pixel)', 'Height (pixels)'],
  linkPart: ['Gehört zu', 'Belongs to'],
  addedAt: ['Hinzugefügt am', 'Added on'],
  addedBy: ['Hinzugefügt von', 'Added by'],
  pathway: ['Weg', 'Pathway'],
  submittedOn: ['Eingereicht am', 'Submitted on'],
  documentIds: ['Unterlagen', 'Documents'],
  label: ['Bezeichnung', 'Label'],
  issuedOn: ['Ausgestellt am', 'Issued on'],
  obtainedBy: ['Beschafft von', 'Obtained by'],
  to: ['An', 'To'],
  caseNumber: ['Aktenzeichen', 'Case number'],
  phase: ['Phase', 'Phase'],
  responsibleId: ['Zuständig', 'Responsible'],
  aliases: ['Weitere Namen', 'Other names'],
  updatedAt: ['Zuletzt geändert am', 'Last changed on'],
  updatedBy: ['Zuletzt geändert von', 'Last changed by'],
  closedOn: ['Abgeschlossen am', 'Closed on'],
};

/** Fields holding a user id: shown by the person's name. */
const PERSON_FIELDS = new Set([
  'createdBy',
  'authorId',
  'by',
  'witnessedBy',
  'reportedBy',
  'withdrawnBy',
  'addedBy',
  'updatedBy',
  'responsibleId',
]);

/** Fields that are storage detail, not something recorded about the person. */
const SKIPPED_FIELDS = new Set(['id', 'hash', 'key', 'storedSize', 'schemaVersion', 'linkId', 'teamId']);

/** Which vocabulary an enum field's value comes from: by `context.field`, then by `field`. */
const VOCABULARY_OF: Record<string, VocabularyName> = {
  gender: 'gender',
  accessRoute: 'accessRoute',
  relation: 'householdRelation',
  level: 'languageLevel',
  'residence.status': 'residenceStatus',
  'residenceHistory.status': 'residenceStatus',
  'goals.status': 'goalStatus',
  'steps.status': 'goalStatus',
  'referrals.status': 'referralStatus',
  'pathwayDocuments.status': 'documentStatus',
  'pathwayDocuments.kind': 'documentKind',
  'contacts.kind': 'contactKind',
  'meta.kind': 'caseKind',
  legalDomain: 'legalDomain',
  need: 'needLevel',
  lifeDomain: 'lifeDomain',
  topics: 'lifeDomain',
  interpreterKind: 'interpreterKind',
  form: 'consentForm',
  dataCategories: 'consentDataCategory',
  categories: 'consentDataCategory',
  'phaseHistory.from': 'phase',
  'phaseHistory.to': 'phase',
  phase: 'phase',
  'closure.reason': 'closureReason',
  period: 'noticePeriod',
  livelihood: 'livelihoodShare',
  livelihoodException: 'livelihoodException',
  pathway: 'pathway',
  authority: 'authority',
  'applications.outcome': 'applicationOutcome',
  'appointments.purpose': 'appointmentPurpose',
  responsible: 'responsibleParty',
};

const COUNTRY_FIELDS = new Set(['nationalities']);
const LANGUAGE_FIELDS = new Set(['language', 'interpreterLanguage']);

const WORDS: Record<string, Pair> = {
  yes: ['Ja', 'Yes'],
  no: ['Nein', 'No'],
  signed: ['liegt vor (auf dem Tablet unterschrieben)', 'on record (signed on the tablet)'],
  contact: ['Kontakt', 'Contact'],
  consent: ['Einwilligung', 'Consent'],
  referral: ['Vermittlung', 'Referral'],
  goal: ['Ziel', 'Goal'],
  step: ['Schritt', 'Step'],
  reminder: ['Wiedervorlage', 'Reminder'],
  notice: ['Bescheid', 'Notice'],
  appointment: ['Termin', 'Appointment'],
  barrier: ['Hürde', 'Barrier'],
  attachment: ['Anhang', 'Attachment'],
  member: ['Haushaltsmitglied', 'Household member'],
  period: ['Früherer Aufenthaltsstatus', 'Earlier residence status'],
  application: ['Antrag an die Behörde', 'Application to the authority'],
  document: ['Unterlage', 'Document'],
  phaseChange: ['Phasenwechsel', 'Change of phase'],
  handover: ['Übergabe innerhalb des Teams', 'Handover within the team'],
  closure: ['Abschluss', 'Closure'],
  trail: ['Änderung eines Eintrags', 'Change to an entry'],
  domain: ['Lebensbereich', 'Life domain'],
  withdrawn: ['widerrufen', 'withdrawn'],
};

class Writer {
  readonly #locale: Locale;
  readonly #options: AuskunftOptions;
  readonly #consents: ReadonlyMap<string, Consent>;

  constructor(options: AuskunftOptions, consents: readonly Consent[] = []) {
    this.#options = options;
    this.#locale = options.locale ?? 'de';
    this.#consents = new Map(consents.map((consent) => [consent.id, consent]));
  }

  pick(pair: Pair): string {
    return this.#locale === 'de' ? pair[0] : pair[1];
  }

  word(name: keyof typeof WORDS & string): string {
    return this.pick(WORDS[name] ?? [name, name]);
  }

  label(field: string): string {
    const pair = FIELD_LABELS[field];
    return pair ? this.pick(pair) : field;
  }

  enumLabel(vocabulary: VocabularyName, value: string): string {
    const table = LABELS[vocabulary] as Record<string, Label | undefined>;
    return table[value]?.[this.#locale] ?? value;
  }

  date(value: string): string {
    const [year, month, day] = value.slice(0, 10).split('-');
    return `${day}.${month}.${year}`;
  }

  moment(value: string): string {
    const at = new Date(value);
    if (Number.isNaN(at.getTime())) return value;
    return at.toLocaleString(this.#locale === 'de' ? 'de-DE' : 'en-GB', {
      timeZone: 'Europe/Berlin',
      dateStyle: 'medium',
      timeStyle: 'short',
    });
  }

  /** One value as text; `undefined` for a value that says nothing (empty text, empty list). */
  value(context: string, field: string, value: unknown): string | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'boolean') return this.word(value ? 'yes' : 'no');
    if (typeof value === 'number') return String(value);
    if (Array.isArray(value)) {
      const parts = value
        .map((entry) =>
          entry !== null && typeof entry === 'object'
            ? this.inline(context, entry as Record<string, unknown>)
            : this.value(context, field, entry),
        )
        .filter((part): part is string => part !== undefined && part !== '');
      return parts.length === 0 ? undefined : parts.join('; ');
    }
    if (typeof value === 'object') {
      const inline = this.inline(context, value as Record<string, unknown>);
      return inline === '' ? undefined : inline;
    }
    if (typeof value !== 'string') return String(value);
    if (value.trim() === '') return undefined;
    if (field === 'signature') return this.word('signed');
    if (PERSON_FIELDS.has(field)) return this.#options.nameOf(value);
    if (field === 'partnerId' || field === 'recipientPartnerId') {
      return this.#options.partnerName?.(value) ?? value;
    }
    if (field === 'category') return this.#options.categoryName?.(value) ?? value;
    if (field === 'consentId') {
      // A linked consent by what the person signed: its recipient and day, not its id.
      const consent = this.#consents.get(value);
      return consent ? `${consent.recipient} (${this.date(consent.givenAt)})` : value;
    }
    const vocabulary = VOCABULARY_OF[`${context}.${field}`] ?? VOCABULARY_OF[field];
    if (vocabulary) return this.enumLabel(vocabulary, value);
    if (COUNTRY_FIELDS.has(field)) return this.#options.codeName?.('country', value) ?? value;
    if (LANGUAGE_FIELDS.has(field)) return this.#options.codeName?.('language', value) ?? value;
    if (isIsoDate(value)) return this.date(value);
    if (isIsoTimestamp(value)) return this.moment(value);
    return value;
  }

  /** A small record inside a value (a spoken language, an erroneous mark) as one line. */
  inline(context: string, record: Record<string, unknown>): string {
    return Object.entries(record)
      .filter(([field]) => !SKIPPED_FIELDS.has(field))
      .flatMap(([field, value]) => {
        const shown = this.value(context, field, value);
        return shown === undefined ? [] : [`${this.label(field)}: ${shown}`];
      })
      .join(', ');
  }

  /** The fields of a record, under keys `prefix.field`; lists of records named in `nested` are left out. */
  fields(
    context: string,
    prefix: string,
    record: object,
    options: { skip?: readonly string[] } = {},
  ): AuskunftField[] {
    const skip = new Set([...SKIPPED_FIELDS, ...(options.skip ?? [])]);
    return Object.entries(record).flatMap(([field, value]): AuskunftField[] => {
      if (skip.has(field)) return [];
      const shown = this.value(context, field, value);
      return shown === undefined
        ? []
        : [{ key: `${prefix}.${field}`, label: this.label(field), value: shown }];
    });
  }

  items<T extends object & { id?: string }>(
    context: string,
    records: readonly T[],
    title: (record: T) => string,
    options: { skip?: readonly string[] } = {},
  ): AuskunftItem[] {
    return records.map((record, index) => ({
      ...(record.id === undefined ? {} : { id: record.id }),
      title: title(record),
      fields: this.fields(context, `${context}.${record.id ?? index}`, record, options),
    }));
  }
}

const PERSON_CONTACT_FIELDS = ['phone', 'email', 'street', 'postalCode', 'city'] as const;

function sectionsOf(file: CaseFile, w: Writer): AuskunftSection[] {
  const section = (
    id: AuskunftSectionId,
    fields: AuskunftField[],
    items: AuskunftItem[] = [],
  ): AuskunftSection => ({ id, title: w.pick(SECTION_TITLES[id]), fields, items });
  const titled = (word: Parameters<Writer['word']>[0], ...parts: (string | undefined)[]) =>
    [w.word(word), ...parts.filter((part) => part !== undefined && part !== '')].join(' · ');
  const day = (value: string | undefined) => (value ? w.date(value) : undefined);

  const person = file.person as Record<string, unknown>;
  const contactDetails = Object.fromEntries(
    PERSON_CONTACT_FIELDS.filter((field) => person[field] !== undefined).map((field) => [
      field,
      person[field],
    ]),
  );

  const goalItems = file.goals.flatMap((goal) => [
    {
      id: goal.id,
      title: titled('goal', goal.text),
      fields: w.fields('goals', `goals.${goal.id}`, goal, { skip: ['steps'] }),
    },
    ...w.items('steps', goal.steps, (step) => titled('step', step.text)),
  ]);

  const consentItems = file.consents.map((consent) => ({
    id: consent.id,
    title: titled(
      'consent',
      consent.recipient,
      w.date(consent.givenAt),
      consent.withdrawnAt ? `${w.word('withdrawn')} ${w.date(consent.withdrawnAt)}` : undefined,
    ),
    fields: w.fields('consents', `consents.${consent.id}`, consent, {
      // The German twin repeats the text shown when that was German.
      skip: consent.language === 'de' ? ['textGerman'] : [],
    }),
  }));

  const assessment = Object.entries(file.assessment)
    .map(([domain, entry]) => ({
      title: titled('domain', w.enumLabel('lifeDomain', domain)),
      fields: w.fields('assessment', `assessment.${domain}`, entry ?? {}),
    }))
    // A life domain nobody assessed says nothing.
    .filter((item) => item.fields.length > 0);

  const history: AuskunftItem[] = [
    ...w.items('phaseHistory', file.phaseHistory, (change) =>
      titled('phaseChange', w.enumLabel('phase', change.to), w.moment(change.at)),
    ),
    ...w.items('handovers', file.handovers, (handover) =>
      titled('handover', w.value('handovers', 'to', handover.to), w.moment(handover.at)),
    ),
    ...w.items('trail', file.trail, (entry) => titled('trail', w.moment(entry.at))),
  ];
  const closure = w.fields('closure', 'closure', file.closure);
  if (closure.length > 0) history.push({ title: w.word('closure'), fields: closure });

  return [
    section('person', [
      ...w.fields('meta', 'meta', file.meta, { skip: ['updatedAt', 'updatedBy'] }),
      ...w.fields('person', 'person', file.person, { skip: PERSON_CONTACT_FIELDS }),
    ]),
    section('contact-details', w.fields('person', 'person', contactDetails)),
    section(
      'household',
      [],
      w.items('household', file.household, (member) => titled('member', member.name)),
    ),
    section('residence', w.fields('residence', 'residence', file.residence), [
      ...w.items('residenceHistory', file.residenceHistory, (period) =>
        titled('period', w.enumLabel('residenceStatus', period.status), day(period.from)),
      ),
      ...w.items('pathwayDocuments', file.pathwayDocuments, (document) =>
        titled('document', document.label ?? w.enumLabel('documentKind', document.kind)),
      ),
      ...w.items('applications', file.applications, (application) =>
        titled('application', application.authorityName ?? w.enumLabel('authority', application.authority)),
      ),
    ]),
    section('perspective', w.fields('perspective', 'perspective', file.perspective)),
    section('benefits', w.fields('benefits', 'benefits', file.benefits)),
    section('assessment', [], assessment),
    section('goals', [], goalItems),
    section(
      'contacts',
      [],
      w.items('contacts', file.contacts, (contact) =>
        titled('contact', w.date(contact.date), w.enumLabel('contactKind', contact.kind)),
      ),
    ),
    section(
      'appointments',
      [],
      w.items('appointments', file.appointments, (appointment) =>
        titled('appointment', w.date(appointment.date), appointment.time),
      ),
    ),
    section(
      'deadlines',
      [],
      [
        ...w.items('notices', file.notices, (notice) =>
          titled('notice', notice.subject, day(notice.receivedOn)),
        ),
        ...w.items('reminders', file.reminders, (reminder) =>
          titled('reminder', day(reminder.due), reminder.text),
        ),
      ],
    ),
    section(
      'referrals',
      [],
      w.items('referrals', file.referrals, (referral) =>
        titled('referral', w.value('referrals', 'partnerId', referral.partnerId), w.date(referral.date)),
      ),
    ),
    section('consents', [], consentItems),
    section(
      'barriers',
      [],
      w.items('barriers', file.barriers, (barrier) =>
        titled('barrier', w.value('barriers', 'category', barrier.category), day(barrier.observedOn)),
      ),
    ),
    section(
      'attachments',
      [],
      w.items('attachments', file.attachments, (attachment) => titled('attachment', attachment.name)),
    ),
    section(
      'notes',
      file.notes.trim() === '' ? [] : [{ key: 'notes', label: w.label('notes'), value: file.notes }],
    ),
    section('history', [], history),
  ];
}

/** To whom data was passed: every referral and every application handed to an authority, with its consent. */
export function disclosuresOf(file: CaseFile, w: Pick<AuskunftOptions, 'partnerName'> = {}): Disclosure[] {
  const consentOf = (id: string | undefined): Disclosure['consent'] => {
    const consent = id === undefined ? undefined : file.consents.find((entry) => entry.id === id);
    if (!consent) return null;
    return {
      id: consent.id,
      recipient: consent.recipient,
      purpose: consent.purpose,
      givenAt: consent.givenAt,
      ...(consent.withdrawnAt === undefined ? {} : { withdrawnAt: consent.withdrawnAt }),
    };
  };
  const referrals: Disclosure[] = file.referrals
    .filter((referral) => referral.erroneous === undefined)
    .map((referral) => ({
      kind: 'referral',
      on: referral.date,
      // A partner the directory no longer knows is named as the consent it was passed on names it.
      recipient:
        w.partnerName?.(referral.partnerId) ?? consentOf(referral.consentId)?.recipient ?? referral.partnerId,
      ...(referral.reason === undefined ? {} : { purpose: referral.reason }),
      consent: consentOf(referral.consentId),
    }));
  const applications: Disclosure[] = file.applications.map((application) => ({
    kind: 'authority',
    ...(application.submittedOn === undefined ? {} : { on: application.submittedOn }),
    recipient: application.authorityName ?? LABELS.authority[application.authority].de,
    purpose: LABELS.pathway[application.pathway].de,
    consent: consentOf(application.consentId),
  }));
  return [...referrals, ...applications].sort((a, b) => (a.on ?? '').localeCompare(b.on ?? ''));
}

/**
 * The Auskunft of a case file (or, with `handover`, its Übergabe): every section, the disclosures and the
 * access list. An Übergabe keeps only the sections chosen that the consent allows on the day, and leaves out
 * the disclosures and the access list, which concern the person and the service, not the recipient.
 */
export function buildAuskunft(file: CaseFile, options: AuskunftOptions): Auskunft {
  const w = new Writer(options, file.consents);
  const today = localToday(options.now);
  let sections = sectionsOf(file, w);
  let recipient: Auskunft['recipient'];
  if (options.handover) {
    const consent = file.consents.find((entry) => entry.id === options.handover?.consentId);
    if (!consent) throw new Error('the consent for the Übergabe is not in the case file');
    const allowed = sectionsAllowed(file.consents, consentRecipient(consent), today, consent.id);
    const chosen = new Set(options.handover.sections);
    sections = sections.filter((section) => chosen.has(section.id) && allowed[section.id]);
    recipient = {
      name: consent.recipient,
      consentId: consent.id,
      consentGivenAt: consent.givenAt,
      categories: coveredCategories(consent, today),
    };
  }
  const access: AuskunftAccess = options.handover
    ? { state: 'omitted' }
    : options.access
      ? {
          state: 'included',
          truncated: options.access.truncated,
          entries: options.access.entries.map((entry) => ({
            at: new Date(entry.at).toISOString(),
            who: entry.userId ? options.nameOf(entry.userId) : (entry.login ?? '—'),
            kind: entry.kind,
          })),
        }
      : { state: 'pending' };
  const subject = [file.person.givenNames, file.person.familyName].filter(Boolean).join(' ');
  return {
    format: AUSKUNFT_FORMAT,
    version: AUSKUNFT_VERSION,
    purpose: options.handover ? 'uebergabe' : 'auskunft',
    createdAt: options.now.toISOString(),
    language: options.locale ?? 'de',
    case: {
      id: file.meta.id,
      ...(file.meta.teamId === undefined ? {} : { teamId: file.meta.teamId }),
      kind: file.meta.kind,
      ...(file.meta.caseNumber === undefined ? {} : { caseNumber: file.meta.caseNumber }),
      subject,
    },
    ...(recipient ? { recipient } : {}),
    sections,
    disclosures: options.handover ? [] : disclosuresOf(file, options),
    access,
  };
}
