import { readFile } from 'node:fs/promises';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { createCaseDoc } from '../../src/domain/case-doc.ts';
import { addBarrier, addContact, addReferral } from '../../src/domain/case-write-items.ts';
import { changePhase } from '../../src/domain/case-write-phase.ts';
import {
  addThemaEntry,
  COORDINATION_DOC_ID,
  COORDINATION_LOG_ID,
  createThema,
  linkReport,
} from '../../src/domain/coordination-doc.ts';
import { addDays, localToday } from '../../src/domain/dates.ts';
import { lastEndedPeriods, previousPeriods } from '../../src/domain/report-period.ts';
import { addPartner, createTeamDoc } from '../../src/domain/team-doc.ts';
import { teamDocId } from '../../src/domain/team-directory.ts';
import { docKey } from '../../sync-server/src/sync/doc-key.ts';
import { DeviceClient } from '../relay/sync/support/device-client.ts';
import { CASE_MANAGER, COORDINATOR, TEAM } from './support/accounts.ts';
import { axeViolations, logIn, useAppInChromium } from './support/app-in-chromium.ts';
import { unexpectedFailures } from './support/browser.ts';
import { VocabularyPage } from './pages/vocabulary.page.ts';

const env = useAppInChromium({ logIn: false });

/** A second team of the coordinator, without cases: too small to be shown on its own. */
const SMALL_TEAM = {
  id: 'sc-oberhausen',
  name: 'Support-Center Oberhausen',
  kind: 'support-center',
} as const;

/** The name of the partner the seeded cases are referred to; its category is chosen on Teamvokabular. */
const PARTNER = 'Caritas Migrationsberatung';

/**
 * Cases of `TEAM` as a case manager's device would have pushed them: `open` cases opened in the period, two
 * of them closed in it, each with a home visit, a referral to `PARTNER` (proposed by the case manager,
 * without a category) and a barrier in the period; and `earlier` barriers in the period before it, for the
 * trend.
 */
async function seedReportCases(period: { start: string }, earlier: { start: string }): Promise<void> {
  const store = env.relay.store;
  const user = await store.userByLogin(CASE_MANAGER.login);
  if (!user) throw new Error('no case manager');
  const device = await store.registerDevice({ id: `seed-report-${user.id}`, userId: user.id, name: 'Seed' });
  const must = (result: { ok: boolean; error?: unknown }) => {
    if (!result.ok) throw new Error(JSON.stringify(result.error));
  };
  const team = createTeamDoc(TEAM.id);
  if (!team.ok) throw new Error(JSON.stringify(team.error));
  const partner = addPartner(team.value, { name: PARTNER }, { actor: user.id, propose: true });
  if (!partner.ok) throw new Error(JSON.stringify(partner.error));
  const teamKey = docKey(TEAM.id, teamDocId(TEAM.id));
  await store.registerDoc(teamKey, TEAM.id);
  await store.appendUpdate({
    teamId: TEAM.id,
    docId: teamKey,
    update: Y.encodeStateAsUpdate(team.value),
    userId: user.id,
    deviceId: device.id,
  });
  for (let i = 0; i < 9; i++) {
    const opened = addDays(period.start, 3 + i);
    const options = { actor: user.id, now: new Date(`${opened}T10:00:00Z`) };
    const created = createCaseDoc(
      {
        kind: 'case',
        teamId: TEAM.id,
        createdBy: user.id,
        person: { familyName: `Berichtsfall${i}`, nationalities: ['SY'] },
      },
      options,
    );
    if (!created.ok) throw new Error(JSON.stringify(created.error));
    const doc = created.value;
    const later = { actor: user.id, now: new Date(`${addDays(opened, 3)}T10:00:00Z`) };
    must(addContact(doc, { date: addDays(opened, 1), kind: 'home-visit', topics: ['work'] }, later));
    must(addBarrier(doc, { category: 'waiting-times', observedOn: addDays(opened, 2) }, later));
    must(addReferral(doc, { partnerId: partner.value, date: addDays(opened, 1), status: 'agreed' }, later));
    if (i < 6)
      must(addBarrier(doc, { category: 'waiting-times', observedOn: addDays(earlier.start, 5) }, later));
    if (i < 2) {
      const closedOn = addDays(opened, 20);
      must(
        changePhase(doc, 'closed', {
          actor: user.id,
          now: new Date(`${closedOn}T12:00:00Z`),
          closure: { reason: 'goals-achieved', closedOn },
        }),
      );
    }
    const key = docKey(TEAM.id, doc.guid);
    await store.registerDoc(key, TEAM.id);
    await store.appendUpdate({
      teamId: TEAM.id,
      docId: key,
      update: Y.encodeStateAsUpdate(doc),
      userId: user.id,
      deviceId: device.id,
    });
  }
}

/** A Thema of coordination with a decision, fed by six reports of `TEAM`. */
async function seedThema(decidedOn: string): Promise<void> {
  const store = env.relay.store;
  const user = await store.userByLogin(COORDINATOR.login);
  if (!user) throw new Error('no coordinator');
  const device = await store.registerDevice({ id: `seed-thema-${user.id}`, userId: user.id, name: 'Seed' });
  const doc = new Y.Doc();
  const opts = { actor: user.id, now: new Date(`${decidedOn}T12:00:00Z`) };
  const thema = createThema(doc, { title: 'Wartezeiten bei der Ausländerbehörde' }, opts);
  if (!thema.ok) throw new Error(JSON.stringify(thema.error));
  const decision = addThemaEntry(
    doc,
    thema.value,
    { kind: 'decision', on: decidedOn, text: 'Feste Terminkontingente für Verlängerungen vereinbaren.' },
    opts,
  );
  if (!decision.ok) throw new Error(JSON.stringify(decision.error));
  for (let i = 0; i < 6; i++) {
    const linked = linkReport(
      doc,
      thema.value,
      { reportId: `report-${i}`, teamId: TEAM.id, caseKey: `case-${i}` },
      opts,
    );
    if (!linked.ok) throw new Error(JSON.stringify(linked.error));
  }
  // Over a device socket, as coordination's device pushes it: the relay keeps the doc it serves in memory.
  const token = await env.relay.tokens.issueAccess({
    userId: user.id,
    deviceId: device.id,
    role: 'coordination',
  });
  const client = await DeviceClient.connect(env.relay.url, token.token);
  try {
    await client.control('caught-up');
    const answer = await client.push(COORDINATION_LOG_ID, COORDINATION_DOC_ID, Y.encodeStateAsUpdate(doc));
    if (answer.type !== 'ack') throw new Error(`the coordination doc was refused: ${answer.code}`);
  } finally {
    await client.close();
  }
}

describe('coordination’s reports', () => {
  it('shows the teams’ report with "< 5", saves a table as CSV, prints for the Lenkungsgruppe, and opens offline from the device', async () => {
    const [period] = lastEndedPeriods('quarter', localToday(), 1);
    const [earlier] = previousPeriods(period!, 1);
    await seedReportCases(period!, earlier!);
    await seedThema(addDays(period!.end, 1));
    await env.relay.store.createTeam(SMALL_TEAM);
    const coordinator = await env.relay.store.userByLogin(COORDINATOR.login);
    await env.relay.store.addMembership(coordinator!.id, SMALL_TEAM.id);
    const { page, shell } = env;

    await logIn(env.login, COORDINATOR);
    // Coordination files the partner under a category and sets the team's staffing (4,5 posts).
    await shell.navigateTo('Teamvokabular');
    const vocabulary = new VocabularyPage(page);
    await vocabulary.entry(vocabulary.partners, 'Vorgeschlagene', PARTNER).waitFor();
    await vocabulary.categorize(PARTNER, 'Migrationsberatung');
    await vocabulary.setPosts('4,5');
    expect(await axeViolations(page)).toEqual([]);

    await shell.navigateTo('Berichte');
    expect(await shell.heading.textContent()).toBe('Berichte');
    const main = page.getByRole('main');
    // All teams are chosen (one or all may be, no other selection), and the last ended quarter.
    const teams = main.getByLabel('Teams');
    expect(await teams.locator('option').allTextContents()).toEqual([
      'Alle meine Teams (2)',
      TEAM.name,
      SMALL_TEAM.name,
    ]);
    expect(await teams.inputValue()).toBe('*');
    expect(await main.getByLabel('Art des Zeitraums').inputValue()).toBe('quarter');
    expect(await main.getByLabel('Zeitraum', { exact: true }).inputValue()).toBe(period!.id);

    await main.getByRole('button', { name: 'Bericht erstellen' }).click();

    const report = page.getByTestId('report');
    await report.waitFor();
    const quarter = `${period!.index}. Quartal ${period!.year}`;
    expect(await report.getByRole('heading', { level: 2 }).first().textContent()).toContain(
      `Bericht für die Lenkungsgruppe – ${TEAM.name}, ${SMALL_TEAM.name} – ${quarter}`,
    );
    expect(await page.getByTestId('report-computed').textContent()).toMatch(
      /^Berechnet am \d\d\.\d\d\.\d{4}/,
    );
    expect(await page.getByTestId('report-suppressed').textContent()).toContain(
      'Werte unter 5 und Werte, aus denen sie sich errechnen ließen, werden nicht gezeigt.',
    );
    const caseload = report.locator('[data-table="caseload"]');
    const teamRow = caseload.getByRole('row', { name: new RegExp(TEAM.name) });
    // Nine new and active cases; the two closed ones are fewer than five; 9 active cases on 4,5 posts.
    expect((await teamRow.getByRole('cell').allTextContents()).map((text) => text.trim())).toEqual([
      '9',
      '9',
      '< 5',
      '0',
      '2,0',
    ]);
    expect(await caseload.getByRole('columnheader').allTextContents()).toEqual([
      'Team',
      'Neue Fälle',
      'Aktive Fälle',
      'Abgeschlossene Fälle',
      'Kurzberatungen',
      'Aktive Fälle je Vollzeitstelle',
    ]);
    // The small team has no staffing set: its row and the total have no ratio.
    const totalRow = caseload.getByRole('row', { name: /Gesamt/ });
    expect((await totalRow.getByRole('cell').allTextContents()).map((text) => text.trim()).at(-1)).toBe('');
    expect(await caseload.textContent()).not.toContain('Nicht erfasst');
    // Referrals by the partner's category (read from the team's directory) and status.
    const referrals = report.locator('[data-table="referrals"]');
    const mbe = referrals.getByRole('row', { name: /^Migrationsberatung/ });
    expect((await mbe.getByRole('cell').allTextContents()).map((text) => text.trim())).toEqual([
      '0',
      '9',
      '0',
      '0',
      '9',
    ]);
    expect(await referrals.textContent()).not.toContain('Nicht erfasst');
    // The team too small to be shown alone is counted under "Weitere Teams", and named.
    expect(await caseload.getByRole('row', { name: /Weitere Teams/ }).count()).toBe(1);
    expect(await caseload.getByTestId('merged-teams').textContent()).toContain(SMALL_TEAM.name);
    const contacts = report.locator('[data-table="contacts"]');
    expect(
      await contacts
        .getByRole('row', { name: /Hausbesuch/ })
        .getByRole('cell')
        .textContent(),
    ).toBe('9');
    // The barriers' trend: six in the quarter before, nine in this one.
    const barriers = report.locator('[data-table="barriers"]');
    const trend = (
      await barriers
        .getByRole('row', { name: /Gesamt/ })
        .getByRole('cell')
        .allTextContents()
    ).map((text) => text.trim());
    expect(trend.slice(-2)).toEqual(['6', '9']);

    // The Themen the teams' reports feed: status, decision, and how many reports and cases.
    const thema = report.getByRole('listitem').filter({ hasText: 'Wartezeiten bei der Ausländerbehörde' });
    expect(await thema.textContent()).toContain('Stand: Gemeldet seit');
    expect(await thema.textContent()).toContain('Feste Terminkontingente für Verlängerungen vereinbaren.');
    expect(await thema.textContent()).toContain('Meldungen: 6 · Fälle: 6 · Teams: 1');

    // Every chart is an image with a name, and its numbers are a table beside it.
    const charts = report.getByRole('img');
    expect(await charts.count()).toBeGreaterThanOrEqual(3);
    expect(await charts.first().getAttribute('aria-label')).toContain('Strukturelle Hürden nach Kategorie');
    await page.waitForFunction(() =>
      [...document.querySelectorAll('.report-chart canvas')].every(
        (canvas) => (canvas as HTMLCanvasElement).width > 0,
      ),
    );
    const firstData = report.locator('.report-chart details').first();
    await firstData.locator('summary').click();
    expect(await firstData.getByRole('row').count()).toBeGreaterThan(1);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: '/tmp/reports-screen.png', fullPage: true });

    // On a phone the report fits the width: wide tables scroll inside their box.
    await page.setViewportSize({ width: 390, height: 844 });
    await expect
      .poll(() =>
        page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
      )
      .toBeLessThanOrEqual(0);
    expect(await axeViolations(page)).toEqual([]);
    await report.scrollIntoViewIfNeeded();
    await page.screenshot({ path: '/tmp/reports-phone.png' });
    await page.setViewportSize({ width: 1024, height: 768 });

    // A table as CSV for German Excel.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      caseload.getByRole('button', { name: /Als CSV herunterladen/ }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`lotse-bericht-${period!.id}-fallzahlen.csv`);
    const bytes = await readFile((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').split('\r\n');
    expect(lines[0]).toBe(
      'Team;Neue Fälle;Aktive Fälle;Abgeschlossene Fälle;Kurzberatungen;Aktive Fälle je Vollzeitstelle',
    );
    expect(lines[1]).toBe(`${TEAM.name};9;9;< 5;0;2,0`);

    // Printed: the report alone, without the app's navigation and the filter.
    await page.emulateMedia({ media: 'print' });
    expect(await shell.navigation.isVisible()).toBe(false);
    expect(await main.getByRole('button', { name: 'Bericht erstellen' }).isVisible()).toBe(false);
    expect(await report.getByRole('heading', { level: 2 }).first().isVisible()).toBe(true);
    expect(await caseload.getByRole('button', { name: /Als CSV herunterladen/ }).isVisible()).toBe(false);
    await page.screenshot({ path: '/tmp/reports-print.png', fullPage: true });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: '/tmp/reports-print-top.png' });
    await page.emulateMedia({ media: 'screen' });

    // Offline in the meeting room: the report comes from the device, and says when it was computed.
    await shell.waitForOfflineReady();
    await env.context.setOffline(true);
    await shell.reload();
    await report.waitFor();
    expect(await page.getByTestId('report-computed').textContent()).toMatch(
      /^Berechnet am \d\d\.\d\d\.\d{4}, .* \(gespeichert, ohne Verbindung\)$/,
    );
    expect((await teamRow.getByRole('cell').allTextContents()).map((text) => text.trim())).toEqual([
      '9',
      '9',
      '< 5',
      '0',
      '2,0',
    ]);
    expect(await page.getByTestId('stored-reports').textContent()).toContain(quarter);
    // Asking again without a connection shows the stored report too.
    await main.getByRole('button', { name: 'Bericht erstellen' }).click();
    await expect
      .poll(() => page.getByTestId('report-computed').textContent())
      .toContain('(gespeichert, ohne Verbindung)');
    expect(await axeViolations(page)).toEqual([]);

    expect(env.problems.errors).toEqual([]);
    expect(
      unexpectedFailures(env.problems).filter((failure) => !failure.startsWith('/api/reports ')),
    ).toEqual([]);
  });

  it('is not offered to case managers, and its address says so', async () => {
    await logIn(env.login, CASE_MANAGER);
    expect(await env.shell.navLabels()).not.toContain('Berichte');
    await env.shell.goto('/berichte');
    expect(await env.shell.heading.textContent()).toBe('Kein Zugriff');
    expect(await env.page.getByTestId('not-allowed').textContent()).toContain(
      'Ihre Rolle hat keine Berichte.',
    );
    expect(await env.page.getByTestId('report').count()).toBe(0);
  });
});
