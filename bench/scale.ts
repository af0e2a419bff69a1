/**
 * Scale on one relay instance and across two (docs/architecture.md#group-commit-and-fan-out): 200 devices pushing 20
 * edits/s each with durable commits, on SQLite and on PostgreSQL, each with group commit and, as the
 * baseline in the same run, one commit per push (`APPEND_BATCH=false`); delivery between two instances on
 * one PostgreSQL; and the memory 2,000 idle device sockets hold. Relays run as child processes
 * (bench/sync/relay-child.ts), the devices in this process. Nothing here fails on a number.
 */
import { existsSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import * as Y from 'yjs';
import { generateCases } from './seed-cases.ts';
import { crossInstanceFigure } from './scale/cross-instance.ts';
import { manySocketsFigure } from './scale/many-sockets.ts';
import { BenchDatabase } from './scale/postgres.ts';
import { round } from './sync/figures.ts';
import { pushLoadFigure } from './sync/push-bench.ts';
import { writeResult } from './support.ts';

const RATE = 20;
/** How long each push load runs; shorter for a quick look (SCALE_BENCH_LOAD_MS), 30 s in the results. */
const LOAD_MS = Number(process.env.SCALE_BENCH_LOAD_MS ?? 30_000);
const CROSS_RATE = 2;
const CROSS_MS = Math.min(LOAD_MS, 20_000);

/** The 1,000 seeded cases as one state each: the load's 20 teams take 50 each. */
function caseStates(): Map<string, Uint8Array> {
  const states = new Map<string, Uint8Array>();
  for (const { id, doc } of generateCases({ count: 1_000, teamId: 'scale', actor: 'cm-seed' })) {
    states.set(id, Y.encodeStateAsUpdate(doc));
    doc.destroy();
  }
  return states;
}

type PushFigures = Awaited<ReturnType<typeof pushLoadFigure>>;

/** The baseline's p99 over group commit's, and whether group commit met the target. */
function comparison(baseline: PushFigures, groupCommit: PushFigures) {
  return {
    p99Ratio: round(baseline.ackLatencyMs.p99 / groupCommit.ackLatencyMs.p99),
    ackedPerSecondRatio: round(groupCommit.ackedPerSecond / baseline.ackedPerSecond),
    groupCommitMet: {
      p99Under50ms: groupCommit.ackLatencyMs.p99 < 50,
      noBacklog: groupCommit.backlogAtEnd === 0,
    },
  };
}

export async function benchScale(): Promise<void> {
  const started = performance.now();
  const loadAtStart = loadavg();
  const states = caseStates();
  const database = await BenchDatabase.find();
  try {
    const push = (options: { appendBatch: boolean; databaseUrl?: string }) =>
      pushLoadFigure(states, { rate: RATE, durationMs: LOAD_MS, dropBacklog: true, ...options });
    // Baseline first, then group commit, on each engine; each relay on a fresh DATA_DIR or schema.
    const sqliteBaseline = await push({ appendBatch: false });
    const sqliteGroup = await push({ appendBatch: true });
    const postgresBaseline = await push({ appendBatch: false, databaseUrl: await database.freshSchemaUrl() });
    const postgresGroup = await push({ appendBatch: true, databaseUrl: await database.freshSchemaUrl() });
    const crossInstance = await crossInstanceFigure(states, await database.freshSchemaUrl(), {
      rate: CROSS_RATE,
      durationMs: CROSS_MS,
    });
    const sockets = await manySocketsFigure({ base: existsSync('/dev/shm') ? '/dev/shm' : tmpdir() });
    const file = await writeResult('scale', {
      description:
        'Throughput of one relay instance and delivery across two, on loopback. Times in ms. The machine is shared: read loadAverage1m (at the end) and loadAverageAtStart1m before comparing with other runs.',
      loadAverageAtStart1m: round(loadAtStart[0]!, 2),
      postgres: { version: await database.version(), commits: 'synchronous_commit and fsync on: durable' },
      pushLoad: {
        name: `200 devices × ${RATE} edits/s × ${LOAD_MS / 1000} s, durable commits; latency is FRAME_PUSH sent → ack received (what a device waits for before it may drop the edit from its outbox). Edits still in the outboxes when the window closes are dropped (backlogAtEnd), not drained`,
        target: 'p99 push-to-ack under 50 ms, with no backlog',
        sqlite: {
          baseline: {
            mode: 'APPEND_BATCH=false: one transaction and fsync per push (the code path before group commit)',
            ...sqliteBaseline,
          },
          groupCommit: {
            mode: 'APPEND_BATCH=true (the default): pushes waiting for the store share one transaction and fsync',
            ...sqliteGroup,
          },
          ...comparison(sqliteBaseline, sqliteGroup),
        },
        postgres: {
          baseline: {
            mode: 'APPEND_BATCH=false: one transaction per push, locking the team counter row',
            ...postgresBaseline,
          },
          groupCommit: {
            mode: 'APPEND_BATCH=true (the default): one transaction per group commit, all its teams locked once',
            ...postgresGroup,
          },
          ...comparison(postgresBaseline, postgresGroup),
        },
      },
      crossInstance,
      manySockets: sockets,
      benchmarkSeconds: round((performance.now() - started) / 1000),
    });
    console.log(`scale: wrote ${file}`);
  } finally {
    await database.release();
  }
}
