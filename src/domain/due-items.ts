import type { CaseFile } from './case-file.ts';
import { addDays, type IsoDate } from './dates.ts';
import { objectionDeadline, opportunityResidenceWindow, residenceExpiryReminder } from './deadlines.ts';
import { isWorkingDay } from './holidays-nrw.ts';
import { pathwayDueEntries } from './pathways/due.ts';
import { FINISHED_GOAL_STATUSES } from './vocabulary.ts';
import { dueStanding, type DueEntry, type DueItem } from './due-entry.ts';

export * from './due-entry.ts';

/** Lead time for an ABH appointment: a week to gather documents. */
const APPOINTMENT_LEAD_DAYS = 7;

/**
 * Every open due entry of a case. A closed case keeps only its manual reminders dated after the closure:
 * a follow-up after closure is deliberate, while the closure settles whatever was still open up to it, and
 * derived deadlines of a closed case are no longer the case manager's business.
 */
export function caseDueEntries(file: CaseFile): DueEntry[] {
  const entries: DueEntry[] = [];
  const closed = file.meta.phase === 'closed';
  const closedOn = closed ? file.closure.closedOn : undefined;
  // An entry marked as erroneous stays in the file for the record but is nobody's task any more.
  for (const reminder of file.reminders) {
    if (reminder.done || reminder.erroneous) continue;
    if (closedOn !== undefined && reminder.due <= closedOn) continue;
    entries.push({
      kind: 'reminder',
      due: reminder.due,
      remindFrom: reminder.due,
      sourceId: reminder.id,
      label: { text: reminder.text },
    });
  }
  if (closed) return entries;

  for (const goal of file.goals) {
    if (FINISHED_GOAL_STATUSES.includes(goal.status) || goal.erroneous) continue;
    for (const step of goal.steps) {
      if (step.dueOn === undefined || FINISHED_GOAL_STATUSES.includes(step.status) || step.erroneous)
        continue;
      entries.push({
        kind: 'step',
        due: step.dueOn,
        remindFrom: step.dueOn,
        sourceId: step.id,
        label: { text: step.text, goalText: goal.text },
      });
    }
  }

  const { residence } = file;
  if (residence.documentValidUntil !== undefined) {
    entries.push({
      kind: 'residence-document-expiry',
      due: residence.documentValidUntil,
      remindFrom: residenceExpiryReminder(residence.documentValidUntil),
      label: {},
    });
  }
  if (residence.status === 'opportunity-residence' && residence.opportunityGrantedOn !== undefined) {
    const window = opportunityResidenceWindow(residence.opportunityGrantedOn);
    entries.push({
      kind: 'opportunity-residence-end',
      due: window.endsOn,
      remindFrom: window.remindFrom,
      label: {},
    });
  }
  if (residence.nextAbhAppointmentOn !== undefined) {
    entries.push({
      kind: 'abh-appointment',
      due: residence.nextAbhAppointmentOn,
      remindFrom: addDays(residence.nextAbhAppointmentOn, -APPOINTMENT_LEAD_DAYS),
      label: {},
    });
  }
  for (const notice of file.notices) {
    if (notice.deadlineDone || notice.erroneous) continue;
    entries.push({
      kind: 'objection-deadline',
      due: objectionDeadline(notice.receivedOn, notice.period).endsOn,
      remindFrom: notice.receivedOn,
      sourceId: notice.id,
      label: {
        institution: notice.institution,
        ...(notice.subject !== undefined ? { subject: notice.subject } : {}),
      },
    });
  }
  entries.push(...pathwayDueEntries(file));
  return entries;
}

/** Working days the "Heute" screen looks ahead: one working week. */
export const WEEK_AHEAD_WORKING_DAYS = 5;

/**
 * The last day of "diese Woche" as the "Heute" screen means it: the fifth working day after `today`
 * (Monday to Friday, NRW public holidays excluded). Weekends and holidays in between count along but do not
 * use up the week, so on a Friday the list reaches to the next Friday and includes Monday; before Easter
 * it reaches past Karfreitag and Ostermontag.
 */
export function weekAhead(today: IsoDate): IsoDate {
  let day = today;
  let workingDays = 0;
  while (workingDays < WEEK_AHEAD_WORKING_DAYS) {
    day = addDays(day, 1);
    if (isWorkingDay(day)) workingDays += 1;
  }
  return day;
}

export interface DueSource {
  caseId: string;
  entries: readonly DueEntry[];
  /** The case is closed: its entries are shown while they lie ahead, and never as overdue. */
  closed?: boolean;
}

/**
 * The "Heute" list across cases: every entry already shown by `until` (default: {@link weekAhead}), overdue
 * first, then by due date. Past entries that are not chased (see `dueStanding`) are left out.
 */
export function collectDueItems(
  sources: Iterable<DueSource>,
  today: IsoDate,
  until: IsoDate = weekAhead(today),
): DueItem[] {
  const items: DueItem[] = [];
  for (const source of sources) {
    for (const entry of source.entries) {
      if (entry.remindFrom > until && entry.due > until) continue;
      const state = dueStanding(entry, source.closed ?? false, today);
      if (!state) continue;
      items.push({ ...entry, caseId: source.caseId, overdue: state.overdue });
    }
  }
  return items.sort(
    (a, b) =>
      Number(b.overdue) - Number(a.overdue) ||
      a.due.localeCompare(b.due) ||
      a.kind.localeCompare(b.kind) ||
      a.caseId.localeCompare(b.caseId) ||
      (a.sourceId ?? '').localeCompare(b.sourceId ?? ''),
  );
}

export type DueGroupKey = 'overdue' | 'today' | 'week' | 'later';

/**
 * The "Heute" list split as a working day needs it: overdue, due today, due this week (through
 * {@link weekAhead}), and later entries whose lead time has begun. The screen puts today and this week
 * first and shows the overdue ones collapsed behind their count, so a long backlog never hides what is due
 * today.
 */
export function groupDueItems(
  items: readonly DueItem[],
  today: IsoDate,
  until: IsoDate = weekAhead(today),
): Record<DueGroupKey, DueItem[]> {
  const groups: Record<DueGroupKey, DueItem[]> = { overdue: [], today: [], week: [], later: [] };
  for (const item of items) {
    if (item.overdue) groups.overdue.push(item);
    else if (item.due === today) groups.today.push(item);
    else if (item.due <= until) groups.week.push(item);
    else groups.later.push(item);
  }
  return groups;
}
