import { z } from 'zod';
import { lifeDomainSchema, noticePeriodSchema } from '../vocabulary.ts';
import {
  idSchema,
  isoDateSchema,
  LIMITS,
  listSchema,
  proseSchema,
  requiredTextSchema,
  textSchema,
  timestampSchema,
} from './primitives.ts';
import { recordStampFields } from './record-trail.ts';
import { notInFuture, type Rule } from './rules.ts';

/** A manual Wiedervorlage. */
export const reminderFields = z.object({
  id: idSchema,
  due: isoDateSchema,
  text: requiredTextSchema(LIMITS.line),
  done: z.boolean().optional(),
  ...recordStampFields,
});
export type Reminder = z.output<typeof reminderFields>;

export const reminderRules: readonly Rule<Reminder>[] = [];

/**
 * A Wiedervorlage set for a day already past is overdue at once: allowed (a reminder that is already late
 * can be deliberate) but worth a word next to the date. `undefined` when there is nothing to say.
 */
export function reminderInPast(
  reminder: { due?: string | undefined },
  today: string,
): { code: 'reminder-in-past' } | undefined {
  if (reminder.due === undefined || reminder.due === '' || reminder.due >= today) return undefined;
  return { code: 'reminder-in-past' };
}

/** A Bescheid the client received; the period to challenge it is derived from `receivedOn`. */
export const noticeFields = z.object({
  id: idSchema,
  institution: requiredTextSchema(LIMITS.short),
  subject: textSchema(LIMITS.short).optional(),
  receivedOn: isoDateSchema,
  /** Absent means one month, the rule for nearly every notice. */
  period: noticePeriodSchema.optional(),
  note: textSchema(LIMITS.paragraph).optional(),
  /** Set once an objection was lodged or the client decided against one; the deadline then stops showing. */
  deadlineDone: z.boolean().optional(),
  ...recordStampFields,
});
export type Notice = z.output<typeof noticeFields>;

export const noticeRules: readonly Rule<Notice>[] = [notInFuture((n) => n.receivedOn, 'receivedOn')];

/**
 * What a case manager reports of a barrier to coordination ("an Koordination melden"): written for that
 * purpose, anonymised, and checked against the case's identifying data before it is stored
 * (`src/domain/barrier-report.ts`). Nothing else of the case leaves with it. One plain value on the barrier,
 * replaced whole; a withdrawal keeps the texts and says when and by whom.
 */
export const barrierReportFields = z.object({
  /** A category id from the team's barrier categories; may differ from the barrier's own. */
  category: idSchema,
  institution: requiredTextSchema(LIMITS.short),
  happened: requiredTextSchema(LIMITS.paragraph),
  wouldHelp: textSchema(LIMITS.paragraph).optional(),
  reportedAt: timestampSchema,
  reportedBy: idSchema.optional(),
  withdrawnAt: timestampSchema.optional(),
  withdrawnBy: idSchema.optional(),
});
export type BarrierReport = z.output<typeof barrierReportFields>;

/** The texts a person writes for a report; the rest is stamped by `reportBarrier`. */
export const barrierReportInputFields = barrierReportFields.pick({
  category: true,
  institution: true,
  happened: true,
  wouldHelp: true,
});
export type BarrierReportInput = z.input<typeof barrierReportInputFields>;

/** A structural barrier observed in this case; `description` is prose (`Y.Text`) in the doc. */
export const barrierFields = z.object({
  id: idSchema,
  /** A category id from the team's barrier categories (team doc). */
  category: idSchema,
  institution: textSchema(LIMITS.short).optional(),
  description: proseSchema.default(''),
  observedOn: isoDateSchema,
  lifeDomain: lifeDomainSchema.optional(),
  /** The current report to coordination, if any (written only by `reportBarrier` / `withdrawBarrierReport`). */
  report: barrierReportFields.optional(),
  /** Reports withdrawn before the current one, oldest first, so a withdrawal stays traceable. */
  earlierReports: listSchema(barrierReportFields, 50).optional(),
});
export type Barrier = z.output<typeof barrierFields>;

export const barrierRules: readonly Rule<Barrier>[] = [notInFuture((b) => b.observedOn, 'observedOn')];
