/**
 * Loading every doc: Lotse's DocStore on Dexie against y-indexeddb, in Chromium, with the same docs. The
 * harness page (bench/harness/) bundles the real storage modules; it is built here, served by a relay of
 * its own, and measured on a real on-disk profile (incognito IndexedDB lives in memory and would flatter
 * both). Every measurement starts a new browser, so neither store profits from the other's warm databases,
 * and the order alternates between runs.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS } from '../tests/support/chromium.ts';
import { startTestRelay } from '../tests/support/relay.ts';
import type { LoadProfile, LoadResult } from './harness/api.ts';
import { HARNESS_DIST } from './harness/vite.config.ts';
import type { SeedRow } from './casefile-app.ts';

const RUNS = 5;
const SEED_CHUNK = 100;
const BENCH = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(BENCH, '..');

/** Builds the harness every time: a few seconds, and it can never measure stale storage code. */
export function buildHarness(): void {
  const result = spawnSync(
    process.execPath,
    [
      path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--config',
      'bench/harness/vite.config.ts',
    ],
    { cwd: ROOT, env: { ...process.env, NODE_ENV: 'production' }, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  if (result.status !== 0)
    throw new Error(`The harness build failed (exit ${result.status ?? result.signal}).`);
}

export async function openHarness(
  executablePath: string,
  userDataDir: string,
  url: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(url);
  try {
    await page.waitForFunction(() => window.lotseHarness !== undefined, null, { timeout: 15_000 });
  } catch {
    await context.close();
    throw new Error(`The harness page did not start. Page errors: ${errors.join('; ') || 'none'}`);
  }
  return { context, page };
}

export interface LoadComparison {
  dexie: number[];
  yIndexeddb: number[];
  /** Diagnostics, each from a fresh browser too: where Dexie's time goes. */
  profile: LoadProfile[];
}

export async function compareLoad(options: {
  executablePath: string;
  rows: SeedRow[];
  /** Contacts over all seeded cases: each load must return exactly these. */
  contacts: number;
}): Promise<LoadComparison> {
  const { executablePath, rows, contacts } = options;
  buildHarness();
  const relay = await startTestRelay({ staticDir: HARNESS_DIST });
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'lotse-bench-load-'));
  try {
    const seeding = await openHarness(executablePath, userDataDir, relay.url);
    try {
      for (let start = 0; start < rows.length; start += SEED_CHUNK) {
        const docs = rows.slice(start, start + SEED_CHUNK).map(({ id, update }) => ({ id, update }));
        await seeding.page.evaluate((chunk) => window.lotseHarness!.seed(chunk), docs);
      }
      const stored = await seeding.page.evaluate(() => window.lotseHarness!.stored());
      if (stored.dexieDocs !== rows.length || stored.yDatabases !== rows.length) {
        throw new Error(
          `Seeding the harness failed: ${JSON.stringify(stored)}, expected ${rows.length} each.`,
        );
      }
    } finally {
      await seeding.context.close();
    }

    const ids = rows.map((row) => row.id);
    const measure = async (store: 'dexie' | 'y-indexeddb'): Promise<number> => {
      const { context, page } = await openHarness(executablePath, userDataDir, relay.url);
      try {
        const result: LoadResult =
          store === 'dexie'
            ? await page.evaluate(() => window.lotseHarness!.loadDexie())
            : await page.evaluate((all) => window.lotseHarness!.loadYIndexeddb(all), ids);
        if (result.docs !== rows.length || result.contacts !== contacts) {
          throw new Error(
            `${store} loaded ${result.docs} docs with ${result.contacts} contacts, expected ${rows.length} with ${contacts}.`,
          );
        }
        return result.ms;
      } finally {
        await context.close();
      }
    };
    const comparison: LoadComparison = { dexie: [], yIndexeddb: [], profile: [] };
    for (let run = 0; run < RUNS; run += 1) {
      const order = run % 2 === 0 ? (['dexie', 'y-indexeddb'] as const) : (['y-indexeddb', 'dexie'] as const);
      for (const store of order) {
        const ms = await measure(store);
        (store === 'dexie' ? comparison.dexie : comparison.yIndexeddb).push(ms);
      }
      const { context, page } = await openHarness(executablePath, userDataDir, relay.url);
      try {
        comparison.profile.push(await page.evaluate(() => window.lotseHarness!.profileDexie()));
      } finally {
        await context.close();
      }
    }
    return comparison;
  } finally {
    await relay.close();
    await rm(userDataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  }
}
