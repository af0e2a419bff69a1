import { describe, expect, test } from 'vitest';
import {
  appointmentsBetween,
  isReminding,
  RESIDENCE_APPOINTMENT_ID,
  unrecordedAppointments,
  weekDays,
  weekStart,
} from '../../../src/domain/appointments.ts';
import { readCase } from '../../../src/domain/case-read.ts';
import { addItem, updateItem } from '../../../src/domain/case-write-items.ts';
import { updateSection } from '../../../src/domain/case-write.ts';
import { detectConflicts, editsOfTransaction, type PendingEdit } from '../../../src/domain/conflicts.ts';
import { summarizeCase } from '../../../src/domain/summarize-case.ts';
import { isCurrentSummary } from '../../../src/domain/summary.ts';
import * as Y from 'yjs';
import { newCase, snapshot, TODAY, writeOptions } from './case-fixtures.ts';

const base = {
  date: '2025-06-10',
  time: '09:30',
  office: 'ABH Duisburg',
  purpose: 'residence',
  accompanied: true,
} as const;

describe('appointments', () => {
  test('are stored with who and when, and read back', () => {
    const opts = writeOptions('a');
    const doc = newCase({}, opts);
    const added = addItem(
      doc,
      'appointments',
      { ...base, interpreterLanguage: 'ar', remindDaysBefore: 1 },
      opts,
    );
    expect(added.ok).toBe(true);
    const [appointment] = readCase(doc).file.appointments;
    expect(appointment).toMatchObject({ ...base, interpreterLanguage: 'ar', remindDaysBefore: 1 });
    expect(appointment?.createdBy).toBe('user-1');
    expect(appointment?.createdAt).toBe(opts.now?.toISOString());
  });

  test('are refused without an office or partner, or ending before they start, and nothing is written', () => {
    const opts = writeOptions('a');
    const doc = newCase({}, opts);
    const before = snapshot(doc);
    const noOne = addItem(doc, 'appointments', { ...base, office: undefined }, opts);
    expect(noOne.ok).toBe(false);
    expect(noOne.ok ? [] : noOne.error.issues.map((issue) => [issue.path, issue.code])).toContainEqual([
      'office',
      'appointment-with-missing',
    ]);
    const backwards = addItem(doc, 'appointments', { ...base, endTime: '09:00' }, opts);
    expect(backwards.ok).toBe(false);
    const badTime = addItem(doc, 'appointments', { ...base, time: '25:00' }, opts);
    expect(badTime.ok).toBe(false);
    expect(snapshot(doc)).toBe(before);
  });

  test('accept a partner from the directory instead of an office', () => {
    const opts = writeOptions('a');
    const doc = newCase({}, opts);
    const added = addItem(doc, 'appointments', { ...base, office: undefined, partnerId: 'p-1' }, opts);
    expect(added.ok).toBe(true);
  });

  test('keep the earlier value in the trail when edited', () => {
    const opts = writeOptions('a');
    const doc = newCase({}, opts);
    const added = addItem(doc, 'appointments', base, opts);
    if (!added.ok) throw new Error('not added');
    expect(updateItem(doc, 'appointments', added.value, { time: '11:00' }, opts).ok).toBe(true);
    const { file } = readCase(doc);
    expect(file.appointments[0]?.time).toBe('11:00');
    expect(file.trail).toContainEqual(
      expect.objectContaining({ part: 'appointments', id: added.value, before: { time: '09:30' } }),
    );
  });

  test('moved to two times on two offline devices raise a conflict notice instead of a silent overwrite', () => {
    const opts = writeOptions('a');
    const origin = newCase({}, opts);
    const added = addItem(origin, 'appointments', base, opts);
    if (!added.ok) throw new Error('not added');
    const remote = Symbol('remote');
    const replica = (clientID: number) => {
      const doc = new Y.Doc({ guid: origin.guid });
      doc.clientID = clientID;
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(origin), remote);
      const pending = new Map<string, PendingEdit>();
      const updates: Uint8Array[] = [];
      doc.on('afterTransaction', (transaction: Y.Transaction) => {
        if (transaction.origin === remote) return;
        for (const edit of editsOfTransaction(transaction)) pending.set(edit.path, edit);
      });
      doc.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin !== remote) updates.push(update);
      });
      return { doc, pending, updates };
    };
    const mine = replica(1);
    const theirs = replica(2);
    updateItem(mine.doc, 'appointments', added.value, { time: '10:00' }, { ...opts, actor: 'anna' });
    updateItem(theirs.doc, 'appointments', added.value, { time: '11:30' }, { ...opts, actor: 'bea' });
    const conflicts = detectConflicts({
      doc: mine.doc,
      updates: theirs.updates,
      pending: mine.pending.values(),
      receivedAt: new Date('2025-06-02T12:00:00.000Z'),
    });
    expect(conflicts.map((c) => [c.label?.de, c.mine, c.theirs])).toEqual([['Beginn', '10:00', '11:30']]);
  });

  test('reach the case summary, with the ABH date of the residence section beside them', () => {
    const opts = writeOptions('a');
    const doc = newCase({}, opts);
    addItem(
      doc,
      'appointments',
      { ...base, date: '2025-06-12', purpose: 'benefits', office: 'Jobcenter' },
      opts,
    );
    updateSection(doc, 'residence', { nextAbhAppointmentOn: '2025-06-05', authority: 'ABH Duisburg' }, opts);
    const summary = summarizeCase(readCase(doc), TODAY);
    expect(isCurrentSummary(summary)).toBe(true);
    expect(summary.appointments?.map((entry) => entry.date)).toEqual(['2025-06-05', '2025-06-12']);
    expect(summary.appointments?.[0]).toMatchObject({ id: RESIDENCE_APPOINTMENT_ID, office: 'ABH Duisburg' });
  });

  test('do not repeat the ABH date when an appointment about residence is on that day', () => {
    const opts = writeOptions('a');
    const doc = newCase({}, opts);
    addItem(doc, 'appointments', base, opts);
    updateSection(doc, 'residence', { nextAbhAppointmentOn: base.date }, opts);
    const summary = summarizeCase(readCase(doc), TODAY);
    expect(summary.appointments?.map((entry) => entry.source)).toEqual(['appointment']);
  });

  test('a summary without a version is rebuilt', () => {
    expect(isCurrentSummary({})).toBe(false);
  });
});

describe('appointments across cases', () => {
  const entry = (id: string, date: string, time: string, contactRecorded = false) => ({
    id,
    source: 'appointment' as const,
    date,
    time,
    purpose: 'other' as const,
    accompanied: false,
    contactRecorded,
  });

  test('a week runs from Monday to Sunday', () => {
    expect(weekStart('2025-06-02')).toBe('2025-06-02'); // a Monday
    expect(weekStart('2025-06-08')).toBe('2025-06-02'); // the Sunday after
    expect(weekStart('2025-06-09')).toBe('2025-06-09');
    expect(weekDays('2025-06-02')).toEqual([
      '2025-06-02',
      '2025-06-03',
      '2025-06-04',
      '2025-06-05',
      '2025-06-06',
      '2025-06-07',
      '2025-06-08',
    ]);
  });

  test('are collected within the range, in order of day and time', () => {
    const found = appointmentsBetween(
      [
        {
          caseId: 'c-2',
          appointments: [entry('x', '2025-06-03', '14:00'), entry('y', '2025-06-09', '08:00')],
        },
        { caseId: 'c-1', appointments: [entry('z', '2025-06-03', '08:00')] },
        { caseId: 'c-3', appointments: undefined },
      ],
      '2025-06-02',
      '2025-06-08',
    );
    expect(found.map((item) => `${item.caseId}:${item.id}`)).toEqual(['c-1:z', 'c-2:x']);
  });

  test('past ones without a contact are offered for recording, newest first', () => {
    const found = unrecordedAppointments(
      [
        {
          caseId: 'c-1',
          appointments: [
            entry('old', '2025-05-01', '09:00'),
            entry('done', '2025-05-30', '09:00', true),
            entry('a', '2025-05-28', '09:00'),
            entry('b', '2025-06-01', '09:00'),
            entry('today', TODAY, '09:00'),
          ],
        },
      ],
      TODAY,
    );
    expect(found.map((item) => item.id)).toEqual(['b', 'a']);
  });

  test('remind from the chosen number of days before', () => {
    expect(isReminding({ date: '2025-06-03', remindDaysBefore: 1 }, TODAY)).toBe(true);
    expect(isReminding({ date: '2025-06-04', remindDaysBefore: 1 }, TODAY)).toBe(false);
    expect(isReminding({ date: '2025-06-03' }, TODAY)).toBe(false);
  });
});
