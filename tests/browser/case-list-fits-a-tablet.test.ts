import { mkdirSync } from 'node:fs';
import type { BrowserContext } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { addDays, localToday } from '../../src/domain/dates.ts';
import { CasesPage } from './pages/cases.page.ts';
import { CASE_MANAGER, COLLEAGUE } from './support/accounts.ts';
import { axeViolations, useAppInChromium } from './support/app-in-chromium.ts';
import { seedCases, type SeedCase } from './support/seed-cases.ts';

const env = useAppInChromium();

const LONG_NAME = `${'Abdulrahman-Al-Hashimi-Nasrallah '.repeat(3).trim()} Ben-Mohammed`.slice(0, 100);

/**
 * Before the app starts: the browser refuses persistent storage, and reports the share of its quota in
 * use that `localStorage['test.usage']` names (10 % unless set), as a device filling up would.
 */
async function fakeStorage(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const storage = navigator.storage;
    storage.persisted = () => Promise.resolve(false);
    storage.persist = () => Promise.resolve(false);
    storage.estimate = () =>
      Promise.resolve({ usage: Number(localStorage.getItem('test.usage') ?? '0.1') * 1e9, quota: 1e9 });
  });
}

/** How many rows of the list lie wholly inside the window. */
async function rowsInView(cases: CasesPage): Promise<number> {
  const height = cases.page.viewportSize()!.height;
  let count = 0;
  for (const box of await cases.list
    .getByRole('link')
    .evaluateAll((links) => links.map((link) => link.getBoundingClientRect().toJSON() as DOMRect))) {
    if (box.top >= 0 && box.bottom <= height) count += 1;
  }
  return count;
}

const scrollsSideways = () => document.documentElement.scrollWidth > document.documentElement.clientWidth;

describe('Fälle', () => {
  it('shows ten cases on a tablet, tells namesakes apart and never shows a closed case as overdue', async () => {
    const today = localToday();
    const names: [string, string][] = [
      ['Popescu', 'Ioana'],
      ['Nowak', 'Piotr'],
      ['Yilmaz', 'Elif'],
      ['Kovalenko', 'Oksana'],
      ['Rahimi', 'Laila'],
      ['Osei', 'Kwame'],
      ['Petrović', 'Ana'],
      ['Schewtschenko', 'Taras'],
      ['Mansour', 'Rania'],
    ];
    const seeds: SeedCase[] = [
      // Namesakes: only the date of birth and the Aktenzeichen tell them apart.
      {
        familyName: 'Haddad',
        givenNames: 'Samir',
        birthDate: '1988-03-04',
        caseNumber: 'DU-2026-0101',
        owner: CASE_MANAGER,
        reminders: [{ due: addDays(today, -4), text: 'Rückruf' }],
      },
      {
        familyName: 'Haddad',
        givenNames: 'Samir',
        birthDate: '2001-11-23',
        caseNumber: 'DU-2026-0102',
        owner: COLLEAGUE,
        reminders: [{ due: addDays(today, 6), text: 'Termin' }],
      },
      {
        familyName: 'Ahmadi',
        givenNames: 'Farid',
        birthDate: '1975-06-30',
        caseNumber: 'DU-2025-0077',
        owner: CASE_MANAGER,
        reminders: [{ due: addDays(today, -30), text: 'Vor Abschluss vergessen' }],
        closedOn: addDays(today, -20),
      },
      { familyName: LONG_NAME, givenNames: 'Fatima', caseNumber: 'DU-2026-0103', owner: CASE_MANAGER },
      // Opened by the colleague and handed over: mine now.
      {
        familyName: 'Sahin',
        givenNames: 'Deniz',
        caseNumber: 'DU-2026-0104',
        owner: COLLEAGUE,
        handedOverTo: CASE_MANAGER,
      },
      ...names.map(([familyName, givenNames], index): SeedCase => ({
        familyName,
        givenNames,
        birthDate: `19${70 + index}-0${1 + (index % 9)}-1${index}`,
        caseNumber: `DU-2026-02${String(index).padStart(2, '0')}`,
        owner: index % 2 === 0 ? CASE_MANAGER : COLLEAGUE,
        reminders: [{ due: addDays(today, index * 5 - 10), text: 'Wiedervorlage' }],
      })),
    ];
    await seedCases(env.relay, seeds);

    const { page, shell, context } = env;
    await fakeStorage(context);
    await shell.goto('/faelle');
    const cases = new CasesPage(page);
    await expect.poll(() => cases.list.getByRole('link').count(), { timeout: 30_000 }).toBe(seeds.length);

    // The storage notice is short, and gone once dismissed, also after a restart.
    const notice = page.getByText('Speicherung nicht dauerhaft zugesagt');
    await notice.waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Hinweis ausblenden' }).click();
    await expect.poll(() => notice.count()).toBe(0);
    await shell.reload();
    await expect.poll(() => cases.list.getByRole('link').count(), { timeout: 30_000 }).toBe(seeds.length);
    expect(await notice.count()).toBe(0);

    // Ten cases above the fold of a 1024×768 tablet.
    mkdirSync('test-results/screenshots', { recursive: true });
    await page.screenshot({ path: 'test-results/screenshots/faelle-1024x768-top.png' });
    expect(await rowsInView(cases)).toBeGreaterThanOrEqual(10);

    // Namesakes differ by date of birth and Aktenzeichen.
    const samirs = (await cases.caseLink('Haddad, Samir').allInnerTexts()).sort((a, b) =>
      a.includes('1988') ? -1 : b.includes('1988') ? 1 : 0,
    );
    expect(samirs).toEqual([
      expect.stringMatching(/geb\. 04\.03\.1988[\s\S]*Az\. DU-2026-0101/),
      expect.stringMatching(/geb\. 23\.11\.2001[\s\S]*Az\. DU-2026-0102/),
    ]);
    expect(samirs[0]).toMatch(/überfällig seit/);
    expect(samirs[0]).toContain('Zuständig: Amira Haddad');
    expect(samirs[1]).toContain('Zuständig: Jonas Weber');

    // A closed case never shows an overdue deadline.
    const closed = await cases.caseLink('Ahmadi, Farid').innerText();
    expect(closed).toContain('Abgeschlossen');
    expect(closed).not.toMatch(/überfällig/);
    await page.getByRole('checkbox', { name: 'Frist fällig' }).check();
    await expect.poll(() => cases.caseLink('Ahmadi, Farid').count()).toBe(0);
    await page.getByRole('checkbox', { name: 'Frist fällig' }).uncheck();

    // "Meine Fälle": the ones I am responsible for.
    await page.getByRole('checkbox', { name: 'Meine Fälle' }).check();
    await expect.poll(() => cases.caseLink('Haddad, Samir').count()).toBe(1);
    const mine = await cases.list.getByRole('link').allInnerTexts();
    const responsible = (seed: SeedCase) => seed.handedOverTo ?? seed.owner;
    expect(mine.length).toBe(seeds.filter((seed) => responsible(seed) === CASE_MANAGER).length);
    expect(await cases.caseLink('Sahin, Deniz').count()).toBe(1);
    expect(mine.every((text) => text.includes('Zuständig: Amira Haddad'))).toBe(true);
    await page.getByRole('checkbox', { name: 'Meine Fälle' }).uncheck();
    expect(await axeViolations(page)).toEqual([]);

    for (const viewport of [
      { width: 1024, height: 768 },
      { width: 768, height: 1024 },
      { width: 390, height: 844 },
      { width: 320, height: 640 },
    ]) {
      await page.setViewportSize(viewport);
      // A 100-character name wraps inside its row: nothing scrolls sideways, nothing is covered.
      await expect.poll(() => page.evaluate(scrollsSideways)).toBe(false);
      const row = cases.list.getByRole('link').filter({ hasText: LONG_NAME.slice(0, 30) });
      await row.scrollIntoViewIfNeeded();
      const parts = await row.evaluate((link) =>
        ['.name', '.deadline', '.ids'].map((selector) =>
          link.querySelector(selector)!.getBoundingClientRect().toJSON(),
        ),
      );
      const [name, deadline, ids] = parts as DOMRect[];
      const rowBox = (await row.boundingBox())!;
      for (const part of parts as DOMRect[]) {
        expect(part.left).toBeGreaterThanOrEqual(rowBox.x);
        expect(part.right).toBeLessThanOrEqual(rowBox.x + rowBox.width + 0.5);
      }
      const overlaps = (a: DOMRect, b: DOMRect) =>
        a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
      expect(overlaps(name!, deadline!)).toBe(false);
      expect(overlaps(name!, ids!)).toBe(false);
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({
        path: `test-results/screenshots/faelle-${viewport.width}x${viewport.height}.png`,
      });
    }
  });

  it('shows the storage notice again when space runs low after it was dismissed', async () => {
    const { page, shell, context } = env;
    await fakeStorage(context);
    await shell.goto('/faelle');
    await page.getByRole('button', { name: 'Hinweis ausblenden' }).click();
    await expect.poll(() => page.getByText('Speicherung nicht dauerhaft zugesagt').count()).toBe(0);

    await page.evaluate(() => localStorage.setItem('test.usage', '0.9'));
    await shell.reload();
    await page.getByText('Der Speicher dieses Geräts ist fast voll').waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });
});
