import { z } from 'zod';
import { ReportTableSchema, ReportThemaSchema } from '../../../src/protocol/reports.ts';

/**
 * The messages between the relay and its reports worker (`ReportsWorker`). They cross a thread boundary,
 * so both sides parse them: the relay stores and answers nothing a worker sent that does not fit.
 */

const idSchema = z.number().int().nonnegative();

/** Project the doc whose stored state is `state`. */
export const ProjectRequestSchema = z.object({
  id: idSchema,
  kind: z.literal('project'),
  state: z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'state must be bytes'),
});
export type ProjectRequest = z.infer<typeof ProjectRequestSchema>;

/**
 * Compute the reports of every selection a coordinator of `teams` may ask for (`jointReports`): the cases'
 * facts of the period as JSON text (`casesOfPeriod`), and what the team docs and coordination's doc say.
 */
export const ReportsRequestSchema = z.object({
  id: idSchema,
  kind: z.literal('reports'),
  period: z.string(),
  teams: z.array(z.object({ id: z.string(), name: z.string() })),
  cases: z.array(z.object({ teamId: z.string(), facts: z.string() })),
  labels: z.array(z.tuple([z.string(), z.string()])),
  partnerCategories: z.array(z.tuple([z.string(), z.string()])),
  posts: z.array(z.tuple([z.string(), z.number()])),
  /** Coordination's Themen and links as `readCoordination` read them on the relay. */
  themen: z.array(z.unknown()),
  links: z.array(z.tuple([z.string(), z.unknown()])),
});
export type ReportsRequest = z.infer<typeof ReportsRequestSchema>;

export const WorkerRequestSchema = z.discriminatedUnion('kind', [ProjectRequestSchema, ReportsRequestSchema]);

export const ReportContentSchema = z.object({
  tables: z.array(ReportTableSchema),
  themen: z.array(ReportThemaSchema),
});

/** The facts as JSON text (`null`: the doc is no case file), the reports by selection, or why it failed. */
export const WorkerAnswerSchema = z.union([
  z.object({ id: idSchema, ok: z.literal(false), error: z.string() }),
  z.object({ id: idSchema, ok: z.literal(true), facts: z.string().nullable() }),
  z.object({
    id: idSchema,
    ok: z.literal(true),
    reports: z.array(z.tuple([z.string(), ReportContentSchema])),
  }),
]);
export type WorkerAnswer = z.infer<typeof WorkerAnswerSchema>;
