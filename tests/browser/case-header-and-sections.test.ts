import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { addDays, localToday } from '../../src/domain/dates.ts';
import { CaseHeaderPage } from './pages/case-header.page.ts';
import { CasesPage, CaseFilePage } from './pages/cases.page.ts';
import { CASE_MANAGER } from './support/accounts.ts';
import { axeViolations, useAppInChromium, type AppInChromium } from './support/app-in-chromium.ts';
import { seedCases } from './support/seed-cases.ts';

const env = useAppInChromium();

/** With the share of the height the sticky part may take while a case scrolls (a landscape tablet's as before). */
const VIEWPORTS = [
  { width: 1024, height: 768, stickyShare: 0.39 },
  { width: 768, height: 1024, stickyShare: 0.25 },
  { width: 390, height: 844, stickyShare: 0.25 },
];

const SHOTS = 'test-results/screenshots';

/** Whether the page scrolls sideways: something is wider than the screen. */
const scrollsSideways = () => document.documentElement.scrollWidth > document.documentElement.clientWidth;

/** Where an element is on the screen now (top and bottom in CSS pixels), or null when it is not rendered. */
async function box(page: Page, selector: string): Promise<{ top: number; bottom: number } | null> {
  return page.evaluate((sel) => {
    const element = document.querySelector(sel);
    if (!element) return null;
    const rect = element.getBoundingClientRect();
    return { top: rect.top, bottom: rect.bottom };
  }, selector);
}

/** Seeds a case with a long list of deadlines in my name and opens it from the list. */
async function openLongCase(app: AppInChromium, familyName: string): Promise<CaseHeaderPage> {
  const today = localToday();
  await seedCases(app.relay, [
    {
      familyName,
      givenNames: 'Laila',
      birthDate: '1991-04-17',
      caseNumber: 'DU-2025-0815',
      owner: CASE_MANAGER,
      phase: 'assessment',
      reminders: Array.from({ length: 24 }, (_, index) => ({
        due: addDays(today, 2 + index * 5),
        text: `Wiedervorlage ${index + 1}: Unterlagen für den Antrag prüfen und nachreichen`,
      })),
    },
  ]);
  await app.shell.goto('/faelle');
  const cases = new CasesPage(app.page);
  await cases.caseLink(`${familyName}, Laila`).click();
  const header = new CaseHeaderPage(app.page);
  await expect.poll(() => header.name.textContent()).toBe(`${familyName}, Laila`);
  return header;
}

describe('the case header and the section index', () => {
  for (const viewport of VIEWPORTS) {
    const size = `${viewport.width}×${viewport.height}`;

    it(`stay on screen with the app header while a long case scrolls, and mark the section in view, ${size}`, async () => {
      await env.page.setViewportSize({ width: viewport.width, height: viewport.height });
      const header = await openLongCase(env, `Rahimi${viewport.width}`);
      const today = localToday();
      // The header carries the facts of the case, the phase with since when, Zuständig and the deadline.
      expect(await header.phase.textContent()).toContain('Phase: Assessment');
      expect(await header.phase.textContent()).toContain(`seit ${formatGerman(today)}`);
      expect(await header.responsible.textContent()).toBe('Zuständig: Amira Haddad');
      expect(await header.nextDeadline.textContent()).toContain(formatGerman(addDays(today, 2)));
      const facts = env.page.getByRole('list', { name: 'Eckdaten' });
      if (viewport.width < 600) {
        // On a phone the facts, the phase, Zuständig and the deadline fold away until asked for.
        expect(await facts.isVisible()).toBe(false);
        expect(await header.phase.isVisible()).toBe(false);
        expect(await header.responsible.isVisible()).toBe(false);
        expect(await header.nextDeadline.isVisible()).toBe(false);
        await header.detailsToggle.click();
        expect(await header.responsible.isVisible()).toBe(true);
      } else {
        expect(await header.detailsToggle.isVisible()).toBe(false);
        expect(await header.responsible.isVisible()).toBe(true);
      }
      expect(await facts.textContent()).toContain('geb. 17.04.1991');
      expect(await facts.textContent()).toContain('Az. DU-2025-0815');
      mkdirSync(SHOTS, { recursive: true });
      await env.page.screenshot({
        path: `${SHOTS}/case-header-top-${viewport.width}x${viewport.height}.png`,
      });
      // Folded again, as a person would after a look: the sticky part stays small while working.
      if (viewport.width < 600) await header.detailsToggle.click();

      expect(await header.currentSection.textContent()).toBe('Kontakte');
      await header.goToSection('Notizen');
      await expect.poll(() => header.currentSection.textContent()).toBe('Notizen');
      expect(await env.page.evaluate(() => window.scrollY)).toBeGreaterThan(viewport.height);
      // Both headers are still on screen, the app header on top with "Sperren", the case header below it.
      const topbar = await box(env.page, '.topbar');
      const sticky = await box(env.page, '.case-sticky');
      expect(topbar?.top).toBe(0);
      expect(sticky!.top).toBeGreaterThanOrEqual(topbar!.bottom - 1);
      expect(sticky!.top).toBeLessThanOrEqual(topbar!.bottom + 1);
      expect(await header.name.isVisible()).toBe(true);
      expect(await header.saveState.isVisible()).toBe(true);
      expect(await env.page.getByRole('banner').getByRole('button', { name: 'Sperren' }).isVisible()).toBe(
        true,
      );
      // The sticky part (app header, case header, section index) leaves most of the screen to the case: at
      // most a quarter of a phone's height.
      expect(sticky!.bottom / viewport.height).toBeLessThanOrEqual(viewport.stickyShare);
      expect(await axeViolations(env.page)).toEqual([]);
      // The section the index jumped to starts below the sticky headers, not under them.
      const notes = await box(env.page, '#notizen');
      expect(notes!.top).toBeGreaterThanOrEqual(sticky!.bottom - 1);
      await env.page.screenshot({
        path: `${SHOTS}/case-header-scrolled-${viewport.width}x${viewport.height}.png`,
      });

      // Scrolling by hand moves the mark too.
      await env.page.evaluate(() => document.getElementById('person')?.scrollIntoView());
      await expect.poll(() => header.currentSection.textContent()).toBe('Person');
      expect(await env.page.evaluate(scrollsSideways)).toBe(false);
      expect(await axeViolations(env.page)).toEqual([]);
    });
  }

  it('opens a deep link to a section below the headers', async () => {
    await openLongCase(env, 'Tahiri');
    const path = new URL(env.page.url()).pathname;
    await env.shell.goto(`${path}#fristen`);
    const header = new CaseHeaderPage(env.page);
    await expect.poll(() => header.currentSection.textContent()).toBe('Fristen');
    const section = await box(env.page, '#fristen');
    const sticky = await box(env.page, '.case-sticky');
    expect(section!.top).toBeGreaterThanOrEqual(sticky!.bottom - 1);
    expect(section!.top).toBeLessThan(sticky!.bottom + 40);
  });

  it('says with an arrow that the index scrolls sideways on a phone, and keeps the marked entry in view', async () => {
    await env.page.setViewportSize({ width: 390, height: 844 });
    const header = await openLongCase(env, 'Karimi');
    const more = env.page.locator('.section-nav .more-hint');
    expect(await more.isVisible()).toBe(true);
    // The sections below the first are drawn in the frames after the case file opens.
    await env.page.locator('#datenschutz').waitFor();
    await env.page.evaluate(() => document.getElementById('datenschutz')?.scrollIntoView());
    await expect.poll(() => header.currentSection.textContent()).toBe('Datenschutz');
    // The last entry is scrolled into the index, so the arrow to the end is gone and one back is shown.
    await expect.poll(() => more.count()).toBe(0);
    expect(await env.page.locator('.section-nav .back-hint').count()).toBe(1);
    const index = await env.page.evaluate(() => {
      const list = document.querySelector('.section-nav ul')!.getBoundingClientRect();
      const marked = document
        .querySelector('.section-nav a[aria-current="location"]')!
        .getBoundingClientRect();
      return { list, marked };
    });
    expect(index.marked.right).toBeLessThanOrEqual(index.list.right + 1);
    expect(index.marked.left).toBeGreaterThanOrEqual(index.list.left - 1);
  });

  it('does not scroll sideways at 320 px with a 100-character name', async () => {
    await env.page.setViewportSize({ width: 320, height: 640 });
    const longName = `Abdulrahman-Al-Hashimi-Karimzadeh-${'x'.repeat(100 - 35)}`;
    expect(longName).toHaveLength(99);
    await env.shell.goto('/faelle');
    const caseFile: CaseFilePage = await new CasesPage(env.page).create({ familyName: `${longName}Z` });
    await caseFile.waitUntilSaved();
    expect(await env.page.evaluate(scrollsSideways)).toBe(false);
    await env.page.evaluate(() => window.scrollTo(0, 2000));
    expect(await env.page.evaluate(scrollsSideways)).toBe(false);
    await env.page.screenshot({ path: `${SHOTS}/case-header-320-long-name.png` });
  });
});

describe('Zuständig and the phase history in the case', () => {
  for (const viewport of [VIEWPORTS[0]!, VIEWPORTS[2]!]) {
    const size = `${viewport.width}×${viewport.height}`;

    it(`hands the case over with a note and shows the new Zuständig in the header and the history, ${size}`, async () => {
      await env.page.setViewportSize({ width: viewport.width, height: viewport.height });
      const header = await openLongCase(env, `Haidari${viewport.width}`);
      await header.handOver('Jonas Weber', 'Urlaubsvertretung bis Ende Juli');
      const history = header.handoverDialog.getByTestId('handover-history');
      expect(await history.textContent()).toContain('Amira Haddad → Jonas Weber');
      expect(await history.textContent()).toContain('von Amira Haddad');
      expect(await history.textContent()).toContain('Urlaubsvertretung bis Ende Juli');
      expect(await axeViolations(env.page)).toEqual([]);
      await env.page.screenshot({ path: `${SHOTS}/case-handover-${viewport.width}x${viewport.height}.png` });
      await header.closeDialog(header.handoverDialog);
      await expect.poll(() => header.responsible.textContent()).toBe('Zuständig: Jonas Weber');

      // The handover is stored: after a restart the header still names the new Zuständig.
      await new CaseFilePage(env.page).waitUntilSaved();
      await env.shell.reload();
      await expect
        .poll(() => new CaseHeaderPage(env.page).responsible.textContent())
        .toBe('Zuständig: Jonas Weber');
      // And the case list names the new Zuständig in the case's row.
      await env.shell.goto('/faelle');
      await expect
        .poll(() => new CasesPage(env.page).caseLink(`Haidari${viewport.width}, Laila`).textContent())
        .toContain('Zuständig: Jonas Weber');
    });

    it(`records each phase change with date and author and shows since when, ${size}`, async () => {
      await env.page.setViewportSize({ width: viewport.width, height: viewport.height });
      const header = await openLongCase(env, `Sadeghi${viewport.width}`);
      await header.changePhase('Hilfeplanung');
      const history = header.phaseDialog.getByTestId('phase-history');
      await expect.poll(() => history.locator('li').count()).toBe(3);
      const newest = await history.locator('li').first().textContent();
      expect(newest).toContain('„Assessment“ → „Hilfeplanung“');
      expect(newest).toContain('von Amira Haddad');
      expect(newest).toContain(formatGerman(localToday()));
      expect(await history.locator('li').last().textContent()).toContain('02.01.2024');
      expect(await axeViolations(env.page)).toEqual([]);
      await env.page.screenshot({ path: `${SHOTS}/case-phase-${viewport.width}x${viewport.height}.png` });
      await header.closeDialog(header.phaseDialog);
      expect(await header.phase.textContent()).toContain('Phase: Hilfeplanung');
      expect(await header.phase.textContent()).toContain(`seit ${formatGerman(localToday())}`);
    });
  }
});

/** `2025-06-02` as the German UI shows it. */
function formatGerman(iso: string): string {
  const [year, month, day] = iso.split('-');
  return `${day}.${month}.${year}`;
}
