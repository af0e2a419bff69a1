import type { Logger } from 'pino';
import * as Y from 'yjs';
import { caseFacts } from '../../../src/domain/case-facts.ts';
import type { RelayStore } from '../storage/contract.ts';

/**
 * Keeps the pseudonymous facts of every case doc up to date (docs/architecture.md#reports).
 *
 * The log is the dirty marker: a doc whose log holds a higher `seq` than its stored facts is stale
 * (`RelayStore.staleFacts`), so an append costs the ack nothing extra and no append can be missed — not
 * one made while the relay was down, nor one written by another process. Each stale doc is read as one
 * snapshot with its highest `seq` (`docSnapshot`), projected by the pure `caseFacts` that tests share, and
 * stored under that `seq`; an append that lands meanwhile leaves the doc stale for the next round.
 */

/** How many stale docs one store query hands out. */
const BATCH = 100;

/**
 * Brings every stale doc's facts up to date; resolves how many docs it projected and which it could not
 * read (they stay stale and are tried again next time).
 */
export async function catchUpFacts(
  store: RelayStore,
  log?: Logger,
): Promise<{ projected: number; failed: string[] }> {
  let projected = 0;
  const failed = new Set<string>();
  for (;;) {
    const stale = (await store.staleFacts(BATCH + failed.size)).filter((doc) => !failed.has(doc.docId));
    if (stale.length === 0) return { projected, failed: [...failed] };
    for (const { docId } of stale) {
      try {
        const { state, seq } = await store.docSnapshot(docId);
        const doc = new Y.Doc();
        Y.applyUpdate(doc, state);
        const facts = caseFacts(doc);
        doc.destroy();
        await store.putFacts(docId, seq, facts === undefined ? null : JSON.stringify(facts));
        projected++;
        // The SQLite engine answers synchronously, so without this a round of many docs would run as one
        // chain of microtasks and hold every socket's acks until it ends: let I/O in after each doc.
        await new Promise<void>((resolve) => setImmediate(resolve));
      } catch (error) {
        // Left stale: the next round tries again. Within this round it is skipped, so one doc that cannot
        // be read never keeps the others waiting.
        failed.add(docId);
        log?.error({ err: error, doc: docId }, 'projecting the facts of a doc failed');
      }
    }
  }
}

export interface FactsProjectorOptions {
  /** How long after an append the projection runs, so a burst of keystrokes is projected once. */
  delayMs: number;
  /** How often stale docs are looked for without a nudge (appends by other processes, failed rounds). */
  sweepMs: number;
}

export const DEFAULT_PROJECTOR_OPTIONS: FactsProjectorOptions = { delayMs: 1_000, sweepMs: 60_000 };

/** Runs `catchUpFacts` in the background: after appends (debounced), at start, and every `sweepMs`. */
export class FactsProjector {
  readonly #store: RelayStore;
  readonly #log: Logger;
  readonly #options: FactsProjectorOptions;
  #timer: NodeJS.Timeout | undefined;
  #sweep: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #again = false;
  #closed = false;

  constructor(store: RelayStore, log: Logger, options: Partial<FactsProjectorOptions> = {}) {
    this.#store = store;
    this.#log = log;
    this.#options = { ...DEFAULT_PROJECTOR_OPTIONS, ...options };
  }

  /** Starts the periodic sweep and a first round for what changed while the relay was down. */
  start(): void {
    this.#sweep = setInterval(() => this.#run(), this.#options.sweepMs);
    this.#sweep.unref();
    this.#run();
  }

  /** Something was appended: project soon. */
  nudge(): void {
    if (this.#closed || this.#timer !== undefined) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#run();
    }, this.#options.delayMs);
    this.#timer.unref();
  }

  /** Resolves once no round is running or due (tests and `reports rebuild` wait for it). */
  async idle(): Promise<void> {
    while (this.#running !== undefined || this.#timer !== undefined) {
      if (this.#timer !== undefined) {
        clearTimeout(this.#timer);
        this.#timer = undefined;
        this.#run();
      }
      await this.#running;
    }
  }

  #run(): void {
    if (this.#closed) return;
    if (this.#running !== undefined) {
      this.#again = true;
      return;
    }
    this.#running = catchUpFacts(this.#store, this.#log)
      .then(
        ({ projected }) => {
          if (projected > 0) this.#log.debug({ docs: projected }, 'case facts projected');
        },
        (error: unknown) => this.#log.error({ err: error }, 'projecting case facts failed'),
      )
      .finally(() => {
        this.#running = undefined;
        if (this.#again) {
          this.#again = false;
          this.#run();
        }
      });
  }

  /** Stops the timers and waits for a round in flight; the store stays open. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    clearInterval(this.#sweep);
    await this.#running;
  }
}
