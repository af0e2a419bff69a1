import { appendFile, cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PROJECT_ROOT } from '../../sync-server/src/config.ts';
import { CHROMIUM_ARGS } from '../support/chromium.ts';
import { startTestRelay, type TestRelay } from '../support/relay.ts';
import { AppShellPage } from './pages/app-shell.page.ts';
import { CaseFilePage, CasesPage } from './pages/cases.page.ts';
import { LoginPage } from './pages/login.page.ts';
import { CASE_MANAGER, createAccounts } from './support/accounts.ts';
import { logIn } from './support/app-in-chromium.ts';

let staticDir: string;
let userDataDir: string;
let relay: TestRelay;

beforeAll(async () => {
  // A copy of the build, so the test can deploy a "new version" by changing its service worker.
  staticDir = await mkdtemp(path.join(tmpdir(), 'lotse-static-'));
  await cp(path.join(PROJECT_ROOT, 'dist'), staticDir, { recursive: true });
  userDataDir = await mkdtemp(path.join(tmpdir(), 'lotse-profile-'));
  relay = await startTestRelay({ staticDir });
  await createAccounts(relay.store);
});

afterAll(async () => {
  await relay?.close();
  await rm(staticDir, { recursive: true, force: true });
  await rm(userDataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
});

/** Chromium on one lasting profile, as a tablet's browser is across restarts. */
function startBrowser(): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: inject('chromiumPath'),
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

describe('entries on the device', () => {
  it('survive closing the browser, starting it offline, and an update of the app', async () => {
    let browser = await startBrowser();
    let page = browser.pages()[0] ?? (await browser.newPage());
    const shell = new AppShellPage(page, relay.url);
    await logIn(new LoginPage(page, relay.url), CASE_MANAGER, '/faelle');
    await shell.waitForOfflineReady();
    const caseFile = await new CasesPage(page).create({ familyName: 'Ivanova', givenNames: 'Maria' });
    await caseFile.setField('Person', 'Telefon', '0211 987654');
    await caseFile.waitUntilSaved();
    const casePath = new URL(page.url()).pathname;
    await browser.close();

    // The browser comes back with no network at all.
    browser = await startBrowser();
    await browser.setOffline(true);
    page = browser.pages()[0] ?? (await browser.newPage());
    const restarted = new AppShellPage(page, relay.url);
    await restarted.goto(casePath);
    const reopened = new CaseFilePage(page);
    await expect.poll(() => reopened.heading.textContent()).toBe('Ivanova, Maria');
    expect(await reopened.section('Person').getByLabel('Telefon').inputValue()).toBe('0211 987654');

    // Back online, a new version is deployed and the person takes it.
    await browser.setOffline(false);
    await appendFile(path.join(staticDir, 'sw.js'), '\n// redeployed\n');
    await restarted.goto('/einstellungen');
    await page.getByRole('button', { name: 'Nach Updates suchen' }).click();
    const banner = page.getByRole('region', { name: 'Neue Version verfügbar' });
    const reloaded = page.waitForEvent('load');
    await banner.getByRole('button', { name: 'Jetzt aktualisieren' }).click();
    await reloaded;

    await restarted.goto(casePath);
    await expect.poll(() => reopened.heading.textContent()).toBe('Ivanova, Maria');
    expect(await reopened.section('Person').getByLabel('Telefon').inputValue()).toBe('0211 987654');
    await browser.close();
  });
});
