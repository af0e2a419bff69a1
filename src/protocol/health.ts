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
