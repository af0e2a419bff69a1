import type { RateLimits } from '../config.ts';
import { MemoryRateWindows, type RateWindows } from '../storage/rate-windows.ts';
import { AuthError } from './auth-error.ts';

/**
 * One limit of events per key in fixed windows, counted in `RateWindows` (../storage/rate-windows.ts): in
 * memory on SQLite, in the database with PostgreSQL, where every instance counts into the same windows.
 * Both limits slow guessing down; neither is the only defence (passwords are hashed with scrypt).
 */
export class WindowCounter {
  constructor(
    private readonly windows: RateWindows,
    /** The limit's name among the windows, e.g. `login-failures`. */
    readonly scope: string,
    readonly max: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one event and resolves how long `key` must wait: 0 when this event is within the limit. */
  async take(key: string): Promise<number> {
    const window = await this.windows.take(this.scope, key, this.max, this.windowMs);
    return window.count > this.max ? Math.max(1, window.resetAt - this.now()) : 0;
  }

  clear(key: string): Promise<void> {
    return this.windows.clear(this.scope, key);
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

  constructor(limits: RateLimits, windows: RateWindows = new MemoryRateWindows()) {
    const windowMs = limits.windowSeconds * 1000;
    this.loginFailures = new WindowCounter(
      windows,
      'login-failures',
      limits.loginFailuresPerAccount,
      windowMs,
    );
    this.refreshes = new WindowCounter(windows, 'refreshes', limits.refreshPerAccount, windowMs);
  }
}

/** The refusal for a limited account, with the seconds to wait (sent as Retry-After). */
export function rateLimited(waitMs: number, what: string): AuthError {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return new AuthError('rate-limited', `Too many ${what}; try again in ${seconds} s.`, seconds);
}
