import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { caseFactsSchema } from '../../../src/domain/case-facts.ts';
import { ProjectAnswerSchema, type ProjectRequest } from './facts-worker-protocol.ts';

export interface FactsWorkerOptions {
  /** The worker's entry module (tests start one that misbehaves). */
  entry?: URL;
  /** How long one doc may take before the worker is taken as stuck, ended, and started again. */
  timeoutMs?: number;
}

const DEFAULT_ENTRY = new URL('./facts-worker-entry.mjs', import.meta.url);
const DEFAULT_TIMEOUT_MS = 30_000;

interface Job {
  resolve: (facts: string | null) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * Computes case facts in a worker thread (docs/architecture.md#reports), so decoding a doc and reading its
 * facts — the projection's heavy part — runs beside the relay's event loop instead of on it. One worker,
 * started on first use and again after it fails. Its answers are a trust boundary: an answer that does not
 * fit the protocol, or facts that do not fit their schema, reject the doc's projection (it stays stale and is
 * logged by the caller), and a worker that answers nonsense, crashes or takes too long is ended; the next
 * doc starts a new one.
 */
export class FactsWorker {
  readonly #log: Logger;
  readonly #entry: URL;
  readonly #timeoutMs: number;
  readonly #jobs = new Map<number, Job>();
  #worker: Worker | undefined;
  #next = 0;
  #closed = false;

  constructor(log: Logger, options: FactsWorkerOptions = {}) {
    this.#log = log;
    this.#entry = options.entry ?? DEFAULT_ENTRY;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** The facts of the doc stored as `state`, as JSON text (`null`: it is no case file). */
  project(state: Uint8Array): Promise<string | null> {
    if (this.#closed) return Promise.reject(new Error('the facts worker is closed'));
    const worker = this.#start();
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => this.#fail(worker, new Error(`the facts worker took longer than ${this.#timeoutMs} ms`)),
        this.#timeoutMs,
      );
      this.#jobs.set(id, { resolve, reject, timer });
      const request: ProjectRequest = { id, state };
      worker.postMessage(request);
    });
  }

  /** Ends the worker; projections in flight reject. */
  async close(): Promise<void> {
    this.#closed = true;
    const worker = this.#worker;
    if (worker) {
      this.#fail(worker, new Error('the facts worker is closed'), false);
      await worker.terminate();
    }
  }

  #start(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(this.#entry);
    // An idle worker does not keep the process alive; a projection in flight does, through its timer.
    worker.unref();
    worker.on('message', (message: unknown) => this.#answer(worker, message));
    worker.on('error', (error) => this.#fail(worker, error));
    worker.on('exit', (code) => this.#fail(worker, new Error(`the facts worker exited with code ${code}`)));
    this.#worker = worker;
    return worker;
  }

  #answer(worker: Worker, message: unknown): void {
    const answer = ProjectAnswerSchema.safeParse(message);
    const job = answer.success ? this.#jobs.get(answer.data.id) : undefined;
    if (!answer.success || job === undefined) {
      this.#fail(worker, new Error('the facts worker answered a message that does not fit'));
      return;
    }
    this.#jobs.delete(answer.data.id);
    clearTimeout(job.timer);
    if (!answer.data.ok) {
      job.reject(new Error(`the facts worker could not project the doc: ${answer.data.error}`));
      return;
    }
    if (answer.data.facts === null) {
      job.resolve(null);
      return;
    }
    let facts: unknown;
    try {
      facts = JSON.parse(answer.data.facts);
    } catch {
      job.reject(new Error('the facts worker answered facts that are not JSON'));
      return;
    }
    const parsed = caseFactsSchema.safeParse(facts);
    if (!parsed.success) {
      job.reject(new Error(`the facts worker answered facts that do not fit: ${parsed.error.message}`));
      return;
    }
    // What is stored is what was checked, nothing the worker added beside it.
    job.resolve(JSON.stringify(parsed.data));
  }

  /** Gives up on `worker`: its projections in flight reject, and the next one starts a new worker. */
  #fail(worker: Worker, error: Error, logged = true): void {
    if (this.#worker !== worker) return;
    this.#worker = undefined;
    if (logged) this.#log.error({ err: error }, 'the facts worker failed; it is started again when needed');
    for (const job of this.#jobs.values()) {
      clearTimeout(job.timer);
      job.reject(error);
    }
    this.#jobs.clear();
    void worker.terminate();
  }
}
