import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { WriteOptions } from '../../../src/domain/case-doc.ts';
import { readCase } from '../../../src/domain/case-read.ts';
import {
  addContact,
  addGoal,
  addReminder,
  addStep,
  updateItem,
  updateStep,
} from '../../../src/domain/case-write-items.ts';
import {
  canDeleteRecord,
  deleteFreshRecord,
  markErroneous,
  trailOf,
  unmarkErroneous,
} from '../../../src/domain/case-write-records.ts';
import { detectConflicts, editsOfTransaction, type PendingEdit } from '../../../src/domain/conflicts.ts';
import { DELETE_GRACE_MINUTES } from '../../../src/domain/schema/record-trail.ts';
import { newCase, NOW, TODAY, writeOptions } from './case-fixtures.ts';

const REMOTE = Symbol('remote');

function later(opts: WriteOptions, minutes: number, actor = opts.actor): WriteOptions {
  return { ...opts, actor, now: new Date(NOW.getTime() + minutes * 60_000) };
}

function contactIn(doc: Y.Doc, opts: WriteOptions, note = 'Antrag auf Wohngeld besprochen.'): string {
  const added = addContact(doc, { date: TODAY, kind: 'home-visit', note, topics: ['housing'] }, opts);
  if (!added.ok) throw new Error(JSON.stringify(added.error));
  return added.value;
}

describe('a saved contact is a record with author, time and trail', () => {
  it('stamps the author and the moment it was saved', () => {
    const doc = newCase();
    const id = contactIn(doc, writeOptions('c'));
    const contact = readCase(doc).file.contacts.find((c) => c.id === id);
    expect(contact).toMatchObject({ authorId: 'user-1', createdAt: NOW.toISOString() });
  });

  it('refuses an empty contact and writes nothing', () => {
    const doc = newCase();
    const result = addContact(doc, { date: TODAY, kind: 'phone', note: '  ', topics: [] }, writeOptions());
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.error.issues).toContainEqual(expect.objectContaining({ code: 'contact-empty' }));
    expect(readCase(doc).file.contacts).toEqual([]);
    // A topic alone is enough: "Telefonat zu Wohnen" is documentation.
    expect(addContact(doc, { date: TODAY, kind: 'phone', topics: ['housing'] }, writeOptions()).ok).toBe(
      true,
    );
  });

  it('keeps the earlier values of an edit with who and when', () => {
    const doc = newCase();
    const opts = writeOptions('c');
    const id = contactIn(doc, opts);
    const edit = later(opts, 60, 'Bea');
    expect(
      updateItem(doc, 'contacts', id, { note: 'Antrag auf Wohngeld gestellt.', durationMinutes: 45 }, edit)
        .ok,
    ).toBe(true);
    const { file, problems } = readCase(doc);
    expect(problems).toEqual([]);
    expect(file.contacts[0]!.note).toBe('Antrag auf Wohngeld gestellt.');
    expect(trailOf(file.trail, { part: 'contacts', id })).toEqual([
      {
        part: 'contacts',
        id,
        event: 'edited',
        at: edit.now!.toISOString(),
        by: 'Bea',
        before: { note: 'Antrag auf Wohngeld besprochen.', durationMinutes: null },
      },
    ]);
  });

  it('leaves no trail for an edit that changes nothing', () => {
    const doc = newCase();
    const opts = writeOptions('c');
    const id = contactIn(doc, opts);
    expect(updateItem(doc, 'contacts', id, { kind: 'home-visit' }, opts).ok).toBe(true);
    expect(readCase(doc).file.trail).toEqual([]);
  });

  it('traces steps with their goal', () => {
    const doc = newCase();
    const opts = writeOptions('g');
    const goal = addGoal(doc, { text: 'Deutschkurs B1', lifeDomain: 'language' }, opts);
    if (!goal.ok) throw new Error('goal');
    const step = addStep(doc, goal.value, { text: 'Anmeldung VHS', responsible: 'client' }, opts);
    if (!step.ok) throw new Error('step');
    expect(updateStep(doc, goal.value, step.value, { text: 'Anmeldung VHS Duisburg' }, opts).ok).toBe(true);
    const trail = trailOf(readCase(doc).file.trail, { part: 'steps', id: step.value, goalId: goal.value });
    expect(trail.map((e) => e.before)).toEqual([{ text: 'Anmeldung VHS' }]);
  });
});

describe('marking a record as erroneous instead of deleting it', () => {
  it('requires a reason and keeps the record with who, when and why', () => {
    const doc = newCase();
    const opts = writeOptions('c');
    const id = contactIn(doc, opts);
    const missing = markErroneous(doc, { part: 'contacts', id }, '   ', opts);
    expect(missing.ok).toBe(false);
    if (!missing.ok)
      expect(missing.error.issues[0]).toMatchObject({ path: 'reason', code: 'erroneous-reason-missing' });

    const marking = later(opts, 30, 'Bea');
    expect(markErroneous(doc, { part: 'contacts', id }, 'Falscher Fall', marking).ok).toBe(true);
    const { file } = readCase(doc);
    expect(file.contacts).toHaveLength(1);
    expect(file.contacts[0]!.erroneous).toEqual({
      at: marking.now!.toISOString(),
      by: 'Bea',
      reason: 'Falscher Fall',
    });
    expect(markErroneous(doc, { part: 'contacts', id }, 'nochmal', marking).ok).toBe(false);
  });

  it('can be lifted, and the trail keeps both the marking and the lifting', () => {
    const doc = newCase();
    const opts = writeOptions('c');
    const id = contactIn(doc, opts);
    expect(markErroneous(doc, { part: 'contacts', id }, 'Falscher Fall', later(opts, 1)).ok).toBe(true);
    expect(unmarkErroneous(doc, { part: 'contacts', id }, later(opts, 2, 'Bea')).ok).toBe(true);
    const { file } = readCase(doc);
    expect(file.contacts[0]!.erroneous).toBeUndefined();
    expect(trailOf(file.trail, { part: 'contacts', id }).map((e) => [e.event, e.by, e.reason])).toEqual([
      ['marked-erroneous', 'user-1', 'Falscher Fall'],
      ['unmarked', 'Bea', 'Falscher Fall'],
    ]);
    expect(unmarkErroneous(doc, { part: 'contacts', id }, opts).ok).toBe(false);
  });

  it('ignores a patch that tries to set or clear the marking as a plain field', () => {
    const doc = newCase();
    const opts = writeOptions('c');
    const id = contactIn(doc, opts);
    markErroneous(doc, { part: 'contacts', id }, 'Falscher Fall', opts);
    expect(updateItem(doc, 'contacts', id, { erroneous: undefined, place: 'Wohnung' }, opts).ok).toBe(true);
    expect(readCase(doc).file.contacts[0]!.erroneous?.reason).toBe('Falscher Fall');
  });
});

describe('deleting within the grace period', () => {
  it('lets the author delete a fresh entry', () => {
    const doc = newCase();
    const opts = writeOptions('c');
    const id = contactIn(doc, opts);
    expect(deleteFreshRecord(doc, { part: 'contacts', id }, later(opts, DELETE_GRACE_MINUTES - 1)).ok).toBe(
      true,
    );
    expect(readCase(doc).file.contacts).toEqual([]);
  });

  it('refuses once the grace period is over, for someone else, and for records without a creation time', () => {
    const doc = newCase();
    const opts = writeOptions('c');
    const id = contactIn(doc, opts);
    const over = deleteFreshRecord(doc, { part: 'contacts', id }, later(opts, DELETE_GRACE_MINUTES));
    expect(over.ok).toBe(false);
    if (!over.ok) expect(over.error.issues[0]!.code).toBe('delete-not-allowed');
    expect(deleteFreshRecord(doc, { part: 'contacts', id }, later(opts, 1, 'Bea')).ok).toBe(false);
    expect(canDeleteRecord({ authorId: 'user-1' }, 'user-1', NOW)).toBe(false);
    expect(readCase(doc).file.contacts).toHaveLength(1);
  });

  it('applies to reminders, which carry their creator', () => {
    const doc = newCase();
    const opts = writeOptions('r');
    const added = addReminder(doc, { due: TODAY, text: 'Jobcenter anrufen' }, opts);
    if (!added.ok) throw new Error('reminder');
    expect(deleteFreshRecord(doc, { part: 'reminders', id: added.value }, later(opts, 2, 'Bea')).ok).toBe(
      false,
    );
    expect(deleteFreshRecord(doc, { part: 'reminders', id: added.value }, later(opts, 2)).ok).toBe(true);
  });
});

describe('older docs and two devices', () => {
  it('reads a contact written before records carried stamps, without problems', () => {
    const doc = newCase();
    doc.transact(() => {
      const map = new Y.Map<unknown>();
      doc.getArray('contacts').push([map]);
      map.set('id', 'old-1');
      map.set('date', '2024-03-01');
      map.set('kind', 'office');
      map.set('note', new Y.Text(''));
    });
    const { file, problems } = readCase(doc);
    expect(problems).toEqual([]);
    expect(file.contacts[0]).toMatchObject({ id: 'old-1', note: '', topics: [] });
    expect(file.contacts[0]!.createdAt).toBeUndefined();
    expect(file.trail).toEqual([]);
  });

  it('reports an unreadable trail entry and keeps the others', () => {
    const doc = newCase();
    const id = contactIn(doc, writeOptions('c'));
    markErroneous(doc, { part: 'contacts', id }, 'Falscher Fall', writeOptions());
    doc.getArray('recordTrail').push([{ part: 'contacts', id, event: 'deleted-for-good' }]);
    const { file, problems } = readCase(doc);
    expect(file.trail).toHaveLength(1);
    expect(problems).toEqual([
      expect.objectContaining({ path: ['recordTrail', id], effect: 'item-dropped' }),
    ]);
  });

  it('merges concurrent edits: both notes, both trail entries, and the conflict check still sees the field', () => {
    const base = newCase();
    const id = contactIn(base, writeOptions('c'), 'Termin beim Jobcenter.');
    const replica = (clientID: number) => {
      const doc = new Y.Doc({ guid: base.guid });
      doc.clientID = clientID;
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(base), REMOTE);
      const pending = new Map<string, PendingEdit>();
      const updates: Uint8Array[] = [];
      doc.on('afterTransaction', (t: Y.Transaction) => {
        if (t.origin !== REMOTE) for (const edit of editsOfTransaction(t)) pending.set(edit.path, edit);
      });
      doc.on('update', (u: Uint8Array, origin: unknown) => {
        if (origin !== REMOTE) updates.push(u);
      });
      return { doc, pending, updates };
    };
    const a = replica(1);
    const b = replica(2);
    const ok = [
      updateItem(
        a.doc,
        'contacts',
        id,
        { note: 'Termin beim Jobcenter am Montag.', durationMinutes: 30 },
        later(writeOptions(), 5, 'Anna'),
      ),
      updateItem(
        b.doc,
        'contacts',
        id,
        { note: 'Wichtig: Termin beim Jobcenter.', durationMinutes: 60 },
        later(writeOptions(), 6, 'Bea'),
      ),
      markErroneous(b.doc, { part: 'contacts', id }, 'Doppelt erfasst', later(writeOptions(), 7, 'Bea')),
    ];
    expect(ok.every((r) => r.ok)).toBe(true);

    const conflicts = detectConflicts({ doc: a.doc, updates: b.updates, pending: a.pending.values() });
    expect(conflicts.map((c) => c.path)).toEqual([`contacts/${id}/durationMinutes`]);

    for (const u of b.updates) Y.applyUpdate(a.doc, u, REMOTE);
    for (const u of a.updates) Y.applyUpdate(b.doc, u, REMOTE);
    const onA = readCase(a.doc).file;
    expect(onA).toEqual(readCase(b.doc).file);
    expect(onA.contacts[0]!.note).toBe('Wichtig: Termin beim Jobcenter am Montag.');
    expect(onA.contacts[0]!.erroneous?.reason).toBe('Doppelt erfasst');
    expect(trailOf(onA.trail, { part: 'contacts', id }).map((e) => [e.event, e.by])).toEqual([
      ['edited', 'Anna'],
      ['edited', 'Bea'],
      ['marked-erroneous', 'Bea'],
    ]);
  });
});

describe('validation that protects the plan', () => {
  it('refuses a goal whose target date is before the day it was agreed', () => {
    const doc = newCase();
    const result = addGoal(
      doc,
      { text: 'Wohnung finden', lifeDomain: 'housing', agreedOn: TODAY, dueOn: '2025-05-01' },
      writeOptions(),
    );
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.error.issues[0]).toMatchObject({ path: 'dueOn', code: 'goal-due-before-agreed' });
  });
});

describe('validation of dates that belong together', () => {
  it('saves an ABH appointment time typed before its date, and warns until the date is there', async () => {
    const { updateSection } = await import('../../../src/domain/case-write.ts');
    const { readCase } = await import('../../../src/domain/case-read.ts');
    const { abhTimeWithoutDate } = await import('../../../src/domain/schema/residence.ts');
    const doc = newCase();
    expect(updateSection(doc, 'residence', { nextAbhAppointmentTime: '09:30' }, writeOptions()).ok).toBe(
      true,
    );
    expect(abhTimeWithoutDate(readCase(doc).file.residence)).toEqual({ code: 'abh-time-without-date' });
    expect(updateSection(doc, 'residence', { nextAbhAppointmentOn: '2025-07-01' }, writeOptions()).ok).toBe(
      true,
    );
    expect(readCase(doc).file.residence.nextAbhAppointmentTime).toBe('09:30');
    expect(abhTimeWithoutDate(readCase(doc).file.residence)).toBeUndefined();
  });

  it('warns about a step due after its goal, without refusing it', async () => {
    const { stepDueAfterGoal } = await import('../../../src/domain/schema/planning.ts');
    expect(stepDueAfterGoal({ dueOn: '2025-09-01' }, { dueOn: '2025-08-01' })).toEqual({
      code: 'step-due-after-goal',
      date: '2025-08-01',
    });
    expect(stepDueAfterGoal({ dueOn: '2025-08-01' }, { dueOn: '2025-08-01' })).toBeUndefined();
    expect(stepDueAfterGoal({}, { dueOn: '2025-08-01' })).toBeUndefined();
  });
});

describe('an entry marked as erroneous counts for nothing', () => {
  it('is no longer due, no longer the last contact, and not counted', async () => {
    const { summarizeCase } = await import('../../../src/domain/summarize-case.ts');
    const doc = newCase();
    const opts = writeOptions('x');
    const reminder = addReminder(doc, { due: '2025-06-10', text: 'Jobcenter anrufen' }, opts);
    if (!reminder.ok) throw new Error('reminder');
    const contact = contactIn(doc, opts);
    const before = summarizeCase(readCase(doc), TODAY);
    expect(before.counts).toMatchObject({ contacts: 1, openReminders: 1 });
    expect(before.nextDue).toBe('2025-06-10');

    markErroneous(doc, { part: 'reminders', id: reminder.value }, 'Doppelt angelegt', opts);
    markErroneous(doc, { part: 'contacts', id: contact }, 'Falscher Fall', opts);
    const after = summarizeCase(readCase(doc), TODAY);
    expect(after.counts).toMatchObject({ contacts: 0, openReminders: 0 });
    expect(after.nextDue).toBeNull();
    expect(after.lastContactOn).toBeNull();
  });
});
