import { describe, expect, test } from 'vitest';
import { readCase } from '../../../src/domain/case-read.ts';
import { changePhase } from '../../../src/domain/case-write-phase.ts';
import {
  addGoal,
  addNotice,
  addReminder,
  addStep,
  setStepStatus,
  updateItem,
} from '../../../src/domain/case-write-items.ts';
import { updateSection } from '../../../src/domain/case-write.ts';
import {
  caseDueEntries,
  collectDueItems,
  groupDueItems,
  nextDeadline,
  isOverdue,
  overdueCount,
  weekAhead,
  type DueEntry,
} from '../../../src/domain/due-items.ts';
import { newCase, TODAY, writeOptions } from './case-fixtures.ts';

function must<T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

describe('due entries of one case', () => {
  test('derives reminders, due steps, residence, § 104c, ABH appointment and notice deadlines', () => {
    const opts = writeOptions();
    const doc = newCase({}, opts);
    must(addReminder(doc, { due: '2025-06-04', text: 'Unterlagen Jobcenter nachreichen' }, opts));
    must(addReminder(doc, { due: '2025-05-01', text: 'Erledigt', done: true }, opts));
    const goalId = must(addGoal(doc, { text: 'Integrationskurs B1', lifeDomain: 'language' }, opts));
    const stepId = must(
      addStep(doc, goalId, { text: 'Anmeldung VHS', responsible: 'client', dueOn: '2025-06-06' }, opts),
    );
    must(
      updateSection(
        doc,
        'residence',
        {
          status: 'opportunity-residence',
          opportunityGrantedOn: '2024-03-15',
          documentValidUntil: '2025-09-14',
          nextAbhAppointmentOn: '2025-06-20',
        },
        opts,
      ),
    );
    must(
      addNotice(
        doc,
        { institution: 'Jobcenter Duisburg', subject: 'Sanktion', receivedOn: '2025-05-30' },
        opts,
      ),
    );

    const entries = caseDueEntries(readCase(doc).file);
    const byKind = Object.fromEntries(entries.map((entry) => [entry.kind, entry]));
    expect(entries).toHaveLength(6);
    expect(byKind.reminder).toMatchObject({
      due: '2025-06-04',
      label: { text: 'Unterlagen Jobcenter nachreichen' },
    });
    expect(byKind.step).toMatchObject({
      due: '2025-06-06',
      sourceId: stepId,
      label: { goalText: 'Integrationskurs B1' },
    });
    expect(byKind['residence-document-expiry']).toMatchObject({
      due: '2025-09-14',
      remindFrom: '2025-06-14',
    });
    expect(byKind['opportunity-residence-end']).toMatchObject({
      due: '2025-09-15',
      remindFrom: '2025-06-15',
    });
    expect(byKind['abh-appointment']).toMatchObject({ due: '2025-06-20', remindFrom: '2025-06-13' });
    // 30 May + 1 month = 30 June 2025, a Monday.
    expect(byKind['objection-deadline']).toMatchObject({
      due: '2025-06-30',
      remindFrom: '2025-05-30',
      label: { institution: 'Jobcenter Duisburg', subject: 'Sanktion' },
    });

    must(setStepStatus(doc, goalId, stepId, 'achieved', opts));
    const noticeId = entries.find((e) => e.kind === 'objection-deadline')?.sourceId ?? '';
    must(updateItem(doc, 'notices', noticeId, { deadlineDone: true }, opts));
    const kinds = caseDueEntries(readCase(doc).file).map((entry) => entry.kind);
    expect(kinds).not.toContain('step');
    expect(kinds).not.toContain('objection-deadline');
  });

  test('a closed case keeps only its manual reminders', () => {
    const opts = writeOptions();
    const doc = newCase({}, opts);
    must(addReminder(doc, { due: '2025-09-01', text: 'Nachfragen, ob alles läuft' }, opts));
    must(updateSection(doc, 'residence', { documentValidUntil: '2025-08-01' }, opts));
    must(changePhase(doc, 'closed', { ...opts, closure: { reason: 'goals-achieved', closedOn: TODAY } }));
    expect(caseDueEntries(readCase(doc).file).map((entry) => entry.kind)).toEqual(['reminder']);
  });
});

describe('the "Heute" list', () => {
  const entry = (kind: DueEntry['kind'], due: string, remindFrom = due, sourceId?: string): DueEntry => ({
    kind,
    due,
    remindFrom,
    label: {},
    ...(sourceId ? { sourceId } : {}),
  });

  test('shows overdue items first, then by due date, up to one working week ahead', () => {
    // Monday 2 June 2025; Pfingstmontag (9 June) does not count, so the working week ahead ends on 10 June.
    const items = collectDueItems(
      [
        {
          caseId: 'b',
          entries: [entry('reminder', '2025-06-05', '2025-06-05', 'r1'), entry('reminder', '2025-06-11')],
        },
        {
          caseId: 'a',
          entries: [entry('step', '2025-06-02'), entry('reminder', '2025-05-20', '2025-05-20', 'r0')],
        },
        { caseId: 'c', entries: [entry('objection-deadline', '2025-06-30', '2025-05-30')] },
        { caseId: 'd', entries: [entry('residence-document-expiry', '2025-05-31', '2025-02-28')] },
      ],
      TODAY,
    );
    expect(items.map((item) => [item.caseId, item.kind, item.due, item.overdue])).toEqual([
      ['a', 'reminder', '2025-05-20', true],
      ['d', 'residence-document-expiry', '2025-05-31', true],
      ['a', 'step', '2025-06-02', false],
      ['b', 'reminder', '2025-06-05', false],
      // Shown now because its reminder period has begun, although it is due later.
      ['c', 'objection-deadline', '2025-06-30', false],
    ]);
  });

  test('a wider horizon includes later items; past ABH appointments are not shown as overdue', () => {
    const items = collectDueItems(
      [
        {
          caseId: 'a',
          entries: [entry('reminder', '2025-06-20'), entry('abh-appointment', '2025-05-28', '2025-05-21')],
        },
      ],
      TODAY,
      '2025-06-30',
    );
    expect(items.map((item) => item.kind)).toEqual(['reminder']);
  });
});

describe('"diese Woche" looks one working week ahead', () => {
  test('on a Monday it reaches the next Monday', () => {
    expect(weekAhead('2025-03-17')).toBe('2025-03-24');
  });

  test('on a Friday it reaches over the weekend to the next Friday, Monday included', () => {
    expect(weekAhead('2025-03-14')).toBe('2025-03-21');
  });

  test('NRW public holidays do not use up the week', () => {
    // Friday 6 June 2025; Monday 9 June is Pfingstmontag.
    expect(weekAhead('2025-06-06')).toBe('2025-06-16');
    // Thursday 17 April 2025: Karfreitag (18th) and Ostermontag (21st) are holidays.
    expect(weekAhead('2025-04-17')).toBe('2025-04-28');
  });

  test('on a Friday the list groups Monday under this week, not later', () => {
    const friday = '2025-03-14';
    const reminder = (due: string, sourceId: string): DueEntry => ({
      kind: 'reminder',
      due,
      remindFrom: due,
      label: {},
      sourceId,
    });
    const entries: DueEntry[] = [
      reminder('2025-03-14', 'r-today'),
      reminder('2025-03-17', 'r-monday'),
      reminder('2025-03-21', 'r-friday'),
      reminder('2025-03-24', 'r-next-monday'),
      reminder('2025-03-13', 'r-late'),
      { kind: 'residence-document-expiry', due: '2025-05-01', remindFrom: '2025-02-01', label: {} },
    ];
    const groups = groupDueItems(collectDueItems([{ caseId: 'a', entries }], friday), friday);
    const ids = (key: keyof typeof groups) => groups[key].map((item) => item.sourceId ?? item.kind);
    expect(ids('today')).toEqual(['r-today']);
    expect(ids('week')).toEqual(['r-monday', 'r-friday']);
    // Shown because its lead time has begun; the reminder of the Monday after is not shown yet.
    expect(ids('later')).toEqual(['residence-document-expiry']);
    expect(ids('overdue')).toEqual(['r-late']);
  });
});

describe('a closed case never shows an overdue deadline', () => {
  const entry = (due: string, kind: DueEntry['kind'] = 'reminder'): DueEntry => ({
    kind,
    due,
    remindFrom: due,
    label: {},
  });

  test('closing settles the reminders dated up to the closure; later follow-ups stay', () => {
    const opts = writeOptions();
    const doc = newCase({}, opts);
    must(addReminder(doc, { due: '2025-05-20', text: 'Vergessen abzuhaken' }, opts));
    must(addReminder(doc, { due: '2025-09-01', text: 'Nachfragen, ob alles läuft' }, opts));
    must(changePhase(doc, 'closed', { ...opts, closure: { reason: 'goals-achieved', closedOn: TODAY } }));
    expect(caseDueEntries(readCase(doc).file).map((entry) => entry.due)).toEqual(['2025-09-01']);
  });

  test('entries of a closed case that lie in the past are neither overdue nor listed', () => {
    // A summary stored before closing settled old reminders, or a follow-up after closure that passed.
    const entries = [entry('2025-05-01'), entry('2025-06-20')];
    expect(nextDeadline(entries, true, TODAY)).toEqual({ due: '2025-06-20', overdue: false });
    expect(overdueCount(entries, true, TODAY)).toBe(0);
    expect(collectDueItems([{ caseId: 'a', entries, closed: true }], TODAY, '2025-06-30')).toHaveLength(1);
    expect(collectDueItems([{ caseId: 'a', entries, closed: true }], TODAY)[0]?.overdue ?? false).toBe(false);
    // The same entries of an open case are overdue.
    expect(nextDeadline(entries, false, TODAY)).toEqual({ due: '2025-05-01', overdue: true });
    expect(overdueCount(entries, false, TODAY)).toBe(1);
  });

  test('a past ABH appointment is not the next deadline and not overdue', () => {
    const entries = [entry('2025-05-28', 'abh-appointment'), entry('2025-06-10')];
    expect(nextDeadline(entries, false, TODAY)).toEqual({ due: '2025-06-10', overdue: false });
  });

  test('one entry is overdue only when past, in an open case, and not a past ABH appointment', () => {
    expect(isOverdue(entry('2025-05-01'), false, TODAY)).toBe(true);
    expect(isOverdue(entry('2025-05-01'), true, TODAY)).toBe(false);
    expect(isOverdue(entry('2025-05-28', 'abh-appointment'), false, TODAY)).toBe(false);
    expect(isOverdue(entry(TODAY), false, TODAY)).toBe(false);
  });
});
