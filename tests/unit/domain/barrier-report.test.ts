import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reportBarrier, withdrawBarrierReport } from '../../../src/domain/barrier-report.ts';
import { readCase } from '../../../src/domain/case-read.ts';
import {
  addBarrier,
  addHouseholdMember,
  removeItem,
  updateItem,
} from '../../../src/domain/case-write-items.ts';
import { findIdentifyingData, type IdentifyingSource } from '../../../src/domain/identifying-data.ts';
import { newCase, NOW, snapshot, TODAY, writeOptions } from './case-fixtures.ts';

function source(
  overrides: Partial<IdentifyingSource['person']> = {},
  aliases: string[] = [],
): IdentifyingSource {
  return {
    person: {
      familyName: 'Haddad',
      givenNames: 'Amina Noor',
      birthDate: '1990-03-07',
      nationalities: [],
      languages: [],
      phone: '+49 176 1234 5678',
      email: 'amina.haddad@example.org',
      street: 'Hauptstraße 12',
      postalCode: '47051',
      city: 'Duisburg',
      ...overrides,
    },
    meta: { id: 'case-1', kind: 'case', phase: 'intake', aliases, caseNumber: 'DU-2025-0042' },
    household: [{ id: 'h-1', name: 'Yusuf Haddad', relation: 'child', birthDate: '2015-11-20' }],
  };
}

const kinds = (text: string, src = source()) => findIdentifyingData(src, text).map((hit) => hit.kind);
const shown = (text: string, src = source()) => findIdentifyingData(src, text).map((hit) => hit.shown);

describe('finding a case’s identifying data in a text for coordination', () => {
  it('finds nothing in an anonymised text', () => {
    expect(
      findIdentifyingData(
        source(),
        'Die Ausländerbehörde vergibt Termine zur Verlängerung erst nach vier Monaten; die Fiktionsbescheinigung fehlt.',
      ),
    ).toEqual([]);
  });

  it('finds name parts case-insensitively, with diacritics and spelling variants folded', () => {
    expect(shown('Frau HADDAD wartet seit März.')).toEqual(['Haddad']);
    expect(shown('Hadad hat keinen Termin.')).toEqual(['Haddad']);
    expect(shown('Amina und ihr Sohn')).toEqual(['Amina']);
    expect(shown('Familie Müller', source({ familyName: 'Mueller' }))).toEqual(['Mueller']);
    expect(shown('Familie Mueller', source({ familyName: 'Müller' }))).toEqual(['Müller']);
    expect(shown('Herr Öztürk', source({ familyName: 'Ozturk' }))).toEqual(['Ozturk']);
    // Inside a word for long parts, at the start of a word for short ones.
    expect(shown('Die Haddadfamilie')).toEqual(['Haddad']);
    expect(shown('Noors Antrag')).toEqual(['Noor']);
    expect(shown('Qualität', source({ givenNames: 'Ali' }))).toEqual([]);
    // Parts shorter than three letters are not looked for.
    expect(shown('Al ist kein Name hier', source({ familyName: 'Al Haddad' }))).toEqual([]);
  });

  it('finds aliases and household members’ names', () => {
    expect(shown('Frau Chaddad', source({}, ['Chaddad']))).toContain('Chaddad');
    expect(shown('Der Sohn Yusuf geht zur Schule')).toEqual(['Yusuf']);
  });

  it('finds the date of birth in common German formats, also a household member’s', () => {
    for (const text of [
      'geboren 1990-03-07',
      'geb. 07.03.1990',
      'geb. 7.3.1990',
      'geb. 07.03.90',
      'geb. 07/03/1990',
      'geb. 07031990',
      'geboren am 7. März 1990',
      'geboren am 7 Maerz 90',
      'Kind geb. 20.11.2015',
    ]) {
      expect(kinds(text), text).toEqual(['birthDate']);
    }
    expect(kinds('Termin am 07.03.2025')).toEqual([]);
  });

  it('finds the case number, phone, e-mail and address', () => {
    expect(kinds('Akte DU 2025 0042')).toEqual(['caseNumber']);
    expect(kinds('du-2025-0042')).toEqual(['caseNumber']);
    expect(kinds('Rückruf unter 0176 12345678')).toEqual(['phone']);
    expect(kinds('Rückruf unter 0049-176-1234-5678')).toEqual(['phone']);
    expect(kinds('Rückruf unter 176/12345678')).toEqual(['phone']);
    expect(kinds('Mail an AMINA.HADDAD@example.org')).toContain('email');
    expect(kinds('wohnt Hauptstr. 12')).toEqual(['address']);
    expect(kinds('wohnt in der Hauptstrasse')).toEqual(['address']);
    expect(kinds('PLZ 47051')).toEqual(['address']);
    // The city is the team's municipality and named in institutions: not identifying on its own.
    expect(kinds('Ausländerbehörde Duisburg')).toEqual([]);
    expect(kinds('Hauptbahnhof')).toEqual([]);
  });

  it('finds a name planted anywhere in random text (property)', () => {
    const letter = fc.constantFrom(
      ...'abcdefghijklmnopqrstuvwxyzäöüéßABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÜ'.split(''),
    );
    const word = fc.string({ unit: letter, minLength: 3, maxLength: 12 });
    const filler = fc.string({ maxLength: 60 });
    const casing = fc.constantFrom<(s: string) => string>(
      (s) => s,
      (s) => s.toUpperCase(),
      (s) => s.toLowerCase(),
    );
    fc.assert(
      fc.property(
        word,
        word,
        filler,
        filler,
        casing,
        fc.boolean(),
        (family, given, before, after, cased, inside) => {
          const src = source({ familyName: family, givenNames: given });
          // Long parts are found even glued into a word; every part at the start of a word.
          const glue = inside && family.length >= 5 ? 'x' : ' ';
          const text = `${before}${glue}${cased(family)} ${after}`;
          const found = findIdentifyingData(src, text);
          return found.some((hit) => hit.kind === 'name' && hit.shown === family);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('finds a date of birth planted in random text in any of the formats (property)', () => {
    const formats = [
      (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`,
      (y: number, m: number, d: number) => `${pad(d)}.${pad(m)}.${y}`,
      (y: number, m: number, d: number) => `${d}.${m}.${y}`,
      (y: number, m: number, d: number) => `${pad(d)}.${pad(m)}.${pad(y % 100)}`,
      (y: number, m: number, d: number) => `${d}. ${GERMAN_MONTHS[m - 1]} ${y}`,
    ];
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1930-01-01'), max: new Date('2024-12-31'), noInvalidDate: true }),
        fc.constantFrom(...formats),
        fc.string({ unit: fc.constantFrom(...'abc xyz,;:!?'.split('')), maxLength: 40 }),
        (date, format, filler) => {
          const iso = date.toISOString().slice(0, 10);
          const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
          const text = `${filler} ${format(y, m, d)} ${filler}`;
          return kinds(text, source({ birthDate: iso })).includes('birthDate');
        },
      ),
      { numRuns: 300 },
    );
  });
});

const GERMAN_MONTHS = [
  'Januar',
  'Februar',
  'März',
  'April',
  'Mai',
  'Juni',
  'Juli',
  'August',
  'September',
  'Oktober',
  'November',
  'Dezember',
];
const pad = (n: number) => String(n).padStart(2, '0');

function reportedCase() {
  const opts = writeOptions('b');
  const doc = newCase(
    { person: { familyName: 'Haddad', givenNames: 'Amina', birthDate: '1990-03-07' } },
    opts,
  );
  const added = addBarrier(doc, { category: 'waiting-times', observedOn: TODAY, institution: 'ABH' }, opts);
  if (!added.ok) throw new Error(JSON.stringify(added.error));
  return { doc, opts, barrierId: added.value };
}

const INPUT = {
  category: 'waiting-times',
  institution: 'Ausländerbehörde',
  happened: 'Termine zur Verlängerung erst nach vier Monaten.',
  wouldHelp: 'Online-Terminvergabe mit festen Kontingenten.',
};

describe('reporting a barrier to coordination', () => {
  it('refuses while a text names the person, saying what to remove, and writes nothing', () => {
    const { doc, opts, barrierId } = reportedCase();
    const before = snapshot(doc);
    const result = reportBarrier(
      doc,
      barrierId,
      { ...INPUT, happened: 'Frau Haddad (geb. 07.03.1990) wartet seit Monaten.' },
      opts,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.issues).toEqual([
      {
        path: 'happened',
        code: 'report-identifying',
        message: 'Bitte entfernen: Name (Haddad), Geburtsdatum',
      },
    ]);
    expect(snapshot(doc)).toBe(before);
  });

  it('checks names the household gained after the form was opened', () => {
    const { doc, opts, barrierId } = reportedCase();
    addHouseholdMember(doc, { name: 'Samira Haddad', relation: 'child' }, opts);
    const result = reportBarrier(
      doc,
      barrierId,
      { ...INPUT, wouldHelp: 'Samira braucht einen Kitaplatz.' },
      opts,
    );
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.issues[0]?.message).toBe('Bitte entfernen: Name (Samira)');
  });

  it('requires institution and what happened', () => {
    const { doc, opts, barrierId } = reportedCase();
    const result = reportBarrier(doc, barrierId, { ...INPUT, institution: ' ', happened: '' }, opts);
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.error.issues.map((issue) => issue.path).sort()).toEqual(['happened', 'institution']);
  });

  it('stores the report with who and when, and can withdraw it, keeping the trace', () => {
    const { doc, opts, barrierId } = reportedCase();
    expect(reportBarrier(doc, barrierId, INPUT, opts)).toEqual({ ok: true, value: undefined });
    const barrier = () => readCase(doc).file.barriers.find((b) => b.id === barrierId);
    expect(barrier()?.report).toEqual({ ...INPUT, reportedAt: NOW.toISOString(), reportedBy: 'user-1' });
    expect(reportBarrier(doc, barrierId, INPUT, opts).ok).toBe(false);
    // A reported barrier is not deleted: its report is withdrawn.
    expect(removeItem(doc, 'barriers', barrierId, opts).ok).toBe(false);
    // Editing the barrier cannot write the report around the check.
    updateItem(
      doc,
      'barriers',
      barrierId,
      { report: { ...INPUT, happened: 'Haddad', reportedAt: NOW.toISOString() } },
      opts,
    );
    expect(barrier()?.report?.happened).toBe(INPUT.happened);

    const later = { ...opts, actor: 'user-2', now: new Date(NOW.getTime() + 60_000) };
    expect(withdrawBarrierReport(doc, barrierId, later).ok).toBe(true);
    expect(barrier()?.report).toMatchObject({ withdrawnAt: later.now.toISOString(), withdrawnBy: 'user-2' });
    expect(withdrawBarrierReport(doc, barrierId, later).ok).toBe(false);

    expect(reportBarrier(doc, barrierId, { ...INPUT, wouldHelp: undefined }, later).ok).toBe(true);
    expect(barrier()?.report).toEqual({
      category: INPUT.category,
      institution: INPUT.institution,
      happened: INPUT.happened,
      reportedAt: later.now.toISOString(),
      reportedBy: 'user-2',
    });
    expect(barrier()?.earlierReports).toHaveLength(1);
    expect(barrier()?.earlierReports?.[0]?.withdrawnBy).toBe('user-2');
  });

  it('a new barrier cannot carry a report past the check', () => {
    const opts = writeOptions('n');
    const doc = newCase({ person: { familyName: 'Haddad' } }, opts);
    const added = addBarrier(
      doc,
      {
        category: 'other',
        observedOn: TODAY,
        report: { ...INPUT, happened: 'Haddad', reportedAt: NOW.toISOString() },
      } as never,
      opts,
    );
    expect(added.ok).toBe(true);
    expect(readCase(doc).file.barriers[0]?.report).toBeUndefined();
  });
});
