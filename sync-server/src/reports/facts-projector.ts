import type { Logger } from 'pino';
import * as Y from 'yjs';
import { caseFacts } from '../../../src/domain/case-facts.ts';
import type { RelayStore } from '../storage/contract.ts';
import type { ReportsWorker } from './reports-worker.ts';

/**
 * Keeps the pseudonymous facts of every case doc up to date (docs/architecture.md#reports).
 *
 * The log is the dirty marker: a doc whose log holds a higher `seq` than its stored facts is stale
 * (`RelayStore.staleFacts`), so an append costs the ack nothing extra and no append can be missed — not
 * one made while the relay was down, nor one written by another process. Each stale doc is read as one
 * snapshot with its highest `seq` (`docSnapshot`), projected by the pure `caseFacts` that tests share, and
 * stored under that `seq`; an append that lands meanwhile leaves the doc stale for the next round.
 */

/** How many stale docs one store query hands out; their facts are stored in one transaction. */
const BATCH = 100;

/**
 * How a background round shares the relay's event loop with the pushes: it works for at most `sliceMs`
 * at a time and then rests `restFactor` times as long as it worked, so it takes at most
 * 1 / (1 + restFactor) of the loop however many docs are stale.
 */
export interface ProjectionPace {
  sliceMs: number;
  restFactor: number;
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Brings every stale doc's facts up to date; resolves how many docs it projected and which it could not
 * read (they stay stale and are tried again next time). Without a `pace` it lets I/O in after each doc but
 * otherwise runs to the end (a report waiting for it, `reports rebuild`). With a `worker`, each doc is
 * decoded and its facts computed in the worker's thread, and only reading the doc and storing its facts
 * stay on this thread's event loop; without one, all of it runs here.
 */
export async function catchUpFacts(
  store: RelayStore,
  log?: Logger,
  pace?: ProjectionPace,
  worker?: ReportsWorker,
): Promise<{ projected: number; failed: string[] }> {
  let projected = 0;
  const failed = new Set<string>();
  /** How long this thread has worked since it last rested (waiting for the worker is not work). */
  let worked = 0;
  for (;;) {
    const stale = (await store.staleFacts(BATCH + failed.size)).filter((doc) => !failed.has(doc.docId));
    if (stale.length === 0) return { projected, failed: [...failed] };
    const computed: { docId: string; seq: number; facts: string | null }[] = [];
    for (const { docId } of stale) {
      let began = performance.now();
      try {
        const { state, seq } = await store.docSnapshot(docId);
        let facts: string | null;
        if (worker) {
          worked += performance.now() - began;
          facts = await worker.project(state);
          began = performance.now();
        } else {
          const doc = new Y.Doc();
          Y.applyUpdate(doc, state);
          const own = caseFacts(doc);
          doc.destroy();
          facts = own === undefined ? null : JSON.stringify(own);
        }
        computed.push({ docId, seq, facts });
      } catch (error) {
        // Left stale: the next round tries again. Within this round it is skipped, so one doc that cannot
        // be read never keeps the others waiting.
        failed.add(docId);
        log?.error({ err: error, doc: docId }, 'projecting the facts of a doc failed');
      }
      worked += performance.now() - began;
      // The SQLite engine answers synchronously, so without this a round of many docs would run as one
      // chain of microtasks and hold every socket's acks until it ends: let I/O in after each doc, and
      // when paced, rest after each slice.
      if (pace !== undefined && worked >= pace.sliceMs) {
        await pause(worked * pace.restFactor);
        worked = 0;
      } else {
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
    try {
      // One transaction (one durable write) for the batch instead of one per doc.
      await store.putManyFacts(computed);
      projected += computed.length;
    } catch (error) {
      for (const { docId } of computed) failed.add(docId);
      log?.error({ err: error, docs: computed.length }, 'storing the facts of a batch of docs failed');
    }
  }
}

export interface FactsProjectorOptions {
  /** How long after an append the projection runs, so a burst of keystrokes is projected once. */
  delayMs: number;
  /** How often stale docs are looked for without a nudge (appends by other processes, failed rounds). */
  sweepMs: number;
  /** How a round shares the event loop with the pushes. */
  pace: ProjectionPace;
}

export const DEFAULT_PROJECTOR_OPTIONS: FactsProjectorOptions = {
  delayMs: 1_000,
  sweepMs: 60_000,
  // At most a tenth of the event loop, in slices no longer than an ack can wait unnoticed.
  pace: { sliceMs: 5, restFactor: 9 },
};

/** Runs `catchUpFacts` in the background: after appends (debounced), at start, and every `sweepMs`. */
export class FactsProjector {
  readonly #store: RelayStore;
  readonly #log: Logger;
  readonly #options: FactsProjectorOptions;
  readonly #worker: ReportsWorker | undefined;
  #timer: NodeJS.Timeout | undefined;
  #sweep: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #again = false;
  #closed = false;
  readonly #projected: (() => void)[] = [];

  constructor(
    store: RelayStore,
    log: Logger,
    options: Partial<FactsProjectorOptions> = {},
    worker?: ReportsWorker,
  ) {
    this.#store = store;
    this.#log = log;
    this.#worker = worker;
    this.#options = { ...DEFAULT_PROJECTOR_OPTIONS, ...options };
  }

  /** Starts the periodic sweep and a first round for what changed while the relay was down. */
  start(): void {
    this.#sweep = setInterval(() => this.#run(), this.#options.sweepMs);
    this.#sweep.unref();
    this.#run();
  }

  /** Calls `listener` after each round that stored new facts. */
  onProjected(listener: () => void): void {
    this.#projected.push(listener);
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
    this.#running = catchUpFacts(this.#store, this.#log, this.#options.pace, this.#worker)
      .then(
        ({ projected }) => {
          if (projected === 0) return;
          this.#log.debug({ docs: projected }, 'case facts projected');
          for (const listener of this.#projected) listener();
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
