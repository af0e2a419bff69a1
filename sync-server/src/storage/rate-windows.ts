/** Beyond this many windows in memory, those that ended are swept out on the next count. */
const SWEEP_ABOVE = 10_000;

/** One key's window after a count: how many events it holds (at most `max + 1`) and when it ends. */
export interface RateWindow {
  count: number;
  resetAt: number;
}

/**
 * Fixed-window counts of events per scope (a limit, like failed logins per account) and key (the account),
 * behind the relay's rate limits. In memory for a relay that is the only one (SQLite), in the database when
 * several instances share one (PostgreSQL, ./postgres-rate-windows.ts), so that a limit holds for the sum
 * of what every instance saw rather than per instance.
 */
export interface RateWindows {
  /**
   * Counts one event for (scope, key) in its current window, or in a new one of `windowMs` when there is
   * none, and resolves the window. Atomic: events counted at once on any instance are all counted. A count
   * above `max` means the event is over the limit; the window then counts no further (`max + 1` at most)
   * and is not extended.
   */
  take(scope: string, key: string, max: number, windowMs: number): Promise<RateWindow>;
  /** Forgets the key's window (a right password clears the failed logins). */
  clear(scope: string, key: string): Promise<void>;
}

/** The counts in this process's memory; a restart forgets them, which only lets someone try again sooner. */
export class MemoryRateWindows implements RateWindows {
  readonly #windows = new Map<string, RateWindow>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  take(scope: string, key: string, max: number, windowMs: number): Promise<RateWindow> {
    const id = `${scope}\u0000${key}`;
    const now = this.#now();
    let window = this.#windows.get(id);
    if (window === undefined || window.resetAt <= now) {
      if (this.#windows.size >= SWEEP_ABOVE) this.#sweep(now);
      window = { count: 1, resetAt: now + windowMs };
      this.#windows.set(id, window);
    } else {
      window.count = Math.min(window.count + 1, max + 1);
    }
    return Promise.resolve({ ...window });
  }

  clear(scope: string, key: string): Promise<void> {
    this.#windows.delete(`${scope}\u0000${key}`);
    return Promise.resolve();
  }

  #sweep(now: number): void {
    for (const [id, window] of this.#windows) if (window.resetAt <= now) this.#windows.delete(id);
  }
}
