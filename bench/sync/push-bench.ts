/**
 * Figure 3 of the sync benchmark: 200 devices in 20 teams push contact note edits at once. The relay gets
 * a fresh DATA_DIR; memory and event-loop use are read from the relay process around the load.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cpuMs, memory, percentile, round, seedTeam } from './figures.ts';
import { runPushLoad, type PushDevice } from './push-load.ts';
import { RelayHandle, type Usage } from './relay-handle.ts';

const LOAD_TEAMS = 20;
const LOAD_DEVICES_PER_TEAM = 10;
const LOAD_DOCS_PER_TEAM = 50;
const LOAD_DOCS_PER_DEVICE = 5;
/** How long the steady load runs; shorter for a quick look (SYNC_BENCH_LOAD_MS), 30 s in the results. */
export const LOAD_MS = Number(process.env.SYNC_BENCH_LOAD_MS ?? 30_000);
const LOAD_IN_FLIGHT = 4;

/**
 * 200 devices in 20 teams push contact note edits, `rate` per second each, for `durationMs`, with the
 * relay's DATA_DIR in `base` (the root disk's temp dir, or a tmpfs to see the relay without fsync), and
 * the relay's facts projector on unless `projectFacts` is false.
 */
export async function pushLoadFigure(
  states: Map<string, Uint8Array>,
  {
    rate,
    durationMs,
    base = tmpdir(),
    projectFacts = true,
    databaseUrl,
    appendBatch = true,
    dropBacklog = false,
  }: {
    rate: number;
    durationMs: number;
    base?: string;
    projectFacts?: boolean;
    /** PostgreSQL (an empty schema) instead of SQLite in the DATA_DIR. */
    databaseUrl?: string;
    /** Group commit, or one commit per push (the relay's `APPEND_BATCH=false`). */
    appendBatch?: boolean;
    /** Drop what is still in the outboxes when the window closes, instead of draining it. */
    dropBacklog?: boolean;
  },
) {
  const dataDir = await mkdtemp(path.join(base, 'lotse-sync-bench-'));
  const relay = await RelayHandle.start({
    dataDir,
    projectFacts,
    appendBatch,
    ...(databaseUrl ? { databaseUrl } : {}),
  });
  try {
    const { devices, cursors } = await setUpPushLoad(relay, states);
    const idle = await relay.usage(true);
    let connected: Usage | undefined;
    let drained: Usage | undefined;
    let drainedGc: Usage | undefined;
    let appends: number[] = [];
    let batchSizes: number[] = [];
    const load = await runPushLoad(
      relay.wsUrl,
      devices,
      cursors,
      { durationMs, ratePerDevice: rate, maxInFlight: LOAD_IN_FLIGHT, dropBacklog },
      {
        connected: async () => {
          await relay.appendTimes();
          connected = await relay.usage(true);
        },
        drained: async () => {
          drained = await relay.usage();
          ({ ms: appends, batchSizes } = await relay.commits());
          drainedGc = await relay.usage(true);
        },
      },
    );
    const closed = await relay.usage(true);
    const seconds = load.windowMs / 1000;
    const relayWallMs =
      drained!.eventLoop.idle +
      drained!.eventLoop.active -
      (connected!.eventLoop.idle + connected!.eventLoop.active);
    const relayBusyMs = drained!.eventLoop.active - connected!.eventLoop.active;
    const appendTotalMs = appends.reduce((sum, ms) => sum + ms, 0);
    const figures = {
      name: `${load.devices} devices (${LOAD_TEAMS} teams of ${LOAD_DEVICES_PER_TEAM}, one user and socket each), each adding a sentence to a contact note of one of its ${LOAD_DOCS_PER_DEVICE} cases ${rate}×/s for ${durationMs / 1000} s through an outbox with at most ${LOAD_IN_FLIGHT} pushes in flight; latency is FRAME_PUSH sent → ack received`,
      dataDir: base,
      offeredPerSecond: round(load.offered / seconds),
      ackedPerSecond: round(load.ackedInWindow / seconds),
      ackedInWindow: load.ackedInWindow,
      backlogAtEnd: load.backlogAtEnd,
      ackLatencyMs: {
        p50: percentile(load.latencies, 50),
        p95: percentile(load.latencies, 95),
        p99: percentile(load.latencies, 99),
        max: percentile(load.latencies, 100),
      },
      logFramesReceivedByDevices: load.framesReceived,
      relayEventLoop: {
        name: 'from the devices connected until the outboxes drained: share of wall time the relay event loop was busy, and how much of the wall time went into store.appendUpdate (synchronous SQLite commit with fsync)',
        busyShare: round(relayBusyMs / relayWallMs, 2),
        ...(databaseUrl ? {} : { appendShare: round(appendTotalMs / relayWallMs, 2) }),
        appends: appends.length,
        appendMsP50: appends.length ? percentile(appends, 50) : null,
        appendMsP99: appends.length ? percentile(appends, 99) : null,
        cpuCoreShare: round(cpuMs(connected!, drained!) / relayWallMs, 2),
      },
      commits: {
        name: appendBatch
          ? 'group commit: store.appendUpdates calls (one transaction, one durable commit each), the updates each carried, and how long each took until it resolved'
          : 'one store.appendUpdate (one durable commit) per push, and how long each took until it resolved',
        store: databaseUrl ? 'postgres' : 'sqlite',
        count: appends.length,
        ...(appendBatch && batchSizes.length > 0
          ? {
              updatesPerCommitP50: percentile(batchSizes, 50),
              updatesPerCommitMax: percentile(batchSizes, 100),
            }
          : {}),
        commitMsP50: appends.length ? percentile(appends, 50) : null,
        commitMsP99: appends.length ? percentile(appends, 99) : null,
      },
      clients: {
        name: 'this process (all 200 device sockets) over the window',
        eventLoopBusyShare: round(load.clientEventLoop, 2),
        cpuCoreShare: round(load.clientCpuMs / load.windowMs, 2),
      },
      relayMemoryMiB: {
        name: 'relay process, after a full GC unless noted',
        idleAfterSeed: memory(idle),
        devicesConnected: memory(connected!),
        afterLoadNoGc: memory({ ...drained!, afterGc: undefined }),
        afterLoad: memory(drainedGc!),
        socketsClosed: memory(closed),
      },
    };
    console.log(
      `sync: ${load.devices} devices pushing ${rate}/s each (DATA_DIR in ${base}, projector ${projectFacts ? 'on' : 'off'}): ${figures.ackedPerSecond} acks/s (offered ${figures.offeredPerSecond}/s), ack p50 ${figures.ackLatencyMs.p50} ms, p99 ${figures.ackLatencyMs.p99} ms`,
    );
    return figures;
  } finally {
    await relay.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/**
 * The load's accounts and log on `relay`: 20 teams of 10 case managers with one device each, and 50 of the
 * seeded cases per team (one row each), 5 per device. Resolves the devices and each team's latest seq.
 */
export async function setUpPushLoad(
  relay: RelayHandle,
  states: Map<string, Uint8Array>,
): Promise<{ devices: PushDevice[]; cursors: Record<string, number> }> {
  const teams = Array.from({ length: LOAD_TEAMS }, (_, t) => `load-${String(t + 1).padStart(2, '0')}`);
  const users = teams.flatMap((teamId) =>
    Array.from({ length: LOAD_DEVICES_PER_TEAM }, (_, d) => ({
      id: `cm-${teamId}-${d + 1}`,
      teams: [teamId],
      devices: [`dev-${teamId}-${d + 1}`],
    })),
  );
  const { tokens } = (await relay.request('accounts', {
    teams,
    users: [{ id: 'cm-seed', teams, devices: ['dev-seed'] }, ...users],
  })) as { tokens: Record<string, string> };
  const ids = [...states.keys()];
  const cursors: Record<string, number> = {};
  const devices: PushDevice[] = [];
  for (const [t, teamId] of teams.entries()) {
    const teamDocs = ids.slice(t * LOAD_DOCS_PER_TEAM, (t + 1) * LOAD_DOCS_PER_TEAM);
    cursors[teamId] = await seedTeam(
      relay,
      teamId,
      teamDocs.map((id) => ({ id, updates: [states.get(id)!] })),
    );
    for (let d = 0; d < LOAD_DEVICES_PER_TEAM; d += 1) {
      const mine = teamDocs.slice(d * LOAD_DOCS_PER_DEVICE, (d + 1) * LOAD_DOCS_PER_DEVICE);
      devices.push({
        deviceId: `dev-${teamId}-${d + 1}`,
        teamId,
        token: tokens[`dev-${teamId}-${d + 1}`]!,
        docs: new Map(mine.map((id) => [id, states.get(id)!])),
      });
    }
  }
  return { devices, cursors };
}
