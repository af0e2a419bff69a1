import { z } from 'zod';
import type { IsoDate } from './dates.ts';
import { idSchema, isoDateSchema } from './schema/primitives.ts';

/**
 * What needs attention, when: manual Wiedervorlagen, due steps, and deadlines derived from the case.
 * Entries do not depend on today, so they can be stored with the case summary and the "Heute" screen can
 * be built from summaries alone, without opening 1,000 docs. This module holds what reads stored entries;
 * the rules that derive them from a case are in ./due-items.ts, which only building a summary needs.
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

/** The earliest due date of a case's entries, overdue ones included. */
export function nextDue(entries: readonly DueEntry[]): IsoDate | null {
  let earliest: IsoDate | null = null;
  for (const entry of entries) if (earliest === null || entry.due < earliest) earliest = entry.due;
  return earliest;
}

/**
 * Whether an entry is still to be acted on as of `today`, and whether it is overdue. Two kinds of past
 * entries are not chased: a past ABH appointment (it happened or was missed, and the next one needs
 * entering), and anything of a closed case (stored summaries may predate the closure rule of `caseDueEntries`, so this
 * holds for them too). Answers `undefined` for an entry that is not to be shown at all.
 */
export function dueStanding(
  entry: DueEntry,
  closed: boolean,
  today: IsoDate,
): { overdue: boolean } | undefined {
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
    const state = dueStanding(entry, closed, today);
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
  return dueStanding(entry, closed, today)?.overdue === true;
}
