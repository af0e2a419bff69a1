import AxeBuilder from '@axe-core/playwright';
import type { BrowserContext, Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { addDays, localToday } from '../../src/domain/dates.ts';
import type { AppShellPage } from './pages/app-shell.page.ts';
import { CasePlanPage } from './pages/case-plan.page.ts';
import { CasesPage } from './pages/cases.page.ts';
import { useAppInChromium, WCAG_21_AA } from './support/app-in-chromium.ts';
import { unexpectedFailures, type PageProblems } from './support/browser.ts';

const env = useAppInChromium();

let context: BrowserContext;
let page: Page;
let shell: AppShellPage;
let problems: PageProblems;

beforeEach(() => {
  ({ context, page, problems, shell } = env);
});

async function newCase(familyName: string): Promise<CasePlanPage> {
  const cases = new CasesPage(page);
  await cases.open();
  return new CasePlanPage(await cases.create({ familyName, givenNames: 'Amina' }));
}

describe('the plan and the records of a case file', () => {
  it('are kept offline, across a reload, and feed "Heute"', async () => {
    const today = localToday();
    await shell.goto('/');
    await shell.waitForOfflineReady();
    await context.setOffline(true);
    await expect.poll(() => shell.connection.textContent()).toContain('Offline');

    const plan = await newCase('Haddad');

    // Ziele & Schritte: a goal with two steps, one ticked off, one overdue.
    await plan.addGoal('Deutschkurs B1 abschließen', 'Sprache & Integrationskurs');
    // The VHS is not in the team's directory yet: it is added from the step's form and chosen at once.
    await plan.addStep('Deutschkurs B1 abschließen', {
      text: 'Kursplatz bei der VHS anfragen',
      partner: 'VHS Duisburg',
      newPartner: { service: 'Integrationskurse' },
    });
    await plan.addStep('Deutschkurs B1 abschließen', {
      text: 'Berechtigungsschein beantragen',
      dueOn: '2025-01-15',
    });
    const done = plan.stepDone('Deutschkurs B1 abschließen', 'Kursplatz bei der VHS anfragen');
    expect(await done.isChecked()).toBe(false);
    await done.check();
    await expect.poll(() => done.isChecked()).toBe(true);
    const tickedStep = plan.step('Deutschkurs B1 abschließen', 'Kursplatz bei der VHS anfragen');
    expect(await tickedStep.textContent()).toContain('Netzwerkpartner (VHS Duisburg)');
    expect(await tickedStep.getByRole('combobox', { name: 'Status', exact: true }).inputValue()).toBe(
      'achieved',
    );
    const overdueStep = plan.step('Deutschkurs B1 abschließen', 'Berechtigungsschein beantragen');
    expect(await overdueStep.getByText('Überfällig seit 15.01.2025').isVisible()).toBe(true);
    expect(
      await plan.goal('Deutschkurs B1 abschließen').getByText('1 von 2 Schritten erledigt').isVisible(),
    ).toBe(true);

    // Fristen: a Wiedervorlage for today and a Bescheid whose month ends on the last day of February.
    await plan.addReminder(today, 'Unterlagen für das Jobcenter nachreichen');
    await plan.reminder('Unterlagen für das Jobcenter nachreichen').waitFor();
    expect(await plan.reminder('Unterlagen für das Jobcenter nachreichen').textContent()).toContain(
      'heute fällig',
    );
    await plan.addNotice({
      institution: 'Jobcenter Duisburg',
      subject: 'Aufhebungsbescheid',
      receivedOn: '2025-01-31',
      period: '1 Monat',
    });
    await plan.notice('Jobcenter Duisburg').waitFor();
    expect(await plan.notice('Jobcenter Duisburg').textContent()).toContain(
      'Widerspruch möglich bis 28.02.2025',
    );
    const dueTexts = await plan.dueList.getByRole('listitem').allInnerTexts();
    expect(dueTexts.some((text) => text.includes('Unterlagen für das Jobcenter nachreichen'))).toBe(true);
    expect(
      dueTexts.some((text) => text.includes('Widerspruchsfrist endet') && text.includes('28.02.2025')),
    ).toBe(true);

    // Einwilligungen, then a Vermittlung that relies on it.
    await plan.submitConsent({
      recipient: 'Caritas Migrationsberatung',
      purpose: 'Begleitung bei der Wohnungssuche',
      categories: ['Personalien', 'Kontaktdaten', 'Gesundheit'],
      givenOn: today,
      validUntil: addDays(today, 365),
    });
    await plan.consent('Caritas Migrationsberatung').waitFor();
    expect(await plan.consent('Caritas Migrationsberatung').textContent()).toContain('Status: gültig');
    expect(await plan.consent('Caritas Migrationsberatung').textContent()).toContain('Art. 9 DSGVO');

    await plan.addReferral({
      partner: 'Caritas Migrationsberatung',
      newPartner: { service: 'Migrationsberatung für Erwachsene (MBE)' },
      reason: 'Wohnungssuche',
      status: 'Vereinbart',
      consentRecipient: 'Caritas Migrationsberatung',
    });
    const referral = plan.referral('Caritas Migrationsberatung');
    expect(await referral.textContent()).toContain('Einwilligung: Caritas Migrationsberatung (gültig)');
    expect(await referral.getByRole('combobox', { name: 'Status', exact: true }).inputValue()).toBe('agreed');

    // Hürden, in a category from the team doc, with the description written after the barrier was recorded.
    await plan.addBarrier({
      category: 'Wartezeiten bei Behörden',
      institution: 'Ausländerbehörde',
      observedOn: today,
    });
    await plan
      .barrierDescription('Wartezeiten bei Behörden')
      .fill('Termin zur Verlängerung erst nach vier Monaten.');

    // Everything is on the device: a reload without network brings it all back.
    await plan.waitUntilStored();
    await shell.reload();
    await plan.caseFile.heading.waitFor();
    await plan.goal('Deutschkurs B1 abschließen').waitFor();
    expect(
      await plan.stepDone('Deutschkurs B1 abschließen', 'Kursplatz bei der VHS anfragen').isChecked(),
    ).toBe(true);
    expect(
      await plan.step('Deutschkurs B1 abschließen', 'Kursplatz bei der VHS anfragen').textContent(),
    ).toContain('Netzwerkpartner (VHS Duisburg)');
    expect(
      await plan.stepDone('Deutschkurs B1 abschließen', 'Berechtigungsschein beantragen').isChecked(),
    ).toBe(false);
    expect(await plan.reminder('Unterlagen für das Jobcenter nachreichen').isVisible()).toBe(true);
    expect(await plan.notice('Jobcenter Duisburg').textContent()).toContain(
      'Widerspruch möglich bis 28.02.2025',
    );
    expect(await plan.consent('Caritas Migrationsberatung').textContent()).toContain('Status: gültig');
    expect(await plan.referral('Caritas Migrationsberatung').textContent()).toContain('Wohnungssuche');
    expect(await plan.barrier('Wartezeiten bei Behörden').textContent()).toContain('Ausländerbehörde');
    expect(await plan.barrierDescription('Wartezeiten bei Behörden').inputValue()).toBe(
      'Termin zur Verlängerung erst nach vier Monaten.',
    );

    // "Heute" lists the reminder that is due today, with the case it belongs to.
    await shell.navigateTo('Heute');
    const dueToday = page.getByRole('region', { name: /^Heute fällig/ });
    const entry = dueToday.getByRole('link').filter({ hasText: 'Unterlagen für das Jobcenter nachreichen' });
    await entry.waitFor();
    expect(await entry.textContent()).toContain('Haddad, Amina');
    expect(await entry.textContent()).toContain('heute');

    expect(unexpectedFailures(problems)).toEqual([]);
    expect(problems.errors).toEqual([]);
  });

  it('refuses invalid input with the German message and keeps what was typed', async () => {
    await shell.goto('/');
    const plan = await newCase('Petrenko');

    // A Wiedervorlage without text.
    const nextWeek = addDays(localToday(), 7);
    await plan.addReminder(nextWeek, '');
    const text = plan.reminderForm.getByLabel('Worum geht es?');
    await expect.poll(() => text.getAttribute('aria-invalid')).toBe('true');
    expect(await plan.reminderForm.getByRole('alert').textContent()).toBe('Bitte ausfüllen.');
    expect(await plan.reminderForm.getByLabel('Wiedervorlage am').inputValue()).toBe(nextWeek);
    // Nothing was added: the only Wiedervorlage is the one to obtain consent, set when the case was opened.
    const reminders = plan.deadlines.getByRole('list', { name: 'Wiedervorlagen' }).getByRole('listitem');
    expect(await reminders.count()).toBe(1);
    expect(await reminders.first().textContent()).toContain('Einwilligung in das Case-Management einholen');

    // A consent that would end before it was given.
    await plan.submitConsent({
      recipient: 'Jobcenter Duisburg',
      purpose: 'Abstimmung zur Eingliederungsvereinbarung',
      categories: ['Personalien', 'Leistungsbezug'],
      givenOn: '2025-03-10',
      validUntil: '2025-03-01',
    });
    const until = plan.consentForm.getByLabel('Gültig bis');
    await expect.poll(() => until.getAttribute('aria-invalid')).toBe('true');
    expect(await plan.consentForm.getByRole('alert').textContent()).toBe(
      '„Gültig bis“ liegt vor dem Tag der Einwilligung.',
    );
    expect(await until.inputValue()).toBe('2025-03-01');
    expect(await plan.consentForm.getByLabel('Empfänger*in (Stelle)').inputValue()).toBe(
      'Jobcenter Duisburg',
    );
    expect(await plan.consentForm.getByRole('checkbox', { name: 'Leistungsbezug' }).isChecked()).toBe(true);
    expect(await plan.consents.getByText('Noch keine Einwilligungen erfasst.').isVisible()).toBe(true);

    // Corrected, it is taken; it has already expired, and says so in words.
    await until.fill('2025-06-30');
    await plan.consentForm.getByRole('button', { name: 'Einwilligung speichern' }).click();
    await plan.consent('Jobcenter Duisburg').waitFor();
    expect(await plan.consent('Jobcenter Duisburg').textContent()).toContain('Status: abgelaufen');
    expect(await plan.consentForm.getByLabel('Empfänger*in (Stelle)').inputValue()).toBe('');
  });

  it('warns on a referral once the consent it relies on is withdrawn', async () => {
    await shell.goto('/');
    const plan = await newCase('Yilmaz');
    await plan.submitConsent({
      recipient: 'Jugendamt',
      purpose: 'Abstimmung zur Kita-Anmeldung',
      categories: ['Familie & Haushalt'],
      givenOn: localToday(),
    });
    await plan.consent('Jugendamt').waitFor();
    await plan.addReferral({
      partner: 'Jugendamt',
      newPartner: {},
      reason: 'Kita-Platz',
      consentRecipient: 'Jugendamt',
    });
    expect(
      await plan
        .referral('Jugendamt')
        .getByText(/keine Daten/)
        .count(),
    ).toBe(0);

    await plan.consent('Jugendamt').getByRole('button', { name: 'Widerruf eintragen: Jugendamt' }).click();
    await plan
      .consent('Jugendamt')
      .getByRole('form', { name: 'Widerruf der Einwilligung für „Jugendamt“' })
      .getByRole('button', { name: 'Widerruf speichern' })
      .click();
    await expect.poll(() => plan.consent('Jugendamt').textContent()).toContain('Status: widerrufen');
    expect(await plan.consent('Jugendamt').getByRole('button').count()).toBe(0);
    expect(await plan.referral('Jugendamt').textContent()).toContain(
      'Die verknüpfte Einwilligung ist widerrufen: auf ihrer Grundlage dürfen keine Daten weitergegeben werden.',
    );
  });

  it('meets WCAG 2.1 AA with every section filled, with touch targets of at least 44 px', async () => {
    const today = localToday();
    await shell.goto('/');
    const plan = await newCase('Rahimi');
    await plan.addGoal('Anerkennung des Pflegeabschlusses', 'Anerkennung ausländischer Abschlüsse');
    await plan.addStep('Anerkennung des Pflegeabschlusses', {
      text: 'Zeugnisse übersetzen lassen',
      dueOn: '2025-02-01',
    });
    await plan.addStep('Anerkennung des Pflegeabschlusses', {
      text: 'Antrag bei der Bezirksregierung stellen',
    });
    await plan.stepDone('Anerkennung des Pflegeabschlusses', 'Zeugnisse übersetzen lassen').check();
    await plan.addReminder(today, 'Rückruf Bezirksregierung');
    await plan.addNotice({
      institution: 'BAMF',
      receivedOn: '2025-04-04',
      period: '2 Wochen (Asylbescheid, § 74 AsylG)',
    });
    await plan.submitConsent({
      recipient: 'IQ Netzwerk',
      purpose: 'Anerkennungsberatung',
      categories: ['Personalien', 'Arbeit & Bildung'],
      givenOn: today,
    });
    await plan.consent('IQ Netzwerk').waitFor();
    await plan.addReferral({
      partner: 'IQ Netzwerk',
      newPartner: { service: 'Anerkennungsberatung' },
      status: 'Vorgeschlagen',
      consentRecipient: 'IQ Netzwerk',
    });
    await plan.addBarrier({ category: 'Unklare Zuständigkeit', observedOn: today });
    // A step form with a partner responsible shows the directory picker; axe checks it too.
    await plan
      .goal('Anerkennung des Pflegeabschlusses')
      .getByRole('form', { name: 'Schritt zu „Anerkennung des Pflegeabschlusses“ hinzufügen' })
      .getByLabel('Zuständig', { exact: true })
      .selectOption({ label: 'Netzwerkpartner' });
    // Open the entry forms behind their "+ …" buttons and the folded editors too, so axe sees them.
    const closedEntries = page.locator('.case-section .entry-disclosure > button[aria-expanded="false"]');
    while ((await closedEntries.count()) > 0) await closedEntries.first().click();
    const folded = page.locator('.case-section details:not([open]) > summary');
    while ((await folded.count()) > 0) await folded.first().click();

    // Only these five sections: the rest of the case file belongs to other tests.
    const axe = new AxeBuilder({ page }).withTags(WCAG_21_AA);
    for (const id of ['#ziele', '#fristen', '#vermittlungen', '#einwilligungen', '#huerden']) axe.include(id);
    const results = await axe.analyze();
    const violations = results.violations.map(
      (violation) => `${violation.id} (${violation.nodes.map((node) => node.target).join(', ')})`,
    );
    expect(violations).toEqual([]);
    expect(results.passes.length).toBeGreaterThan(10);

    const sections = ['Ziele & Schritte', 'Fristen', 'Vermittlungen', 'Einwilligungen', 'Hürden'];
    let checked = 0;
    for (const title of sections) {
      const section = plan.caseFile.section(title);
      const targets = [
        ...(await section.getByRole('button').all()),
        ...(await section.locator('label:has(input[type="checkbox"])').all()),
        ...(await section.locator('summary').all()),
      ];
      for (const target of targets) {
        const box = await target.boundingBox();
        if (!box) continue;
        expect(box.height, `${title}: ${await target.textContent()}`).toBeGreaterThanOrEqual(44);
        expect(box.width, `${title}: ${await target.textContent()}`).toBeGreaterThanOrEqual(44);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(20);
    expect(problems.errors).toEqual([]);
  });
});
