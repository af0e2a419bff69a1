import { beforeAll, describe, expect, it } from 'vitest';
import { docKey } from '../../sync-server/src/sync/doc-key.ts';
import { CasesPage, CaseFilePage } from './pages/cases.page.ts';
import { LoginPage } from './pages/login.page.ts';
import { DueErasuresPage, PrivacyPage } from './pages/privacy.page.ts';
import { ADMIN, CASE_MANAGER, COORDINATOR, TEAM } from './support/accounts.ts';
import { axeViolations, logIn, useAppInChromium } from './support/app-in-chromium.ts';
import { seedCases } from './support/seed-cases.ts';

const env = useAppInChromium();

let openCase = '';
let dueCase = '';

beforeAll(async () => {
  const ids = await seedCases(env.relay, [
    { familyName: 'Okafor', givenNames: 'Grace', owner: CASE_MANAGER },
    // Closed in 2020: its period ended on 31 December 2023, so it is due.
    { familyName: 'Lindqvist', owner: CASE_MANAGER, closedOn: '2020-01-10' },
  ]);
  [openCase, dueCase] = [ids[0]!, ids[1]!];
  // A hold keeps the due case until coordination lifts it (the relay's sweep would erase it otherwise).
  await env.relay.lifecycle.setHold({ kind: 'operator' }, TEAM.id, dueCase, 'Klage beim Sozialgericht');
});

describe('Löschsperre and erasure on request', () => {
  it('a case manager sets a hold and asks for erasure; coordination sees it, is refused while held, lifts the hold and confirms', async () => {
    const list = new CasesPage(env.page);
    await list.open();
    // Both cases listed first: the list sorts by name, so the second to arrive would move Okafor's row.
    await list.caseLink('Lindqvist').waitFor();
    await list.caseLink('Okafor, Grace').click();
    const caseFile = new CaseFilePage(env.page);
    await expect.poll(() => caseFile.heading.textContent()).toBe('Okafor, Grace');
    const privacy = new PrivacyPage(caseFile);
    await privacy.open();
    await expect.poll(() => privacy.retentionState.textContent()).toBe('Frist läuft nicht (Fall offen)');
    await expect.poll(() => privacy.hold.textContent()).toContain('Keine Löschsperre.');

    // A reason is required, and asked for before anything goes to the relay.
    await privacy.setHoldButton.click();
    expect(await privacy.section.getByRole('alert').first().textContent()).toContain(
      'Bitte einen Grund angeben.',
    );
    await privacy.setHold('Widerspruchsverfahren läuft');
    await expect.poll(() => privacy.hold.textContent()).toContain('Löschsperre: Widerspruchsverfahren läuft');
    expect(await privacy.hold.textContent()).toContain('Gesetzt von Amira Haddad');
    // Case managers set a hold but never lift it.
    expect(await privacy.section.getByRole('button', { name: /aufheben/ }).count()).toBe(0);

    await privacy.requestErasure('Antrag der Person nach Art. 17 vom 01.12.');
    await expect
      .poll(() => privacy.request.textContent())
      .toContain('Löschung beantragt (Art. 17 DSGVO): Antrag der Person nach Art. 17 vom 01.12.');
    expect(await privacy.request.textContent()).toContain(
      'Wartet auf die Bestätigung durch eine zweite Person',
    );
    expect(await axeViolations(env.page, '#datenschutz')).toEqual([]);

    // Coordination, on its own device: the due list (counts only) and what waits for its decision.
    const coordination = await env.browser.newContext({ viewport: { width: 1024, height: 768 } });
    try {
      const page = await coordination.newPage();
      await logIn(new LoginPage(page, env.relay.url), COORDINATOR, '/berichte');
      const due = new DueErasuresPage(page);
      await due.panel.waitFor();
      const teamRow = due.teamRow(TEAM.name);
      await expect.poll(() => teamRow.textContent(), { timeout: 15_000 }).toBe(`${TEAM.name}11`);
      // Coordination sees no case of the due list, only counts.
      expect(await due.panel.getByRole('table', { name: 'Fällige Fälle' }).count()).toBe(0);
      await due.requestOf(openCase).waitFor();
      expect(await due.requestOf(openCase).textContent()).toContain('Beantragt von: Amira Haddad');
      expect(await due.holdOf(dueCase).textContent()).toContain('Klage beim Sozialgericht');
      expect(await axeViolations(page, '[data-testid="due-erasures"]')).toEqual([]);

      // Confirming asks once more; the relay refuses while the hold stands, and says why.
      await due.requestOf(openCase).getByRole('button', { name: 'Löschung bestätigen …' }).click();
      const question = due.requestOf(openCase).getByRole('alertdialog');
      expect(await question.textContent()).toContain('endgültig löschen?');
      expect(await question.textContent()).toContain('Das lässt sich nicht rückgängig machen.');
      await question.getByRole('button', { name: 'Ja, endgültig löschen' }).click();
      const refusal = due.panel.getByRole('alert');
      await expect.poll(() => refusal.textContent()).toContain('Eine Löschsperre hält den Fall.');
      expect(await env.relay.store.teamOfDoc(docKey(TEAM.id, openCase))).toBe(TEAM.id);

      await due.holdOf(openCase).getByRole('button', { name: 'Löschsperre aufheben' }).click();
      await expect.poll(() => due.holdOf(openCase).count()).toBe(0);
      await due.confirmErasure(openCase);
      await expect
        .poll(() => due.panel.getByRole('status').filter({ hasText: 'wurde gelöscht' }).count())
        .toBe(1);
      await expect.poll(() => due.requestOf(openCase).count()).toBe(0);
      await page.screenshot({ path: '/tmp/due-erasures-coordination.png', fullPage: true });
    } finally {
      await coordination.close();
    }

    // The relay erased it, with both pairs of eyes on record; the held case stays.
    const erased = await env.relay.store.erasureOf(docKey(TEAM.id, openCase));
    const [manager, coordinator] = await Promise.all([
      env.relay.store.userByLogin(CASE_MANAGER.login),
      env.relay.store.userByLogin(COORDINATOR.login),
    ]);
    expect(erased).toMatchObject({
      reason: 'request',
      requestedBy: manager!.id,
      confirmedBy: coordinator!.id,
    });
    expect(await env.relay.store.teamOfDoc(docKey(TEAM.id, dueCase))).toBe(TEAM.id);

    // The case manager's device erases it when the erasure entry arrives: the open case file closes, the
    // list shows without it, and the person is told why.
    await expect.poll(() => new URL(env.page.url()).pathname, { timeout: 20_000 }).toBe('/faelle');
    const notice = env.page.getByRole('status', { name: 'Gelöschte Fälle' });
    await expect.poll(() => notice.textContent()).toContain('wurde gelöscht (auf Antrag).');
    await expect.poll(() => list.caseLink('Okafor, Grace').count()).toBe(0);
    expect(await list.caseLink('Lindqvist').count()).toBe(1);
  });

  it('an admin sees the due cases with their ids and dates, lifts and sets a hold, and offline is told it needs a connection', async () => {
    const admin = await env.browser.newContext({ viewport: { width: 1024, height: 768 } });
    try {
      const page = await admin.newPage();
      await logIn(new LoginPage(page, env.relay.url), ADMIN, '/verwaltung');
      const due = new DueErasuresPage(page);
      await due.panel.waitFor();
      const cases = due.panel.getByRole('table', { name: 'Fällige Fälle' });
      await cases.waitFor({ timeout: 15_000 });
      const row = cases.getByRole('row').filter({ hasText: dueCase });
      expect(await row.getByRole('cell').allTextContents()).toEqual([
        TEAM.name,
        dueCase,
        'Abgeschlossener Fall',
        '31.12.2023',
        '01.01.2024',
        'ja',
      ]);
      expect(await due.holdOf(dueCase).textContent()).toContain('Gesetzt von: Betrieb (Kommandozeile)');
      expect(await axeViolations(page, '[data-testid="due-erasures"]')).toEqual([]);

      // Lifted, the due case can be held again from its row, with a reason.
      await due.holdOf(dueCase).getByRole('button', { name: 'Löschsperre aufheben' }).click();
      await expect.poll(() => due.holdOf(dueCase).count()).toBe(0);
      await expect.poll(() => row.getByRole('cell').last().textContent()).toContain('nein');
      await row.getByRole('button', { name: 'Löschsperre setzen …' }).click();
      await row.getByRole('button', { name: 'Löschsperre setzen', exact: true }).click();
      expect(await row.getByRole('alert').textContent()).toContain('Bitte einen Grund angeben.');
      expect(await axeViolations(page, '[data-testid="due-erasures"]')).toEqual([]);
      await row.getByLabel('Grund (die Sache, nicht die Person)').fill('Anfrage der Datenschutzaufsicht');
      await row.getByRole('button', { name: 'Löschsperre setzen', exact: true }).click();
      await due.holdOf(dueCase).waitFor();
      expect(await due.holdOf(dueCase).textContent()).toContain('Anfrage der Datenschutzaufsicht');
      expect(await due.holdOf(dueCase).textContent()).toContain('Gesetzt von: Petra Schulz');
      expect(await row.getByRole('cell').last().textContent()).toBe('ja');

      await admin.setOffline(true);
      await expect
        .poll(() => due.panel.getByRole('status').first().textContent())
        .toContain('Nur mit Verbindung');
      expect(
        await due.holdOf(dueCase).getByRole('button', { name: 'Löschsperre aufheben' }).isDisabled(),
      ).toBe(true);
    } finally {
      await admin.close();
    }
  });
});
