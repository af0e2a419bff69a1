import type { BrowserContext } from 'playwright-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AppShellPage } from './pages/app-shell.page.ts';
import { CaseFilePage, CasesPage } from './pages/cases.page.ts';
import { LoginPage } from './pages/login.page.ts';
import { CASE_MANAGER, COLLEAGUE } from './support/accounts.ts';
import { axeViolations, logIn, useAppInChromium } from './support/app-in-chromium.ts';
import { seedCases, type SeedCase } from './support/seed-cases.ts';

const env = useAppInChromium();

let second: BrowserContext | undefined;

afterEach(async () => {
  await second?.close();
  second = undefined;
});

/**
 * Rows that show a case with a date of birth and an Aktenzeichen, and rows that show a case with neither,
 * so a row that shows another case after a search must drop what its former case had.
 */
const seeds: SeedCase[] = [
  { familyName: 'Abbas', givenNames: 'Karim', birthDate: '1980-01-15', caseNumber: 'DU-2026-0301' },
  { familyName: 'Bakr', givenNames: 'Lina', birthDate: '1991-05-02', caseNumber: 'DU-2026-0302' },
  { familyName: 'Celik', givenNames: 'Deniz', birthDate: '1986-09-09', caseNumber: 'DU-2026-0303' },
  { familyName: 'Haddad', givenNames: 'Samir' },
  { familyName: 'Haddad', givenNames: 'Nour', caseNumber: 'DU-2026-0305' },
  { familyName: 'Hamdi', givenNames: 'Yara', birthDate: '1999-12-31' },
  { familyName: 'Ivanova', givenNames: 'Olena', birthDate: '1972-03-03', caseNumber: 'DU-2026-0307' },
  { familyName: 'Jovanović', givenNames: 'Marko', caseNumber: 'DU-2026-0308' },
].map((seed) => ({ ...seed, owner: CASE_MANAGER }));

beforeAll(async () => {
  await seedCases(env.relay, seeds);
});

/** What each drawn row shows, as a person reads it (hidden parts left out), in order. */
async function shownRows(cases: CasesPage): Promise<string[]> {
  return cases.list
    .getByRole('link')
    .evaluateAll((links) => links.map((link) => (link as HTMLElement).innerText.replace(/\s+/g, ' ').trim()));
}

describe('Fälle writes a new result into the rows it has drawn', () => {
  it('shows each case with its own details, opens the right case, and keeps Tab and positions right', async () => {
    const { page, shell } = env;
    await shell.goto('/faelle');
    const cases = new CasesPage(page);
    await page.getByRole('status').filter({ hasText: '8 von 8 Fällen' }).waitFor();
    const before = await shownRows(cases);
    expect(before[0]).toContain('Abbas, Karim');
    expect(before[0]).toContain('geb. 15.01.1980');
    expect(before[0]).toContain('Az. DU-2026-0301');

    // "Ha" finds the three cases whose names start with it; the first rows show them now, with nothing
    // left over from the cases they showed before.
    await cases.search.fill('Ha');
    await page.getByRole('status').filter({ hasText: '3 von 8 Fällen' }).waitFor();
    const found = await shownRows(cases);
    expect(found).toHaveLength(3);
    expect(found[0]).toMatch(/^Haddad, Samir Zugang & Klärung .*keine Frist$/);
    expect(found[0]).not.toMatch(/geb\.|Az\./);
    expect(found[1]).toContain('Haddad, Nour');
    expect(found[1]).toContain('Az. DU-2026-0305');
    expect(found[1]).not.toContain('geb.');
    expect(found[2]).toContain('Hamdi, Yara');
    expect(found[2]).toContain('geb. 31.12.1999');
    expect(found[2]).not.toContain('Az.');
    const items = cases.list.getByRole('listitem');
    expect(
      await items.evaluateAll((rows) => rows.map((row) => `${row.ariaPosInSet}/${row.ariaSetSize}`)),
    ).toEqual(['1/3', '2/3', '3/3']);
    expect(await axeViolations(page)).toEqual([]);

    // Tab walks the rows of the result in order.
    await cases.list.getByRole('link').first().focus();
    const focused: string[] = [];
    for (let step = 0; step < 3; step += 1) {
      focused.push(
        await page.evaluate(() => document.activeElement?.querySelector('.name')?.textContent ?? ''),
      );
      await page.keyboard.press('Tab');
    }
    expect(focused).toEqual(['Haddad, Samir', 'Haddad, Nour', 'Hamdi, Yara']);

    // A narrower query keeps the first row but shows another case in it; following it opens that case.
    await cases.search.fill('Hamdi');
    await page.getByRole('status').filter({ hasText: '1 von 8 Fällen' }).waitFor();
    expect(await shownRows(cases)).toEqual([expect.stringContaining('Hamdi, Yara')]);
    await cases.list.getByRole('link').first().focus();
    await page.keyboard.press('Enter');
    const caseFile = new CaseFilePage(page);
    await expect.poll(() => caseFile.heading.textContent()).toBe('Hamdi, Yara');

    // Back in the list, clearing the search shows every case again, each with its own details.
    await page.goBack();
    await cases.search.fill('');
    await page.getByRole('status').filter({ hasText: '8 von 8 Fällen' }).waitFor();
    expect(await shownRows(cases)).toEqual(before);
  });

  it('moves keyboard focus with its case when a colleague’s change moves that case to another row', async () => {
    const { page, shell } = env;
    await shell.goto('/faelle');
    await shell.waitForOfflineReady();
    const cases = new CasesPage(page);
    await page.getByRole('status').filter({ hasText: '8 von 8 Fällen' }).waitFor();
    await page.getByLabel('Sortiert nach').selectOption({ label: 'Zuletzt geändert' });

    // Focus on Celik's row, wherever it is now.
    const celik = cases.caseLink('Celik, Deniz');
    await celik.focus();
    const rowBefore = await celik.evaluate((link) => (link.parentElement as HTMLElement).ariaPosInSet);
    expect(rowBefore).not.toBe('1');

    // A colleague changes Celik's case on their own device: it becomes the latest changed, the first row.
    second = await env.browser.newContext({ viewport: { width: 1024, height: 768 } });
    const pageB = await second.newPage();
    await logIn(new LoginPage(pageB, env.relay.url), COLLEAGUE, '/faelle');
    const listB = new CasesPage(pageB);
    await listB.caseLink('Celik, Deniz').click();
    const caseB = new CaseFilePage(pageB);
    await expect.poll(() => caseB.heading.textContent()).toBe('Celik, Deniz');
    await caseB.setField('Person', 'Telefon', '0203 778899');
    await caseB.waitUntilSaved();
    await new AppShellPage(pageB, env.relay.url).waitUntilSynced();

    const firstRow = cases.list.getByRole('listitem').first();
    await expect.poll(() => firstRow.textContent(), { timeout: 20_000 }).toContain('Celik, Deniz');
    // Focus went with the case to the first row instead of staying on the row it left.
    expect(
      await page.evaluate(() => ({
        name: document.activeElement?.querySelector('.name')?.textContent,
        position: (document.activeElement?.parentElement as HTMLElement | null)?.ariaPosInSet,
      })),
    ).toEqual({ name: 'Celik, Deniz', position: '1' });
    expect(await axeViolations(page)).toEqual([]);
  });
});
