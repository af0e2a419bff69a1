/**
 * The relay under measurement, in a process of its own (forked by ./relay-handle.ts): its CPU time and
 * memory are then the relay's alone, and the benchmark's clients run on the other core. It is the real
 * relay (`startTestRelay`, SQLite on a temp DATA_DIR, or PostgreSQL when given a URL); the parent sets up accounts and seeds the log
 * through the relay's own store over IPC, and reads the process's CPU and memory the same way.
 */
import { performance } from 'node:perf_hooks';
import { docKey } from '../../sync-server/src/sync/doc-key.ts';
import { startTestRelay } from '../../tests/support/relay.ts';
import type { ChildReply, ChildRequest } from './relay-handle.ts';

if (!process.send) throw new Error('relay-child.ts runs only as a forked child with an IPC channel');
const send = (message: unknown, then?: () => void) => process.send!(message, undefined, {}, then);

const env = process.env;
const relay = await startTestRelay(
  {
    ...(env.SYNC_BENCH_DATA_DIR ? { dataDir: env.SYNC_BENCH_DATA_DIR } : {}),
    // The scale benchmark: PostgreSQL (several instances share one schema and the token key), and its
    // baseline of one commit per push.
    ...(env.SYNC_BENCH_DATABASE_URL ? { databaseUrl: env.SYNC_BENCH_DATABASE_URL } : {}),
    ...(env.SYNC_BENCH_TOKEN_SECRET ? { tokenSecret: env.SYNC_BENCH_TOKEN_SECRET } : {}),
    appendBatch: env.SYNC_BENCH_APPEND_BATCH !== '0',
  },
  // The reports benchmark compares pushes with and without the facts projector.
  { projectFacts: env.SYNC_BENCH_PROJECT_FACTS !== '0' },
);
const store = relay.store;

/**
 * Times every durable append or group commit until it resolves (better-sqlite3 runs it synchronously on the
 * event loop, fsync included; PostgreSQL's wait is mostly the server's). The relay's sync core calls the
 * store through this same object, so wrapping the methods here sees each commit without touching relay code.
 */
const appendMs: number[] = [];
/** How many updates each group commit carried. */
const batchSizes: number[] = [];
const append = store.appendUpdate.bind(store);
store.appendUpdate = async (update) => {
  const started = performance.now();
  const result = await append(update);
  appendMs.push(performance.now() - started);
  return result;
};
const appendBatch = store.appendUpdates.bind(store);
store.appendUpdates = async (updates) => {
  const started = performance.now();
  const results = await appendBatch(updates);
  appendMs.push(performance.now() - started);
  batchSizes.push(updates.length);
  return results;
};

async function handle(request: ChildRequest): Promise<Record<string, unknown>> {
  switch (request.op) {
    case 'accounts': {
      for (const teamId of request.teams)
        await store.createTeam({ id: teamId, name: `Team ${teamId}`, kind: 'support-center' });
      const tokens: Record<string, string> = {};
      for (const user of request.users) {
        await store.createUser({
          id: user.id,
          login: user.id,
          displayName: `Benchmark ${user.id}`,
          role: 'case-manager',
          passwordHash: 'not-a-real-hash',
          mustChangePassword: false,
        });
        for (const teamId of user.teams) await store.addMembership(user.id, teamId);
        for (const deviceId of user.devices) {
          await store.registerDevice({ id: deviceId, userId: user.id, name: `Gerät ${deviceId}` });
          const access = await relay.tokens.issueAccess({ userId: user.id, deviceId, role: 'case-manager' });
          tokens[deviceId] = access.token;
        }
      }
      return { tokens };
    }
    case 'seed': {
      let appended = 0;
      for (const doc of request.docs) {
        const key = docKey(request.teamId, doc.id);
        await store.registerDoc(key, request.teamId);
        for (const update of doc.updates) {
          await store.appendUpdate({
            teamId: request.teamId,
            docId: key,
            update,
            userId: request.userId,
            deviceId: request.deviceId,
          });
          appended += 1;
        }
      }
      return { appended, latest: await store.latestSeq(request.teamId) };
    }
    case 'compact': {
      let merged = 0;
      for (const key of await store.docsOfTeam(request.teamId))
        merged += (await store.compactDoc(key)).merged;
      return {
        merged,
        horizon: await store.horizon(request.teamId),
        latest: await store.latestSeq(request.teamId),
      };
    }
    case 'usage': {
      const before = process.memoryUsage();
      let afterGc: NodeJS.MemoryUsage | undefined;
      if (request.gc && typeof globalThis.gc === 'function') {
        globalThis.gc();
        afterGc = process.memoryUsage();
      }
      return {
        memory: before,
        afterGc,
        cpu: process.cpuUsage(),
        eventLoop: performance.eventLoopUtilization(),
        // The monotonic clock of V8's CPU profiles, to cut a profile (--cpu-prof) into the bench's phases.
        monotonicUs: Number(process.hrtime.bigint() / 1000n),
      };
    }
    case 'appends': {
      // Hands out and forgets the append times (and batch sizes) recorded since the last call.
      return { ms: appendMs.splice(0), batchSizes: batchSizes.splice(0) };
    }
    case 'close':
      await relay.close();
      return {};
  }
}

process.on('message', (request: ChildRequest) => {
  handle(request).then(
    (result) => {
      // After `close` the process ends once the answer is out, whatever handles a library left open.
      send(
        { id: request.id, ok: true, result } satisfies ChildReply,
        request.op === 'close' ? () => process.exit(0) : undefined,
      );
    },
    (error: unknown) =>
      send({
        id: request.id,
        ok: false,
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      }),
  );
});

send({ ready: true, url: relay.url, pid: process.pid });
