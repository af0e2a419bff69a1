import AxeBuilder from '@axe-core/playwright';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRelay, type TestRelay } from '../support/relay.ts';
import { AppShellPage } from './pages/app-shell.page.ts';
import { launchChromium } from './support/browser.ts';

const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const SCREENS = [
  { path: '/', heading: 'Willkommen bei Lotse' },
  { path: '/faelle', heading: 'Fälle' },
  { path: '/heute', heading: 'Heute' },
  { path: '/berichte', heading: 'Berichte' },
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
        for (const screen of SCREENS) {
          await shell.goto(screen.path);
          expect(await shell.heading.textContent()).toBe(screen.heading);
          const results = await new AxeBuilder({ page: shell.page }).withTags(WCAG_21_AA).analyze();
          const violations = results.violations.map(
            (violation) =>
              `${screen.path}: ${violation.id} (${violation.nodes.map((n) => n.target).join(', ')})`,
          );
          expect(violations).toEqual([]);
          // axe ran real checks, so an empty list means something.
          expect(results.passes.length).toBeGreaterThan(10);
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
      await shell.goto('/einstellungen');
      await shell.page.getByRole('radio', { name: 'English' }).check();
      await expect.poll(() => shell.heading.textContent()).toBe('Settings');
      const results = await new AxeBuilder({ page: shell.page }).withTags(WCAG_21_AA).analyze();
      expect(results.violations.map((violation) => violation.id)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
