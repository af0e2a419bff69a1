import { appendFile, cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../sync-server/src/config.ts';
import { startTestRelay, type TestRelay } from '../support/relay.ts';
import { AppShellPage } from './pages/app-shell.page.ts';
import { LoginPage } from './pages/login.page.ts';
import { CASE_MANAGER, createAccounts } from './support/accounts.ts';
import { axeViolations, logIn } from './support/app-in-chromium.ts';
import { launchChromium } from './support/browser.ts';

let staticDir: string;
let relay: TestRelay;
let browser: Browser;

beforeAll(async () => {
  // A copy of the build that the test can "redeploy" by changing its service worker.
  staticDir = await mkdtemp(path.join(tmpdir(), 'lotse-static-'));
  await cp(path.join(PROJECT_ROOT, 'dist'), staticDir, { recursive: true });
  relay = await startTestRelay({ staticDir });
  await createAccounts(relay.store);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await relay?.close();
  await rm(staticDir, { recursive: true, force: true });
});

describe('a new version of the app', () => {
  it('is offered, never forced, and activates when a person asks for it', async () => {
    const context = await browser.newContext();
    try {
      const shell = new AppShellPage(await context.newPage(), relay.url);
      await logIn(new LoginPage(shell.page, relay.url), CASE_MANAGER, '/einstellungen');
      await shell.waitForOfflineReady();
      // A marker that only survives as long as the page is not reloaded.
      await shell.page.evaluate(() => Object.assign(window, { untouched: true }));

      await appendFile(path.join(staticDir, 'sw.js'), '\n// redeployed\n');
      await shell.page.getByRole('button', { name: 'Nach Updates suchen' }).click();

      const banner = shell.page.getByRole('region', { name: 'Neue Version verfügbar' });
      await banner.waitFor();
      expect(await shell.page.evaluate(() => 'untouched' in window)).toBe(true);
      expect(await axeViolations(shell.page)).toEqual([]);

      const reloaded = shell.page.waitForEvent('load');
      await banner.getByRole('button', { name: 'Jetzt aktualisieren' }).click();
      await reloaded;
      await shell.heading.waitFor();
      expect(await shell.page.evaluate(() => 'untouched' in window)).toBe(false);
      expect(await banner.count()).toBe(0);
      const waiting = await shell.page.evaluate(
        async () => (await navigator.serviceWorker.getRegistration())?.waiting ?? null,
      );
      expect(waiting).toBeNull();
    } finally {
      await context.close();
    }
  });

  it('waits when the person chooses "Später"', async () => {
    const context = await browser.newContext();
    try {
      const shell = new AppShellPage(await context.newPage(), relay.url);
      await logIn(new LoginPage(shell.page, relay.url), CASE_MANAGER, '/einstellungen');
      await shell.waitForOfflineReady();
      await shell.page.evaluate(() => Object.assign(window, { untouched: true }));

      await appendFile(path.join(staticDir, 'sw.js'), '\n// redeployed again\n');
      await shell.page.getByRole('button', { name: 'Nach Updates suchen' }).click();
      const banner = shell.page.getByRole('region', { name: 'Neue Version verfügbar' });
      await banner.getByRole('button', { name: 'Später' }).click();

      expect(await banner.count()).toBe(0);
      expect(await shell.page.evaluate(() => 'untouched' in window)).toBe(true);
      const waiting = await shell.page.evaluate(
        async () => (await navigator.serviceWorker.getRegistration())?.waiting !== null,
      );
      expect(waiting).toBe(true);
    } finally {
      await context.close();
    }
  });
});
