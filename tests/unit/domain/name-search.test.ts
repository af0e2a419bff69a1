import { describe, expect, test } from 'vitest';
import {
  buildSearchKey,
  matches,
  matchScore,
  phoneticToken,
  plainName,
  prepareQuery,
  rankByQuery,
  type SearchableCase,
} from '../../../src/domain/search.ts';

function person(
  familyName: string | null,
  givenNames: string | null = null,
  extra: Partial<SearchableCase> = {},
) {
  return buildSearchKey({ familyName, givenNames, aliases: [], caseNumber: null, ...extra });
}

describe('name normalisation', () => {
  test('strips diacritics and folds German and other special letters', () => {
    expect(plainName('Müller')).toBe('muller');
    expect(plainName('Straße')).toBe('strasse');
    expect(plainName('Ayşe Öztürk-Yılmaz')).toBe('ayse ozturk yilmaz');
    expect(plainName('  Łukasz  Żółć ')).toBe('lukasz zolc');
    expect(plainName('José Ñúñez')).toBe('jose nunez');
  });

  test('folds transliteration variants to one phonetic key', () => {
    const same = (...names: string[]) => new Set(names.map((name) => phoneticToken(plainName(name)))).size;
    expect(same('Müller', 'Mueller', 'Muller')).toBe(1);
    expect(same('Jusuf', 'Yusuf', 'Yussuf')).toBe(1);
    expect(same('Khaled', 'Chaled', 'Haled')).toBe(1);
    expect(same('Meyer', 'Meier', 'Maier', 'Mayer')).toBe(1);
    expect(same('Philipp', 'Filip')).toBe(1);
    expect(same('Iwanow', 'Ivanov')).toBe(1);
    expect(same('Dschamila', 'Djamila', 'Jamila')).toBe(1);
    expect(same('Schewtschenko', 'Shevchenko')).toBe(1);
    expect(same('Sameer', 'Samir')).toBe(1);
    expect(same('Carsten', 'Karsten')).toBe(1);
    expect(same('Müller', 'Miller')).toBe(2);
  });
});

describe('finding cases', () => {
  test('Müller finds Mueller and Muller, and the other way round', () => {
    for (const stored of ['Müller', 'Mueller', 'Muller']) {
      for (const typed of ['Müller', 'Mueller', 'Muller', 'mül', 'muel']) {
        expect(matches(typed, person(stored)), `${typed} → ${stored}`).toBe(true);
      }
    }
  });

  test('ß and ss, Jusuf and Yusuf, Muhammad and Mohammed', () => {
    expect(matches('Strasse', person('Straße'))).toBe(true);
    expect(matches('Jusuf', person(null, 'Yusuf'))).toBe(true);
    expect(matches('yus', person(null, 'Jussuf'))).toBe(true);
    expect(matches('Mohammed', person(null, 'Muhammad'))).toBe(true);
    expect(matches('Youssef', person(null, 'Yusuf'))).toBe(true);
  });

  test('every typed word must match some name; different names do not match', () => {
    const key = person('Haddad', 'Rana Mariam');
    expect(matches('rana haddad', key)).toBe(true);
    expect(matches('haddad mariam', key)).toBe(true);
    expect(matches('rana schmidt', key)).toBe(false);
    expect(matches('Petrova', key)).toBe(false);
    // Short prefixes do not fall back to consonant skeletons: "Mo" must not find "Mia".
    expect(matches('Mo', person(null, 'Mia'))).toBe(false);
  });

  test('aliases are searched like names, in any script', () => {
    const key = person('Alhasan', 'Yusuf', { aliases: ['يُوسُف الحسن', 'Joseph Al-Hassan'] });
    expect(matches('Joseph', key)).toBe(true);
    expect(matches('hassan', key)).toBe(true);
    // Arabic vowel signs are ignored like Latin diacritics.
    expect(matches('يوسف', key)).toBe(true);
    expect(matches('Шевч', person('Shevchenko', null, { aliases: ['Шевченко'] }))).toBe(true);
    expect(matches('Петров', key)).toBe(false);
  });

  test('case numbers match by any part that holds a digit, ignoring separators', () => {
    const key = person('Nowak', null, { caseNumber: 'DU-2024-0123' });
    expect(matches('0123', key)).toBe(true);
    expect(matches('2024-0123', key)).toBe(true);
    expect(matches('du 2024 0123', key)).toBe(true);
    expect(matches('0124', key)).toBe(false);
    // Letters alone do not search case numbers: "Du" must not find every "DU-…" case.
    expect(matches('Du', key)).toBe(false);
  });

  test('an empty query matches everything', () => {
    expect(matchScore(prepareQuery('  '), person('Nowak'))).toBeGreaterThan(0);
  });

  test('ranking puts exact spellings before phonetic likeness, ties keep list order', () => {
    const cases = [
      { id: 'a', key: person('Mueller', 'Anna') },
      { id: 'b', key: person('Müller', 'Jonas') },
      { id: 'c', key: person('Schmidt', 'Lea') },
      { id: 'd', key: person('Muller', 'Ben') },
      { id: 'e', key: person('Müllerova', 'Eva') },
    ];
    expect(rankByQuery('Müller', cases, (c) => c.key).map((c) => c.id)).toEqual(['b', 'd', 'e', 'a']);
    expect(rankByQuery('Mueller', cases, (c) => c.key).map((c) => c.id)).toEqual(['a', 'b', 'd', 'e']);
  });
});
