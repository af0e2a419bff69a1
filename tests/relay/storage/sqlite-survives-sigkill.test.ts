import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../sync-server/src/config.ts';
import type { LoggedUpdate } from '../../../sync-server/src/storage/contract.ts';
import { openSqliteStore } from '../../../sync-server/src/storage/sqlite.ts';
import { docView, seedWorld, wholeLog, WORLD } from './fixtures.ts';

const SCRIPT = fileURLToPath(new URL('./append-loop.ts', import.meta.url));

interface Appender {
  /** Every "acknowledged" append the child printed, in order. */
  readonly acks: { seq: number; update: Uint8Array }[];
  /** Resolves once the child has opened the store; it appends after `start()`. */
  readonly ready: Promise<void>;
  start(): void;
  /** Resolves once `n` appends are acknowledged. */
  acked(n: number): Promise<void>;
  kill(): void;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

const running: Appender[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const appender of running.splice(0)) appender.kill();
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

function spawnAppender(file: string, docId: string, label: string, count: number): Appender {
  const args = [file, WORLD.center, docId, WORLD.user, WORLD.device, label, String(count)];
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, ...args], {
    cwd: PROJECT_ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const acks: Appender['acks'] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  let pending = '';
  let stderr = '';
  let signalReady = () => {};
  let failReady: (error: Error) => void = () => {};
  const ready = new Promise<void>((resolve, reject) => {
    signalReady = resolve;
    failReady = reject;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    // Only whole lines count: a line is the acknowledgement, written after the commit.
    const lines = (pending + chunk).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (line === 'ready') {
        signalReady();
        continue;
      }
      const [seq = '', base64 = ''] = line.split(' ');
      acks.push({ seq: Number(seq), update: new Uint8Array(Buffer.from(base64, 'base64')) });
    }
    for (const waiter of waiters.filter((w) => acks.length >= w.n)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>(
    (resolve) => child.on('close', (code, signal) => resolve({ code, signal, stderr })),
  );
  void exited.then(({ code, signal }) =>
    failReady(new Error(`the appender ended (${code ?? signal}): ${stderr}`)),
  );
  const appender: Appender = {
    acks,
    ready,
    start: () => child.stdin.end('go\n'),
    acked: (n) =>
      acks.length >= n
        ? Promise.resolve()
        : new Promise((resolve, reject) => {
            waiters.push({ n, resolve });
            void exited.then(({ code, signal }) =>
              reject(
                new Error(`the appender ended (${code ?? signal}) after ${acks.length} acks: ${stderr}`),
              ),
            );
          }),
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
    exited,
  };
  running.push(appender);
  return appender;
}

/** A database file with the world seeded and the given docs registered in the center's team. */
async function preparedFile(...docIds: string[]): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'lotse-kill-'));
  dirs.push(dir);
  const file = path.join(dir, 'lotse.sqlite3');
  const store = await openSqliteStore(file);
  await seedWorld(store);
  for (const docId of docIds) await store.registerDoc(docId, WORLD.center);
  await store.close();
  return file;
}

function expectLogHolds(log: LoggedUpdate[], acks: Appender['acks'], docId: string): void {
  const bySeq = new Map(log.map((row) => [row.seq, row]));
  for (const ack of acks)
    expect(bySeq.get(ack.seq), `acknowledged seq ${ack.seq}`).toEqual({ ...ack, docId });
}

describe('the SQLite store under a killed relay', () => {
  it('keeps every acknowledged update when the process is SIGKILLed mid-append', async () => {
    const file = await preparedFile('doc-kill');
    const appender = spawnAppender(file, 'doc-kill', 'a', 0);
    await appender.ready;
    appender.start();
    // Kill at a different point each run; the child keeps appending while the signal travels.
    await appender.acked(20 + Math.floor(Math.random() * 60));
    appender.kill();
    const { signal } = await appender.exited;
    expect(signal, 'the appender was still running when killed').toBe('SIGKILL');

    const store = await openSqliteStore(file);
    try {
      const log = await wholeLog(store, WORLD.center);
      expectLogHolds(log, appender.acks, 'doc-kill');
      const latest = await store.latestSeq(WORLD.center);
      expect(latest).toBeGreaterThanOrEqual(appender.acks.length);
      // No gap either: a number is only ever used up by a committed update.
      expect(log.map((row) => row.seq)).toEqual(Array.from({ length: latest }, (_, i) => i + 1));
      const body = docView(await store.docState('doc-kill')).body;
      for (let i = 0; i < appender.acks.length; i++) expect(body).toContain(`a:${i};`);
    } finally {
      await store.close();
    }
  });

  it('gives two relay processes appending to one team distinct, gapless numbers', async () => {
    const file = await preparedFile('doc-one', 'doc-two');
    const appenders = [spawnAppender(file, 'doc-one', 'one', 80), spawnAppender(file, 'doc-two', 'two', 80)];
    // Both start together, so that their transactions really contend for the write lock.
    await Promise.all(appenders.map((appender) => appender.ready));
    for (const appender of appenders) appender.start();
    for (const appender of appenders) {
      const { code, stderr } = await appender.exited;
      expect(code, stderr).toBe(0);
    }
    const seqs = appenders.flatMap((appender) => appender.acks.map((ack) => ack.seq)).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 160 }, (_, i) => i + 1));

    const store = await openSqliteStore(file);
    try {
      const log = await wholeLog(store, WORLD.center);
      expectLogHolds(log, appenders[0]?.acks ?? [], 'doc-one');
      expectLogHolds(log, appenders[1]?.acks ?? [], 'doc-two');
    } finally {
      await store.close();
    }
  });
});
