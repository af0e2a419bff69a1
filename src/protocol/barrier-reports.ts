import { z } from 'zod';
import { MAX_REPORT_TEAMS } from './reports.ts';
import { TeamIdSchema } from './sync.ts';

/**
 * The barrier reports coordination groups into Themen (docs/architecture.md#themen), over HTTP:
 * `GET /api/barrier-reports?teams=a,b`. Only coordination may ask, and only for teams it is a member of.
 * Shared by the relay, which builds the answer from its facts projection, and the app, which parses it.
 * Error answers are `ErrorBody` (./errors.ts).
 *
 * A report carries the texts its case manager wrote for coordination and nothing else of the case: no
 * name, no note, no contact, no doc id. `caseKey` tells reports of the same case apart from reports of
 * different cases without naming the case.
 */

export const BARRIER_REPORT_PATHS = { reports: '/api/barrier-reports' } as const;

export const BarrierReportsQuerySchema = z
  .object({
    teams: z
      .string()
      .min(1, 'teams: give at least one team id, comma-separated')
      .max(4000)
      .transform((value) => [...new Set(value.split(',').map((id) => id.trim()))])
      .pipe(z.array(TeamIdSchema).min(1).max(MAX_REPORT_TEAMS)),
  })
  .strict();
export type BarrierReportsQuery = z.output<typeof BarrierReportsQuerySchema>;

/** `YYYY-MM`: the month of a report. The day is not given out. */
export const ReportMonthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be YYYY-MM');

export const ListedBarrierReportSchema = z.object({
  /** The report's id (`barrierReportId` in src/domain/barrier-report.ts), as Themen link it. */
  reportId: z.string().min(1).max(200),
  teamId: TeamIdSchema,
  /**
   * A stable pseudonym of the case within this relay: the same case always has the same key, and the key
   * is not the case's doc id and cannot be turned back into it.
   */
  caseKey: z.string().min(16).max(64),
  /** The barrier category's id in the team's catalogue. */
  category: z.string().min(1).max(100),
  /** The category's name in the team's catalogue (its id when the catalogue no longer knows it). */
  categoryLabel: z.string().max(200),
  institution: z.string().max(200),
  happened: z.string().max(2000),
  wouldHelp: z.string().max(2000).optional(),
  month: ReportMonthSchema,
});
export type ListedBarrierReport = z.infer<typeof ListedBarrierReportSchema>;

export const BarrierReportsAnswerSchema = z.object({
  teams: z.array(z.object({ id: z.string(), name: z.string() })),
  computedAt: z.string(),
  /** Every active (not withdrawn) report of the teams' cases, newest month first. */
  reports: z.array(ListedBarrierReportSchema),
});
export type BarrierReportsAnswer = z.infer<typeof BarrierReportsAnswerSchema>;
