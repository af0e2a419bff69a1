import type { BrowserContext, Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { localToday } from '../../src/domain/dates.ts';
import { AppShellPage } from './pages/app-shell.page.ts';
import { CasePlanPage } from './pages/case-plan.page.ts';
import { CasesPage } from './pages/cases.page.ts';
import { LoginPage } from './pages/login.page.ts';
import { ThemenPage } from './pages/themen.page.ts';
import { COORDINATOR } from './support/accounts.ts';
import { axeViolations, logIn, useAppInChromium } from './support/app-in-chromium.ts';
import { collectPageProblems, unexpectedFailures, type PageProblems } from './support/browser.ts';

const env = useAppInChromium();

const CATEGORY = 'Wartezeiten bei Behörden';

let contexts: BrowserContext[] = [];

afterEach(async () => {
  for (const context of contexts) await context.close();
  contexts = [];
});

/** The coordinator on a device of their own: a new browser context, logged in, on "Themen". */
async function coordinatorDevice(): Promise<{ page: Page; shell: AppShellPage; problems: PageProblems }> {
  const context = await env.browser.newContext({ viewport: { width: 1024, height: 768 } });
  contexts.push(context);
  const page = await context.newPage();
  const problems = collectPageProblems(page);
  const shell = new AppShellPage(page, env.relay.url);
  await logIn(new LoginPage(page, env.relay.url), COORDINATOR, '/');
  await shell.navigateTo('Themen');
  return { page, shell, problems };
}

/** The case manager (logged in by the harness) reports a barrier of a new case; answers the case's plan. */
async function reportBarrier(familyName: string, happened: string): Promise<CasePlanPage> {
  const cases = new CasesPage(env.page);
  await cases.open();
  const plan = new CasePlanPage(await cases.create({ familyName, givenNames: 'Amina' }));
  await plan.addBarrier({ category: CATEGORY, institution: 'Ausländerbehörde', observedOn: localToday() });
  await plan.reportBarrier(CATEGORY, { happened, wouldHelp: 'Feste Terminkontingente für Verlängerungen.' });
  await plan
    .barrier(CATEGORY)
    .getByText(/^An Koordination gemeldet am /)
    .waitFor();
  await plan.waitUntilStored();
  await env.shell.waitUntilSynced();
  return plan;
}

/** 07.12.2026: a day as the app shows it. */
function shown(day: string): string {
  const [year, month, date] = day.split('-');
  return `${date}.${month}.${year}`;
}

describe('coordination gathers reported barriers into Themen', () => {
  it('a report refused for a name, then sent, becomes a Thema whose status the case shows', async () => {
    const cases = new CasesPage(env.page);
    await cases.open();
    const plan = new CasePlanPage(await cases.create({ familyName: 'Haddad', givenNames: 'Amina' }));
    await plan.addBarrier({ category: CATEGORY, institution: 'Ausländerbehörde', observedOn: localToday() });
    // The identifying-data check refuses the name first.
    const form = await plan.reportBarrier(CATEGORY, {
      happened: 'Frau Haddad wartet seit vier Monaten auf einen Termin.',
    });
    await expect.poll(() => form.getByLabel('Was ist passiert?').getAttribute('aria-invalid')).toBe('true');
    await plan.reportBarrier(CATEGORY, {
      happened: 'Termine zur Verlängerung gibt es erst nach vier Monaten.',
      wouldHelp: 'Feste Terminkontingente für Verlängerungen.',
    });
    const barrier = plan.barrier(CATEGORY);
    await barrier.getByText(/^An Koordination gemeldet am /).waitFor();
    await plan.waitUntilStored();
    await env.shell.waitUntilSynced();
    await barrier.getByText('Noch keinem Thema der Koordination zugeordnet.').waitFor();

    // Coordination sees the report, with its texts and nothing of the case.
    const coordinator = await coordinatorDevice();
    const themen = new ThemenPage(coordinator.page);
    const report = themen.report('Termine zur Verlängerung gibt es erst nach vier Monaten.');
    await report.waitFor();
    expect(await report.textContent()).toContain('Feste Terminkontingente für Verlängerungen.');
    expect(await report.textContent()).toContain('Support-Center Duisburg');
    expect(await coordinator.page.getByRole('main').textContent()).not.toContain('Haddad');
    expect(await axeViolations(coordinator.page)).toEqual([]);
    await coordinator.page.screenshot({ path: '/tmp/themen-reports.png', fullPage: true });

    // It becomes a Thema, which moves to "In Arbeitsgruppe" with a note.
    await themen.select('Termine zur Verlängerung gibt es erst nach vier Monaten.');
    await themen.newThema('Wartezeiten Ausländerbehörde', 'Verlängerungen dauern überall vier Monate.');
    expect(await themen.linked.textContent()).toContain(
      'Termine zur Verlängerung gibt es erst nach vier Monaten.',
    );
    const today = localToday();
    await themen.moveTo('In Arbeitsgruppe', 'AG Aufenthalt übernimmt das Thema.');
    expect(await themen.status.textContent()).toContain(`In Arbeitsgruppe (seit ${shown(today)})`);
    const history = await themen.history.getByRole('listitem').allInnerTexts();
    expect(history.map((line) => line.replace(/\s+/g, ' ').trim())).toEqual([
      `${shown(today)} Thema angelegt`,
      `${shown(today)} Stand: In Arbeitsgruppe (vorher: Gemeldet) AG Aufenthalt übernimmt das Thema.`,
    ]);
    expect(await axeViolations(coordinator.page)).toEqual([]);
    await coordinator.page.screenshot({ path: '/tmp/thema-page.png', fullPage: true });
    // On a phone the page fits the width.
    await coordinator.page.setViewportSize({ width: 390, height: 844 });
    await expect
      .poll(() => coordinator.page.evaluate(() => document.documentElement.scrollWidth))
      .toBeLessThanOrEqual(390);
    expect(await axeViolations(coordinator.page)).toEqual([]);
    await coordinator.page.screenshot({ path: '/tmp/thema-page-phone.png', fullPage: true });
    await coordinator.page.setViewportSize({ width: 1024, height: 768 });

    // The list of Themen says where it stands and how far it reaches.
    await coordinator.shell.navigateTo('Themen');
    expect(await themen.thema('Wartezeiten Ausländerbehörde').textContent()).toContain(
      '1 Fall · 1 Team · 1 Meldung',
    );
    await coordinator.shell.waitUntilSynced();

    // The case manager's open case shows the Thema and its status, live.
    await expect
      .poll(() => barrier.textContent(), { timeout: 20_000 })
      .toContain(`Thema: Wartezeiten Ausländerbehörde — In Arbeitsgruppe (seit ${shown(today)})`);
    expect(await axeViolations(env.page, 'section')).toEqual([]);
    await barrier.scrollIntoViewIfNeeded();
    await env.page.screenshot({ path: '/tmp/thema-in-the-case.png' });

    expect(coordinator.problems.errors).toEqual([]);
    expect(unexpectedFailures(coordinator.problems)).toEqual([]);
    expect(unexpectedFailures(env.problems)).toEqual([]);
  });

  it('works offline after a reload: the reports as last fetched, edits kept and synced when back online', async () => {
    await reportBarrier('Nowak', 'Sprachkurse für Eltern gibt es nur vormittags.');

    const coordinator = await coordinatorDevice();
    const themen = new ThemenPage(coordinator.page);
    await themen.report('Sprachkurse für Eltern gibt es nur vormittags.').waitFor();
    await coordinator.shell.waitForOfflineReady();
    await coordinator.page.context().setOffline(true);

    await coordinator.shell.reload();
    expect(await coordinator.shell.heading.textContent()).toBe('Themen');
    await themen.report('Sprachkurse für Eltern gibt es nur vormittags.').waitFor();
    expect(await themen.fetchedAt.textContent()).toMatch(/^\s*Stand: \d{2}\.\d{2}\.\d{4}/);
    await themen.select('Sprachkurse für Eltern gibt es nur vormittags.');
    await themen.newThema('Sprachkurse mit Kinderbetreuung');
    await themen.moveTo('Vorgelegt in der Lenkungsgruppe');

    // The edits are on the device: another reload, still offline, shows them.
    await coordinator.shell.reload();
    await coordinator.shell.navigateTo('Themen');
    await themen.thema('Sprachkurse mit Kinderbetreuung').waitFor();
    expect(await themen.thema('Sprachkurse mit Kinderbetreuung').textContent()).toContain(
      'Vorgelegt in der Lenkungsgruppe',
    );
    await expect
      .poll(() => coordinator.shell.connection.textContent())
      .toMatch(/Offline.*Änderungen an den Themen nicht synchronisiert/s);

    // Back online they are synced; a second device of the coordinator receives them.
    await coordinator.page.context().setOffline(false);
    await coordinator.shell.waitUntilSynced();
    const second = await coordinatorDevice();
    await new ThemenPage(second.page).thema('Sprachkurse mit Kinderbetreuung').waitFor({ timeout: 20_000 });
    expect(
      await new ThemenPage(second.page).thema('Sprachkurse mit Kinderbetreuung').textContent(),
    ).toContain('Vorgelegt in der Lenkungsgruppe');
    expect(unexpectedFailures(second.problems)).toEqual([]);
  });

  it('a title changed on two devices while apart: both coordinators are told and one settles it', async () => {
    await reportBarrier('Kaya', 'Die Familienkasse beantwortet Anfragen erst nach Monaten.');
    const first = await coordinatorDevice();
    const themenFirst = new ThemenPage(first.page);
    await themenFirst.select('Die Familienkasse beantwortet Anfragen erst nach Monaten.');
    await themenFirst.newThema('Familienkasse');
    await first.shell.waitUntilSynced();
    await first.shell.waitForOfflineReady();
    const second = await coordinatorDevice();
    const themenSecond = new ThemenPage(second.page);
    await themenSecond.thema('Familienkasse').waitFor({ timeout: 20_000 });
    await themenSecond.thema('Familienkasse').getByRole('link').click();
    await themenSecond.heading.filter({ hasText: 'Familienkasse' }).waitFor();
    await second.shell.waitForOfflineReady();

    // Both devices go offline and each gives the Thema another title.
    await first.page.context().setOffline(true);
    await second.page.context().setOffline(true);
    await themenFirst.editTitle('Bearbeitungszeiten der Familienkasse');
    await themenSecond.editTitle('Familienkasse antwortet nicht');
    await first.page.context().setOffline(false);
    await first.shell.waitUntilSynced();
    await second.page.context().setOffline(false);
    await second.shell.waitUntilSynced();

    // Each device is told, with its own value and the other one.
    for (const [themen, mine, theirs] of [
      [themenFirst, 'Bearbeitungszeiten der Familienkasse', 'Familienkasse antwortet nicht'],
      [themenSecond, 'Familienkasse antwortet nicht', 'Bearbeitungszeiten der Familienkasse'],
    ] as const) {
      await themen.conflicts.waitFor({ timeout: 20_000 });
      const notice = themen.conflicts.getByRole('listitem');
      expect(await notice.getByRole('heading', { level: 3 }).textContent()).toMatch(/^Titel des Themas „/);
      expect(await notice.locator('dd').allTextContents()).toEqual([mine, theirs]);
    }
    expect(await axeViolations(first.page)).toEqual([]);

    // The first coordinator keeps their title: it holds on both devices, and their notice is gone.
    await themenFirst.conflicts.getByRole('button', { name: 'Meinen Wert behalten' }).click();
    await themenFirst.conflicts.waitFor({ state: 'detached' });
    await first.shell.waitUntilSynced();
    await themenSecond.heading.filter({ hasText: 'Bearbeitungszeiten der Familienkasse' }).waitFor();
    await themenSecond.conflicts
      .getByText('Die Themen zeigen gerade den Wert vom anderen Gerät.')
      .waitFor({ timeout: 20_000 });
    expect(unexpectedFailures(first.problems)).toEqual([]);
    expect(unexpectedFailures(second.problems)).toEqual([]);
  });
});
