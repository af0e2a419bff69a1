import { z } from 'zod';
import { phaseSchema } from '../vocabulary.ts';
import { check } from '../messages.ts';
import { idSchema, LIMITS, textSchema, timestampSchema } from './primitives.ts';

/**
 * Append-only records of how a case moved: its phase changes and the handovers between case managers.
 * Each entry is written once, as a plain value in a root `Y.Array`, and never changed or removed, so the
 * history is what coordination's reports and the next case manager can trust.
 */

/** One phase change: from which phase to which, when and by whom. */
export const phaseChangeFields = z.object({
  id: idSchema,
  /** Absent for the phase a case starts in. */
  from: phaseSchema.optional(),
  to: phaseSchema,
  at: timestampSchema,
  /** The user who changed it; absent where nobody was signed in (cases recorded before accounts). */
  by: idSchema.optional(),
});
export type PhaseChange = z.output<typeof phaseChangeFields>;

/** One handover of the responsibility for a case (Zuständigkeit) from one case manager to another. */
export const handoverFields = z.object({
  id: idSchema,
  /** Who was responsible before; absent when nobody was recorded. */
  from: idSchema.optional(),
  to: idSchema,
  at: timestampSchema,
  by: idSchema.optional(),
  note: textSchema(LIMITS.paragraph).optional(),
});
export type Handover = z.output<typeof handoverFields>;

/** What *Fall übergeben* asks for. */
export const handoverInputSchema = z.object({
  to: z
    .string({ error: check('handover-to-missing').error })
    .trim()
    .min(1, check('handover-to-missing'))
    .pipe(idSchema),
  note: textSchema(LIMITS.paragraph).optional(),
});
export type HandoverInput = z.input<typeof handoverInputSchema>;
