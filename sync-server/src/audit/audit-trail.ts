import type { Logger } from 'pino';
import type { NewAuditEvent, RelayStore } from '../storage/contract.ts';

export interface AuditTrailOptions {
  /** How long an event may wait in memory before it is written. */
  flushMs: number;
  /** A buffer this full is written at once. */
  maxBuffered: number;
  now: () => number;
}

export const DEFAULT_AUDIT_OPTIONS: AuditTrailOptions = {
  flushMs: 1_000,
  maxBuffered: 500,
  now: Date.now,
};

/** Events kept in memory while the store refuses them; beyond this the oldest are dropped, loudly. */
const MAX_PENDING = 20_000;
/** Strings in an event are cut to this length: a login field can hold anything someone typed. */
const MAX_TEXT = 200;

export type AuditInput = Omit<NewAuditEvent, 'at'> & { at?: number };

const cut = (value: string | null | undefined): string | null | undefined =>
  typeof value === 'string' && value.length > MAX_TEXT ? value.slice(0, MAX_TEXT) : value;

/**
 * The relay's one way into the audit log: a buffered writer. Events are collected in memory and written
 * in one transaction per second (or per 500 events), so a busy sync socket costs the log one row per
 * coalesced event and one commit per second, not a commit per update. `flush()` writes what is buffered
 * (the admin API calls it before reading, so an admin sees everything recorded until then) and `close()`
 * flushes on shutdown. The price: events of the last second before a crash (not a clean shutdown) are lost.
 */
export class AuditTrail {
  readonly #store: RelayStore;
  readonly #log: Logger;
  readonly #options: AuditTrailOptions;
  #buffer: NewAuditEvent[] = [];
  #timer: NodeJS.Timeout | undefined;
  #writing: Promise<void> = Promise.resolve();
  /** Coalescing keys and the end of the window in which they record nothing again. */
  readonly #quietUntil = new Map<string, number>();
  #closed = false;

  constructor(store: RelayStore, log: Logger, options: Partial<AuditTrailOptions> = {}) {
    this.#store = store;
    this.#log = log;
    this.#options = { ...DEFAULT_AUDIT_OPTIONS, ...options };
  }

  /** Records one event; it is written within `flushMs`. */
  record(input: AuditInput): void {
    const event: NewAuditEvent = {
      ...input,
      at: input.at ?? this.#options.now(),
      login: cut(input.login),
      teamId: cut(input.teamId),
      docId: cut(input.docId),
      detail:
        input.detail &&
        Object.fromEntries(
          Object.entries(input.detail).map(([name, value]) => [
            name,
            typeof value === 'string' ? (cut(value) ?? '') : value,
          ]),
        ),
    };
    if (this.#closed) {
      this.#log.error({ kind: event.kind }, 'audit event recorded after shutdown; writing it directly');
      void this.#store.appendAudit([event]).catch((error: unknown) => this.#failed(error, 1));
      return;
    }
    this.#buffer.push(event);
    if (this.#buffer.length >= this.#options.maxBuffered) void this.flush();
    else this.#timer ??= setTimeout(() => void this.flush(), this.#options.flushMs).unref();
  }

  /**
   * Records the event unless one with the same `key` was recorded less than `windowMs` ago: the coalescing
   * of frequent events (a device's changes to one doc, rate-limit refusals of one address).
   */
  recordOnce(key: string, windowMs: number, input: AuditInput): void {
    const now = input.at ?? this.#options.now();
    const quietUntil = this.#quietUntil.get(key);
    if (quietUntil !== undefined && now < quietUntil) return;
    this.#quietUntil.set(key, now + windowMs);
    this.record({ ...input, at: now });
  }

  /** Writes every buffered event; resolves once they are durable (or the failure is logged). */
  flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const events = this.#buffer;
    this.#buffer = [];
    this.#pruneQuiet();
    this.#writing = this.#writing.then(async () => {
      if (events.length === 0) return;
      try {
        await this.#store.appendAudit(events);
      } catch (error) {
        this.#failed(error, events.length);
        // Kept for the next flush, unless the store is gone for good or too much is waiting.
        if (!this.#closed) this.#buffer = [...events, ...this.#buffer].slice(-MAX_PENDING);
      }
    });
    return this.#writing;
  }

  /** Flushes and stops the timer; later events are written one by one. Call before closing the store. */
  async close(): Promise<void> {
    await this.flush();
    this.#closed = true;
  }

  #failed(error: unknown, count: number): void {
    this.#log.error({ err: error, events: count }, 'writing audit events failed');
  }

  #pruneQuiet(): void {
    const now = this.#options.now();
    for (const [key, quietUntil] of this.#quietUntil) if (quietUntil <= now) this.#quietUntil.delete(key);
  }
}
