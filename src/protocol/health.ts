import { z } from 'zod';

/**
 * Version of the wire protocol between app and relay. Control frames and the health answer carry it, so an
 * app can tell a relay it does not understand from one that is merely unreachable.
 */
export const PROTOCOL_VERSION = 2;

/** What `GET /healthz` answers while the relay is up. */
export const HealthSchema = z.object({
  status: z.literal('ok'),
  protocol: z.number().int().positive(),
  version: z.string(),
  uptimeSeconds: z.number().nonnegative(),
});

export type Health = z.infer<typeof HealthSchema>;

/**
 * Why a relay is not ready: it is shutting down (draining), it lost its database (and waits for it to come
 * back), or the database carries a schema other than the one this relay writes (a newer relay migrated it).
 */
export const NOT_READY_REASONS = ['shutting-down', 'database-unavailable', 'schema-mismatch'] as const;

/**
 * What `GET /readyz` answers: 200 `ready` when the relay's database answers and has the schema this relay
 * writes, else 503 `not-ready` with one of `NOT_READY_REASONS` (the details go to the relay's log, not to the
 * caller). A load balancer sends devices only to ready instances; `/healthz` only says that the process is up.
 */
export const ReadinessSchema = z.object({
  status: z.enum(['ready', 'not-ready']),
  engine: z.enum(['sqlite', 'postgres']),
  reason: z.enum(NOT_READY_REASONS).optional(),
});

export type ReadinessAnswer = z.infer<typeof ReadinessSchema>;
