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
  /** `GET`: open erasure requests and Löschsperren of the caller's teams (coordination) or all (admins). */
  pending: '/api/lifecycle/pending',
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
  /**
   * `GET`: which accounts received or changed the case on the relay, and when (from the audit log), for the
   * case managers of its team: what the Auskunft (Art. 15 DSGVO) lists. Actor, time and kind only.
   */
  access: '/api/lifecycle/cases/:teamId/:docId/access',
} as const;

/** A lifecycle path with the ids filled in, for clients. */
export function lifecyclePath(
  path: Exclude<keyof typeof LIFECYCLE_PATHS, 'due' | 'pending'>,
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

/**
 * What waits for a decision of coordination (its teams) or an admin (every team): open erasure requests to
 * confirm or refuse, and Löschsperren to lift. It names the case by its id (nobody can act on a case
 * without naming it), with the reason, who asked and when; never content.
 */
export const PendingAnswerSchema = z.object({
  requests: z.array(
    z.object({
      teamId: IdSchema,
      docId: IdSchema,
      reason: z.string(),
      requestedBy: z.string(),
      /** The account's display name, so admins (who belong to no team) see who asked too. */
      requestedByName: z.string().nullable(),
      requestedAt: z.number().int(),
    }),
  ),
  holds: z.array(
    z.object({
      teamId: IdSchema,
      docId: IdSchema,
      reason: z.string(),
      setBy: z.string(),
      setByName: z.string().nullable(),
      setAt: z.number().int(),
    }),
  ),
});
export type PendingAnswer = z.infer<typeof PendingAnswerSchema>;

/** The audit kinds an access list shows: the relay gave the case to a device, or took a change of it. */
export const ACCESS_KINDS = [
  'doc-fetched',
  'doc-changed',
  'attachment-fetched',
  'attachment-stored',
] as const;

/** A case's access list: newest first, at most `ACCESS_LIST_MAX` entries (`truncated` says when more). */
export const AccessAnswerSchema = z.object({
  entries: z.array(
    z.object({
      at: z.number().int(),
      /** The account's user id, or `null` for an event without one. */
      userId: z.string().nullable(),
      login: z.string().nullable(),
      kind: z.enum(ACCESS_KINDS),
    }),
  ),
  truncated: z.boolean(),
});
export type AccessAnswer = z.infer<typeof AccessAnswerSchema>;
export const ACCESS_LIST_MAX = 1000;

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
