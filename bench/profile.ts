/**
 * Where the time goes: CPU profiles (the DevTools protocol's sampling profiler) of the cold open offline to
 * the case list, of opening cases and of search keystrokes, with 1,000 seeded cases and the page's CPU
 * throttled (4× unless a rate is given: `npx tsx bench/profile.ts 1`). Prints self time per function and
 * per script, and writes the `.cpuprofile` files (open them in DevTools' Performance panel) to a temp
 * directory. Steps may be named after the rate to profile only those after the cold open (`npx tsx
 * bench/profile.ts 4 search`; steps: open, search). Not part of `npm run bench`: it explains the numbers, it
 * does not produce them.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { buildIfNeeded } from '../scripts/build-if-needed.ts';
import { ensureChromium } from '../tests/support/chromium.ts';
import { startTestRelay } from '../tests/support/relay.ts';
import { BENCH_TEAM, createBenchAccount, submitDevicePin } from './account.ts';
import { coldOpen, seedApp } from './casefile-app.ts';
import { seed } from './casefile.ts';
import { instrumentSearch, watchForCaseCount, watchNextOpen } from './casefile-page.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const rate = Number(process.argv[2] ?? 4);
const steps = new Set(process.argv.length > 3 ? process.argv.slice(3) : ['open', 'search']);

function summarise(title: string, profile: CpuProfile, top = 25): void {
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfByFrame = new Map<string, number>();
  const selfByScript = new Map<string, number>();
  profile.samples.forEach((id, index) => {
    const ms = (profile.timeDeltas[index + 1] ?? 0) / 1000;
    const frame = byNode.get(id)!.callFrame;
    const script = frame.url ? path.basename(new URL(frame.url, 'http://x').pathname) : frame.functionName;
    const name = `${frame.functionName || '(anonymous)'} ${script}:${frame.lineNumber + 1}:${frame.columnNumber + 1}`;
    selfByFrame.set(name, (selfByFrame.get(name) ?? 0) + ms);
    selfByScript.set(script, (selfByScript.get(script) ?? 0) + ms);
  });
  const total = (profile.endTime - profile.startTime) / 1000;
  const list = (map: Map<string, number>, n: number) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, ms]) => `  ${ms.toFixed(1).padStart(8)} ms  ${name}`)
      .join('\n');
  console.log(`\n== ${title}: ${total.toFixed(0)} ms profiled (CPU ${rate}×)\n-- self time per script:`);
  console.log(list(selfByScript, 12));
  console.log(`-- self time per function:`);
  console.log(list(selfByFrame, top));
}

async function profiled<T>(
  cdp: CDPSession,
  run: () => Promise<T>,
): Promise<{ result: T; profile: CpuProfile }> {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  const result = await run();
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
  return { result, profile };
}

buildIfNeeded();
const executablePath = ensureChromium((line) => console.log(line));
const relay = await startTestRelay();
const userDataDir = await mkdtemp(path.join(tmpdir(), 'lotse-profile-'));
const out = await mkdtemp(path.join(tmpdir(), 'lotse-cpuprofiles-'));
try {
  const user = { userId: await createBenchAccount(relay), teamId: BENCH_TEAM.id };
  const seeded = await seed(user);
  const count = seeded.rows.length;
  await seedApp(executablePath, userDataDir, relay.url, user, seeded.rows);
  // One cold open to warm the profile's caches (service worker, code cache), as the benchmark's later runs are.
  await (await coldOpen(executablePath, userDataDir, relay.url, count, rate)).context.close();

  const { chromium } = await import('playwright-core');
  const { CHROMIUM_ARGS } = await import('../tests/support/chromium.ts');
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    offline: true,
  });
  const page: Page = context.pages()[0] ?? (await context.newPage());
  await page.addInitScript(watchForCaseCount, count);
  const cdp = await context.newCDPSession(page);
  if (rate !== 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  const cold = await profiled(cdp, async () => {
    await page.goto(`${relay.url}/faelle`);
    await page.waitForFunction(() => window.__lotseBench?.lockPainted, null, { timeout: 60_000 });
    await submitDevicePin(page);
    const marks = await page.waitForFunction(() => window.__lotseBench?.coldOpen, null, { timeout: 60_000 });
    return marks.jsonValue();
  });
  console.log('cold open marks (ms since navigation):', JSON.stringify(cold.result, null, 1));
  await writeFile(path.join(out, 'cold-open.cpuprofile'), JSON.stringify(cold.profile));
  summarise('cold open offline to the case list', cold.profile, 40);

  const links = page.getByRole('list', { name: 'Fälle' }).getByRole('link');
  if (steps.has('open')) {
    const open = await profiled(cdp, async () => {
      const times: number[] = [];
      for (let run = 0; run < 8; run += 1) {
        await page.evaluate(watchNextOpen);
        await links.nth(run * 5 + 2).click();
        const opened = await page.waitForFunction(() => window.__lotseBench!.open, null, { timeout: 60_000 });
        times.push(((await opened.jsonValue()) as { ms: number }).ms);
        await page.goBack();
        await links.first().waitFor();
      }
      return times;
    });
    console.log('\nopen case ms:', open.result.map(Math.round).join(', '));
    await writeFile(path.join(out, 'open-case.cpuprofile'), JSON.stringify(open.profile));
    summarise('opening 8 cases (and going back)', open.profile, 40);
  }

  if (steps.has('search')) {
    const box = page.getByRole('searchbox', { name: 'Suche' });
    await box.evaluate(instrumentSearch);
    const search = await profiled(cdp, async () => {
      for (const query of ['mueller', 'jusuf', 'kowalski', 'haddad fatima']) {
        await page.evaluate(() => (window.__lotseBench!.searchArmed = false));
        await box.fill('');
        await box.focus();
        await page.evaluate(() => (window.__lotseBench!.searchArmed = true));
        await page.keyboard.type(query, { delay: 80 });
      }
      return page.evaluate(() => window.__lotseBench!.search);
    });
    console.log('\nsearch ms:', search.result.map((s) => `${s.query}:${Math.round(s.ms)}`).join(' '));
    await writeFile(path.join(out, 'search.cpuprofile'), JSON.stringify(search.profile));
    summarise('search keystrokes', search.profile, 30);
  }
  await context.close();
  console.log(`\nprofiles in ${out}`);
} finally {
  await relay.close();
  await rm(userDataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
}
