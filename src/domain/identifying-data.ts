import type { CaseFile } from './case-file.ts';
import { phoneticToken, plainName } from './search.ts';

/**
 * Finds a case's identifying data in texts meant to leave the case (a barrier reported to coordination).
 *
 * What counts as identifying is what the case file holds about the person and their household:
 * - names: family and given names, aliases and household members' names, each part of at least three
 *   letters, compared case-insensitively with diacritics folded ("Müller" = "MULLER" = "Mueller", by the
 *   search's plain and phonetic keys). A part of five letters or more is found anywhere, also inside a
 *   word ("Haddadfamilie"); a shorter one at the start of a word ("Alis Antrag"), so that "Ali" does not
 *   flag "Qualität";
 * - dates of birth (the person's and household members'): ISO, 7.3.1990, 07.03.90, 07/03/1990, 07031990,
 *   "7. März 1990";
 * - the case number (Aktenzeichen), letters and digits only, case-insensitive;
 * - phone numbers, digits only, with +49 / 0049 read as a leading 0;
 * - the e-mail address;
 * - the address: the street (also "Hauptstr." for "Hauptstraße") and the postal code.
 *
 * The case file holds no numbers of residence documents (only the paragraph of a permit, which names no
 * one), so there is nothing to look for there. The city is not checked: it is the team's municipality in
 * nearly every case and appears in the names of institutions.
 *
 * Pure and synchronous: the form calls it on every submit and the mutator calls it again before writing.
 */

export type IdentifyingKind = 'name' | 'birthDate' | 'caseNumber' | 'phone' | 'email' | 'address';

export interface IdentifyingHit {
  kind: IdentifyingKind;
  /** For names: the name part as the case file spells it, so the person knows what to remove. */
  shown?: string;
}

/** The parts of a case file the check reads. */
export type IdentifyingSource = Pick<CaseFile, 'person' | 'meta' | 'household'>;

/** German and English names of the kinds, for "Bitte entfernen: Name (Haddad), Geburtsdatum". */
export const IDENTIFYING_KIND_LABELS: Readonly<Record<'de' | 'en', Record<IdentifyingKind, string>>> = {
  de: {
    name: 'Name',
    birthDate: 'Geburtsdatum',
    caseNumber: 'Aktenzeichen',
    phone: 'Telefonnummer',
    email: 'E-Mail-Adresse',
    address: 'Adresse',
  },
  en: {
    name: 'Name',
    birthDate: 'Date of birth',
    caseNumber: 'Case number',
    phone: 'Phone number',
    email: 'E-mail address',
    address: 'Address',
  },
};

const KIND_ORDER: readonly IdentifyingKind[] = [
  'name',
  'birthDate',
  'caseNumber',
  'phone',
  'email',
  'address',
];

/** "Name (Haddad), Name (Amina), Geburtsdatum" */
export function describeHits(hits: readonly IdentifyingHit[], locale: 'de' | 'en' = 'de'): string {
  return hits
    .map((hit) => {
      const kind = IDENTIFYING_KIND_LABELS[locale][hit.kind];
      return hit.shown !== undefined ? `${kind} (${hit.shown})` : kind;
    })
    .join(', ');
}

const MIN_NAME_PART = 3;
const ANYWHERE_NAME_PART = 5;

interface NamePart {
  shown: string;
  plain: string;
  phonetic: string;
}

function nameParts(names: readonly (string | undefined)[]): NamePart[] {
  const parts = new Map<string, NamePart>();
  for (const name of names) {
    if (!name) continue;
    for (const shown of name.split(/[^\p{L}\p{N}\p{M}]+/u)) {
      const plain = plainName(shown).replaceAll(' ', '');
      if (plain.length < MIN_NAME_PART || parts.has(plain)) continue;
      parts.set(plain, { shown, plain, phonetic: phoneticToken(plain) });
    }
  }
  return [...parts.values()];
}

function nameFound(
  part: NamePart,
  plainText: string,
  words: readonly string[],
  phoneticWords: readonly string[],
) {
  if (part.plain.length >= ANYWHERE_NAME_PART) {
    if (plainText.includes(part.plain)) return true;
    return (
      part.phonetic.length >= MIN_NAME_PART && phoneticWords.some((word) => word.includes(part.phonetic))
    );
  }
  if (words.some((word) => word.startsWith(part.plain))) return true;
  return (
    part.phonetic.length >= MIN_NAME_PART && phoneticWords.some((word) => word.startsWith(part.phonetic))
  );
}

const MONTHS: Readonly<Record<string, number>> = {
  januar: 1,
  jan: 1,
  januari: 1,
  februar: 2,
  feb: 2,
  marz: 3,
  maerz: 3,
  mar: 3,
  april: 4,
  apr: 4,
  mai: 5,
  juni: 6,
  jun: 6,
  juli: 7,
  jul: 7,
  august: 8,
  aug: 8,
  september: 9,
  sept: 9,
  sep: 9,
  oktober: 10,
  okt: 10,
  november: 11,
  nov: 11,
  dezember: 12,
  dez: 12,
};

interface DayMonthYear {
  day: number;
  month: number;
  /** Four digits, or two when the text wrote only two. */
  year: number;
  shortYear: boolean;
}

/** Lower case without diacritics, punctuation kept: what the date patterns read. */
function foldKeepPunctuation(text: string): string {
  return text
    .toLowerCase()
    .replaceAll('ß', 'ss')
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '');
}

function datesIn(text: string): DayMonthYear[] {
  const folded = foldKeepPunctuation(text);
  const found: DayMonthYear[] = [];
  const push = (day: string, month: number, year: string) =>
    found.push({ day: Number(day), month, year: Number(year), shortYear: year.length === 2 });
  for (const m of folded.matchAll(/(?<!\d)(\d{4})\s*-\s*(\d{1,2})\s*-\s*(\d{1,2})(?!\d)/g)) {
    push(m[3] as string, Number(m[2]), m[1] as string);
  }
  for (const m of folded.matchAll(/(?<!\d)(\d{1,2})\s*[./-]\s*(\d{1,2})\s*[./-]\s*(\d{4}|\d{2})(?!\d)/g)) {
    push(m[1] as string, Number(m[2]), m[3] as string);
  }
  for (const m of folded.matchAll(/(?<!\d)(\d{2})(\d{2})(\d{4})(?!\d)/g)) {
    push(m[1] as string, Number(m[2]), m[3] as string);
  }
  for (const m of folded.matchAll(/(?<!\d)(\d{1,2})\s*\.?\s*([a-z]+)\.?\s*(\d{4}|\d{2})(?!\d)/g)) {
    const month = MONTHS[m[2] as string];
    if (month !== undefined) push(m[1] as string, month, m[3] as string);
  }
  return found;
}

function sameDate(birthDate: string, date: DayMonthYear): boolean {
  const [year, month, day] = birthDate.split('-').map(Number) as [number, number, number];
  if (date.day !== day || date.month !== month) return false;
  return date.shortYear ? date.year === year % 100 : date.year === year;
}

/** Digits of a phone number, with an international German prefix read as the trunk prefix 0. */
export function phoneDigits(phone: string): string {
  const trimmed = phone.trim();
  let digits = trimmed.replace(/\D/g, '');
  if (trimmed.startsWith('+')) digits = digits.startsWith('49') ? `0${digits.slice(2)}` : `00${digits}`;
  else if (digits.startsWith('0049')) digits = `0${digits.slice(4)}`;
  return digits;
}

const MIN_PHONE_DIGITS = 6;

function phoneFound(phone: string, text: string): boolean {
  const wanted = phoneDigits(phone);
  if (wanted.length < MIN_PHONE_DIGITS) return false;
  // Without the trunk prefix too, so "+49 176 …" and "176 …" are found for "0176 …".
  const core = wanted.replace(/^0+/, '');
  for (const m of text.matchAll(/\+?\d[\d\s/().-]*\d/g)) {
    const digits = phoneDigits(m[0]);
    if (digits.includes(wanted) || (core.length >= MIN_PHONE_DIGITS && digits.includes(core))) return true;
  }
  return false;
}

const STREET_SUFFIXES = ['strasse', 'str', 'weg', 'platz', 'allee', 'gasse', 'ring', 'damm', 'ufer', 'pfad'];

function streetFound(street: string, plainText: string, words: readonly string[]): boolean {
  const tokens = plainName(street)
    .split(' ')
    .filter((token) => token !== '' && !/^\d+[a-z]?$/.test(token));
  if (tokens.length === 0) return false;
  const phrase = tokens.join(' ');
  if (phrase.length >= MIN_NAME_PART && ` ${plainText} `.includes(` ${phrase}`)) return true;
  // "Hauptstraße" is also written "Hauptstr." or "Hauptstrasse": the stem with any street suffix.
  const last = tokens[tokens.length - 1] as string;
  const suffix = STREET_SUFFIXES.find((s) => last.endsWith(s) && last.length - s.length >= 4);
  if (suffix === undefined) return false;
  const stem = last.slice(0, -suffix.length);
  const before = tokens.slice(0, -1).join(' ');
  return words.some((word, index) => {
    if (!word.startsWith(stem)) return false;
    const rest = word.slice(stem.length);
    if (!STREET_SUFFIXES.some((s) => rest.startsWith(s))) return false;
    return before === '' || words.slice(Math.max(0, index - tokens.length + 1), index).join(' ') === before;
  });
}

function postalCodeFound(postalCode: string, text: string): boolean {
  const code = postalCode.replace(/\D/g, '');
  if (code.length < 4) return false;
  return new RegExp(`(?<!\\d)${code}(?!\\d)`).test(text);
}

/**
 * Which identifying data of the case `text` contains, names first, each name part once. An empty answer
 * means nothing was found; it does not prove the text anonymous (a rare diagnosis, an unusual job, a
 * neighbour's name are for the person writing to leave out).
 */
export function findIdentifyingData(source: IdentifyingSource, text: string): IdentifyingHit[] {
  if (text.trim() === '') return [];
  const hits: IdentifyingHit[] = [];
  const plainText = plainName(text);
  const words = plainText === '' ? [] : plainText.split(' ');
  const phoneticWords = words.map(phoneticToken);
  const { person, meta, household } = source;

  const names = nameParts([
    person.familyName,
    person.givenNames,
    ...meta.aliases,
    ...household.map((m) => m.name),
  ]);
  for (const part of names) {
    if (nameFound(part, plainText, words, phoneticWords)) hits.push({ kind: 'name', shown: part.shown });
  }

  const birthDates = [person.birthDate, ...household.map((m) => m.birthDate)].filter(
    (date): date is string => date !== undefined,
  );
  if (birthDates.length > 0) {
    const dates = datesIn(text);
    if (birthDates.some((birth) => dates.some((date) => sameDate(birth, date))))
      hits.push({ kind: 'birthDate' });
  }

  const caseNumber = plainName(meta.caseNumber ?? '').replaceAll(' ', '');
  if (caseNumber.length >= MIN_NAME_PART && plainText.replaceAll(' ', '').includes(caseNumber)) {
    hits.push({ kind: 'caseNumber' });
  }

  if (person.phone && phoneFound(person.phone, text)) hits.push({ kind: 'phone' });

  if (person.email) {
    const email = person.email.toLowerCase();
    const local = plainName(email.split('@')[0] ?? '').replaceAll(' ', '');
    if (
      text.toLowerCase().includes(email) ||
      (local.length >= 4 && plainText.replaceAll(' ', '').includes(local))
    ) {
      hits.push({ kind: 'email' });
    }
  }

  if (
    (person.street && streetFound(person.street, plainText, words)) ||
    (person.postalCode && postalCodeFound(person.postalCode, text))
  ) {
    hits.push({ kind: 'address' });
  }

  return hits.sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
}
