import { describe, expect, it } from 'vitest';
import { addContact, addGoal, addStep, removeItem } from '../../../src/domain/case-write-items.ts';
import { changePhase } from '../../../src/domain/case-write-phase.ts';
import { readCase } from '../../../src/domain/case-read.ts';
import { describeField, formatFieldPath, parseFieldPath } from '../../../src/domain/case-fields.ts';
import { fieldExists, fieldValue, restoreField } from '../../../src/domain/conflict-resolution.ts';
import { newCase, writeOptions } from './case-fixtures.ts';

function caseWithRecords() {
  const doc = newCase({ person: { familyName: 'Haddad', city: 'Duisburg' } });
  addContact(
    doc,
    { date: '2025-06-01', kind: 'office', durationMinutes: 30, note: 'Erstgespräch' },
    { newId: () => 'c-1' },
  );
  addGoal(doc, { text: 'Deutschkurs B1', lifeDomain: 'language' }, { newId: () => 'g-1' });
  addStep(doc, 'g-1', { text: 'Anmeldung VHS', responsible: 'client' }, { newId: () => 's-1' });
  return doc;
}

describe('field paths', () => {
  it('parses the paths the conflict check records and refuses others', () => {
    expect(parseFieldPath('person/city')).toEqual({ part: 'person', field: 'city' });
    expect(parseFieldPath('assessment/housing/need')).toEqual({
      part: 'assessment',
      domain: 'housing',
      field: 'need',
    });
    expect(parseFieldPath('goals/g-1/steps/s-1/dueOn')).toEqual({
      part: 'steps',
      goalId: 'g-1',
      id: 's-1',
      field: 'dueOn',
    });
    expect(parseFieldPath('person/unknownField')).toBeUndefined();
    expect(parseFieldPath('contacts/c-1/note')).toBeUndefined(); // prose
    expect(parseFieldPath('meta/updatedAt')).toBeUndefined();
    expect(parseFieldPath('%E0%A4%A/city')).toBeUndefined();
  });

  it('encodes ids so that a slash in an id cannot forge another path', () => {
    const path = formatFieldPath(['contacts', 'a/b', 'place']);
    expect(path).toBe('contacts/a%2Fb/place');
    expect(parseFieldPath(path)).toEqual({ part: 'contacts', id: 'a/b', field: 'place' });
  });

  it('labels a field in German and English together with its part', () => {
    expect(describeField('residence/status')).toMatchObject({
      label: { de: 'Aufenthaltsstatus', en: 'Residence status' },
      part: { de: 'Aufenthalt', en: 'Residence' },
      kind: 'vocabulary',
      vocabulary: 'residenceStatus',
    });
  });
});

describe('restoring a field value', () => {
  it('writes a person field through its mutator, as the named writer', () => {
    const doc = caseWithRecords();
    const result = restoreField(doc, 'person/city', 'Essen', writeOptions('x', { actor: 'Anna' }));
    expect(result.ok).toBe(true);
    expect(readCase(doc).file.person.city).toBe('Essen');
    expect(readCase(doc).file.meta.updatedBy).toBe('Anna');
    expect(fieldValue(doc, 'person/city')).toBe('Essen');
  });

  it('clears a field for null', () => {
    const doc = caseWithRecords();
    expect(restoreField(doc, 'person/city', null).ok).toBe(true);
    expect(readCase(doc).file.person.city).toBeUndefined();
    expect(fieldValue(doc, 'person/city')).toBeNull();
  });

  it('writes fields of list items and of steps', () => {
    const doc = caseWithRecords();
    expect(restoreField(doc, 'contacts/c-1/durationMinutes', 45).ok).toBe(true);
    expect(restoreField(doc, 'goals/g-1/steps/s-1/status', 'achieved').ok).toBe(true);
    const file = readCase(doc).file;
    expect(file.contacts[0]?.durationMinutes).toBe(45);
    expect(file.goals[0]?.steps[0]?.status).toBe('achieved');
  });

  it('refuses a value the field does not accept and writes nothing', () => {
    const doc = caseWithRecords();
    const result = restoreField(doc, 'contacts/c-1/durationMinutes', -5);
    expect(result.ok).toBe(false);
    expect(readCase(doc).file.contacts[0]?.durationMinutes).toBe(30);
  });

  it('refuses a field of a record deleted meanwhile', () => {
    const doc = caseWithRecords();
    removeItem(doc, 'contacts', 'c-1');
    expect(fieldExists(doc, 'contacts/c-1/durationMinutes')).toBe(false);
    const result = restoreField(doc, 'contacts/c-1/durationMinutes', 45);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('not-found');
  });

  it('restores a phase without the step-by-step rule, and reopening drops the closure', () => {
    const doc = caseWithRecords();
    expect(changePhase(doc, 'closed', { closure: { reason: 'moved-away', closedOn: '2025-06-01' } }).ok).toBe(
      true,
    );
    expect(restoreField(doc, 'meta/phase', 'linking').ok).toBe(true);
    const file = readCase(doc).file;
    expect(file.meta.phase).toBe('linking');
    expect(file.closure).toEqual({});
  });

  it('refuses to restore "closed" without a closure', () => {
    const doc = caseWithRecords();
    expect(restoreField(doc, 'meta/phase', 'closed').ok).toBe(false);
    expect(readCase(doc).file.meta.phase).toBe('intake');
  });
});
