import type { RateLimits } from '../config.ts';
import { AuthError } from './auth-error.ts';

/** Beyond this many keys, expired windows are swept out on the next count. */
const SWEEP_ABOVE = 10_000;

/**
 * Counts events per key in fixed windows, in memory. The relay's per-account limits use it; per-address
 * limits use @fastify/rate-limit. A restart forgets the counts, which only ever lets someone try again
 * sooner: both limits slow guessing down, neither is the only defence (passwords are hashed with scrypt).
 * Several relay instances behind one balancer count separately; the limits then apply per instance.
 */
export class WindowCounter {
  readonly #windows = new Map<string, { count: number; resetAt: number }>();

  constructor(
    readonly max: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds until `key` may act again; 0 when it may now. Counts nothing. */
  blockedFor(key: string): number {
    const window = this.#current(key);
    return window && window.count >= this.max ? window.resetAt - this.now() : 0;
  }

  /** Counts one event for `key`. */
  hit(key: string): void {
    const window = this.#current(key);
    if (window) window.count += 1;
    else {
      if (this.#windows.size >= SWEEP_ABOVE) this.#sweep();
      this.#windows.set(key, { count: 1, resetAt: this.now() + this.windowMs });
    }
  }

  /** Counts one event and says how long `key` must wait: 0 when this event is within the limit. */
  take(key: string): number {
    const wait = this.blockedFor(key);
    if (wait > 0) return wait;
    this.hit(key);
    return 0;
  }

  clear(key: string): void {
    this.#windows.delete(key);
  }

  #current(key: string): { count: number; resetAt: number } | undefined {
    const window = this.#windows.get(key);
    if (window && window.resetAt <= this.now()) {
      this.#windows.delete(key);
      return undefined;
    }
    return window;
  }

  #sweep(): void {
    const now = this.now();
    for (const [key, window] of this.#windows) if (window.resetAt <= now) this.#windows.delete(key);
  }
}

/** The per-account limits of login and refresh. */
export class AccountLimits {
  /**
   * Login attempts per login name (as normalised by the login schema), counted before the password is
   * checked and cleared by a right one: what stays counted are the failed attempts and those still running.
   */
  readonly loginFailures: WindowCounter;
  /** Refreshes per user. */
  readonly refreshes: WindowCounter;

  constructor(limits: RateLimits, now: () => number = Date.now) {
    const windowMs = limits.windowSeconds * 1000;
    this.loginFailures = new WindowCounter(limits.loginFailuresPerAccount, windowMs, now);
    this.refreshes = new WindowCounter(limits.refreshPerAccount, windowMs, now);
  }
}

/** The refusal for a limited account, with the seconds to wait (sent as Retry-After). */
export function rateLimited(waitMs: number, what: string): AuthError {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return new AuthError('rate-limited', `Too many ${what}; try again in ${seconds} s.`, seconds);
}
