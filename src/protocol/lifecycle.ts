import { z } from 'zod';
import { IdSchema, TeamIdSchema } from './sync.ts';

/**
 * The data lifecycle API (docs/architecture.md#data-lifecycle): what is due for erasure, the Löschsperre,
 * and erasure on request with a second person's confirmation. Shared by the relay, which parses params and
 * bodies, and the app, which parses answers. Error answers are `ErrorBody` (./errors.ts).
 */
export const LIFECYCLE_PATHS = {
  /**
   * `GET ?within=<days>`: cases whose retention period ends within that many days (default 30). Coordination
   * gets counts for each of its teams, admins also each case's doc id and dates; nobody gets content.
   */
  due: '/api/lifecycle/due',
  /** `GET`: a case's retention, Löschsperre and open request, for the case managers of its team. */
  status: '/api/lifecycle/cases/:teamId/:docId',
  /** `POST {reason}`: sets the case's Löschsperre. */
  hold: '/api/lifecycle/cases/:teamId/:docId/hold',
  /** `POST`: lifts it. */
  liftHold: '/api/lifecycle/cases/:teamId/:docId/hold/lift',
  /** `POST {reason}`: asks for erasure (Art. 17 DSGVO). */
  request: '/api/lifecycle/cases/:teamId/:docId/erasure-request',
  /** `POST`: a second person confirms; the case is erased at once. */
  confirm: '/api/lifecycle/cases/:teamId/:docId/erasure-request/confirm',
  /** `POST`: the request is withdrawn or refused. */
  drop: '/api/lifecycle/cases/:teamId/:docId/erasure-request/drop',
} as const;

/** A lifecycle path with the ids filled in, for clients. */
export function lifecyclePath(
  path: Exclude<keyof typeof LIFECYCLE_PATHS, 'due'>,
  teamId: string,
  docId: string,
): string {
  return LIFECYCLE_PATHS[path]
    .replace(':teamId', encodeURIComponent(teamId))
    .replace(':docId', encodeURIComponent(docId));
}

export const LifecycleCaseParamsSchema = z.object({ teamId: TeamIdSchema, docId: IdSchema });

export const DueQuerySchema = z.object({
  within: z.coerce.number().int().min(0).max(366).default(30),
});

export const ReasonBodySchema = z.object({ reason: z.string().trim().min(1).max(500) });

const isoDate = z.iso.date();
const rule = z.enum(['closed-case', 'short-counselling']);

export const DueAnswerSchema = z.object({
  within: z.number().int(),
  /** Per team: how many cases are due in the window, and how many of them a Löschsperre holds. */
  teams: z.array(z.object({ teamId: IdSchema, due: z.number().int(), held: z.number().int() })),
  /** Admins only. */
  cases: z
    .array(
      z.object({
        teamId: IdSchema,
        docId: IdSchema,
        rule,
        keepUntil: isoDate,
        dueOn: isoDate,
        held: z.boolean(),
      }),
    )
    .optional(),
});
export type DueAnswer = z.infer<typeof DueAnswerSchema>;

export const CaseLifecycleSchema = z.object({
  /** `null` while no period runs (the case is open, or reopened). */
  retention: z.object({ rule, keepUntil: isoDate, dueOn: isoDate }).nullable(),
  hold: z.object({ reason: z.string(), setBy: z.string(), setAt: z.number().int() }).nullable(),
  request: z
    .object({ reason: z.string(), requestedBy: z.string(), requestedAt: z.number().int() })
    .nullable(),
});
export type CaseLifecycle = z.infer<typeof CaseLifecycleSchema>;

export const ErasedAnswerSchema = z.object({
  docId: IdSchema,
  teamId: IdSchema,
  seq: z.number().int().positive(),
  erasedAt: z.number().int(),
  reason: z.enum(['retention', 'request']),
});
export type ErasedAnswer = z.infer<typeof ErasedAnswerSchema>;
