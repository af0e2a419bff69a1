/**
 * German texts for generated cases, as case managers write them: short, factual, with the offices and
 * forms of everyday integration work. `{who}` is replaced by "Herr X" / "Frau X"; the sentences are
 * combined at random, so 1,000 cases do not repeat the same notes in the same order.
 */
import type { ContactKind, LifeDomain } from '../src/domain/index.ts';

export interface NoteTemplate {
  kind: ContactKind;
  topics: readonly LifeDomain[];
  text: string;
  /** For accompaniments: the office the client was accompanied to. */
  office?: string;
}

export const NOTES: readonly NoteTemplate[] = [
  {
    kind: 'office',
    topics: ['residence', 'livelihood'],
    text: 'Erstgespräch mit Dolmetschung. {who} schildert die aktuelle Lage; Aufenthaltspapiere und Bescheide wurden gesichtet und kopiert.',
  },
  {
    kind: 'accompaniment',
    topics: ['residence'],
    office: 'Ausländerbehörde',
    text: 'Begleitung zur Ausländerbehörde wegen Verlängerung der Aufenthaltserlaubnis. Eine Fiktionsbescheinigung wurde ausgestellt.',
  },
  {
    kind: 'phone',
    topics: ['language'],
    text: '{who} berichtet, dass der Integrationskurs ab nächstem Monat beginnt. Die Anmeldebestätigung kommt per Post.',
  },
  {
    kind: 'office',
    topics: ['livelihood'],
    text: 'Gemeinsam den Weiterbewilligungsantrag für das Bürgergeld ausgefüllt. Kontoauszüge der letzten drei Monate fehlen noch.',
  },
  {
    kind: 'home-visit',
    topics: ['housing', 'family'],
    text: 'Hausbesuch. Die Familie sucht weiterhin eine größere Wohnung; der Wohnberechtigungsschein liegt inzwischen vor.',
  },
  {
    kind: 'office',
    topics: ['recognition', 'work'],
    text: 'Unterlagen zur Anerkennung des Berufsabschlusses zusammengestellt und an die Anerkennungsstelle geschickt. Übersetzungen sind beauftragt.',
  },
  {
    kind: 'accompaniment',
    topics: ['work', 'livelihood'],
    office: 'Jobcenter',
    text: 'Begleitung zum Jobcenter. Kooperationsplan besprochen; {who} möchte erst den B1-Kurs abschließen und dann eine Arbeit aufnehmen.',
  },
  {
    kind: 'phone',
    topics: ['family'],
    text: 'Rückruf von {who}: Das jüngste Kind hat ab August einen Kitaplatz. Die Anmeldung beim Jugendamt ist erledigt.',
  },
  {
    kind: 'office',
    topics: ['livelihood', 'family'],
    text: 'Schreiben der Familienkasse erklärt. Der Kindergeldantrag wird mit den übersetzten Geburtsurkunden ergänzt.',
  },
  {
    kind: 'phone',
    topics: ['other'],
    text: '{who} war nicht erreichbar, Nachricht auf der Mailbox hinterlassen. Neuer Versuch in der nächsten Woche.',
  },
  {
    kind: 'office',
    topics: ['health'],
    text: 'Termin in der Institutsambulanz vereinbart und Sprachmittlung organisiert. {who} wirkt erschöpft, schläft schlecht.',
  },
  {
    kind: 'office',
    topics: ['housing', 'livelihood'],
    text: 'Mietrückstände besprochen. Kontakt zur Schuldnerberatung hergestellt, Ersttermin in zwei Wochen.',
  },
  {
    kind: 'office',
    topics: ['livelihood'],
    text: 'Bescheid des Sozialamts erklärt. Die Widerspruchsfrist ist notiert; {who} überlegt, ob ein Widerspruch sinnvoll ist.',
  },
  {
    kind: 'video',
    topics: ['language'],
    text: 'Anmeldung zur Prüfung „Deutsch-Test für Zuwanderer“ erledigt. Der Prüfungstermin liegt im nächsten Quartal.',
  },
  {
    kind: 'phone',
    topics: ['work'],
    text: 'Rückmeldung vom Betrieb: Die Probearbeit lief gut, ein Arbeitsvertrag ist in Aussicht gestellt.',
  },
  {
    kind: 'office',
    topics: ['residence', 'family'],
    text: 'Familiennachzug: Unterlagen für die Botschaft übersetzen und beglaubigen lassen. Termin bei der Botschaft steht noch aus.',
  },
  {
    kind: 'outreach',
    topics: ['participation'],
    text: 'Kurzer Kontakt im Stadtteilzentrum. {who} hat Interesse am Frauencafé und an der Hausaufgabenhilfe für die Kinder.',
  },
  {
    kind: 'accompaniment',
    topics: ['health'],
    office: 'Gesundheitsamt',
    text: 'Begleitung zum Gesundheitsamt für die Schuleingangsuntersuchung des Sohnes. Impfpass wurde nachgereicht.',
  },
  {
    kind: 'office',
    topics: ['residence'],
    text: 'Beratung zum Chancen-Aufenthaltsrecht. Identitätsnachweis fehlt noch; {who} bemüht sich um einen Reisepass.',
  },
  {
    kind: 'home-visit',
    topics: ['housing'],
    text: 'Schimmel im Schlafzimmer fotografiert. Schreiben an den Vermieter gemeinsam aufgesetzt, Frist zur Mängelbeseitigung gesetzt.',
  },
];

/** Goals by life domain, each with the steps usually agreed for it. */
export const GOALS: readonly { domain: LifeDomain; text: string; steps: readonly string[] }[] = [
  {
    domain: 'language',
    text: 'Deutschkenntnisse auf Niveau B1 verbessern',
    steps: [
      'Anmeldung zum Integrationskurs',
      'Kinderbetreuung während des Kurses klären',
      'DTZ-Prüfung ablegen',
    ],
  },
  {
    domain: 'work',
    text: 'Eine Arbeitsstelle in der Pflege finden',
    steps: ['Lebenslauf erstellen', 'Praktikum vereinbaren', 'Bewerbungen an drei Pflegedienste schicken'],
  },
  {
    domain: 'recognition',
    text: 'Berufsabschluss anerkennen lassen',
    steps: ['Zeugnisse übersetzen lassen', 'Antrag bei der Anerkennungsstelle stellen'],
  },
  {
    domain: 'housing',
    text: 'Eine eigene Wohnung beziehen',
    steps: [
      'Wohnberechtigungsschein beantragen',
      'Bei Wohnungsgesellschaften vormerken lassen',
      'Kostenübernahme klären',
    ],
  },
  {
    domain: 'residence',
    text: 'Aufenthalt dauerhaft sichern',
    steps: ['Pass bei der Botschaft beantragen', 'Termin bei der Ausländerbehörde wahrnehmen'],
  },
  {
    domain: 'livelihood',
    text: 'Lebensunterhalt ohne Schulden sichern',
    steps: ['Haushaltsplan aufstellen', 'Termin bei der Schuldnerberatung wahrnehmen'],
  },
  {
    domain: 'health',
    text: 'Psychotherapeutische Behandlung beginnen',
    steps: ['Hausarzt um Überweisung bitten', 'Therapieplatz mit Sprachmittlung suchen'],
  },
  {
    domain: 'family',
    text: 'Betreuung der Kinder sicherstellen',
    steps: ['Kitaplatz beantragen', 'Schulanmeldung für die Tochter'],
  },
];

export const REMINDERS: readonly string[] = [
  'Nachfragen, ob der Bescheid vom Jobcenter angekommen ist',
  'Aufenthaltserlaubnis läuft bald ab – Verlängerung vorbereiten',
  'Kursbeginn Integrationskurs bestätigen lassen',
  'Unterlagen für Wohngeld vollständig?',
  'Termin Anerkennungsstelle nachhalten',
  'Rückmeldung der Schuldnerberatung abwarten',
];

export const NOTICE_INSTITUTIONS: readonly { institution: string; subject: string }[] = [
  { institution: 'Jobcenter', subject: 'Bewilligung Bürgergeld' },
  { institution: 'Familienkasse', subject: 'Ablehnung Kindergeld' },
  { institution: 'Sozialamt', subject: 'Leistungen nach dem AsylbLG' },
  { institution: 'Wohngeldstelle', subject: 'Wohngeldbescheid' },
];
