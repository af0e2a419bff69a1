import type { Logger } from 'pino';

/** How often a relay that lost its database tries whether it is back. */
const RETRY_MS = 1_000;

/**
 * Whether the relay has its database (PostgreSQL; a SQLite file cannot be lost this way). When the store
 * reports the connection lost, the relay stops serving sync (`onLost`: its sockets close with
 * `storage-unavailable`, upgrades are refused, `/readyz` answers 503) and then tries `recover` every second,
 * and whenever `retryNow` asks, until it succeeds: `recover` checks the database answers and catches up on
 * what other instances appended meanwhile, and rejects while that fails.
 */
export class DatabaseAvailability {
  readonly #log: Logger;
  readonly #recover: () => Promise<void>;
  readonly #lostListeners = new Set<() => void>();
  #lost: { reason: string; since: number } | undefined;
  /** A loss reported while a recovery attempt runs: that attempt must not declare the database back. */
  #lostAgain = false;
  #attempt: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(log: Logger, recover: () => Promise<void>) {
    this.#log = log;
    this.#recover = recover;
  }

  /** Whether the database is lost now. */
  get lost(): boolean {
    return this.#lost !== undefined;
  }

  /** Calls `listener` each time the database is lost (not again for reports while it is). */
  onLost(listener: () => void): void {
    this.#lostListeners.add(listener);
  }

  /** The store found its connection lost (`reason` is for the log). */
  report(reason: string): void {
    if (this.#closed) return;
    if (this.#lost !== undefined) {
      if (this.#attempt !== undefined) this.#lostAgain = true;
      this.#log.debug({ reason }, 'the database is still lost');
      return;
    }
    this.#lost = { reason, since: Date.now() };
    this.#log.error(
      { reason },
      'lost the database; acknowledging nothing and serving no sync until it is back',
    );
    for (const listener of this.#lostListeners) listener();
    this.#schedule();
  }

  /**
   * Tries at once whether the database is back (the listening connection reconnected), if it is lost;
   * returns whether it was.
   */
  retryNow(): boolean {
    if (this.#lost === undefined || this.#closed) return false;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    void this.#try();
    return true;
  }

  /** Stops trying; the relay is shutting down. */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
  }

  #schedule(): void {
    if (this.#closed || this.#timer !== undefined) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#try();
    }, RETRY_MS);
    this.#timer.unref();
  }

  async #try(): Promise<void> {
    if (this.#attempt !== undefined) return this.#attempt;
    this.#lostAgain = false;
    this.#attempt = this.#recover().then(
      () => {
        const lost = this.#lost;
        if (this.#closed || lost === undefined) return;
        if (this.#lostAgain) return this.#schedule();
        this.#lost = undefined;
        this.#log.info(
          { downMs: Date.now() - lost.since, reason: lost.reason },
          'the database is back; serving sync again',
        );
      },
      (error: unknown) => {
        this.#log.debug({ err: error }, 'the database is not back yet');
        this.#schedule();
      },
    );
    try {
      await this.#attempt;
    } finally {
      this.#attempt = undefined;
    }
  }
}
