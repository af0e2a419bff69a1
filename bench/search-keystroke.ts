/**
 * Search keystrokes alone, for comparing two versions of the case list back to back: seeds 1,000 cases,
 * opens the app once per CPU throttling rate and types the case-file benchmark's queries (`ROUNDS` times
 * each, default 2), then prints the distributions the benchmark reports, split into the app's own reaction
 * and what the browser did after it. While it types, a DevTools trace records the page's main thread; per
 * keystroke it sums the thread's CPU time (trace events' `tdur`) from the keydown until the probe has seen
 * the list laid out. On a machine busy with other work the wall-clock times swell with every moment the
 * page waits for a core, the CPU time does not, so it is what to compare under load.
 *
 * Not part of `npm run bench` and writes no result: `npx tsx bench/search-keystroke.ts [rates…]` (default
 * `1 4`); `TRACE_FILE=/tmp/search` also writes the traces (open them in DevTools' Performance panel).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CDPSession } from 'playwright-core';
import { buildIfNeeded } from '../scripts/build-if-needed.ts';
import { ensureChromium } from '../tests/support/chromium.ts';
import { startTestRelay } from '../tests/support/relay.ts';
import { BENCH_TEAM, createBenchAccount } from './account.ts';
import { coldOpen, measureSearch, seedApp } from './casefile-app.ts';
import { seed } from './casefile.ts';
import { describeDistribution, distribution } from './support.ts';

interface TraceEvent {
  name: string;
  ph: string;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string; data?: { type?: string; functionName?: string } };
}

const rates = process.argv.length > 2 ? process.argv.slice(2).map(Number) : [1, 4];
const rounds = Number(process.env.ROUNDS ?? 2);

async function traced<T>(
  cdp: CDPSession,
  run: () => Promise<T>,
): Promise<{ result: T; events: TraceEvent[] }> {
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (data) => events.push(...(data.value as unknown as TraceEvent[])));
  const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.start', {
    traceConfig: {
      includedCategories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute'],
    },
    transferMode: 'ReportEvents',
  });
  const result = await run();
  await cdp.send('Tracing.end');
  await complete;
  return { result, events };
}

/**
 * Per keystroke: the main thread's CPU time from its keydown until the end of the probe's task, and of it
 * the time in Svelte's update (microtasks in the input event), style and layout (wherever they ran).
 */
function cpuPerKeystroke(
  events: TraceEvent[],
): { total: number; script: number; style: number; layout: number }[] {
  const main = events.find(
    (event) => event.name === 'thread_name' && event.args?.name === 'CrRendererMain',
  )?.tid;
  const complete = events
    .filter((event) => event.tid === main && event.ph === 'X' && event.dur !== undefined)
    .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const keydowns = complete.filter(
    (event) => event.name === 'EventDispatch' && event.args?.data?.type === 'keydown',
  );
  const probes = complete.filter(
    (event) => event.name === 'FunctionCall' && event.args?.data?.functionName === 'channel.port1.onmessage',
  );
  // Top-level events do not nest in another one: their CPU time adds up without counting anything twice.
  const topLevel: TraceEvent[] = [];
  let busyUntil = -1;
  for (const event of complete) {
    if (event.ts < busyUntil) continue;
    topLevel.push(event);
    busyUntil = event.ts + event.dur!;
  }
  const cpu = (list: TraceEvent[], from: number, to: number, names?: Set<string>) =>
    list
      .filter((event) => event.ts >= from && event.ts <= to && (!names || names.has(event.name)))
      .reduce((sum, event) => sum + (event.tdur ?? event.dur!) / 1000, 0);
  return probes.map((probe) => {
    const from = keydowns.filter((keydown) => keydown.ts < probe.ts).at(-1)!.ts;
    const to = probe.ts + probe.dur!;
    return {
      total: cpu(topLevel, from, to),
      script: cpu(complete, from, to, new Set(['RunMicrotasks'])),
      style: cpu(complete, from, to, new Set(['UpdateLayoutTree'])),
      layout: cpu(complete, from, to, new Set(['Layout'])),
    };
  });
}

buildIfNeeded();
const executablePath = ensureChromium((line) => console.log(line));
const relay = await startTestRelay();
const userDataDir = await mkdtemp(path.join(tmpdir(), 'lotse-search-'));
try {
  const user = { userId: await createBenchAccount(relay), teamId: BENCH_TEAM.id };
  const seeded = await seed(user);
  const count = seeded.rows.length;
  await seedApp(executablePath, userDataDir, relay.url, user, seeded.rows);
  for (const rate of rates) {
    const opened = await coldOpen(executablePath, userDataDir, relay.url, count, rate);
    try {
      const cdp = await opened.context.newCDPSession(opened.page);
      const { result: measured, events } = await traced(cdp, () =>
        measureSearch(opened.page, seeded.summaries, rounds),
      );
      if (process.env.TRACE_FILE) {
        await writeFile(`${process.env.TRACE_FILE}.${rate}x.json`, JSON.stringify({ traceEvents: events }));
      }
      const samples = measured.search;
      const cpu = cpuPerKeystroke(events);
      if (cpu.length !== samples.length) {
        throw new Error(`The trace holds ${cpu.length} keystrokes, the probe ${samples.length}.`);
      }
      const firsts = new Set<number>();
      let index = 0;
      for (const query of measured.queries) {
        firsts.add(index);
        index += query.ms.length;
      }
      const print = (name: string, values: number[]) =>
        console.log(`CPU ${rate}×  ${name.padEnd(30)} ${describeDistribution(distribution(values))}`);
      const split = <T>(values: T[], first: boolean) => values.filter((_, at) => firsts.has(at) === first);
      const wall = samples.map((sample) => sample.ms);
      print('wall, all keystrokes', wall);
      print('wall, first of a query', split(wall, true));
      print('wall, later', split(wall, false));
      print(
        'wall, app reaction',
        samples.map((sample) => sample.scriptMs),
      );
      for (const part of ['total', 'script', 'style', 'layout'] as const) {
        const values = cpu.map((entry) => entry[part]);
        print(`main-thread CPU ${part}, first`, split(values, true));
        print(`main-thread CPU ${part}, later`, split(values, false));
      }
    } finally {
      await opened.context.close();
    }
  }
} finally {
  await relay.close();
  await rm(userDataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
}
