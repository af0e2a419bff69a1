import { z } from 'zod';
import { TeamIdSchema } from './sync.ts';

/**
 * Coordination's reports over HTTP (docs/architecture.md#reports): `GET /api/reports?teams=a,b&period=2026-Q3`.
 * Only coordination may ask, and only for one team it is a member of or for all of them together (other
 * selections are refused: they could be differenced against each other). The answer holds counts only; a
 * count that is not published reads `"suppressed"`, the same whether it was small itself or hides another.
 */

export const REPORT_PATHS = { report: '/api/reports' } as const;

export const MAX_REPORT_TEAMS = 50;

export const ReportQuerySchema = z
  .object({
    teams: z
      .string()
      .min(1, 'teams: give at least one team id, comma-separated')
      .max(4000)
      .transform((value) => [...new Set(value.split(',').map((id) => id.trim()))])
      .pipe(z.array(TeamIdSchema).min(1).max(MAX_REPORT_TEAMS)),
    period: z.string().min(1).max(40),
  })
  .strict();
export type ReportQuery = z.output<typeof ReportQuerySchema>;

export const SUPPRESSED = 'suppressed';
/**
 * A count (a whole number), or in a ratio column (the caseload's `perFullTimePost`) a number with one
 * decimal; `"suppressed"` for either when it is not published. A column without a value for a row (a team
 * whose staffing is not set) is missing from the row's cells.
 */
export const ReportCellSchema = z.union([z.number().nonnegative().finite(), z.literal(SUPPRESSED)]);
export type ReportCell = z.infer<typeof ReportCellSchema>;

export const ReportRowSchema = z.object({
  /**
   * A vocabulary value, a team id, a barrier category, `other-teams`, `others`, `unspecified`, `subtotal`
   * (of a category's institutions) or `total`.
   */
  key: z.string(),
  /** A team's name, an institution (rows keyed by their category), or the category of a `subtotal`. */
  label: z.string().optional(),
  cells: z.record(z.string(), ReportCellSchema),
});

export const ReportTableSchema = z.object({
  id: z.string(),
  /** What is counted: `cases`, `goals`, `referrals`, `contacts`, `barriers`, `reports`. */
  unit: z.string(),
  columns: z.array(z.string()),
  rows: z.array(ReportRowSchema),
  /** Dimensions the issue asks for that the facts do not hold: shown as "nicht erfasst", never as 0. */
  notRecorded: z.array(z.string()),
  /** Teams whose cases were too few to show on their own and are counted in the `other-teams` row. */
  mergedTeams: z.array(z.string()).optional(),
});
export type ReportTable = z.infer<typeof ReportTableSchema>;

/**
 * A Thema of coordination (docs/architecture.md#themen) that reports of the selected teams feed: its status
 * now, its decisions, and how many reports and cases of the selected teams it gathers (counts under 5
 * suppressed like every other count; `teams` counts teams, not people).
 */
export const ReportThemaSchema = z.object({
  id: z.string(),
  title: z.string(),
  /** A `themaStatus` value (`src/domain/vocabulary.ts`). */
  status: z.string(),
  statusOn: z.string(),
  decisions: z.array(z.object({ on: z.string(), text: z.string() })),
  reports: ReportCellSchema,
  cases: ReportCellSchema,
  teams: z.number().int().nonnegative(),
});
export type ReportThema = z.infer<typeof ReportThemaSchema>;

export const ReportAnswerSchema = z.object({
  period: z.object({ id: z.string(), kind: z.string(), start: z.string(), end: z.string() }),
  teams: z.array(z.object({ id: z.string(), name: z.string() })),
  computedAt: z.string(),
  tables: z.array(ReportTableSchema),
  /** Coordination's Themen fed by reports of the selected teams; absent from answers of older relays. */
  themen: z.array(ReportThemaSchema).default([]),
});
export type ReportAnswer = z.infer<typeof ReportAnswerSchema>;
