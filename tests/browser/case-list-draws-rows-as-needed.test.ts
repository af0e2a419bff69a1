import { mkdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { CasesPage } from './pages/cases.page.ts';
import { CASE_MANAGER } from './support/accounts.ts';
import { axeViolations, useAppInChromium } from './support/app-in-chromium.ts';
import { seedCases, type SeedCase } from './support/seed-cases.ts';

const env = useAppInChromium();

/** More cases than the list offers at a time (50), so it draws some at once and the rest of its page later. */
const COUNT = 60;
const seeds: SeedCase[] = Array.from({ length: COUNT }, (_, index) => ({
  familyName: `Fallname ${String(index + 1).padStart(2, '0')}`,
  givenNames: 'Test',
  owner: CASE_MANAGER,
}));

beforeAll(async () => {
  await seedCases(env.relay, seeds);
});

describe('Fälle draws the rows a screen shows first, and the rest of the page while idle', () => {
  it('keeps every row reachable with Tab, tells screen readers the position among all cases, and is axe clean', async () => {
    const { page, shell } = env;
    await shell.goto('/faelle');
    const cases = new CasesPage(page);
    await page
      .getByRole('status')
      .filter({ hasText: `${COUNT} von ${COUNT} Fällen` })
      .waitFor();
    const rows = cases.list.getByRole('listitem');
    // The page of 50 rows is complete a moment later, without anyone scrolling or asking for more.
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(50);
    const more = page.getByRole('button', { name: 'Weitere 10 anzeigen' });
    await more.waitFor();

    // Each row says where it stands among all the cases found, not among the rows drawn.
    expect(await rows.first().getAttribute('aria-posinset')).toBe('1');
    expect(await rows.nth(49).getAttribute('aria-posinset')).toBe('50');
    expect(new Set(await rows.evaluateAll((items) => items.map((item) => item.ariaSetSize)))).toEqual(
      new Set([String(COUNT)]),
    );
    expect(await axeViolations(page)).toEqual([]);
    mkdirSync('test-results/screenshots', { recursive: true });
    await page.screenshot({ path: 'test-results/screenshots/faelle-rows-as-needed-1024x768.png' });

    // Tab from the first row walks every row of the page in order, then reaches the button for more.
    await cases.list.getByRole('link').first().focus();
    const focused: string[] = [];
    for (let step = 0; step < 50; step += 1) {
      focused.push(
        await page.evaluate(() => document.activeElement?.querySelector('.name')?.textContent ?? ''),
      );
      await page.keyboard.press('Tab');
    }
    expect(focused).toEqual(seeds.slice(0, 50).map((seed) => `${seed.familyName}, Test`));
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe(
      'Weitere 10 anzeigen',
    );

    // The next page is drawn the same way, and its last row is the 60th of 60.
    await page.keyboard.press('Enter');
    await expect.poll(() => rows.count()).toBe(COUNT);
    expect(await rows.last().getAttribute('aria-posinset')).toBe(String(COUNT));
    expect(await more.count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('draws the page of rows on a phone too', async () => {
    const { page, shell } = env;
    await page.setViewportSize({ width: 390, height: 844 });
    await shell.goto('/faelle');
    const cases = new CasesPage(page);
    await page
      .getByRole('status')
      .filter({ hasText: `${COUNT} von ${COUNT} Fällen` })
      .waitFor();
    const rows = cases.list.getByRole('listitem');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(50);
    expect(await rows.nth(49).getAttribute('aria-posinset')).toBe('50');
    mkdirSync('test-results/screenshots', { recursive: true });
    await page.screenshot({ path: 'test-results/screenshots/faelle-rows-as-needed-390x844.png' });
    expect(await axeViolations(page)).toEqual([]);
  });
});
