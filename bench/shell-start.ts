/**
 * How fast the app shell is on screen: a first visit over the network, against a start with the network
 * off, served by the service worker's precache. The network visit is the baseline; the ratio is what
 * holds on a noisy machine.
 *
 * Both show the first screen of a signed-in case manager: the vault's screen that asks for the device PIN
 * (the app asks for it at every start before it shows anything of a case). The login happens once, untimed,
 * in a context of its own; every run then starts a fresh context that holds only that device database
 * (`lotse-device`, with the session): no service worker, no HTTP cache and no case database, so its first
 * visit loads everything over the network as a new device would, yet opens on the PIN screen, not the login
 * form. Unlocking and the case list are measured by the casefile and security benchmarks.
 */
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { DEVICE_DATABASE_NAME } from '../src/storage/device-db.ts';
import { CHROMIUM_ARGS, ensureChromium } from '../tests/support/chromium.ts';
import { startTestRelay } from '../tests/support/relay.ts';
import { createBenchAccount, logInThroughForm } from './account.ts';
import { distribution, writeResult } from './support.ts';

const RUNS = 20;
/** The first screen's heading for a signed-in person (src/ui/screens/VaultScreen.svelte): set up or unlock. */
const FIRST_SCREEN_HEADING = /^(Gerät schützen|Lotse ist gesperrt)$/;

type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>;
/** One origin of `storageState({ indexedDB: true })`; playwright-core's types leave the databases out. */
type OriginState = StorageState['origins'][number] & { indexedDB?: { name: string }[] };

/** Logs in once and keeps only the device database with the session, for the measured contexts. */
async function signedInDevice(browser: Browser, url: string): Promise<StorageState> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await logInThroughForm(page, url);
    const state = await context.storageState({ indexedDB: true });
    const origins: OriginState[] = (state.origins as OriginState[])
      .map((origin) => ({
        ...origin,
        localStorage: [],
        indexedDB: (origin.indexedDB ?? []).filter((db) => db.name === DEVICE_DATABASE_NAME),
      }))
      .filter((origin) => origin.indexedDB.length > 0);
    if (origins.length !== 1)
      throw new Error(`Expected one origin with ${DEVICE_DATABASE_NAME} after login.`);
    return { cookies: [], origins };
  } finally {
    await context.close();
  }
}

export async function benchShellStart(): Promise<void> {
  const executablePath = ensureChromium((line) => console.log(line));
  // Every run's context uses the same session; a long access token keeps any of them from rotating it.
  const relay = await startTestRelay({ accessTokenTtlSeconds: 3600 });
  const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
  const firstVisit: number[] = [];
  const offlineStart: number[] = [];
  try {
    await createBenchAccount(relay);
    const device = await signedInDevice(browser, relay.url);
    for (let run = 0; run < RUNS; run += 1) {
      const context = await browser.newContext({ storageState: device });
      const page = await context.newPage();
      const heading = page.getByRole('main').getByRole('heading', { level: 1, name: FIRST_SCREEN_HEADING });

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
    description:
      'Time until the first screen of a signed-in case manager (the device PIN screen) is visible, in ms (Chromium, headless, loopback relay)',
    baseline: { name: 'first visit over the network', ...online },
    offlineStart: { name: 'start with the network off, from the service worker cache', ...offline },
    ratioP50: Math.round((offline.p50 / online.p50) * 100) / 100,
  });
  console.log(`shell: first visit p50 ${online.p50} ms, offline start p50 ${offline.p50} ms → ${file}`);
}
