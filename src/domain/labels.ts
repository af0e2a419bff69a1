import { parseEnumLenient } from './enum.ts';
import { unknownValueLabel } from './messages.ts';
import type { VocabularyName, VocabularyValue } from './vocabulary.ts';

/** A text in both UI languages. */
export interface Label {
  de: string;
  en: string;
}

export type Locale = keyof Label;

type LabelTable = { [V in VocabularyName]: Record<VocabularyValue<V>, Label> };

/** German and English labels for every vocabulary value; the UI shows these, never the ids. */
export const LABELS: LabelTable = {
  lifeDomain: {
    residence: { de: 'Aufenthalt & Einbürgerung', en: 'Residence & naturalisation' },
    language: { de: 'Sprache & Integrationskurs', en: 'Language & integration course' },
    work: { de: 'Arbeit & Ausbildung', en: 'Work & vocational training' },
    recognition: { de: 'Anerkennung ausländischer Abschlüsse', en: 'Recognition of foreign qualifications' },
    livelihood: { de: 'Existenzsicherung & Leistungen', en: 'Livelihood & benefits' },
    housing: { de: 'Wohnen', en: 'Housing' },
    health: { de: 'Gesundheit (auch psychosozial)', en: 'Health (including psychosocial)' },
    family: { de: 'Familie, Kita & Schule', en: 'Family, childcare & school' },
    participation: { de: 'Soziale Teilhabe', en: 'Social participation' },
    other: { de: 'Sonstiges', en: 'Other' },
  },
  phase: {
    intake: { de: 'Zugang & Klärung', en: 'Intake & clarification' },
    assessment: { de: 'Assessment', en: 'Assessment' },
    planning: { de: 'Hilfeplanung', en: 'Support planning' },
    linking: { de: 'Umsetzung & Linking', en: 'Implementation & linking' },
    monitoring: { de: 'Monitoring', en: 'Monitoring' },
    evaluation: { de: 'Evaluation & Abschluss', en: 'Evaluation & closure' },
    closed: { de: 'Abgeschlossen', en: 'Closed' },
  },
  caseKind: {
    case: { de: 'Fall', en: 'Case' },
    'short-counselling': { de: 'Kurzberatung', en: 'Short counselling' },
  },
  residenceStatus: {
    'asylum-permission': { de: 'Aufenthaltsgestattung', en: 'Permission to reside (asylum procedure)' },
    toleration: { de: 'Duldung', en: 'Toleration (Duldung)' },
    'residence-permit': { de: 'Aufenthaltserlaubnis', en: 'Residence permit' },
    'temporary-protection': {
      de: '§ 24 AufenthG (vorübergehender Schutz)',
      en: 'Temporary protection (§ 24 AufenthG)',
    },
    'opportunity-residence': {
      de: '§ 104c Chancen-Aufenthaltsrecht',
      en: 'Opportunity residence (§ 104c AufenthG)',
    },
    'settlement-permit': { de: 'Niederlassungserlaubnis', en: 'Settlement permit' },
    'eu-free-movement': { de: 'Freizügigkeit (EU)', en: 'EU free movement' },
    naturalised: { de: 'Eingebürgert', en: 'Naturalised' },
    unclear: { de: 'Ungeklärt', en: 'Unclear' },
  },
  legalDomain: {
    sgb2: { de: 'SGB II (Jobcenter)', en: 'SGB II (job centre)' },
    sgb12: { de: 'SGB XII (Sozialamt)', en: 'SGB XII (social welfare office)' },
    asylblg: { de: 'AsylbLG', en: 'AsylbLG (asylum seekers’ benefits)' },
    sgb3: { de: 'SGB III (Agentur für Arbeit)', en: 'SGB III (employment agency)' },
    none: { de: 'Kein Leistungsbezug', en: 'No benefits' },
    unknown: { de: 'Unbekannt', en: 'Unknown' },
  },
  needLevel: {
    none: { de: 'Kein Bedarf', en: 'No need' },
    low: { de: 'Geringer Bedarf', en: 'Low need' },
    medium: { de: 'Mittlerer Bedarf', en: 'Medium need' },
    high: { de: 'Hoher Bedarf', en: 'High need' },
  },
  goalStatus: {
    open: { de: 'Offen', en: 'Open' },
    'in-progress': { de: 'In Arbeit', en: 'In progress' },
    achieved: { de: 'Erreicht', en: 'Achieved' },
    'not-achieved': { de: 'Nicht erreicht', en: 'Not achieved' },
    discarded: { de: 'Verworfen', en: 'Discarded' },
  },
  responsibleParty: {
    client: { de: 'Klient*in', en: 'Client' },
    'case-manager': { de: 'Case-Manager*in', en: 'Case manager' },
    partner: { de: 'Netzwerkpartner', en: 'Partner service' },
  },
  appointmentPurpose: {
    residence: { de: 'Aufenthalt (ABH/EBH)', en: 'Residence (immigration office)' },
    benefits: { de: 'Leistungen (Jobcenter, Sozialamt)', en: 'Benefits (job centre, social welfare)' },
    work: { de: 'Arbeit & Ausbildung', en: 'Work & training' },
    language: { de: 'Sprache & Integrationskurs', en: 'Language & integration course' },
    housing: { de: 'Wohnen', en: 'Housing' },
    health: { de: 'Gesundheit', en: 'Health' },
    'family-school': { de: 'Familie, Kita & Schule', en: 'Family, childcare & school' },
    counselling: { de: 'Beratung', en: 'Counselling' },
    other: { de: 'Sonstiges', en: 'Other' },
  },
  contactKind: {
    office: { de: 'Büro', en: 'Office' },
    'home-visit': { de: 'Hausbesuch', en: 'Home visit' },
    accompaniment: { de: 'Begleitung zu Termin', en: 'Accompaniment to an appointment' },
    phone: { de: 'Telefon', en: 'Phone' },
    video: { de: 'Video', en: 'Video' },
    outreach: { de: 'Aufsuchend', en: 'Outreach' },
  },
  interpreterKind: {
    professional: { de: 'Professionelle Sprachmittlung', en: 'Professional interpreter' },
    volunteer: { de: 'Ehrenamtliche Sprachmittlung', en: 'Volunteer interpreter' },
  },
  referralStatus: {
    proposed: { de: 'Vorgeschlagen', en: 'Proposed' },
    agreed: { de: 'Vereinbart', en: 'Agreed' },
    attended: { de: 'Wahrgenommen', en: 'Attended' },
    cancelled: { de: 'Abgebrochen', en: 'Cancelled' },
  },
  partnerCategory: {
    'migration-counselling': { de: 'Migrationsberatung', en: 'Migration counselling' },
    'language-course': { de: 'Sprache & Integrationskurs', en: 'Language & integration course' },
    'work-training': {
      de: 'Arbeit & Ausbildung (Jobcenter, Agentur für Arbeit)',
      en: 'Work & training (job centre, employment agency)',
    },
    housing: { de: 'Wohnen', en: 'Housing' },
    health: { de: 'Gesundheit & psychosoziale Versorgung', en: 'Health & psychosocial care' },
    'family-school': { de: 'Familie, Kita & Schule', en: 'Family, childcare & school' },
    authority: { de: 'Behörde', en: 'Public authority' },
    'volunteering-community': { de: 'Ehrenamt & Community', en: 'Volunteering & community' },
    other: { de: 'Sonstiges', en: 'Other' },
  },
  consentForm: {
    written: { de: 'Schriftlich', en: 'Written' },
    'oral-documented': { de: 'Mündlich, dokumentiert', en: 'Oral, documented' },
    'signed-on-tablet': { de: 'Auf dem Tablet unterschrieben', en: 'Signed on the tablet' },
  },
  consentDataCategory: {
    identity: { de: 'Personalien', en: 'Identity' },
    contact: { de: 'Kontaktdaten', en: 'Contact details' },
    residence: { de: 'Aufenthalt', en: 'Residence' },
    benefits: { de: 'Leistungsbezug', en: 'Benefits' },
    'work-education': { de: 'Arbeit & Bildung', en: 'Work & education' },
    family: { de: 'Familie & Haushalt', en: 'Family & household' },
    health: { de: 'Gesundheit', en: 'Health' },
    'case-notes': { de: 'Beratungsinhalte', en: 'Counselling notes' },
  },
  accessRoute: {
    self: { de: 'Selbstmelder*in', en: 'Self-referred' },
    abh: { de: 'Ausländerbehörde', en: 'Immigration office' },
    jobcenter: { de: 'Jobcenter', en: 'Job centre' },
    school: { de: 'Schule', en: 'School' },
    'other-service': { de: 'Anderer Dienst', en: 'Other service' },
  },
  closureReason: {
    'goals-achieved': { de: 'Ziele erreicht', en: 'Goals achieved' },
    'handed-over': { de: 'An anderen Dienst übergeben', en: 'Handed over to another service' },
    'moved-away': { de: 'Wegzug', en: 'Moved away' },
    'contact-lost': { de: 'Kontaktabbruch', en: 'Contact lost' },
    naturalised: { de: 'Einbürgerung abgeschlossen', en: 'Naturalisation completed' },
    other: { de: 'Sonstiges', en: 'Other' },
  },
  householdRelation: {
    spouse: { de: 'Ehepartner*in', en: 'Spouse' },
    partner: { de: 'Lebenspartner*in', en: 'Partner' },
    child: { de: 'Kind', en: 'Child' },
    parent: { de: 'Elternteil', en: 'Parent' },
    sibling: { de: 'Geschwister', en: 'Sibling' },
    'other-relative': { de: 'Andere Verwandte', en: 'Other relative' },
    other: { de: 'Andere Person', en: 'Other person' },
  },
  languageLevel: {
    A1: { de: 'A1', en: 'A1' },
    A2: { de: 'A2', en: 'A2' },
    B1: { de: 'B1', en: 'B1' },
    B2: { de: 'B2', en: 'B2' },
    C1: { de: 'C1', en: 'C1' },
    C2: { de: 'C2', en: 'C2' },
    native: { de: 'Muttersprache', en: 'First language' },
  },
  noticePeriod: {
    'one-month': { de: '1 Monat', en: '1 month' },
    'two-weeks': { de: '2 Wochen (Asylbescheid, § 74 AsylG)', en: '2 weeks (asylum decision, § 74 AsylG)' },
    'one-week': {
      de: '1 Woche (offensichtlich unbegründet, § 74 AsylG)',
      en: '1 week (manifestly unfounded, § 74 AsylG)',
    },
    'one-year': {
      de: '1 Jahr (ohne Rechtsbehelfsbelehrung)',
      en: '1 year (no instructions on legal remedies)',
    },
  },
  themaStatus: {
    reported: { de: 'Gemeldet', en: 'Reported' },
    'working-group': { de: 'In Arbeitsgruppe', en: 'In a working group' },
    'steering-group': { de: 'Vorgelegt in der Lenkungsgruppe', en: 'Put before the steering group' },
    'measure-decided': { de: 'Maßnahme beschlossen', en: 'Measure decided' },
    implemented: { de: 'Umgesetzt', en: 'Implemented' },
    'not-pursued': { de: 'Nicht weiterverfolgt', en: 'Not pursued further' },
  },
  livelihoodShare: {
    full: { de: 'Vollständig gesichert', en: 'Fully secured' },
    'more-than-half': {
      de: 'Überwiegend gesichert (mehr als die Hälfte)',
      en: 'Mainly secured (more than half)',
    },
    expected: { de: 'Sicherung zu erwarten', en: 'Expected to be secured' },
    less: { de: 'Weniger als die Hälfte gesichert', en: 'Less than half secured' },
  },
  livelihoodException: {
    'guest-worker': {
      de: 'Ehemalige Gast- oder Vertragsarbeitnehmer',
      en: 'Former guest or contract worker',
    },
    'full-time-work': {
      de: 'Vollzeit erwerbstätig in 20 der letzten 24 Monate',
      en: 'In full-time work for 20 of the last 24 months',
    },
    'spouse-of-full-time-worker': {
      de: 'Ehe- oder Lebenspartner einer solchen Person, mit minderjährigem Kind',
      en: 'Spouse or partner of such a person, with a minor child',
    },
  },
  gender: {
    female: { de: 'weiblich', en: 'female' },
    male: { de: 'männlich', en: 'male' },
    diverse: { de: 'divers', en: 'diverse' },
  },
  pathway: {
    '25a': {
      de: '§ 25a AufenthG (gut integrierte junge Menschen)',
      en: '§ 25a AufenthG (well-integrated young people)',
    },
    '25b': { de: '§ 25b AufenthG (nachhaltige Integration)', en: '§ 25b AufenthG (sustained integration)' },
    '25b-6': {
      de: '§ 25b Abs. 6 AufenthG (nach Beschäftigungsduldung)',
      en: '§ 25b (6) AufenthG (after employment toleration)',
    },
    '104c': {
      de: '§ 104c AufenthG (Chancen-Aufenthaltsrecht)',
      en: '§ 104c AufenthG (opportunity residence)',
    },
    naturalisation: { de: 'Einbürgerung (§ 10 StAG)', en: 'Naturalisation (§ 10 StAG)' },
  },
  documentKind: {
    passport: { de: 'Reisepass', en: 'Passport' },
    'identity-proof': { de: 'Anderer Identitätsnachweis', en: 'Other proof of identity' },
    'residence-document': { de: 'Aufenthaltsdokument', en: 'Residence document' },
    'birth-certificate': {
      de: 'Geburtsurkunde (mit Übersetzung/Apostille)',
      en: 'Birth certificate (with translation/apostille)',
    },
    'marriage-certificate': {
      de: 'Heiratsurkunde (mit Übersetzung/Apostille)',
      en: 'Marriage certificate (with translation/apostille)',
    },
    cv: { de: 'Lebenslauf', en: 'CV' },
    'language-certificate': { de: 'Sprachzertifikat', en: 'Language certificate' },
    'integration-course-certificate': {
      de: 'Zertifikat Integrationskurs',
      en: 'Integration course certificate',
    },
    'lid-test-certificate': { de: 'Test „Leben in Deutschland“', en: '"Leben in Deutschland" test' },
    'naturalisation-test-certificate': { de: 'Einbürgerungstest', en: 'Naturalisation test' },
    'school-certificate': { de: 'Schulzeugnisse / Abschluss', en: 'School reports / qualification' },
    payslips: { de: 'Lohnabrechnungen (letzte 3)', en: 'Payslips (last 3)' },
    'employment-contract': { de: 'Arbeitsvertrag', en: 'Employment contract' },
    'pension-record': { de: 'Rentenversicherungsverlauf', en: 'Pension insurance record' },
    'benefits-notice': { de: 'Leistungsbescheid', en: 'Benefits notice' },
    other: { de: 'Sonstiges', en: 'Other' },
  },
  documentStatus: {
    missing: { de: 'Fehlt', en: 'Missing' },
    requested: { de: 'Angefordert', en: 'Requested' },
    available: { de: 'Liegt vor', en: 'Available' },
    submitted: { de: 'Eingereicht', en: 'Submitted' },
  },
  authority: {
    abh: { de: 'Ausländerbehörde (ABH)', en: 'Immigration office (ABH)' },
    ebh: { de: 'Einbürgerungsbehörde (EBH)', en: 'Naturalisation authority (EBH)' },
  },
  applicationOutcome: {
    applied: { de: 'Beantragt', en: 'Applied for' },
    'in-review': { de: 'In Prüfung', en: 'Under review' },
    granted: { de: 'Erteilt', en: 'Granted' },
    refused: { de: 'Abgelehnt', en: 'Refused' },
    withdrawn: { de: 'Zurückgenommen', en: 'Withdrawn' },
  },
};

/**
 * The label of a vocabulary value in `locale`. A value this version does not know (written by a newer one)
 * yields "unbekannter Wert „…“" with the raw value, never an exception.
 */
export function labelOf<V extends VocabularyName>(
  vocabulary: V,
  raw: unknown,
  locale: Locale = 'de',
): string {
  const parsed = parseEnumLenient(vocabulary, raw);
  if (!parsed.ok) return unknownValueLabel(parsed.raw, locale);
  const table: Record<string, Label> = LABELS[vocabulary];
  return table[parsed.value]?.[locale] ?? unknownValueLabel(raw, locale);
}
