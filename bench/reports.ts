/**
 * `npm run bench -- reports`: coordination's reports on the relay (docs/architecture.md#reports). 10,000
 * case docs in 20 teams; the full report of a coordinator of all 20 teams over one quarter, timed over
 * loopback HTTP against a relay in this process and beside it, in the same run, its parts (reading the
 * facts; the tables of the 20 teams as one selection; the joint system of every selection the coordinator
 * may ask for); the report after one case changed, by a change outside the period (no count moves) and by
 * one within it (asked at once, and asked after the relay refreshed the reports in the background); the
 * time to rebuild the facts projection; and what keeping the projection current costs the pushes of 200
 * devices (the sync benchmark's load), with the projector on and off.
 */
import * as Y from 'yjs';
import { caseFactsSchema, type CaseFacts } from '../src/domain/case-facts.ts';
import { readPeriod, type ReportPeriod } from '../src/domain/report-period.ts';
import { REPORT_PATHS, ReportAnswerSchema } from '../src/protocol/reports.ts';
import { createLogger } from '../sync-server/src/logger.ts';
import { FactsCache } from '../sync-server/src/reports/facts-cache.ts';
import { catchUpFacts } from '../sync-server/src/reports/facts-projector.ts';
import { jointReport, reportContent, type TeamFacts } from '../sync-server/src/reports/report-tables.ts';
import { docKey } from '../sync-server/src/sync/doc-key.ts';
import { startTestRelay, type TestRelay } from '../tests/support/relay.ts';
import { generateCases } from './seed-cases.ts';
import { collectGarbage, round } from './sync/figures.ts';
import { pushLoadFigure } from './sync/push-bench.ts';
import { describeDistribution, distribution, writeResult } from './support.ts';

const TEAMS = 20;
const CASES_PER_TEAM = 500;
/**
 * Distinct generated cases: the realistic generator writes every case through the domain API, which takes
 * minutes for 10,000 on a busy machine, so each team takes 500 of 1,000 generated cases, a window that
 * starts 50 cases further on for each team. Every team's mix differs; a case doc's content recurs in 10 teams.
 */
const DISTINCT_CASES = 1_000;
const TODAY = '2026-12-01';
const PERIOD = '2026-Q3';
const REPORT_RUNS = 20;
const WARMUP_RUNS = 2;
/** One rebuild of all 10,000 docs: it takes long enough to be read as one number. */
const REBUILD_RUNS = 1;
const PUSH_RATE = 2;
/** How long each push load runs (projector on, then off); REPORTS_BENCH_PUSH_MS for a quick look. */
const PUSH_MS = Number(process.env.REPORTS_BENCH_PUSH_MS ?? 20_000);

const COORDINATOR = {
  userId: 'koordination-1',
  deviceId: 'dev-koordination-1',
  role: 'coordination',
} as const;
const SEEDER = { userId: 'cm-seed', deviceId: 'dev-seed' };

function teamIds(): { id: string; name: string }[] {
  return Array.from({ length: TEAMS }, (_, t) => {
    const id = `kim-${String(t + 1).padStart(2, '0')}`;
    return { id, name: `Team ${id}` };
  });
}

/** Times `work` `runs` times after `WARMUP_RUNS` untimed ones, each after a full garbage collection. */
async function timed(runs: number, work: () => Promise<unknown> | unknown): Promise<number[]> {
  for (let run = 0; run < WARMUP_RUNS; run++) await work();
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) {
    collectGarbage();
    const started = performance.now();
    await work();
    samples.push(performance.now() - started);
  }
  return samples;
}

async function seedRelay(relay: TestRelay, states: Uint8Array[], teams: { id: string; name: string }[]) {
  const store = relay.store;
  for (const team of teams) await store.createTeam({ id: team.id, name: team.name, kind: 'support-center' });
  for (const [user, role] of [
    [SEEDER, 'case-manager'],
    [COORDINATOR, 'coordination'],
  ] as const) {
    await store.createUser({
      id: user.userId,
      login: user.userId,
      displayName: user.userId,
      role,
      passwordHash: 'not-a-real-hash',
      mustChangePassword: false,
    });
    for (const team of teams) await store.addMembership(user.userId, team.id);
    await store.registerDevice({ id: user.deviceId, userId: user.userId, name: user.deviceId });
  }
  let docs = 0;
  for (const [t, team] of teams.entries()) {
    for (let i = 0; i < CASES_PER_TEAM; i++) {
      const key = docKey(team.id, `case-${String(i + 1).padStart(4, '0')}`);
      await store.registerDoc(key, team.id);
      await store.appendUpdate({
        teamId: team.id,
        docId: key,
        update: states[(t * 50 + i) % states.length]!,
        userId: SEEDER.userId,
        deviceId: SEEDER.deviceId,
      });
      docs++;
    }
  }
  return docs;
}

async function readFacts(relay: TestRelay, teams: { id: string }[]): Promise<TeamFacts[]> {
  const rows = await relay.store.factsOfTeams(teams.map((team) => team.id));
  return rows.map((row) => ({
    teamId: row.teamId,
    facts: caseFactsSchema.parse(JSON.parse(row.facts)) as CaseFacts,
  }));
}

export async function benchReports(): Promise<void> {
  const teams = teamIds();
  const read = readPeriod(PERIOD);
  if (typeof read === 'string') throw new Error(read);
  const period: ReportPeriod = read;

  let started = performance.now();
  const states: Uint8Array[] = [];
  for (const { doc } of generateCases({ count: DISTINCT_CASES, seed: 20_261_201, today: TODAY })) {
    states.push(Y.encodeStateAsUpdate(doc));
  }
  const generateMs = performance.now() - started;
  console.log(`reports: ${DISTINCT_CASES} cases generated in ${Math.round(generateMs)} ms`);

  // The relay under measurement runs in this process, without its background projector, so that nothing
  // projects behind the timed rebuilds; the report route brings stale facts up to date itself.
  const relay = await startTestRelay({}, { projectFacts: false });
  let result: Record<string, unknown>;
  try {
    const docs = await seedRelay(relay, states, teams);

    // 1. Rebuilding the projection: every row dropped, every doc projected again.
    const rebuilds: number[] = [];
    let projected = 0;
    for (let run = 0; run < REBUILD_RUNS; run++) {
      await relay.store.clearFacts();
      collectGarbage();
      started = performance.now();
      projected = (await catchUpFacts(relay.store)).projected;
      rebuilds.push(performance.now() - started);
    }
    const rebuild = distribution(rebuilds);
    console.log(`reports: rebuild of ${projected} docs: ${describeDistribution(rebuild)}`);

    // 2. The full report and its parts.
    const token = (await relay.tokens.issueAccess(COORDINATOR)).token;
    const url = `${relay.url}${REPORT_PATHS.report}?teams=${teams.map((team) => team.id).join(',')}&period=${PERIOD}`;
    let answer: ReturnType<typeof ReportAnswerSchema.parse> | undefined;
    const ask = async () => {
      const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      const text = await response.text();
      if (response.status !== 200) throw new Error(`report: ${response.status} ${text}`);
      answer = ReportAnswerSchema.parse(JSON.parse(text));
    };
    const http = await timed(REPORT_RUNS, ask);
    // One case's facts change before each request (stored again under a higher seq, as the projector
    // would): once by a contact after the period (today's work: no count of the period moves), once by a
    // contact within it (entered late: the period's contacts move, so its reports are computed again).
    const changed = (await relay.store.factsOfTeams([teams[0]!.id]))[0]!;
    let changedSeq = changed.seq;
    const changing = caseFactsSchema.parse(JSON.parse(changed.facts));
    const afterChange = (on: (run: number) => string) => {
      let run = 0;
      return timed(REPORT_RUNS, async () => {
        changing.contacts.push({ on: on(run++), kind: 'office', interpreter: false });
        await relay.store.putFacts(changed.docId, ++changedSeq, JSON.stringify(changing));
        await ask();
      });
    };
    const dayOfRun = (month: string) => (run: number) =>
      `2026-${month}-${String((run % 28) + 1).padStart(2, '0')}`;
    const httpAfterChangeOutside = await afterChange(dayOfRun('11'));
    const httpAfterChangeInside = await afterChange(dayOfRun('08'));
    // The same change within the period, and then what the projector does after storing facts: the
    // reports asked for lately are computed again in the background; only the request after it is timed.
    const refreshed: number[] = [];
    const refreshMs: number[] = [];
    for (let run = 0; run < WARMUP_RUNS + REPORT_RUNS; run++) {
      changing.contacts.push({ on: dayOfRun('09')(run), kind: 'office', interpreter: false });
      await relay.store.putFacts(changed.docId, ++changedSeq, JSON.stringify(changing));
      started = performance.now();
      relay.reports.refresh();
      await relay.reports.idle();
      const refreshTook = performance.now() - started;
      collectGarbage();
      started = performance.now();
      await ask();
      if (run >= WARMUP_RUNS) {
        refreshed.push(performance.now() - started);
        refreshMs.push(refreshTook);
      }
    }
    const cases = await readFacts(relay, teams);
    const input = { period, teams, cases };
    const readFactsMs = await timed(REPORT_RUNS, () => readFacts(relay, teams));
    const cache = new FactsCache(relay.store, createLogger('silent'));
    const readCachedMs = await timed(REPORT_RUNS, () => cache.ofTeams(teams.map((team) => team.id)));
    const oneSystemMs = await timed(REPORT_RUNS, () => reportContent(input));
    const jointMs = await timed(REPORT_RUNS, () =>
      jointReport(
        input,
        teams.map((team) => team.id),
      ),
    );
    const cells = answer!.tables.flatMap((table) => table.rows.flatMap((row) => Object.values(row.cells)));
    const report = {
      name: `GET ${REPORT_PATHS.report} for a coordinator of all ${TEAMS} teams, ${PERIOD}: request sent until the answer is read and parsed, over loopback HTTP (fetch) to the relay in this process; facts already current and unchanged since the last request`,
      ...distribution(http),
      cellsInAnswer: cells.length,
      suppressedInAnswer: cells.filter((cell) => cell === 'suppressed').length,
    };
    const reportAfterChange = {
      name: `the same request, after the facts of one case changed (stored again under a higher seq before each request): the relay reads that row again and checks what it says about ${PERIOD}; its reports of this coordinator and period are kept while the period's inputs stay the same`,
      noCountMoves: {
        name: `the change adds a contact in November 2026, after the period: the kept reports are answered`,
        ...distribution(httpAfterChangeOutside),
      },
      countMoves: {
        name: `the change adds a contact in August 2026, within the period, and the request comes at once: the joint system of every selection is built and suppressed anew (in the reports worker thread) while it waits`,
        ...distribution(httpAfterChangeInside),
      },
      countMovesRefreshed: {
        name: `the change adds a contact in September 2026, within the period, and the relay refreshes the reports asked for lately (ReportService.refresh, as the facts projector does after each round that stored facts) before the request comes: the request finds them ready`,
        ...distribution(refreshed),
        refresh: {
          name: 'the background refresh itself, from the call until it settled (rebuilding and suppressing in the worker thread)',
          ...distribution(refreshMs),
        },
      },
    };
    const baselines = {
      readFacts: {
        name: `reading and validating the facts of the ${docs} docs from SQLite (factsOfTeams, JSON.parse, zod), in process: what the relay does for a row it has not read before`,
        ...distribution(readFactsMs),
      },
      readFactsKept: {
        name: `the facts of the ${docs} docs as a report reads them, kept parsed in memory (FactsCache.ofTeams: the rows' versions from SQLite, nothing changed), in process`,
        ...distribution(readCachedMs),
      },
      tablesAsOneSelection: {
        name: `the tables and suppression of the ${TEAMS} teams as one selection only (reportContent: as before selections were suppressed jointly), in process`,
        ...distribution(oneSystemMs),
      },
      jointSystem: {
        name: `the tables of every selection the coordinator may ask for (each of the ${TEAMS} teams and all together) suppressed as one system, the route's computation (jointReport), in process`,
        ...distribution(jointMs),
      },
    };
    console.log(`reports: full report over HTTP: ${describeDistribution(report)}`);
    console.log(
      `reports: after a change outside the period: ${describeDistribution(reportAfterChange.noCountMoves)}`,
    );
    console.log(
      `reports: after a change within the period: ${describeDistribution(reportAfterChange.countMoves)}`,
    );
    console.log(
      `reports: the same, refreshed in the background first: ${describeDistribution(reportAfterChange.countMovesRefreshed)}`,
    );
    for (const [key, value] of Object.entries(baselines)) {
      console.log(`reports: ${key}: ${describeDistribution(value)}`);
    }
    result = {
      description:
        'Coordination reports on the relay. Times in ms; p95 nearest-rank over the runs after 2 untimed warm-up runs.',
      relay:
        'startTestRelay in the benchmark process (SQLite in a temp DATA_DIR on the root disk), facts projector off except where noted',
      seed: {
        teams: TEAMS,
        docs,
        distinctCases: DISTINCT_CASES,
        how: `bench/seed-cases.ts, ${DISTINCT_CASES} cases generated for ${TODAY} (${Math.round(generateMs)} ms); team t takes the ${CASES_PER_TEAM} cases from number 50·t on (wrapping), each doc stored as its merged state under its own key`,
      },
      report,
      reportAfterChange,
      baselines,
      rebuild: {
        name: `npm run admin -- reports rebuild's work: clearFacts, then catchUpFacts over all ${projected} docs, in process`,
        ...rebuild,
        perThousandCasesMs: round(rebuild.max / (projected / 1000)),
      },
    };
  } finally {
    await relay.close();
  }

  // 3. What the projector costs the pushes: the same 200-device load with it on and off.
  const pushStates = new Map(states.map((state, i) => [`case-${i + 1}`, state]));
  const on = await pushLoadFigure(pushStates, { rate: PUSH_RATE, durationMs: PUSH_MS, projectFacts: true });
  const off = await pushLoadFigure(pushStates, { rate: PUSH_RATE, durationMs: PUSH_MS, projectFacts: false });
  const summary = (figures: typeof on) => ({
    ackedPerSecond: figures.ackedPerSecond,
    ackLatencyMs: figures.ackLatencyMs,
    relayBusyShare: figures.relayEventLoop.busyShare,
    relayCpuCoreShare: figures.relayEventLoop.cpuCoreShare,
  });
  result.projectorCost = {
    name: `the sync benchmark's push load (bench/sync/push-bench.ts: 200 devices in 20 teams, ${PUSH_RATE} contact note edits/s each for ${PUSH_MS / 1000} s, FRAME_PUSH sent → ack received) against a relay process with the facts projector on (projecting each pushed doc a second after its append) and off; on first, then off`,
    projectorOn: summary(on),
    projectorOff: summary(off),
    load: on.name,
  };
  const file = await writeResult('reports', result);
  console.log(`reports: written to ${file}`);
}
