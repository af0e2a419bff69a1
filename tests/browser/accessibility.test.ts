import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRelay, type TestRelay } from '../support/relay.ts';
import { AppShellPage } from './pages/app-shell.page.ts';
import { CasesPage } from './pages/cases.page.ts';
import { LoginPage } from './pages/login.page.ts';
import { CASE_MANAGER, createAccounts } from './support/accounts.ts';
import { axeViolations, logIn } from './support/app-in-chromium.ts';
import { launchChromium } from './support/browser.ts';

const SCREENS = [
  { path: '/', heading: 'Willkommen bei Lotse' },
  { path: '/faelle', heading: 'Fälle' },
  { path: '/faelle/neu', heading: 'Neuer Fall' },
  { path: '/heute', heading: 'Heute' },
  { path: '/heute/woche', heading: 'Woche' },
  // A case manager has no reports: the address says so.
  { path: '/berichte', heading: 'Kein Zugriff' },
  { path: '/einstellungen', heading: 'Einstellungen' },
  { path: '/gibt-es-nicht', heading: 'Seite nicht gefunden' },
];

const VIEWPORTS = [
  { name: 'tablet portrait', width: 768, height: 1024 },
  { name: 'desktop', width: 1440, height: 900 },
  { name: 'phone', width: 390, height: 844 },
];

let relay: TestRelay;
let browser: Browser;

beforeAll(async () => {
  relay = await startTestRelay();
  await createAccounts(relay.store);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await relay?.close();
});

describe('WCAG 2.1 AA (axe-core)', () => {
  for (const viewport of VIEWPORTS) {
    it(`finds no violations on any screen, ${viewport.name}`, async () => {
      const context = await browser.newContext({ viewport });
      try {
        const shell = new AppShellPage(await context.newPage(), relay.url);
        const login = new LoginPage(shell.page, relay.url);
        await login.goto('/');
        expect(await axeViolations(shell.page), 'login').toEqual([]);
        await login.logIn(CASE_MANAGER);
        // One case on the device, so the list, the case file and its sections are scanned with content.
        await shell.goto('/faelle');
        const caseFile = await new CasesPage(shell.page).create({
          familyName: 'Rahimi',
          givenNames: 'Laila',
        });
        const casePath = new URL(shell.page.url()).pathname;
        expect(await axeViolations(shell.page)).toEqual([]);
        expect(await caseFile.section('Kontakte').count()).toBe(1);

        for (const screen of [...SCREENS, { path: casePath, heading: 'Rahimi, Laila' }]) {
          await shell.goto(screen.path);
          expect(await shell.heading.textContent()).toBe(screen.heading);
          expect(await axeViolations(shell.page), screen.path).toEqual([]);
        }
      } finally {
        await context.close();
      }
    });
  }

  it('finds no violations in English', async () => {
    const context = await browser.newContext();
    try {
      const shell = new AppShellPage(await context.newPage(), relay.url);
      await logIn(new LoginPage(shell.page, relay.url), CASE_MANAGER, '/einstellungen');
      await shell.page.getByRole('radio', { name: 'English' }).check();
      await expect.poll(() => shell.heading.textContent()).toBe('Settings');
      expect(await axeViolations(shell.page)).toEqual([]);
      await shell.goto('/faelle');
      expect(await axeViolations(shell.page)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
