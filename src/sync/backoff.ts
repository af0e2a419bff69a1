export interface BackoffOptions {
  /** The ceiling of the first retry's delay; each further failure doubles it. */
  baseMs: number;
  /** No delay is ever longer than this. */
  maxMs: number;
  /** A number in [0, 1), as `Math.random` gives. Injected in tests. */
  random: () => number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1_000, maxMs: 60_000, random: Math.random };

/**
 * The delay before reconnect attempt `attempt` (0 for the first retry): exponential backoff with full
 * jitter, a uniformly random delay between 0 and `min(maxMs, baseMs · 2^attempt)`. Full jitter spreads the
 * reconnects of many devices after a relay restart instead of letting them arrive in waves.
 */
export function backoffDelay(attempt: number, { baseMs, maxMs, random }: BackoffOptions): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(Math.max(0, attempt), 30));
  const fraction = Math.min(Math.max(random(), 0), 1);
  return Math.floor(fraction * ceiling);
}
