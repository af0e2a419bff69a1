import { z } from 'zod';
import type { CaseFile } from './case-file.ts';
import { addDays, endOfWeek, type IsoDate } from './dates.ts';
import { objectionDeadline, opportunityResidenceWindow, residenceExpiryReminder } from './deadlines.ts';
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
 * Every open due entry of a case. A closed case keeps only its manual reminders: follow-ups after closure
 * are deliberate, derived deadlines of a closed case are no longer the case manager's business.
 */
export function caseDueEntries(file: CaseFile): DueEntry[] {
  const entries: DueEntry[] = [];
  for (const reminder of file.reminders) {
    if (reminder.done) continue;
    entries.push({
      kind: 'reminder',
      due: reminder.due,
      remindFrom: reminder.due,
      sourceId: reminder.id,
      label: { text: reminder.text },
    });
  }
  if (file.meta.phase === 'closed') return entries;

  for (const goal of file.goals) {
    if (FINISHED_GOAL_STATUSES.includes(goal.status)) continue;
    for (const step of goal.steps) {
      if (step.dueOn === undefined || FINISHED_GOAL_STATUSES.includes(step.status)) continue;
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
    if (notice.deadlineDone) continue;
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
  return entries;
}

/** The earliest due date of a case's entries, overdue ones included. */
export function nextDue(entries: readonly DueEntry[]): IsoDate | null {
  let earliest: IsoDate | null = null;
  for (const entry of entries) if (earliest === null || entry.due < earliest) earliest = entry.due;
  return earliest;
}

export interface DueSource {
  caseId: string;
  entries: readonly DueEntry[];
}

/**
 * The "Heute" list across cases: every entry already shown by `until` (default: the end of this week),
 * overdue first, then by due date. A past ABH appointment is not "overdue" — it happened or was missed,
 * and the next one needs entering — so it is left out.
 */
export function collectDueItems(
  sources: Iterable<DueSource>,
  today: IsoDate,
  until: IsoDate = endOfWeek(today),
): DueItem[] {
  const items: DueItem[] = [];
  for (const source of sources) {
    for (const entry of source.entries) {
      if (entry.remindFrom > until && entry.due > until) continue;
      if (entry.kind === 'abh-appointment' && entry.due < today) continue;
      items.push({ ...entry, caseId: source.caseId, overdue: entry.due < today });
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
