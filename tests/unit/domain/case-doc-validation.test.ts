import { describe, expect, test } from 'vitest';
import { createCaseDoc } from '../../../src/domain/case-doc.ts';
import { readCase } from '../../../src/domain/case-read.ts';
import {
  addConsent,
  addContact,
  addGoal,
  addReferral,
  addReminder,
  removeItem,
  updateItem,
} from '../../../src/domain/case-write-items.ts';
import { setPersonField, setProse, updateSection } from '../../../src/domain/case-write.ts';
import { fieldErrors, type WriteResult } from '../../../src/domain/write-result.ts';
import { newCase, NOW, snapshot, writeOptions } from './case-fixtures.ts';

/** Asserts a refusal that left the doc exactly as it was, and returns its messages by field. */
function expectRefusedWithoutWriting(
  doc: Parameters<typeof snapshot>[0],
  attempt: () => WriteResult<unknown>,
) {
  const before = snapshot(doc);
  const result = attempt();
  expect(snapshot(doc)).toBe(before);
  if (result.ok) throw new Error('expected the write to be refused');
  return fieldErrors(result.error);
}

describe('invalid input writes nothing and is explained in German', () => {
  test('a birth date in the future', () => {
    const opts = writeOptions();
    const doc = newCase({}, opts);
    const errors = expectRefusedWithoutWriting(doc, () =>
      setPersonField(doc, 'birthDate', '2025-06-03', opts),
    );
    expect(errors).toEqual({ birthDate: ['Das Geburtsdatum liegt in der Zukunft.'] });
    expect(setPersonField(doc, 'birthDate', '1990-06-02', opts).ok).toBe(true);
    expect(readCase(doc).file.person.birthDate).toBe('1990-06-02');
  });

  test('a document valid until a day before it is valid from, also against the stored value', () => {
    const opts = writeOptions();
    const doc = newCase({}, opts);
    let errors = expectRefusedWithoutWriting(doc, () =>
      updateSection(
        doc,
        'residence',
        { documentValidFrom: '2025-01-10', documentValidUntil: '2025-01-09' },
        opts,
      ),
    );
    expect(errors).toEqual({ documentValidUntil: ['„Gültig bis“ liegt vor „Gültig ab“.'] });

    expect(updateSection(doc, 'residence', { documentValidUntil: '2026-01-09' }, opts).ok).toBe(true);
    errors = expectRefusedWithoutWriting(doc, () =>
      updateSection(doc, 'residence', { documentValidFrom: '2026-02-01' }, opts),
    );
    expect(errors.documentValidUntil).toEqual(['„Gültig bis“ liegt vor „Gültig ab“.']);
  });

  test('texts over their limit', () => {
    const opts = writeOptions();
    const doc = newCase({}, opts);
    const errors = expectRefusedWithoutWriting(doc, () =>
      addContact(doc, { date: '2025-06-01', kind: 'office', note: 'x'.repeat(20_001) }, opts),
    );
    expect(errors).toEqual({ note: ['Der Text ist zu lang (höchstens 20000 Zeichen).'] });
    expect(
      expectRefusedWithoutWriting(doc, () =>
        addGoal(doc, { text: 'x'.repeat(501), lifeDomain: 'work' }, opts),
      ),
    ).toEqual({ text: ['Der Text ist zu lang (höchstens 500 Zeichen).'] });
    expect(
      expectRefusedWithoutWriting(doc, () => setProse(doc, { part: 'notes' }, 'y'.repeat(20_001), opts)),
    ).toEqual({
      notes: ['Der Text ist zu lang (höchstens 20000 Zeichen).'],
    });
  });

  test('dates that do not exist, unknown values, missing and blank required fields', () => {
    const opts = writeOptions();
    const doc = newCase({}, opts);
    const errors = expectRefusedWithoutWriting(doc, () =>
      addContact(doc, { date: '2025-02-30', kind: 'chat' as 'office', topics: ['housing', 'housing'] }, opts),
    );
    expect(errors).toEqual({
      date: ['Bitte ein gültiges Datum angeben.'],
      kind: ['Unbekannter Wert „chat“.'],
    });
    expect(
      expectRefusedWithoutWriting(doc, () => addReminder(doc, { due: '2025-06-10', text: '   ' }, opts)),
    ).toEqual({ text: ['Bitte ausfüllen.'] });
    expect(
      expectRefusedWithoutWriting(doc, () => addReminder(doc, { text: 'Anrufen' } as never, opts)),
    ).toEqual({ due: ['Bitte ausfüllen.'] });
  });

  test('rules across fields: interpreter language, accompaniment office, duplicate topics', () => {
    const opts = writeOptions();
    const doc = newCase({}, opts);
    const errors = expectRefusedWithoutWriting(doc, () =>
      addContact(
        doc,
        {
          date: '2025-06-01',
          kind: 'accompaniment',
          interpreterKind: 'volunteer',
          topics: ['housing', 'housing'],
          note: 'Termin bei der ABH',
        },
        opts,
      ),
    );
    expect(errors).toEqual({
      interpreterLanguage: ['Bitte die Sprache der Sprachmittlung angeben.'],
      accompanimentOffice: ['Bitte das Amt angeben, zu dem begleitet wurde.'],
      'topics.1': ['Ein Wert ist doppelt eingetragen.'],
    });
  });

  test('a referral may only link a consent of this case', () => {
    const opts = writeOptions();
    const doc = newCase({}, opts);
    const errors = expectRefusedWithoutWriting(doc, () =>
      addReferral(doc, { partnerId: 'partner-awo-1', date: '2025-06-01', consentId: 'nope' }, opts),
    );
    expect(errors).toEqual({ consentId: ['Die verknüpfte Einwilligung gibt es in diesem Fall nicht.'] });

    const consent = addConsent(
      doc,
      {
        recipient: 'AWO Migrationsberatung',
        purpose: 'Vermittlung in die Migrationsberatung',
        dataCategories: ['identity', 'residence'],
        givenAt: NOW.toISOString(),
        form: 'written',
        language: 'ar',
      },
      opts,
    );
    expect(consent.ok).toBe(true);
    if (!consent.ok) return;
    const referral = addReferral(
      doc,
      { partnerId: 'partner-awo-1', date: '2025-06-01', consentId: consent.value },
      opts,
    );
    expect(referral.ok).toBe(true);
    expect(readCase(doc).file.referrals).toEqual([
      {
        id: expect.any(String),
        partnerId: 'partner-awo-1',
        date: '2025-06-01',
        status: 'proposed',
        consentId: consent.value,
        createdAt: NOW.toISOString(),
        createdBy: 'user-1',
      },
    ]);
  });

  test('a record deleted elsewhere is reported as not found', () => {
    const opts = writeOptions();
    const doc = newCase({}, opts);
    const result = updateItem(doc, 'contacts', 'gone', { place: 'Rathaus' }, opts);
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'not-found',
        issues: [
          {
            path: '',
            code: 'item-not-found',
            message: 'Der Eintrag wurde nicht gefunden – vielleicht auf einem anderen Gerät gelöscht.',
          },
        ],
      },
    });
    expect(removeItem(doc, 'goals', 'gone', opts).ok).toBe(false);
  });

  test('a case cannot be opened without team and author', () => {
    const result = createCaseDoc({ kind: 'case', teamId: '', createdBy: 'user-1' }, writeOptions());
    expect(result.ok).toBe(false);
    if (!result.ok) expect(fieldErrors(result.error)).toEqual({ teamId: ['Bitte ausfüllen.'] });
    const future = createCaseDoc(
      { kind: 'case', teamId: 't', createdBy: 'u', person: { birthDate: '2099-01-01' } },
      writeOptions(),
    );
    expect(future.ok).toBe(false);
    if (!future.ok)
      expect(fieldErrors(future.error)).toEqual({
        'person.birthDate': ['Das Geburtsdatum liegt in der Zukunft.'],
      });
  });
});

describe('valid writes', () => {
  test('an update writes only the fields it names; undefined clears a field', () => {
    const opts = writeOptions();
    const doc = newCase({}, opts);
    const added = addContact(
      doc,
      { date: '2025-06-01', kind: 'phone', durationMinutes: 20, place: 'Büro', note: 'Rückruf' },
      opts,
    );
    expect(added.ok).toBe(true);
    if (!added.ok) return;
    expect(updateItem(doc, 'contacts', added.value, { durationMinutes: 25, place: undefined }, opts).ok).toBe(
      true,
    );
    expect(readCase(doc).file.contacts).toEqual([
      {
        id: added.value,
        date: '2025-06-01',
        kind: 'phone',
        durationMinutes: 25,
        topics: [],
        note: 'Rückruf',
        authorId: 'user-1',
        createdAt: NOW.toISOString(),
        createdBy: 'user-1',
      },
    ]);
  });

  test('every write stamps who changed the case and when', () => {
    const doc = newCase({}, writeOptions());
    const later = new Date('2025-06-02T15:30:00.000Z');
    expect(setPersonField(doc, 'familyName', 'Yılmaz', { now: later, actor: 'user-2' }).ok).toBe(true);
    expect(readCase(doc).file.meta).toMatchObject({ updatedAt: later.toISOString(), updatedBy: 'user-2' });
  });
});
