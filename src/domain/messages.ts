import type { z } from 'zod';

/**
 * Every message the domain layer shows to people, keyed by a stable code.
 *
 * Schemas attach the German text (the UI language) and, for custom rules, the code as `params.code`, so a
 * later English UI can translate an issue by its code instead of by its text.
 */
export const MESSAGES = {
  de: {
    required: 'Bitte ausfüllen.',
    'invalid-value': 'Der Wert ist ungültig.',
    'unknown-value': 'Unbekannter Wert „{raw}“.',
    'invalid-date': 'Bitte ein gültiges Datum angeben.',
    'invalid-timestamp': 'Bitte einen gültigen Zeitpunkt angeben.',
    'invalid-time': 'Bitte eine Uhrzeit im Format HH:MM angeben.',
    'too-long': 'Der Text ist zu lang (höchstens {max} Zeichen).',
    'too-many': 'Zu viele Einträge (höchstens {max}).',
    'number-too-small': 'Der Wert ist zu klein (mindestens {min}).',
    'number-too-large': 'Der Wert ist zu groß (höchstens {max}).',
    'not-an-integer': 'Bitte eine ganze Zahl angeben.',
    'invalid-language': 'Bitte einen Sprachcode wie „ar“ oder „uk“ angeben.',
    'invalid-country': 'Bitte einen Ländercode wie „SY“ oder „UA“ angeben.',
    'invalid-email': 'Bitte eine gültige E-Mail-Adresse angeben.',
    'invalid-hash': 'Der Prüfwert der Textfassung ist ungültig.',
    'duplicate-value': 'Ein Wert ist doppelt eingetragen.',
    'birth-date-future': 'Das Geburtsdatum liegt in der Zukunft.',
    'date-in-future': 'Das Datum liegt in der Zukunft.',
    'valid-until-before-from': '„Gültig bis“ liegt vor „Gültig ab“.',
    'arrival-order': 'Die Ankunft in der Kommune liegt vor der Einreise nach Deutschland.',
    'consent-until-before-given': '„Gültig bis“ liegt vor dem Tag der Einwilligung.',
    'withdrawn-before-given': 'Der Widerruf liegt vor der Einwilligung.',
    'interpreter-language-missing': 'Bitte die Sprache der Sprachmittlung angeben.',
    'accompaniment-office-missing': 'Bitte das Amt angeben, zu dem begleitet wurde.',
    'partner-missing': 'Bitte den Netzwerkpartner angeben.',
    'consent-not-found': 'Die verknüpfte Einwilligung gibt es in diesem Fall nicht.',
    'item-not-found': 'Der Eintrag wurde nicht gefunden – vielleicht auf einem anderen Gerät gelöscht.',
    'partner-name-taken': 'Einen Netzwerkpartner mit diesem Namen gibt es schon im Verzeichnis.',
    'category-label-taken': 'Eine Kategorie mit dieser Bezeichnung gibt es schon.',
    'duplicate-entry': 'Der Eintrag ist doppelt vorhanden; es gilt der erste.',
    'unknown-partner': 'Unbekannter Partner: {raw}',
    'unknown-category': 'Unbekannte Kategorie: {raw}',
    'team-not-ready': 'Das Verzeichnis des Teams ist noch nicht geladen. Bitte gleich noch einmal versuchen.',
    'vocabulary-needs-coordination':
      'Bestätigte Einträge benennt, archiviert und stellt die Koordination wieder her. Eigene Vorschläge können Sie ändern, solange sie nicht bestätigt sind.',
    'proposal-needs-author': 'Ein Vorschlag braucht die Person, die ihn macht.',
    'unreadable-item': 'Der Eintrag kann nicht gelesen werden.',
    unnamed: 'Ohne Namen',
    'transition-same': 'Der Fall ist bereits in dieser Phase.',
    'transition-skip': '„{to}“ folgt nicht auf „{from}“: Phasen werden einzeln vorwärts durchlaufen.',
    'transition-closure-missing': 'Zum Abschließen bitte Grund und Datum des Abschlusses angeben.',
    'transition-short-counselling':
      'Eine Kurzberatung hat keine Phasen. Bitte zuerst in einen Fall umwandeln oder abschließen.',
    'convert-not-short-counselling': 'Nur eine Kurzberatung kann in einen Fall umgewandelt werden.',
    'convert-closed': 'Eine abgeschlossene Kurzberatung bitte zuerst wieder öffnen.',
    'contact-empty':
      'Ein leerer Kontakt kann nicht gespeichert werden: bitte eine Notiz schreiben oder ein Thema wählen.',
    'goal-due-before-agreed': '„Ziel erreichen bis“ liegt vor dem Tag der Vereinbarung.',
    'step-due-after-goal': 'Der Schritt ist erst nach dem Zieldatum des Ziels ({date}) fällig.',
    'reminder-in-past': 'Das Datum liegt in der Vergangenheit – die Wiedervorlage ist sofort überfällig.',
    'abh-time-without-date': 'Zur Uhrzeit bitte auch das Datum des ABH-Termins angeben.',
    'erroneous-reason-missing': 'Bitte angeben, warum der Eintrag fehlerhaft ist.',
    'already-erroneous': 'Der Eintrag ist bereits als fehlerhaft markiert.',
    'not-erroneous': 'Der Eintrag ist nicht als fehlerhaft markiert.',
    'record-erroneous': 'Ein als fehlerhaft markierter Eintrag kann nicht bearbeitet werden.',
    'delete-not-allowed':
      'Löschen geht nur bei eigenen Einträgen in den ersten {minutes} Minuten. Bitte stattdessen als fehlerhaft markieren.',
    'handover-to-missing': 'Bitte die Person wählen, die den Fall übernimmt.',
    'handover-same': 'Der Fall liegt bereits bei dieser Person.',
    'report-identifying': 'Bitte entfernen: {found}',
    'barrier-already-reported': 'Die Hürde ist bereits an die Koordination gemeldet.',
    'barrier-not-reported': 'Die Hürde ist nicht an die Koordination gemeldet.',
    'barrier-reported-delete':
      'Eine an die Koordination gemeldete Hürde kann nicht gelöscht werden. Die Meldung kann zurückgezogen werden.',
    'thema-status-unchanged': 'Das Thema hat diesen Stand bereits.',
    'status-since-before-previous':
      'Der neue Status kann nicht vor dem bisherigen beginnen (dieser gilt seit {date}).',
    'status-before-arrival': 'Der Status beginnt vor der Einreise nach Deutschland ({date}).',
    'outcome-before-submission': 'Das Ergebnis liegt vor dem Tag der Übergabe.',
    'consent-missing-for-authority':
      'Für „{authority}“ gibt es keine am {date} gültige Einwilligung. Bitte zuerst die Einwilligung erfassen.',
    'consent-missing-for-recipient':
      'Für „{recipient}“ gibt es keine am {date} gültige Einwilligung. Ohne sie dürfen keine Daten weitergegeben werden: bitte zuerst die Einwilligung erfassen.',
    'consent-not-for-recipient':
      'Die gewählte Einwilligung gilt am {date} nicht für „{recipient}“. Bitte eine gültige Einwilligung für diese Stelle wählen oder erfassen.',
    'signature-missing': 'Die Unterschrift fehlt. Bitte die Einwilligung zeigen und unterschreiben lassen.',
    'signature-too-large': 'Die Unterschrift ist als Bild zu groß. Bitte neu unterschreiben lassen.',
    'invalid-signature': 'Die Unterschrift ist kein gültiges Bild.',
    'oral-reason-missing': 'Bitte angeben, warum die Einwilligung mündlich erteilt wurde.',
    'template-not-json': 'Die Datei ist kein gültiges JSON.',
    'template-format':
      'Die Datei ist keine Übersetzung von Einwilligungstexten (format muss „lotse-consent-translation“ sein).',
    'template-format-version':
      'Diese Version des Dateiformats kennt Lotse nicht (formatVersion muss 1 sein).',
    'template-language': 'Diese Sprache ist für Einwilligungstexte nicht vorgesehen.',
    'template-placeholder': 'Der Platzhalter {name} fehlt.',
    'template-unknown': 'Eine Vorlage „{id}“ gibt es nicht.',
    'status-periods-overlap': 'Der Zeitraum überschneidet sich mit dem vorigen (bis {date}).',
    'thema-entry-text-missing': 'Bitte die Notiz oder den Beschluss aufschreiben.',
    'themen-not-ready': 'Die Themen sind noch nicht geladen. Bitte gleich noch einmal versuchen.',
    'appointment-with-missing':
      'Bitte angeben, bei welcher Stelle oder welchem Netzwerkpartner der Termin ist.',
    'appointment-ends-before-start': 'Das Ende liegt vor dem Beginn des Termins.',
  },
  en: {
    required: 'Please fill in.',
    'invalid-value': 'The value is invalid.',
    'unknown-value': 'Unknown value “{raw}”.',
    'invalid-date': 'Please enter a valid date.',
    'invalid-timestamp': 'Please enter a valid point in time.',
    'invalid-time': 'Please enter a time as HH:MM.',
    'too-long': 'The text is too long (at most {max} characters).',
    'too-many': 'Too many entries (at most {max}).',
    'number-too-small': 'The value is too small (at least {min}).',
    'number-too-large': 'The value is too large (at most {max}).',
    'not-an-integer': 'Please enter a whole number.',
    'invalid-language': 'Please enter a language code such as “ar” or “uk”.',
    'invalid-country': 'Please enter a country code such as “SY” or “UA”.',
    'invalid-email': 'Please enter a valid e-mail address.',
    'invalid-hash': 'The checksum of the text version is invalid.',
    'duplicate-value': 'A value is entered twice.',
    'birth-date-future': 'The date of birth is in the future.',
    'date-in-future': 'The date is in the future.',
    'valid-until-before-from': '“Valid until” is before “valid from”.',
    'arrival-order': 'Arrival in the municipality is before arrival in Germany.',
    'consent-until-before-given': '“Valid until” is before the day consent was given.',
    'withdrawn-before-given': 'The withdrawal is before the consent.',
    'interpreter-language-missing': 'Please enter the interpreter’s language.',
    'accompaniment-office-missing': 'Please enter the office the client was accompanied to.',
    'partner-missing': 'Please choose the partner service.',
    'consent-not-found': 'The linked consent does not exist in this case.',
    'item-not-found': 'The entry was not found – it may have been deleted on another device.',
    'partner-name-taken': 'A partner service with this name is already in the directory.',
    'category-label-taken': 'A category with this name already exists.',
    'duplicate-entry': 'The entry exists twice; the first one applies.',
    'unknown-partner': 'Unknown partner: {raw}',
    'unknown-category': 'Unknown category: {raw}',
    'team-not-ready': 'The team directory has not loaded yet. Please try again in a moment.',
    'vocabulary-needs-coordination':
      'Coordination renames, archives and restores confirmed entries. You can change your own proposals until they are confirmed.',
    'proposal-needs-author': 'A proposal needs the person who makes it.',
    'unreadable-item': 'The entry cannot be read.',
    unnamed: 'No name',
    'transition-same': 'The case is already in this phase.',
    'transition-skip': '“{to}” does not follow “{from}”: phases move forward one at a time.',
    'transition-closure-missing': 'To close, please give the reason and date of closure.',
    'transition-short-counselling':
      'Short counselling has no phases. Convert it to a case first, or close it.',
    'convert-not-short-counselling': 'Only short counselling can be converted to a case.',
    'convert-closed': 'Please reopen the closed short counselling first.',
    'contact-empty': 'An empty contact cannot be saved: please write a note or choose a topic.',
    'goal-due-before-agreed': '“Reach the goal by” is before the day it was agreed.',
    'step-due-after-goal': 'The step is due after the goal’s target date ({date}).',
    'reminder-in-past': 'The date is in the past – the reminder is overdue at once.',
    'abh-time-without-date': 'Please also enter the date of the appointment with the immigration office.',
    'erroneous-reason-missing': 'Please say why the entry is erroneous.',
    'already-erroneous': 'The entry is already marked as erroneous.',
    'not-erroneous': 'The entry is not marked as erroneous.',
    'record-erroneous': 'An entry marked as erroneous cannot be edited.',
    'delete-not-allowed':
      'Only your own entries can be deleted, within {minutes} minutes. Please mark it as erroneous instead.',
    'handover-to-missing': 'Please choose who takes over the case.',
    'handover-same': 'The case is already with this person.',
    'report-identifying': 'Please remove: {found}',
    'barrier-already-reported': 'The barrier has already been reported to coordination.',
    'barrier-not-reported': 'The barrier has not been reported to coordination.',
    'barrier-reported-delete':
      'A barrier reported to coordination cannot be deleted. The report can be withdrawn.',
    'thema-status-unchanged': 'The Thema already has this status.',
    'status-since-before-previous':
      'The new status cannot begin before the present one (in force since {date}).',
    'status-before-arrival': 'The status begins before the arrival in Germany ({date}).',
    'outcome-before-submission': 'The outcome is dated before the handover.',
    'consent-missing-for-authority':
      'There is no consent for "{authority}" valid on {date}. Please record the consent first.',
    'consent-missing-for-recipient':
      'There is no consent for "{recipient}" valid on {date}. No data may be shared without one: please record the consent first.',
    'consent-not-for-recipient':
      'The chosen consent does not cover "{recipient}" on {date}. Please choose or record a valid consent for this recipient.',
    'signature-missing': 'The signature is missing. Please show the consent and have it signed.',
    'signature-too-large': 'The signature image is too large. Please have it signed again.',
    'invalid-signature': 'The signature is not a valid image.',
    'oral-reason-missing': 'Please say why consent was given orally.',
    'template-not-json': 'The file is not valid JSON.',
    'template-format':
      'The file is not a translation of consent texts (format must be "lotse-consent-translation").',
    'template-format-version':
      'Lotse does not know this version of the file format (formatVersion must be 1).',
    'template-language': 'This language is not provided for consent texts.',
    'template-placeholder': 'The placeholder {name} is missing.',
    'template-unknown': 'There is no template "{id}".',
    'status-periods-overlap': 'The period overlaps the one before (until {date}).',
    'thema-entry-text-missing': 'Please write down the note or the decision.',
    'themen-not-ready': 'The Themen have not loaded yet. Please try again in a moment.',
    'appointment-with-missing': 'Please say which office or partner service the appointment is with.',
    'appointment-ends-before-start': 'The end is before the start of the appointment.',
  },
} as const satisfies Record<'de' | 'en', Record<string, string>>;

export type MessageCode = keyof (typeof MESSAGES)['de'];
export type MessageLocale = keyof typeof MESSAGES;

/** Whether `code` is one of the domain's message codes (a code that came over the wire, say). */
export function isMessageCode(code: unknown): code is MessageCode {
  return typeof code === 'string' && Object.hasOwn(MESSAGES.de, code);
}

/** The text for `code`, with `{name}` placeholders filled. */
export function message(
  code: MessageCode,
  params: Record<string, string | number> = {},
  locale: MessageLocale = 'de',
): string {
  const text: string = MESSAGES[locale][code];
  return text.replace(/\{(\w+)\}/g, (match, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : match,
  );
}

/** A zod check option carrying the German message and the stable code. */
export function check(code: MessageCode, params: Record<string, string | number> = {}) {
  return { error: message(code, params), params: { code } };
}

function rawText(raw: unknown): string {
  const text = typeof raw === 'string' ? raw : (JSON.stringify(raw) ?? String(raw));
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

/** "Unbekannter Wert „…“" for a value this app version cannot interpret. */
export function unknownValueLabel(raw: unknown, locale: MessageLocale = 'de'): string {
  return message('unknown-value', { raw: rawText(raw) }, locale);
}

/**
 * The fallback error map for every parse in the domain layer: it turns zod's generic issues (wrong type,
 * unknown enum value, too long) into German texts. Messages attached in a schema take precedence.
 */
export const germanErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined || issue.input === null
        ? message('required')
        : message('invalid-value');
    case 'invalid_value':
      return issue.input === undefined || issue.input === null
        ? message('required')
        : unknownValueLabel(issue.input);
    case 'too_big':
      if (issue.origin === 'string') return message('too-long', { max: Number(issue.maximum) });
      if (issue.origin === 'array') return message('too-many', { max: Number(issue.maximum) });
      return message('number-too-large', { max: Number(issue.maximum) });
    case 'too_small':
      if (issue.origin === 'string' || issue.origin === 'array') return message('required');
      return message('number-too-small', { min: Number(issue.minimum) });
    default:
      return message('invalid-value');
  }
};
