import { COLLECTION_NAMES, type CollectionName } from './case-parts.ts';
import type { Label } from './labels.ts';
import type { VocabularyName } from './vocabulary.ts';

/**
 * The single-value fields of a case file that two devices can write concurrently, with their German and
 * English labels. Prose (`Y.Text`) is not here: it merges character by character and never conflicts.
 * Neither are the bookkeeping keys `meta.updatedAt` / `meta.updatedBy`, which every write sets, nor values
 * set once at creation (ids, team, creator).
 */

/** How a field's value is shown: the UI formats each kind (a vocabulary value by its label, a date …). */
export type FieldKind =
  | 'text'
  | 'number'
  | 'boolean'
  | 'date'
  | 'time'
  | 'timestamp'
  | 'vocabulary'
  | 'vocabulary-list'
  | 'language'
  | 'countries'
  | 'spoken-languages'
  | 'text-list'
  /** The id of a record elsewhere: a partner, a consent, a barrier category, a user. */
  | 'reference';

export interface FieldSpec {
  label: Label;
  kind: FieldKind;
  vocabulary?: VocabularyName;
}

/** Where a field sits in the case doc. */
export type FieldRef =
  | { part: 'person' | 'residence' | 'benefits' | 'perspective' | 'meta' | 'closure'; field: string }
  | { part: 'assessment'; domain: string; field: string }
  | { part: CollectionName; id: string; field: string }
  | { part: 'steps'; goalId: string; id: string; field: string };

export type FieldPart = FieldRef['part'];

function f(de: string, en: string, kind: FieldKind = 'text', vocabulary?: VocabularyName): FieldSpec {
  return vocabulary ? { label: { de, en }, kind, vocabulary } : { label: { de, en }, kind };
}

/** The name of each part, as the first half of a conflict's label ("Kontakt › Dauer (Minuten)"). */
export const PART_LABELS: Record<FieldPart, Label> = {
  person: { de: 'Person', en: 'Person' },
  residence: { de: 'Aufenthalt', en: 'Residence' },
  benefits: { de: 'Leistungen', en: 'Benefits' },
  perspective: { de: 'Perspektive', en: 'Perspective' },
  residenceHistory: { de: 'Früherer Aufenthaltsstatus', en: 'Earlier residence status' },
  pathwayDocuments: { de: 'Unterlage', en: 'Document' },
  applications: { de: 'Antrag bei der Behörde', en: 'Application to the authority' },
  meta: { de: 'Fall', en: 'Case' },
  closure: { de: 'Abschluss', en: 'Closure' },
  assessment: { de: 'Assessment', en: 'Assessment' },
  household: { de: 'Haushalt', en: 'Household' },
  goals: { de: 'Ziel', en: 'Goal' },
  steps: { de: 'Schritt', en: 'Step' },
  contacts: { de: 'Kontakt', en: 'Contact' },
  referrals: { de: 'Vermittlung', en: 'Referral' },
  reminders: { de: 'Wiedervorlage', en: 'Reminder' },
  notices: { de: 'Bescheid', en: 'Notice' },
  consents: { de: 'Einwilligung', en: 'Consent' },
  barriers: { de: 'Hürde', en: 'Barrier' },
  appointments: { de: 'Termin', en: 'Appointment' },
  attachments: { de: 'Anhang', en: 'Attachment' },
};

export const CASE_FIELDS: Record<FieldPart, Record<string, FieldSpec>> = {
  person: {
    familyName: f('Familienname', 'Family name'),
    givenNames: f('Vorname(n)', 'Given name(s)'),
    birthDate: f('Geburtsdatum', 'Date of birth', 'date'),
    gender: f('Geschlecht', 'Gender', 'vocabulary', 'gender'),
    nationalities: f('Staatsangehörigkeit(en)', 'Nationality/nationalities', 'countries'),
    languages: f('Sprachen', 'Languages', 'spoken-languages'),
    interpreterNeeded: f('Dolmetschung nötig', 'Interpreter needed', 'boolean'),
    interpreterLanguage: f('Sprache der Dolmetschung', 'Interpreting language', 'language'),
    phone: f('Telefon', 'Phone'),
    email: f('E-Mail', 'Email'),
    street: f('Straße und Hausnummer', 'Street and number'),
    postalCode: f('PLZ', 'Postcode'),
    city: f('Ort', 'Town'),
    sharedAccommodation: f('Gemeinschaftsunterkunft', 'Shared accommodation', 'boolean'),
    arrivedInGermanyOn: f('Eingereist nach Deutschland am', 'Arrived in Germany on', 'date'),
    arrivedInMunicipalityOn: f('Zugezogen in die Kommune am', 'Moved to the municipality on', 'date'),
    accessRoute: f('Zugangsweg', 'Access route', 'vocabulary', 'accessRoute'),
  },
  residence: {
    status: f('Aufenthaltsstatus', 'Residence status', 'vocabulary', 'residenceStatus'),
    statusSince: f('Status seit', 'Status since', 'date'),
    permitSection: f('Paragraph der Aufenthaltserlaubnis', 'Section of the residence permit'),
    documentValidFrom: f('Dokument gültig ab', 'Document valid from', 'date'),
    documentValidUntil: f('Dokument gültig bis', 'Document valid until', 'date'),
    opportunityGrantedOn: f('§ 104c erteilt am', '§ 104c granted on', 'date'),
    nextAbhAppointmentOn: f('Datum des ABH-Termins', 'Date of the appointment', 'date'),
    nextAbhAppointmentTime: f('Uhrzeit des ABH-Termins', 'Time of the appointment', 'time'),
    authority: f('Zuständige Ausländerbehörde', 'Responsible immigration office'),
  },
  benefits: {
    legalDomain: f('Rechtskreis', 'Legal domain (Rechtskreis)', 'vocabulary', 'legalDomain'),
    office: f('Zuständige Stelle', 'Responsible office'),
    contactPerson: f('Ansprechperson', 'Contact person'),
    contactPhone: f('Telefon der Ansprechperson', 'Contact person’s phone'),
  },
  meta: {
    caseNumber: f('Aktenzeichen', 'Case number'),
    aliases: f('Andere Schreibweisen des Namens', 'Other spellings of the name', 'text-list'),
    phase: f('Phase', 'Phase', 'vocabulary', 'phase'),
    responsibleId: f('Zuständig', 'Responsible', 'reference'),
  },
  closure: {
    reason: f('Grund des Abschlusses', 'Reason for closure', 'vocabulary', 'closureReason'),
    closedOn: f('Abgeschlossen am', 'Closed on', 'date'),
  },
  assessment: {
    need: f('Bedarf', 'Need', 'vocabulary', 'needLevel'),
    assessedOn: f('Eingeschätzt am', 'Assessed on', 'date'),
  },
  household: {
    name: f('Name', 'Name'),
    relation: f('Beziehung zur Person', 'Relation to the person', 'vocabulary', 'householdRelation'),
    birthDate: f('Geburtsdatum', 'Date of birth', 'date'),
    inBenefitUnit: f('Gehört zur Bedarfsgemeinschaft', 'Part of the benefit unit', 'boolean'),
  },
  goals: {
    text: f('Ziel', 'Goal'),
    lifeDomain: f('Lebensbereich', 'Life domain', 'vocabulary', 'lifeDomain'),
    status: f('Status', 'Status', 'vocabulary', 'goalStatus'),
    agreedOn: f('Vereinbart am', 'Agreed on', 'date'),
    dueOn: f('Ziel erreichen bis', 'Reach the goal by', 'date'),
  },
  steps: {
    text: f('Schritt', 'Step'),
    responsible: f('Zuständig', 'Responsible', 'vocabulary', 'responsibleParty'),
    partnerId: f('Netzwerkpartner', 'Partner service', 'reference'),
    dueOn: f('Fällig am', 'Due on', 'date'),
    status: f('Status', 'Status', 'vocabulary', 'goalStatus'),
  },
  contacts: {
    date: f('Datum', 'Date', 'date'),
    durationMinutes: f('Dauer (Minuten)', 'Duration (minutes)', 'number'),
    kind: f('Art', 'Kind', 'vocabulary', 'contactKind'),
    place: f('Ort', 'Place'),
    topics: f('Themen', 'Topics', 'vocabulary-list', 'lifeDomain'),
    interpreterLanguage: f('Sprache der Dolmetschung', 'Interpreting language', 'language'),
    interpreterKind: f('Art der Dolmetschung', 'Kind of interpreting', 'vocabulary', 'interpreterKind'),
    authorId: f('Erfasst von', 'Recorded by', 'reference'),
    accompanimentOffice: f('Begleitung zu (Behörde/Stelle)', 'Accompanied to (office)'),
    accompanimentAppointment: f('Anlass des Termins', 'Purpose of the appointment'),
  },
  referrals: {
    partnerId: f('Netzwerkpartner', 'Partner service', 'reference'),
    date: f('Datum', 'Date', 'date'),
    reason: f('Anlass', 'Reason'),
    status: f('Status', 'Status', 'vocabulary', 'referralStatus'),
    outcome: f('Ergebnis', 'Outcome'),
    consentId: f('Einwilligung für die Weitergabe', 'Consent for sharing data', 'reference'),
  },
  appointments: {
    date: f('Datum', 'Date', 'date'),
    time: f('Beginn', 'Start', 'time'),
    endTime: f('Ende', 'End', 'time'),
    place: f('Ort', 'Place'),
    office: f('Bei (Behörde/Stelle)', 'With (office)'),
    partnerId: f('Netzwerkpartner', 'Partner service', 'reference'),
    purpose: f('Anlass (Kategorie)', 'Purpose (category)', 'vocabulary', 'appointmentPurpose'),
    purposeNote: f('Worum geht es?', 'What is it about?'),
    interpreterLanguage: f('Dolmetschung in', 'Interpreter for', 'language'),
    accompanied: f('Begleitung durch das Case-Management', 'Accompanied by the case manager', 'boolean'),
    remindDaysBefore: f('Erinnerung (Tage vorher)', 'Reminder (days before)', 'number'),
    contactId: f('Erfasster Kontakt', 'Recorded contact', 'reference'),
  },
  reminders: {
    due: f('Wiedervorlage am', 'Remind on', 'date'),
    text: f('Worum geht es?', 'What is it about?'),
    done: f('Erledigt', 'Done', 'boolean'),
  },
  notices: {
    institution: f('Behörde oder Stelle', 'Office or institution'),
    subject: f('Betreff', 'Subject'),
    receivedOn: f('Eingegangen am', 'Received on', 'date'),
    period: f('Frist', 'Period', 'vocabulary', 'noticePeriod'),
    note: f('Notiz', 'Note'),
    deadlineDone: f('Widerspruch eingelegt oder nicht nötig', 'Objection lodged or not needed', 'boolean'),
  },
  consents: {
    recipient: f('Empfänger*in (Stelle)', 'Recipient (institution)'),
    recipientPartnerId: f('Netzwerkpartner', 'Partner service', 'reference'),
    purpose: f('Zweck', 'Purpose'),
    dataCategories: f('Datenkategorien', 'Data categories', 'vocabulary-list', 'consentDataCategory'),
    givenAt: f('Erteilt am', 'Given on', 'timestamp'),
    validUntil: f('Gültig bis', 'Valid until', 'date'),
    form: f('Form', 'Form', 'vocabulary', 'consentForm'),
    textVersionHash: f('Prüfwert der Textfassung', 'Checksum of the text version'),
    language: f('Sprache, in der sie erklärt wurde', 'Language it was explained in', 'language'),
    withdrawnAt: f('Widerrufen am', 'Withdrawn on', 'timestamp'),
    partialWithdrawals: f('Teilweise widerrufen', 'Withdrawn in part'),
    templateId: f('Vorlage', 'Template'),
    templateVersion: f('Fassung der Vorlage', 'Template version', 'number'),
    textShown: f('Gezeigter Text', 'Text shown'),
    textGerman: f('Deutscher Text', 'German text'),
    signature: f('Unterschrift', 'Signature'),
    witnessedBy: f('Zeug*in', 'Witness', 'reference'),
    witnessName: f('Name der Zeug*in', 'Name of the witness'),
    oralReason: f('Grund für die mündliche Einwilligung', 'Reason for oral consent'),
  },
  perspective: {
    schoolYearsInGermany: f(
      'Erfolgreiche Schuljahre in Deutschland',
      'Successful school years in Germany',
      'number',
    ),
    recognisedQualification: f(
      'Abschluss in Deutschland erworben oder anerkannt',
      'Qualification obtained or recognised in Germany',
      'boolean',
    ),
    lifeInGermanyShown: f(
      'Integrationskurs, „Leben in Deutschland“ oder Schulabschluss',
      'Integration course, "Leben in Deutschland" or school certificate',
      'boolean',
    ),
    naturalisationTestPassed: f('Einbürgerungstest bestanden', 'Naturalisation test passed', 'boolean'),
    identityClarified: f('Identität geklärt, Pass vorhanden', 'Identity clarified, passport held', 'boolean'),
    positiveIntegrationPrognosis: f(
      'Positive Integrationsprognose',
      'Positive integration prognosis',
      'boolean',
    ),
    commitmentToBasicOrder: f(
      'Bekenntnis zur freiheitlichen demokratischen Grundordnung',
      'Commitment to the free democratic basic order',
      'boolean',
    ),
    livelihood: f('Lebensunterhalt', 'Livelihood', 'vocabulary', 'livelihoodShare'),
    livelihoodException: f(
      'Ausnahme beim Leistungsbezug (Einbürgerung)',
      'Exception for benefits (naturalisation)',
      'vocabulary',
      'livelihoodException',
    ),
    childrenAttendSchool: f(
      'Schulpflichtige Kinder besuchen die Schule',
      'Children of school age attend school',
      'boolean',
    ),
    employmentTolerationSince: f('Beschäftigungsduldung seit', 'Employment toleration since', 'date'),
  },
  pathwayDocuments: {
    pathway: f('Aufenthaltsweg', 'Pathway', 'vocabulary', 'pathway'),
    kind: f('Unterlage', 'Document', 'vocabulary', 'documentKind'),
    label: f('Bezeichnung', 'Description'),
    status: f('Stand', 'Status', 'vocabulary', 'documentStatus'),
    dueOn: f('Benötigt bis', 'Needed by', 'date'),
    issuedOn: f('Ausgestellt am', 'Issued on', 'date'),
    obtainedBy: f('Wer besorgt sie', 'Who obtains it', 'vocabulary', 'responsibleParty'),
    note: f('Notiz', 'Note'),
  },
  applications: {
    pathway: f('Aufenthaltsweg', 'Pathway', 'vocabulary', 'pathway'),
    authority: f('Behörde', 'Authority', 'vocabulary', 'authority'),
    authorityName: f('Dienststelle', 'Office'),
    consentId: f('Einwilligung', 'Consent', 'reference'),
    submittedOn: f('Übergeben am', 'Handed over on', 'date'),
    documentIds: f('Eingereichte Unterlagen', 'Documents submitted', 'text-list'),
    outcome: f('Ergebnis', 'Outcome', 'vocabulary', 'applicationOutcome'),
    outcomeOn: f('Ergebnis vom', 'Outcome dated', 'date'),
    note: f('Notiz', 'Note'),
  },
  residenceHistory: {
    status: f('Aufenthaltsstatus', 'Residence status', 'vocabulary', 'residenceStatus'),
    from: f('Von', 'From', 'date'),
    until: f('Bis', 'Until', 'date'),
    permitSection: f('Paragraph der Aufenthaltserlaubnis', 'Section of the residence permit'),
  },
  barriers: {
    category: f('Kategorie', 'Category', 'reference'),
    institution: f('Institution', 'Institution'),
    observedOn: f('Beobachtet am', 'Observed on', 'date'),
    lifeDomain: f('Lebensbereich', 'Life domain', 'vocabulary', 'lifeDomain'),
  },
  attachments: {
    name: f('Name', 'Name'),
    linkPart: f('Gehört zu', 'Belongs to'),
    linkId: f('Gehört zu', 'Belongs to', 'reference'),
  },
};

const SINGLE_PARTS = new Set<string>(['person', 'residence', 'benefits', 'perspective', 'meta', 'closure']);
const COLLECTIONS = new Set<string>(COLLECTION_NAMES);

/**
 * A field's path in the doc: the keys from a root type down to the field, each list item named by its
 * stable id, e.g. `person/city`, `assessment/housing/need`, `contacts/<id>/durationMinutes`,
 * `goals/<goalId>/steps/<stepId>/status`. Segments are URI-encoded so an id can never forge a separator.
 */
export function formatFieldPath(segments: readonly string[]): string {
  return segments.map(encodeURIComponent).join('/');
}

function decodeSegments(path: string): string[] | undefined {
  try {
    return path.split('/').map(decodeURIComponent);
  } catch {
    return undefined;
  }
}

/** Where a path points, or `undefined` for a path that names no tracked field. */
export function parseFieldPath(path: string): FieldRef | undefined {
  const s = decodeSegments(path);
  if (!s || s.some((segment) => segment === '')) return undefined;
  let ref: FieldRef | undefined;
  if (s.length === 2 && SINGLE_PARTS.has(s[0]!)) {
    ref = { part: s[0] as 'person', field: s[1]! };
  } else if (s.length === 3 && s[0] === 'assessment') {
    ref = { part: 'assessment', domain: s[1]!, field: s[2]! };
  } else if (s.length === 3 && COLLECTIONS.has(s[0]!)) {
    ref = { part: s[0] as CollectionName, id: s[1]!, field: s[2]! };
  } else if (s.length === 5 && s[0] === 'goals' && s[2] === 'steps') {
    ref = { part: 'steps', goalId: s[1]!, id: s[3]!, field: s[4]! };
  }
  if (!ref || !Object.hasOwn(CASE_FIELDS[ref.part], ref.field)) return undefined;
  return ref;
}

/** The field's label, value kind and vocabulary; `undefined` for a path that names no tracked field. */
export function describeField(path: string): (FieldSpec & { ref: FieldRef; part: Label }) | undefined {
  const ref = parseFieldPath(path);
  if (!ref) return undefined;
  return { ...CASE_FIELDS[ref.part][ref.field]!, ref, part: PART_LABELS[ref.part] };
}
