/**
 * How the relay syncs a full caseload (docs/architecture.md#sync-protocol): a fresh device loading 1,000 case
 * docs over the device socket against the stock y-websocket client (one socket per doc), a reconnect after 10
 * docs changed by cursor against a per-doc state-vector handshake, and 200 devices pushing at once. The relay
 * runs as a child process (bench/sync/relay-child.ts) with SQLite on a temp DATA_DIR on disk, so its CPU time
 * and memory are its own; the clients run in this process. Targets are in the result file for reading;
 * nothing here fails on a number, only on something broken.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import { loadThroughEngine, type EngineLoad } from './sync/engine-load.ts';
import { collectGarbage, measure, mib, percentile, round, seedTeam, type Measured } from './sync/figures.ts';
import {
  checkLoaded,
  loadThroughDeviceSocket,
  loadThroughYWebsocket,
  type DeviceLoad,
} from './sync/fresh-load.ts';
import { LOAD_MS, pushLoadFigure } from './sync/push-bench.ts';
import {
  catchUpByCursor,
  catchUpByStateVectors,
  Colleague,
  type CatchUp,
  type SyncedDevice,
} from './sync/reconnect.ts';
import { RelayHandle } from './sync/relay-handle.ts';
import { seedDocs } from './sync/seed.ts';
import { distribution, tail, writeResult } from './support.ts';

const CASES = 1_000;
const TEAM = 'kim-essen';
const SYNC_RUNS = 5;
const TRANSFER_RUNS = 3;
const ENGINE_RUNS = 3;
const BASELINE_RUNS = 3;
const RECONNECT_PAIRS = 5;
const CHANGED_DOCS = 10;
/** Edits per second and device: steady (what the relay should carry) and a probe past what it can. */
const STEADY_RATE = 2;
const PROBE_RATE = 20;
const PROBE_MS = 10_000;

type States = Map<string, Map<number, number>>;

function stateVectors(docs: Iterable<[string, Y.Doc]>): States {
  return new Map([...docs].map(([id, doc]) => [id, Y.decodeStateVector(Y.encodeStateVector(doc))]));
}

const p50 = (values: number[]) => percentile(values, 50);

function loadProfile(runs: Measured<DeviceLoad>[]) {
  const last = runs.at(-1)!.value;
  return {
    clientReceiveMs: p50(runs.map((run) => run.value.clientReceiveMs)),
    clientApplyMs: p50(runs.map((run) => run.value.applyMs)),
    clientGcMs: p50(runs.map((run) => run.value.gcMs)),
    relayCpuMs: p50(runs.map((run) => run.relayCpuMs)),
    logEntries: last.entries,
    logFrames: last.frames,
    wireBytesIn: last.traffic.wireIn,
  };
}

function catchUpFigures(runs: Measured<CatchUp>[]) {
  return {
    ...distribution(runs.map((run) => run.value.ms)),
    runsMs: runs.map((run) => round(run.value.ms)),
    wireBytesP50: p50(runs.map((run) => run.value.traffic.wireIn + run.value.traffic.wireOut)),
    lastRun: runs.at(-1)!.value.traffic,
    relayCpuMsP50: p50(runs.map((run) => run.relayCpuMs)),
  };
}

/** Runs `work` `runs` times, each after a full garbage collection here. */
async function repeat<T>(runs: number, work: () => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let run = 0; run < runs; run += 1) {
    collectGarbage();
    results.push(await work());
  }
  return results;
}

/** Figure 2: the device catches up on a colleague's 10 edits, by cursor and by state vectors, alternating. */
async function reconnects(
  relay: RelayHandle,
  device: SyncedDevice,
  colleagueToken: string,
  states: Map<string, Uint8Array>,
) {
  const colleague = await Colleague.connect(
    relay.wsUrl,
    colleagueToken,
    TEAM,
    device.cursor,
    states,
    'cm-colleague',
  );
  const byCursor: Measured<CatchUp>[] = [];
  const byStateVectors: Measured<CatchUp>[] = [];
  try {
    for (let pair = 0; pair < RECONNECT_PAIRS; pair += 1) {
      for (const way of pair % 2 === 0 ? ['cursor', 'state-vectors'] : ['state-vectors', 'cursor']) {
        const change = await colleague.change(CHANGED_DOCS);
        const run = await measure(relay, () =>
          way === 'cursor'
            ? catchUpByCursor(relay.wsUrl, TEAM, device, change.expected)
            : catchUpByStateVectors(relay.wsUrl, TEAM, device, change.latest, change.expected),
        );
        if (run.value.changedDocs !== CHANGED_DOCS) {
          throw new Error(
            `reconnect by ${way}: ${run.value.changedDocs} of ${CHANGED_DOCS} changed docs arrived`,
          );
        }
        (way === 'cursor' ? byCursor : byStateVectors).push(run);
      }
    }
  } finally {
    await colleague.close();
  }
  return { cursor: catchUpFigures(byCursor), stateVectors: catchUpFigures(byStateVectors) };
}

export async function benchSync(): Promise<void> {
  const started = performance.now();
  const loadAtStart = loadavg();
  const seeded = seedDocs({ count: CASES, teamId: TEAM, actor: 'cm-seed' });
  const expected = stateVectors(seeded.map((s) => [s.id, s.doc]));
  const states = new Map(seeded.map((s) => [s.id, Y.encodeStateAsUpdate(s.doc)]));
  const seed = {
    cases: CASES,
    updates: seeded.reduce((sum, s) => sum + s.updates.length, 0),
    updateBytes: seeded.reduce((sum, s) => sum + s.updates.reduce((n, u) => n + u.byteLength, 0), 0),
    mergedStateBytes: [...states.values()].reduce((sum, u) => sum + u.byteLength, 0),
    how: 'the cases of bench/seed-cases.ts; every domain write of a case (creation, each contact, phase change, assessment, goal, step, reminder…) is one update, appended in order straight to the relay store (registerDoc + appendUpdate), not compacted',
  };
  console.log(`sync: seeded ${CASES} cases as ${seed.updates} updates (${mib(seed.updateBytes)} MiB)`);

  const dataDir = await mkdtemp(path.join(tmpdir(), 'lotse-sync-bench-'));
  let relay = await RelayHandle.start({ dataDir });
  let result: Record<string, unknown>;
  try {
    const { tokens } = (await relay.request('accounts', {
      teams: [TEAM],
      users: [
        { id: 'cm-seed', teams: [TEAM], devices: ['dev-seed'] },
        { id: 'cm-fresh', teams: [TEAM], devices: ['dev-fresh'] },
        { id: 'cm-colleague', teams: [TEAM], devices: ['dev-colleague'] },
      ],
    })) as { tokens: Record<string, string> };
    const fresh = tokens['dev-fresh']!;
    const seededAt = performance.now();
    const latest = await seedTeam(relay, TEAM, seeded);
    // The seeded docs and their histories are in the relay now; `expected` and `states` are what is needed.
    seeded.splice(0);
    console.log(
      `sync: appended ${latest} rows to the relay log in ${round((performance.now() - seededAt) / 1000)} s`,
    );

    // 1. A fresh device over /sync; then the transfer alone, without building Y.Docs.
    const loads = await repeat(SYNC_RUNS, async () => {
      const load = await measure(relay, () => loadThroughDeviceSocket(relay.wsUrl, fresh, TEAM));
      checkLoaded('fresh load over /sync', load.value.docs, expected);
      return load;
    });
    // Only the last run's docs live on (as the reconnecting device): the others would only burden the GC.
    for (const load of loads.slice(0, -1)) load.value.docs.clear();
    const deviceLoad = distribution(loads.map((load) => load.value.ms));
    const lastLoad = loads.at(-1)!.value;
    console.log(`sync: fresh load over /sync p50 ${deviceLoad.p50} ms (${lastLoad.entries} log entries)`);
    const transfers = await repeat(TRANSFER_RUNS, () =>
      measure(relay, () => loadThroughDeviceSocket(relay.wsUrl, fresh, TEAM, { apply: false })),
    );

    // 1, the app's own client: the SyncEngine with Dexie on fake-indexeddb.
    const engineRuns: Measured<EngineLoad>[] = await repeat(ENGINE_RUNS, async () => {
      const load = await measure(relay, () => loadThroughEngine(relay.url, fresh, TEAM, lastLoad.cursor));
      checkLoaded('fresh load through the SyncEngine', load.value.docs, expected);
      load.value.docs.clear();
      return load;
    });
    const engineCaughtUp = distribution(engineRuns.map((run) => run.value.caughtUpMs));
    const engineLoadAll = distribution(engineRuns.map((run) => run.value.loadAllMs));
    console.log(
      `sync: SyncEngine p50 ${engineCaughtUp.p50} ms to caught up, then loadAll p50 ${engineLoadAll.p50} ms`,
    );

    // 2. Reconnect (the device is the last fresh load; the relay's doc cache is still cold).
    const device: SyncedDevice = { token: fresh, docs: lastLoad.docs, cursor: lastLoad.cursor };
    const reconnect = await reconnects(relay, device, tokens['dev-colleague']!, states);
    console.log(
      `sync: reconnect after ${CHANGED_DOCS} changes: cursor p50 ${reconnect.cursor.p50} ms, ${reconnect.cursor.wireBytesP50} B; state vectors p50 ${reconnect.stateVectors.p50} ms, ${reconnect.stateVectors.wireBytesP50} B`,
    );

    // 1, baseline: the relay restarted on the same data, so that its doc cache is cold for the first run.
    await relay.close();
    relay = await RelayHandle.start({ dataDir });
    // The colleague's edits are in the relay too: the device that caught up on them is the reference.
    const current = stateVectors(device.docs);
    const baselineRuns = await repeat(BASELINE_RUNS, async () => {
      const load = await measure(relay, () =>
        loadThroughYWebsocket(relay.wsUrl, fresh, TEAM, [...current.keys()]),
      );
      checkLoaded('fresh load over y-websocket', load.value.docs, current);
      return { ms: load.value.ms, relayCpuMs: load.relayCpuMs };
    });
    const baseline = distribution(baselineRuns.map((run) => run.ms));
    console.log(`sync: fresh load over y-websocket p50 ${baseline.p50} ms`);

    // 1, variant: every doc compacted, so that a fresh device gets one whole state per doc (seq 0).
    const compaction = await relay.request('compact', { teamId: TEAM });
    const compactedLoads = await repeat(SYNC_RUNS, async () => {
      const load = await measure(relay, () => loadThroughDeviceSocket(relay.wsUrl, fresh, TEAM));
      checkLoaded('fresh load over /sync after compaction', load.value.docs, current);
      load.value.docs.clear();
      return load;
    });
    const compacted = distribution(compactedLoads.map((load) => load.value.ms));
    console.log(`sync: fresh load over /sync after compaction p50 ${compacted.p50} ms`);

    const ratioP50 = round(baseline.p50 / deviceLoad.p50);
    const coldBaseline = baselineRuns[0]!;
    result = {
      seed,
      freshLoad: {
        name: 'a fresh device (no cursor, no docs) until it holds a live Y.Doc for each of the 1,000 case docs, each checked against the expected state vector; from opening the socket(s) until the last doc is synced',
        target: '/sync at least 10× faster than y-websocket, and under 3,000 ms',
        deviceSocket: {
          name: `one /sync socket: hello with no cursors, all ${seed.updates} log rows received in FRAME_LOG frames; each frame's entries grouped by doc and applied (Y.applyUpdate) in one transaction per doc, as the app's engine groups them; until caught-up`,
          ...deviceLoad,
          profileP50: loadProfile(loads),
          transferOnly: {
            name: 'the same, receiving and decoding every frame but applying nothing',
            ...distribution(transfers.map((run) => run.value.ms)),
            relayCpuMsP50: p50(transfers.map((run) => run.relayCpuMs)),
          },
        },
        baseline: {
          name: 'the stock y-websocket 3 WebsocketProvider per doc on /ws/doc/<team>/<doc>, 8 at a time, each until its sync event, then destroyed',
          ...baseline,
          runsMs: baselineRuns.map((run) => round(run.ms)),
          relayCpuMsPerRun: baselineRuns.map((run) => run.relayCpuMs),
          note: 'the relay was restarted before the first run: its doc cache was cold then (every doc read and merged from SQLite) and warm for the later runs',
        },
        ratioP50,
        ratioColdBaselineToP50: round(coldBaseline.ms / deviceLoad.p50),
        relayCpuRatio: round(p50(baselineRuns.map((run) => run.relayCpuMs)) / loadProfile(loads).relayCpuMs),
        met: { tenTimesFaster: ratioP50 >= 10, under3s: tail(deviceLoad).value < 3000 },
        engine: {
          name: "the app's SyncEngine (src/sync/engine.ts), Dexie on fake-indexeddb in Node: start() until the team is caught up (every update stored, cursor set); then DocStore.loadAll() into live Y.Docs, timed apart. fake-indexeddb is pure JavaScript, so the storage part is slower than in a browser",
          untilCaughtUp: engineCaughtUp,
          thenLoadAll: engineLoadAll,
          relayCpuMsP50: p50(engineRuns.map((run) => run.relayCpuMs)),
        },
        afterCompaction: {
          name: 'the /sync load after every doc was compacted (store.compactDoc), so that the relay sends one whole state per doc (seq 0)',
          compaction,
          ...compacted,
          profileP50: loadProfile(compactedLoads),
        },
      },
      reconnect: {
        name: `a device holding all 1,000 docs reconnects after another device changed ${CHANGED_DOCS} of them (a sentence added to one contact note each, pushed and acked); from opening the socket until the changes are applied; bytes on the TCP socket both ways, HTTP upgrade included`,
        cursor: {
          name: 'hello with the device cursor; the log entries applied until caught-up',
          ...reconnect.cursor,
        },
        stateVectors: {
          name: 'hello with the latest seq (nothing to stream), then a FRAME_DOC sync step 1 for each of the 1,000 docs, until all 1,000 sync step 2 answers are applied',
          ...reconnect.stateVectors,
          note: 'the first run met a cold relay doc cache (every doc read and merged from SQLite), the later ones a warm one',
        },
        ratioP50: {
          time: round(reconnect.stateVectors.p50 / reconnect.cursor.p50),
          bytes: round(reconnect.stateVectors.wireBytesP50 / reconnect.cursor.wireBytesP50),
        },
      },
    };
  } finally {
    await relay.close();
    await rm(dataDir, { recursive: true, force: true });
  }

  // 3. 200 devices pushing: steady on disk; then past saturation, on disk and (if there is one) on tmpfs.
  const steady = await pushLoadFigure(states, { rate: STEADY_RATE, durationMs: LOAD_MS });
  const probeDisk = await pushLoadFigure(states, { rate: PROBE_RATE, durationMs: PROBE_MS });
  const probeTmpfs = existsSync('/dev/shm')
    ? await pushLoadFigure(states, { rate: PROBE_RATE, durationMs: PROBE_MS, base: '/dev/shm' })
    : null;
  result.pushLoad = {
    steady,
    saturation: {
      name: `the same devices at ${PROBE_RATE} edits/s each for ${PROBE_MS / 1000} s, more than the relay can take: what it acknowledges at most, and what the disk costs`,
      disk: probeDisk,
      tmpfs: probeTmpfs ?? 'no /dev/shm on this machine',
    },
  };

  const file = await writeResult('sync', {
    description: 'The device socket /sync against per-doc y-websocket, on loopback. Times in ms.',
    relay:
      'a child process (bench/sync/relay-child.ts: startTestRelay, SQLite with synchronous=FULL in a temp DATA_DIR on the root disk unless noted); the clients run in the benchmark process',
    ...result,
    // Other work on the machine shows here first: the 1-minute load average should stay well under the cores.
    loadAverage: { atStart: loadAtStart.map((l) => round(l, 2)), atEnd: loadavg().map((l) => round(l, 2)) },
    runtimeSeconds: Math.round((performance.now() - started) / 1000),
  });
  console.log(`sync: → ${file}`);
}
