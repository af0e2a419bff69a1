/**
 * Starts ./relay-child.ts and talks to it over IPC: set up accounts, seed the log, read the relay process's
 * CPU time and memory, close. Every request has a timeout and the child's exit fails every pending request
 * with its exit code, so a hung or crashed relay ends the benchmark with a clear error.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'relay-child.ts');

export interface SeedDocRequest {
  id: string;
  updates: Uint8Array[];
}

export interface AccountsRequest {
  teams: string[];
  /** Each user is a case manager in `teams`, with one access token per device. */
  users: { id: string; teams: string[]; devices: string[] }[];
}

export type ChildRequest = { id: number } & (
  | ({ op: 'accounts' } & AccountsRequest)
  | { op: 'seed'; teamId: string; userId: string; deviceId: string; docs: SeedDocRequest[] }
  | { op: 'compact'; teamId: string }
  | { op: 'usage'; gc: boolean }
  | { op: 'appends' }
  | { op: 'close' }
);

export type ChildReply =
  { id: number; ok: true; result: Record<string, unknown> } | { id: number; ok: false; error: string };

export interface Usage {
  memory: NodeJS.MemoryUsage;
  /** The same after a full garbage collection, when asked for. */
  afterGc?: NodeJS.MemoryUsage;
  /** The relay process's CPU time since it started, in µs. */
  cpu: NodeJS.CpuUsage;
  /** Its event loop's busy and idle time since it started (`performance.eventLoopUtilization()`). */
  eventLoop: { idle: number; active: number; utilization: number };
}

type Op = ChildRequest extends infer R ? (R extends { op: infer O } ? O : never) : never;
type Body<O extends Op> = Omit<Extract<ChildRequest, { op: O }>, 'id' | 'op'>;

export class RelayHandle {
  readonly #child: ChildProcess;
  readonly url: string;
  readonly pid: number;
  readonly #pending = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (error: Error) => void }
  >();
  #next = 1;
  #exit: string | undefined;

  private constructor(child: ChildProcess, url: string, pid: number) {
    this.#child = child;
    this.url = url;
    this.pid = pid;
    child.on('message', (reply: ChildReply) => {
      const waiter = this.#pending.get(reply.id);
      if (!waiter) return;
      this.#pending.delete(reply.id);
      if (reply.ok) waiter.resolve(reply.result);
      else waiter.reject(new Error(`relay child: ${reply.error}`));
    });
    child.on('exit', (code, signal) => {
      this.#exit = `the relay process exited (${code ?? signal})`;
      for (const waiter of this.#pending.values()) waiter.reject(new Error(this.#exit));
      this.#pending.clear();
    });
  }

  /**
   * Forks the relay. `dataDir` keeps the SQLite file across restarts (the caller removes it); without it
   * the relay uses a temp dir of its own and removes it on close. `cpuProfileDir` (or the environment's
   * SYNC_BENCH_CPU_PROFILE_DIR) writes a V8 CPU profile of the relay process there when it exits.
   * `projectFacts: false` starts the relay without its facts projector.
   */
  static async start(
    options: {
      dataDir?: string;
      cpuProfileDir?: string;
      projectFacts?: boolean;
      /** PostgreSQL instead of SQLite; instances given one URL and `tokenSecret` share the log and tokens. */
      databaseUrl?: string;
      tokenSecret?: string;
      /** Group commit (the relay's default), or one commit per push as the baseline. */
      appendBatch?: boolean;
    } = {},
  ): Promise<RelayHandle> {
    const execArgv = ['--import', 'tsx', '--expose-gc'];
    const profileDir = options.cpuProfileDir ?? process.env.SYNC_BENCH_CPU_PROFILE_DIR;
    if (profileDir) execArgv.push('--cpu-prof', `--cpu-prof-dir=${profileDir}`);
    const child = fork(CHILD, [], {
      execArgv,
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: {
        ...process.env,
        TEST_LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
        ...(options.dataDir ? { SYNC_BENCH_DATA_DIR: options.dataDir } : {}),
        SYNC_BENCH_PROJECT_FACTS: options.projectFacts === false ? '0' : '1',
        SYNC_BENCH_APPEND_BATCH: options.appendBatch === false ? '0' : '1',
        ...(options.databaseUrl ? { SYNC_BENCH_DATABASE_URL: options.databaseUrl } : {}),
        ...(options.tokenSecret ? { SYNC_BENCH_TOKEN_SECRET: options.tokenSecret } : {}),
      },
    });
    const ready = await new Promise<{ url: string; pid: number }>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill();
        reject(new Error('the relay process did not start within 30 s'));
      }, 30_000);
      child.once('message', (message: { ready?: boolean; url: string; pid: number }) => {
        clearTimeout(timer);
        if (message.ready) resolve(message);
        else reject(new Error(`unexpected first message from the relay process: ${JSON.stringify(message)}`));
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`the relay process exited (${code ?? signal}) before it was ready`));
      });
    });
    return new RelayHandle(child, ready.url, ready.pid);
  }

  /** The WebSocket base URL (`ws://host:port`). */
  get wsUrl(): string {
    return this.url.replace(/^http/, 'ws');
  }

  request<O extends Op>(op: O, body: Body<O>, timeoutMs = 120_000): Promise<Record<string, unknown>> {
    if (this.#exit) return Promise.reject(new Error(this.#exit));
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new Error(`relay child: '${op}' got no answer within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      this.#pending.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value as Record<string, unknown>);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.#child.send({ id, op, ...body });
    });
  }

  async usage(gc = false): Promise<Usage> {
    return (await this.request('usage', { gc })) as unknown as Usage;
  }

  /** How long each durable append took (ms, synchronous on the relay's event loop) since the last call. */
  async appendTimes(): Promise<number[]> {
    return (await this.commits()).ms;
  }

  /** Each durable append's or group commit's time (ms) and each group commit's size, since the last call. */
  async commits(): Promise<{ ms: number[]; batchSizes: number[] }> {
    const reply = await this.request('appends', {});
    return { ms: reply.ms as number[], batchSizes: reply.batchSizes as number[] };
  }

  /** Closes the relay and waits for the process to end; kills it if it does not within 15 s. */
  async close(): Promise<void> {
    if (this.#exit) return;
    const exited = new Promise<void>((resolve) => this.#child.once('exit', () => resolve()));
    try {
      await this.request('close', {}, 15_000);
    } catch {
      // A relay that cannot close in time is killed below.
    }
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }
}
