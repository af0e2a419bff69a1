import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { caseFactsSchema } from '../../../src/domain/case-facts.ts';
import type { ReportContent } from './report-tables.ts';
import {
  WorkerAnswerSchema,
  type ProjectRequest,
  type ReportsRequest,
  type WorkerAnswer,
} from './reports-worker-protocol.ts';

export interface ReportsWorkerOptions {
  /** The worker's entry module (tests start one that misbehaves). */
  entry?: URL;
  /** How long one task may take before the worker is taken as stuck, ended, and started again. */
  timeoutMs?: number;
}

const DEFAULT_ENTRY = new URL('./reports-worker-entry.mjs', import.meta.url);
const DEFAULT_TIMEOUT_MS = 60_000;

type Answered = Extract<WorkerAnswer, { ok: true }>;

interface Job {
  accept: (answer: Answered) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * The reports' heavy work in a worker thread (docs/architecture.md#reports): decoding a case doc and
 * computing its facts, and building and suppressing the reports, run beside the relay's event loop instead
 * of on it, so the pushes' acks do not wait for them. One worker, started on first use and again after it
 * fails; tasks run one after the other in it. Its answers are a trust boundary: an answer that does not fit
 * the protocol, or facts that do not fit their schema, reject the task (a doc stays stale and is logged by
 * the caller), and a worker that answers nonsense, crashes or takes too long is ended; the next task starts a
 * new one.
 */
export class ReportsWorker {
  readonly #log: Logger;
  readonly #entry: URL;
  readonly #timeoutMs: number;
  readonly #jobs = new Map<number, Job>();
  #worker: Worker | undefined;
  #next = 0;
  #closed = false;

  constructor(log: Logger, options: ReportsWorkerOptions = {}) {
    this.#log = log;
    this.#entry = options.entry ?? DEFAULT_ENTRY;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** The facts of the doc stored as `state`, as JSON text (`null`: it is no case file). */
  async project(state: Uint8Array): Promise<string | null> {
    const answer = await this.#call<ProjectRequest>({ kind: 'project', state });
    if (!('facts' in answer)) throw new Error('the reports worker answered no facts');
    if (answer.facts === null) return null;
    let facts: unknown;
    try {
      facts = JSON.parse(answer.facts);
    } catch {
      throw new Error('the reports worker answered facts that are not JSON');
    }
    const parsed = caseFactsSchema.safeParse(facts);
    if (!parsed.success) {
      throw new Error(`the reports worker answered facts that do not fit: ${parsed.error.message}`);
    }
    // What is stored is what was checked, nothing the worker added beside it.
    return JSON.stringify(parsed.data);
  }

  /** `jointReports` over the request's inputs, by selection. */
  async reports(request: Omit<ReportsRequest, 'id' | 'kind'>): Promise<Map<string, ReportContent>> {
    const answer = await this.#call<ReportsRequest>({ kind: 'reports', ...request });
    if (!('reports' in answer)) throw new Error('the reports worker answered no reports');
    return new Map(answer.reports);
  }

  /** Ends the worker; tasks in flight reject. */
  async close(): Promise<void> {
    this.#closed = true;
    const worker = this.#worker;
    if (worker) {
      this.#fail(worker, new Error('the reports worker is closed'), false);
      await worker.terminate();
    }
  }

  #call<R extends ProjectRequest | ReportsRequest>(request: Omit<R, 'id'>): Promise<Answered> {
    if (this.#closed) return Promise.reject(new Error('the reports worker is closed'));
    const worker = this.#start();
    const id = this.#next++;
    return new Promise((accept, reject) => {
      const timer = setTimeout(
        () => this.#fail(worker, new Error(`the reports worker took longer than ${this.#timeoutMs} ms`)),
        this.#timeoutMs,
      );
      this.#jobs.set(id, { accept, reject, timer });
      worker.postMessage({ ...request, id });
    });
  }

  #start(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(this.#entry);
    // An idle worker does not keep the process alive; a task in flight does, through its timer.
    worker.unref();
    worker.on('message', (message: unknown) => this.#answer(worker, message));
    worker.on('error', (error) => this.#fail(worker, error));
    worker.on('exit', (code) => this.#fail(worker, new Error(`the reports worker exited with code ${code}`)));
    this.#worker = worker;
    return worker;
  }

  #answer(worker: Worker, message: unknown): void {
    const answer = WorkerAnswerSchema.safeParse(message);
    const job = answer.success ? this.#jobs.get(answer.data.id) : undefined;
    if (!answer.success || job === undefined) {
      this.#fail(worker, new Error('the reports worker answered a message that does not fit'));
      return;
    }
    this.#jobs.delete(answer.data.id);
    clearTimeout(job.timer);
    if (answer.data.ok) job.accept(answer.data);
    else job.reject(new Error(`the reports worker failed a task: ${answer.data.error}`));
  }

  /** Gives up on `worker`: its tasks in flight reject, and the next task starts a new worker. */
  #fail(worker: Worker, error: Error, logged = true): void {
    if (this.#worker !== worker) return;
    this.#worker = undefined;
    if (logged) this.#log.error({ err: error }, 'the reports worker failed; it is started again when needed');
    for (const job of this.#jobs.values()) {
      clearTimeout(job.timer);
      job.reject(error);
    }
    this.#jobs.clear();
    void worker.terminate();
  }
}
