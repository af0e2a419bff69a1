import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestRelay, type TestRelay } from '../support/relay.ts';
import { AppShellPage } from './pages/app-shell.page.ts';
import { collectPageProblems, launchChromium, type PageProblems } from './support/browser.ts';

let relay: TestRelay;
let browser: Browser;
let context: BrowserContext;
let shell: AppShellPage;
let problems: PageProblems;

beforeAll(async () => {
  relay = await startTestRelay();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await relay?.close();
});

beforeEach(async () => {
  context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  const page = await context.newPage();
  problems = collectPageProblems(page);
  shell = new AppShellPage(page, relay.url);
});

afterEach(async () => {
  await context.close();
});

describe('the app shell', () => {
  it('renders the start screen in German with the navigation frame', async () => {
    await shell.goto('/');
    await expect.poll(() => shell.heading.textContent()).toBe('Willkommen bei Lotse');
    expect(await shell.page.locator('html').getAttribute('lang')).toBe('de');
    expect(await shell.navLabels()).toEqual(['Start', 'Fälle', 'Heute', 'Berichte', 'Einstellungen']);
    await expect.poll(() => shell.connection.textContent()).toContain('Online');
    expect(problems).toEqual({ errors: [], failedRequests: [] });
  });

  it('moves between screens, updating the URL, the title and the current link', async () => {
    await shell.goto('/');
    const screens = [
      { link: 'Fälle', path: '/faelle', heading: 'Fälle' },
      { link: 'Heute', path: '/heute', heading: 'Heute' },
      { link: 'Berichte', path: '/berichte', heading: 'Berichte' },
      { link: 'Einstellungen', path: '/einstellungen', heading: 'Einstellungen' },
    ];
    for (const screen of screens) {
      await shell.navigateTo(screen.link);
      expect(new URL(shell.page.url()).pathname).toBe(screen.path);
      expect(await shell.heading.textContent()).toBe(screen.heading);
      expect(await shell.page.title()).toBe(`${screen.heading} – Lotse`);
      // Focus lands on the new screen's heading, so screen readers announce the change.
      await expect.poll(() => shell.page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    }
    await shell.page.goBack();
    await expect.poll(() => shell.heading.textContent()).toBe('Berichte');
    expect(problems).toEqual({ errors: [], failedRequests: [] });
  });

  it('opens a screen directly from its URL and says so when a page does not exist', async () => {
    await shell.goto('/heute');
    expect(await shell.heading.textContent()).toBe('Heute');
    expect(await shell.navLink('Heute').getAttribute('aria-current')).toBe('page');

    await shell.goto('/gibt-es-nicht');
    expect(await shell.heading.textContent()).toBe('Seite nicht gefunden');
    await shell.page.getByRole('link', { name: 'Zur Startseite' }).click();
    await expect.poll(() => shell.heading.textContent()).toBe('Willkommen bei Lotse');
  });

  it('switches the interface to English and keeps that choice after a reload', async () => {
    await shell.goto('/einstellungen');
    await shell.page.getByRole('radio', { name: 'English' }).check();
    await expect.poll(() => shell.heading.textContent()).toBe('Settings');
    expect(await shell.page.locator('html').getAttribute('lang')).toBe('en');

    await shell.reload();
    expect(await shell.heading.textContent()).toBe('Settings');
    expect(await shell.navLabels()).toContain('Cases');
    expect(await shell.page.getByRole('radio', { name: 'English' }).isChecked()).toBe(true);

    await shell.page.getByRole('radio', { name: 'Deutsch' }).check();
    await expect.poll(() => shell.heading.textContent()).toBe('Einstellungen');
    expect(problems).toEqual({ errors: [], failedRequests: [] });
  });

  it('keeps every navigation target at least 44 px in both orientations and on a phone', async () => {
    for (const viewport of [
      { width: 768, height: 1024 },
      { width: 1440, height: 900 },
      { width: 390, height: 844 },
    ]) {
      await shell.page.setViewportSize(viewport);
      await shell.goto('/einstellungen');
      const targets = [
        ...(await shell.navigation.getByRole('link').all()),
        ...(await shell.page.getByRole('main').getByRole('button').all()),
      ];
      expect(targets.length).toBeGreaterThan(5);
      for (const target of targets) {
        const box = await target.boundingBox();
        expect(box, `${await target.textContent()} at ${viewport.width}px`).not.toBeNull();
        expect(box!.height).toBeGreaterThanOrEqual(44);
        expect(box!.width).toBeGreaterThanOrEqual(44);
      }
      // Nothing scrolls sideways, on any screen.
      for (const path of ['/', '/faelle', '/faelle/neu', '/heute', '/berichte', '/einstellungen']) {
        await shell.goto(path);
        const overflow = await shell.page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        expect(overflow, `${path} at ${viewport.width}px`).toBe(0);
      }
    }
  });
});
