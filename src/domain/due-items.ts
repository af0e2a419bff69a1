import { z } from 'zod';
import type { CaseFile } from './case-file.ts';
import { addDays, type IsoDate } from './dates.ts';
import { objectionDeadline, opportunityResidenceWindow, residenceExpiryReminder } from './deadlines.ts';
import { isWorkingDay } from './holidays-nrw.ts';
import { pathwayDueEntries } from './pathways/due.ts';
import { idSchema, isoDateSchema } from './schema/primitives.ts';
import { FINISHED_GOAL_STATUSES } from './vocabulary.ts';

/**
 * What needs attention, when: manual Wiedervorlagen, due steps, and deadlines derived from the case.
 * Entries do not depend on today, so they can be stored with the case summary and the "Heute" screen can
 * be built from summaries alone, without opening 1,000 docs.
 */
export const DUE_KINDS = [
  'reminder',
  'step',
  'residence-document-expiry',
  'opportunity-residence-end',
  'objection-deadline',
  'abh-appointment',
  'document-due',
  'pathway-deadline',
  'pathway-time',
] as const;
export const dueKindSchema = z.enum(DUE_KINDS);
export type DueKind = z.infer<typeof dueKindSchema>;

/** Texts the UI needs to describe an entry; which fields are set depends on the kind. */
export const dueLabelSchema = z.object({
  /** Reminder or step text. */
  text: z.string().optional(),
  /** The goal a step belongs to. */
  goalText: z.string().optional(),
  /** The institution that issued a notice. */
  institution: z.string().optional(),
  subject: z.string().optional(),
});
export type DueLabel = z.infer<typeof dueLabelSchema>;

export const dueEntrySchema = z.object({
  kind: dueKindSchema,
  /** The date it is due: the reminder's date, the end of a period, the expiry, the appointment. */
  due: isoDateSchema,
  /** The first day it is shown; earlier than `due` for derived deadlines that need lead time. */
  remindFrom: isoDateSchema,
  /** The record it comes from (reminder, step, notice), for navigating to it. */
  sourceId: idSchema.optional(),
  label: dueLabelSchema,
});
export type DueEntry = z.infer<typeof dueEntrySchema>;

/** A due entry of one case as the "Heute" screen shows it. */
export interface DueItem extends DueEntry {
  caseId: string;
  /** The due date has passed. */
  overdue: boolean;
}

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

/** The earliest due date of a case's entries, overdue ones included. */
export function nextDue(entries: readonly DueEntry[]): IsoDate | null {
  let earliest: IsoDate | null = null;
  for (const entry of entries) if (earliest === null || entry.due < earliest) earliest = entry.due;
  return earliest;
}

/**
 * Whether an entry is still to be acted on as of `today`, and whether it is overdue. Two kinds of past
 * entries are not chased: a past ABH appointment (it happened or was missed, and the next one needs
 * entering), and anything of a closed case (stored summaries may predate the closure rule above, so this
 * holds for them too). Answers `undefined` for an entry that is not to be shown at all.
 */
function standing(entry: DueEntry, closed: boolean, today: IsoDate): { overdue: boolean } | undefined {
  if (entry.due >= today) return { overdue: false };
  if (closed || entry.kind === 'abh-appointment') return undefined;
  return { overdue: true };
}

/**
 * The deadline the case list shows for a case: its earliest entry still to be acted on, overdue or not.
 * A closed case never shows an overdue deadline.
 */
export function nextDeadline(
  entries: readonly DueEntry[],
  closed: boolean,
  today: IsoDate,
): { due: IsoDate; overdue: boolean } | null {
  let next: { due: IsoDate; overdue: boolean } | null = null;
  for (const entry of entries) {
    const state = standing(entry, closed, today);
    if (state && (next === null || entry.due < next.due)) next = { due: entry.due, overdue: state.overdue };
  }
  return next;
}

/** How many entries of a case are overdue as of `today` (never any for a closed case). */
export function overdueCount(entries: readonly DueEntry[], closed: boolean, today: IsoDate): number {
  return entries.filter((entry) => isOverdue(entry, closed, today)).length;
}

/**
 * Whether one entry is to be shown as overdue: past and still to be acted on. Never for a closed case, nor
 * for a past ABH appointment.
 */
export function isOverdue(entry: DueEntry, closed: boolean, today: IsoDate): boolean {
  return standing(entry, closed, today)?.overdue === true;
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
 * first, then by due date. Past entries that are not chased (see `standing`) are left out.
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
      const state = standing(entry, source.closed ?? false, today);
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
