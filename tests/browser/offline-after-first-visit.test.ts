import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestRelay, type TestRelay } from '../support/relay.ts';
import { AppShellPage } from './pages/app-shell.page.ts';
import { LoginPage } from './pages/login.page.ts';
import { CASE_MANAGER, createAccounts } from './support/accounts.ts';
import { logIn } from './support/app-in-chromium.ts';
import { collectPageProblems, launchChromium, unexpectedFailures } from './support/browser.ts';

let relay: TestRelay | undefined;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

afterEach(async () => {
  await context?.close();
  await relay?.close();
  relay = undefined;
});

describe('after one online visit', () => {
  it('the service worker takes control of the page without a reload', async () => {
    relay = await startTestRelay();
    await createAccounts(relay.store);
    context = await browser.newContext();
    const shell = new AppShellPage(await context.newPage(), relay.url);
    await logIn(new LoginPage(shell.page, relay.url), CASE_MANAGER);
    await shell.waitForOfflineReady();
    await expect.poll(() => shell.page.getByText('Offline verfügbar').isVisible()).toBe(true);
  });

  it('starts and works with the network off and the relay gone', async () => {
    relay = await startTestRelay();
    await createAccounts(relay.store);
    const url = relay.url;
    context = await browser.newContext();
    const page = await context.newPage();
    const problems = collectPageProblems(page);
    const shell = new AppShellPage(page, url);
    await logIn(new LoginPage(page, url), CASE_MANAGER);
    await shell.waitForOfflineReady();
    await expect.poll(() => shell.connection.textContent()).toContain('Online');

    // Switch the network off in two ways: the browser is offline, and the relay is stopped, so nothing
    // could answer even if a request slipped through.
    await relay.close();
    relay = undefined;
    await context.setOffline(true);

    await shell.reload();
    expect(await shell.heading.textContent()).toBe('Willkommen bei Lotse');
    await expect.poll(() => shell.connection.textContent()).toContain('Offline');

    // Every screen opens, both by navigation and by its URL.
    await shell.navigateTo('Fälle');
    expect(await shell.heading.textContent()).toBe('Fälle');
    await shell.goto('/einstellungen');
    expect(await shell.heading.textContent()).toBe('Einstellungen');
    await shell.navigateTo('Heute');
    expect(await shell.heading.textContent()).toBe('Heute');

    // Only the relay probes and the sync socket fail; everything the app needs came from the service
    // worker's cache.
    expect(unexpectedFailures(problems)).toEqual([]);
    expect(problems.errors).toEqual([]);
  });

  it('opens screens that load on demand while offline, in a page that never opened them online', async () => {
    relay = await startTestRelay();
    await createAccounts(relay.store);
    context = await browser.newContext();
    const page = await context.newPage();
    const problems = collectPageProblems(page);
    const shell = new AppShellPage(page, relay.url);
    // The first visit shows the case list, never Heute, Einstellungen, a case or Berichte: their code is not
    // loaded.
    await logIn(new LoginPage(page, relay.url), CASE_MANAGER, '/faelle');
    await shell.waitForOfflineReady();
    const loadedBefore = await page.evaluate(() =>
      performance.getEntriesByType('resource').map((entry) => new URL(entry.name).pathname),
    );
    expect(loadedBefore.some((path) => /\/SettingsScreen-[^/]+\.js$/.test(path))).toBe(false);
    expect(loadedBefore.some((path) => /\/TodayScreen-[^/]+\.js$/.test(path))).toBe(false);

    await context.setOffline(true);
    await shell.navigateTo('Heute');
    expect(await shell.heading.textContent()).toBe('Heute');
    await shell.navigateTo('Einstellungen');
    expect(await shell.heading.textContent()).toBe('Einstellungen');
    await page.getByRole('region', { name: 'Netzwerkpartner', exact: true }).waitFor();
    await shell.navigateTo('Fälle');
    await page.getByRole('link', { name: 'Neuer Fall' }).click();
    await expect.poll(() => shell.heading.textContent()).toBe('Neuer Fall');
    expect(unexpectedFailures(problems)).toEqual([]);
    expect(problems.errors).toEqual([]);
  });

  it('says when the network is up but the relay does not answer', async () => {
    relay = await startTestRelay();
    await createAccounts(relay.store);
    context = await browser.newContext();
    const shell = new AppShellPage(await context.newPage(), relay.url);
    await logIn(new LoginPage(shell.page, relay.url), CASE_MANAGER);
    await shell.waitForOfflineReady();
    await relay.close();
    relay = undefined;

    await shell.reload();
    await expect.poll(() => shell.connection.textContent()).toContain('Server nicht erreichbar');
  });
});
