/**
 * How fast the app shell is on screen: a first visit over the network, against a start with the network
 * off, served by the service worker's precache. The network visit is the baseline; the ratio is what
 * holds on a noisy machine.
 */
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, ensureChromium } from '../tests/support/chromium.ts';
import { startTestRelay } from '../tests/support/relay.ts';
import { distribution, writeResult } from './support.ts';

const RUNS = 15;

export async function benchShellStart(): Promise<void> {
  const executablePath = ensureChromium((line) => console.log(line));
  const relay = await startTestRelay();
  const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
  const firstVisit: number[] = [];
  const offlineStart: number[] = [];
  try {
    for (let run = 0; run < RUNS; run += 1) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const heading = page.getByRole('main').getByRole('heading', { level: 1 });

      let started = performance.now();
      await page.goto(relay.url);
      await heading.waitFor();
      firstVisit.push(performance.now() - started);

      await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
      await context.setOffline(true);
      started = performance.now();
      await page.reload();
      await heading.waitFor();
      offlineStart.push(performance.now() - started);
      await context.close();
    }
  } finally {
    await browser.close();
    await relay.close();
  }
  const online = distribution(firstVisit);
  const offline = distribution(offlineStart);
  const file = await writeResult('shell', {
    description: 'Time until the start screen heading is visible, in ms (Chromium, headless, loopback relay)',
    baseline: { name: 'first visit over the network', ...online },
    offlineStart: { name: 'start with the network off, from the service worker cache', ...offline },
    ratioP50: Math.round((offline.p50 / online.p50) * 100) / 100,
  });
  console.log(`shell: first visit p50 ${online.p50} ms, offline start p50 ${offline.p50} ms → ${file}`);
}
