import { z } from 'zod';
import { idSchema, LIMITS, requiredTextSchema, timestampSchema } from './primitives.ts';

/**
 * The parts whose records are documentation a colleague must be able to trust: an edit leaves a trace with
 * the earlier values, and a wrong entry is marked as erroneous instead of deleted (see
 * docs/architecture.md#records-you-can-trust).
 */
export const TRACED_PARTS = [
  'contacts',
  'goals',
  'steps',
  'referrals',
  'reminders',
  'notices',
  'appointments',
] as const;
export type TracedPart = (typeof TRACED_PARTS)[number];

/** How long the author may still delete a fresh entry outright (a slip of the finger, a wrong case). */
export const DELETE_GRACE_MINUTES = 15;

/** Why and by whom a record was marked as erroneous; stored as one plain value on the record. */
export const erroneousMarkSchema = z.object({
  at: timestampSchema,
  by: idSchema.optional(),
  reason: requiredTextSchema(LIMITS.line),
});
export type ErroneousMark = z.output<typeof erroneousMarkSchema>;

/** The fields every traced record carries besides its own (all optional: older docs lack them). */
export const recordStampFields = {
  /** When the record was first saved. */
  createdAt: timestampSchema.optional(),
  /** Who first saved it (contacts name their author in `authorId` instead). */
  createdBy: idSchema.optional(),
  erroneous: erroneousMarkSchema.optional(),
};

/** Keys that describe the record rather than its content: never part of an edit's earlier values. */
export const STAMP_KEYS: readonly string[] = ['id', 'createdAt', 'createdBy', 'authorId', 'erroneous'];

/**
 * One event in the life of a traced record, appended to the root `Y.Array` 'recordTrail' as a plain value
 * and never changed afterwards. `before` holds the values an edit replaced (absent: the field was empty),
 * so the earlier wording stays readable; concurrent events on two devices are both kept.
 */
export const trailEntrySchema = z.object({
  part: z.enum(TRACED_PARTS),
  id: idSchema,
  /** For steps: the goal that holds the step. */
  goalId: idSchema.optional(),
  event: z.enum(['edited', 'marked-erroneous', 'unmarked']),
  at: timestampSchema,
  by: idSchema.optional(),
  before: z.record(z.string(), z.unknown()).optional(),
  /** For `marked-erroneous`: the reason given; for `unmarked`: the reason that was lifted. */
  reason: z.string().max(LIMITS.line).optional(),
});
export type TrailEntry = z.output<typeof trailEntrySchema>;
