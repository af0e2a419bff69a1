import { z } from 'zod';

/**
 * The messages between the relay and its facts projection worker (`FactsWorker`). They cross a thread
 * boundary, so both sides parse them: the relay stores nothing a worker answered that does not fit.
 */

/** Project the doc whose stored state is `state`. */
export const ProjectRequestSchema = z.object({
  id: z.number().int().nonnegative(),
  state: z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'state must be bytes'),
});
export type ProjectRequest = z.infer<typeof ProjectRequestSchema>;

/** The facts as JSON text (`null`: the doc is no case file), or why they could not be computed. */
export const ProjectAnswerSchema = z.discriminatedUnion('ok', [
  z.object({ id: z.number().int().nonnegative(), ok: z.literal(true), facts: z.string().nullable() }),
  z.object({ id: z.number().int().nonnegative(), ok: z.literal(false), error: z.string() }),
]);
export type ProjectAnswer = z.infer<typeof ProjectAnswerSchema>;
