import { mkdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, localToday } from '../../src/domain/dates.ts';
import { weekAhead } from '../../src/domain/due-items.ts';
import { CasesPage } from './pages/cases.page.ts';
import { TodayPage } from './pages/today.page.ts';
import { CASE_MANAGER, COLLEAGUE } from './support/accounts.ts';
import { axeViolations, useAppInChromium } from './support/app-in-chromium.ts';
import { seedCases, type SeedCase } from './support/seed-cases.ts';

const env = useAppInChromium();

const VIEWPORTS = [
  { width: 1024, height: 768 },
  { width: 768, height: 1024 },
  { width: 390, height: 844 },
];

/** Whether the page scrolls sideways: something is wider than the screen. */
const scrollsSideways = () => document.documentElement.scrollWidth > document.documentElement.clientWidth;

const today = localToday();
const weekEnds = weekAhead(today);
// Two years of overdue reminders in one of my cases, as an inherited caseload has them.
const backlog = Array.from({ length: 30 }, (_, index) => ({
  due: addDays(today, -3 - index * 24),
  text: `Alte Wiedervorlage ${index + 1}`,
}));
const seeds: SeedCase[] = [
  {
    familyName: 'Haddad',
    givenNames: 'Samir',
    owner: CASE_MANAGER,
    reminders: [
      { due: today, text: 'Rückruf Jobcenter' },
      { due: addDays(today, 1), text: 'Unterlagen Wohngeld' },
      { due: weekEnds, text: 'Termin Sprachkurs bestätigen' },
      { due: addDays(weekEnds, 1), text: 'Noch nicht diese Woche' },
      ...backlog,
    ],
  },
  // A closed case of mine with a reminder nobody ticked off before closing.
  {
    familyName: 'Kowalski',
    givenNames: 'Jan',
    owner: CASE_MANAGER,
    reminders: [{ due: addDays(today, -10), text: 'Vor Abschluss vergessen' }],
    closedOn: addDays(today, -5),
  },
  {
    familyName: 'Yilmaz',
    givenNames: 'Elif',
    owner: COLLEAGUE,
    reminders: [
      { due: today, text: 'Kita-Platz nachfragen' },
      { due: addDays(today, -2), text: 'Kollegin: überfällig' },
    ],
  },
];

beforeAll(() => seedCases(env.relay, seeds));

/** Opens "Heute" on a new device once it has loaded the team's cases. */
async function openHeute(): Promise<TodayPage> {
  const { shell, page } = env;
  await shell.goto('/faelle');
  await expect
    .poll(() => new CasesPage(page).list.getByRole('link').count(), { timeout: 60_000 })
    .toBe(seeds.length);
  const heute = new TodayPage(page);
  await heute.open();
  return heute;
}

describe('Heute', () => {
  it('shows today and this week first, and the overdue backlog of my cases collapsed until opened', async () => {
    const { page } = env;
    const heute = await openHeute();
    // My cases by default: today's item, this week's two, and the backlog only as a count.
    await expect
      .poll(() => heute.items('Heute fällig').allInnerTexts(), { timeout: 30_000 })
      .toEqual([expect.stringContaining('Rückruf Jobcenter')]);
    expect(await heute.scope('Meine Fälle').isChecked()).toBe(true);
    expect(await heute.items('Diese Woche').allInnerTexts()).toEqual([
      expect.stringContaining('Unterlagen Wohngeld'),
      expect.stringContaining('Termin Sprachkurs bestätigen'),
    ]);
    expect(await page.getByText('Noch nicht diese Woche').count()).toBe(0);
    expect(await page.getByText('Vor Abschluss vergessen').count()).toBe(0);
    expect(await heute.overdueToggle.getAttribute('aria-expanded')).toBe('false');
    expect(await heute.overdueToggle.textContent()).toContain('30');
    expect(await heute.items('Überfällig').count()).toBe(0);
    // Today's item sits above the backlog on the page.
    const todayBox = await heute.group('Heute fällig').boundingBox();
    const overdueBox = await heute.group('Überfällig').boundingBox();
    expect(todayBox!.y).toBeLessThan(overdueBox!.y);
    expect(await axeViolations(page)).toEqual([]);

    // The backlog opens on request.
    await heute.overdueToggle.click();
    await expect.poll(() => heute.items('Überfällig').count()).toBe(30);
    expect(await heute.overdueToggle.getAttribute('aria-expanded')).toBe('true');
    expect(await axeViolations(page)).toEqual([]);
    await heute.overdueToggle.click();
    await expect.poll(() => heute.items('Überfällig').count()).toBe(0);
  });

  it('shows the whole team on request and remembers the choice on the device', async () => {
    const { shell, page } = env;
    const heute = await openHeute();
    // The team: the colleague's case joins, and the choice holds after a restart.
    await heute.scope('Ganzes Team').check();
    await expect.poll(() => heute.items('Heute fällig').count()).toBe(2);
    const dueToday = (await heute.items('Heute fällig').allInnerTexts()).join('\n');
    expect(dueToday).toContain('Rückruf Jobcenter');
    expect(dueToday).toContain('Kita-Platz nachfragen');
    expect(await heute.overdueToggle.textContent()).toContain('31');
    expect(await axeViolations(page)).toEqual([]);
    await shell.reload();
    await expect.poll(() => heute.items('Heute fällig').count(), { timeout: 30_000 }).toBe(2);
    expect(await heute.scope('Ganzes Team').isChecked()).toBe(true);

    mkdirSync('test-results/screenshots', { recursive: true });
    await heute.scope('Meine Fälle').check();
    await expect.poll(() => heute.items('Heute fällig').count()).toBe(1);
    for (const viewport of VIEWPORTS) {
      await page.setViewportSize(viewport);
      await expect.poll(() => page.evaluate(scrollsSideways)).toBe(false);
      await page.screenshot({
        path: `test-results/screenshots/heute-${viewport.width}x${viewport.height}.png`,
      });
    }
  });
});
