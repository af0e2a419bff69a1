import * as Y from 'yjs';
import { describe, expect, test } from 'vitest';
import { readCase } from '../../../src/domain/case-read.ts';
import { addContact, addGoal, addStep, updateItem } from '../../../src/domain/case-write-items.ts';
import { setPersonField, updateSection } from '../../../src/domain/case-write.ts';
import { summarizeCase } from '../../../src/domain/summarize-case.ts';
import { newCase, TODAY, writeOptions } from './case-fixtures.ts';

function must<T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

/** Finds the `Y.Map` of a list item, to damage it the way a buggy or newer writer could. */
function rawItem(doc: Y.Doc, list: string, id: string): Y.Map<unknown> {
  const found = doc
    .getArray<unknown>(list)
    .toArray()
    .find((entry) => entry instanceof Y.Map && entry.get('id') === id);
  if (!(found instanceof Y.Map)) throw new Error(`no ${list} item ${id}`);
  return found as Y.Map<unknown>;
}

describe('values that fail validation are reported, never thrown, and the rest reads', () => {
  test('a contact kind from a newer app version leaves out that contact only', () => {
    const opts = writeOptions();
    const doc = newCase({}, opts);
    const good = must(addContact(doc, { date: '2025-05-02', kind: 'office', note: 'Erstgespräch' }, opts));
    const newer = must(addContact(doc, { date: '2025-05-09', kind: 'phone', note: 'Rückruf' }, opts));
    rawItem(doc, 'contacts', newer).set('kind', 'messenger');

    const { file, problems } = readCase(doc);
    expect(file.contacts.map((contact) => contact.id)).toEqual([good]);
    expect(problems).toEqual([
      {
        path: ['contacts', newer],
        field: 'kind',
        message: 'Der Eintrag kann nicht gelesen werden. Unbekannter Wert „messenger“.',
        raw: expect.objectContaining({ id: newer, kind: 'messenger', date: '2025-05-09' }),
        effect: 'item-dropped',
      },
    ]);
  });

  test('a wrong type in an optional field leaves out that field only', () => {
    const opts = writeOptions();
    const doc = newCase({ person: { familyName: 'Haddad', givenNames: 'Rana' } }, opts);
    doc.getMap('person').set('birthDate', 19900101);
    doc.getMap('person').set('nationalities', ['SY', 'syrisch']);

    const { file, problems } = readCase(doc);
    expect(file.person).toEqual({
      familyName: 'Haddad',
      givenNames: 'Rana',
      nationalities: [],
      languages: [],
    });
    expect(problems).toEqual([
      {
        path: ['person', 'birthDate'],
        message: 'Der Wert ist ungültig.',
        raw: 19900101,
        effect: 'field-dropped',
      },
      {
        path: ['person', 'nationalities', 1],
        message: 'Bitte einen Ländercode wie „SY“ oder „UA“ angeben.',
        raw: 'syrisch',
        effect: 'field-dropped',
      },
    ]);
  });

  test('an unknown phase falls back to intake, and the case still summarises', () => {
    const doc = newCase({ person: { familyName: 'Kowalski' } });
    doc.getMap('meta').set('phase', 'paused');
    const read = readCase(doc);
    expect(read.file.meta.phase).toBe('intake');
    expect(read.problems).toEqual([
      {
        path: ['meta', 'phase'],
        message: 'Unbekannter Wert „paused“.',
        raw: 'paused',
        effect: 'field-dropped',
      },
    ]);
    expect(summarizeCase(read, TODAY)).toMatchObject({ displayName: 'Kowalski', counts: { problems: 1 } });
  });

  test('contradicting dates are kept and flagged', () => {
    const opts = writeOptions();
    const doc = newCase({}, opts);
    must(
      updateSection(
        doc,
        'residence',
        { documentValidFrom: '2025-01-01', documentValidUntil: '2026-01-01' },
        opts,
      ),
    );
    // What two devices can produce together: each edit was valid on its own.
    doc.getMap('residence').set('documentValidUntil', '2024-12-01');
    const { file, problems } = readCase(doc);
    expect(file.residence).toEqual({ documentValidFrom: '2025-01-01', documentValidUntil: '2024-12-01' });
    expect(problems).toEqual([
      {
        path: ['residence', 'documentValidUntil'],
        message: '„Gültig bis“ liegt vor „Gültig ab“.',
        raw: '2024-12-01',
        effect: 'inconsistent',
      },
    ]);
  });

  test('unknown life domains, non-record list entries and damaged steps', () => {
    const opts = writeOptions();
    const doc = newCase({}, opts);
    const goalId = must(addGoal(doc, { text: 'Wohnung finden', lifeDomain: 'housing' }, opts));
    const okStep = must(addStep(doc, goalId, { text: 'WBS beantragen', responsible: 'client' }, opts));
    const badStep = must(addStep(doc, goalId, { text: 'Makler anrufen', responsible: 'case-manager' }, opts));
    const steps = rawItem(doc, 'goals', goalId).get('steps') as Y.Array<Y.Map<unknown>>;
    steps.get(1).set('status', 42);
    doc.getMap('assessment').set('spirituality', new Y.Map());
    doc.getArray('reminders').push(['call back']);

    const { file, problems } = readCase(doc);
    expect(file.goals[0]?.steps.map((step) => step.id)).toEqual([okStep]);
    expect(Object.keys(file.assessment)).toHaveLength(10);
    expect(file.reminders).toEqual([]);
    expect(problems.map((problem) => [problem.path, problem.effect])).toEqual([
      [['assessment', 'spirituality'], 'item-dropped'],
      [['goals', goalId, 'steps', badStep], 'item-dropped'],
      [['reminders', 0], 'item-dropped'],
    ]);
  });

  test('a root defined with another type is reported instead of crashing the read', () => {
    const doc = newCase({ person: { familyName: 'Ivanova' } });
    doc.getArray('residence');
    const { file, problems } = readCase(doc);
    expect(file.person.familyName).toBe('Ivanova');
    expect(file.residence).toEqual({});
    expect(problems).toEqual([expect.objectContaining({ path: ['residence'], effect: 'item-dropped' })]);
  });

  test('a damaged optional field does not block editing the record', () => {
    const opts = writeOptions();
    const doc = newCase({}, opts);
    const id = must(addContact(doc, { date: '2025-05-02', kind: 'office', note: 'Erstgespräch' }, opts));
    rawItem(doc, 'contacts', id).set('durationMinutes', 'eine Stunde');
    expect(updateItem(doc, 'contacts', id, { place: 'Stadtteilbüro' }, opts).ok).toBe(true);
    const { file, problems } = readCase(doc);
    expect(file.contacts[0]?.place).toBe('Stadtteilbüro');
    // The damaged value is still in the doc, for a person to look at; the mutator did not touch it.
    expect(problems).toEqual([
      expect.objectContaining({ path: ['contacts', id, 'durationMinutes'], raw: 'eine Stunde' }),
    ]);
    expect(setPersonField(doc, 'givenNames', 'Olena', opts).ok).toBe(true);
  });
});
