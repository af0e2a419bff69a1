import { describe, expect, it } from 'vitest';
import { CasePlanPage } from './pages/case-plan.page.ts';
import { CaseSectionsPage } from './pages/case-sections.page.ts';
import { TodayPage } from './pages/today.page.ts';
import { CasesPage } from './pages/cases.page.ts';
import { axeViolations, useAppInChromium } from './support/app-in-chromium.ts';

const env = useAppInChromium();

// A Duldung that began four years before the first of the month after next: with a minor child, § 25b needs
// four years, so the stay is complete on that day, two or three months ahead whenever this runs.
const now = new Date();
const year = now.getFullYear();
const iso = (date: Date) => date.toISOString().slice(0, 10);
const TOLERATED_SINCE = iso(new Date(Date.UTC(year - 4, now.getMonth() + 3, 1)));
const REACHABLE = iso(new Date(Date.UTC(year, now.getMonth() + 3, 1)))
  .split('-')
  .reverse()
  .join('.');
const TODAY = new Date(Date.now() - new Date().getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
const OFFICE = 'Ausländerbehörde Kreis Unna';

describe('Perspektive: the residence pathways of a case', () => {
  it('shows § 25b reachable on a date once the facts are entered, offline and after a reload', async () => {
    await env.shell.goto('/');
    await env.shell.waitForOfflineReady();
    await env.context.setOffline(true);
    await expect.poll(() => env.shell.connection.textContent()).toContain('Offline');

    const list = new CasesPage(env.page);
    await list.open();
    const caseFile = await list.create({ familyName: 'Nasser', givenNames: 'Yusuf' });
    const sections = new CaseSectionsPage(caseFile);

    await caseFile.setField('Person', 'Geburtsdatum', '1988-03-10');
    await sections.addMember({ name: 'Lina Nasser', relation: 'Kind', birthDate: '2016-06-01' });
    await caseFile.selectField('Aufenthalt', 'Aufenthaltsstatus', 'Duldung');
    await caseFile.setField('Aufenthalt', 'Status seit', TOLERATED_SINCE);

    const perspective = caseFile.section('Perspektive');
    const p25b = perspective.locator('[data-pathway="25b"]');
    // Before the facts only the pathway itself knows are entered, it says they are missing.
    await expect
      .poll(() => p25b.locator('summary').textContent())
      .toContain(`Frühestens am ${REACHABLE} – Angaben fehlen`);
    expect(await perspective.getByTestId('pathways-decide').textContent()).toContain('entscheidet');

    const facts: [string, string][] = [
      ['Bekenntnis zur freiheitlichen demokratischen Grundordnung', 'Ja'],
      ['Integrationskurs, „Leben in Deutschland“ oder Schulabschluss', 'Ja'],
      ['Lebensunterhalt', 'Überwiegend gesichert (mehr als die Hälfte)'],
      ['Schulpflichtige Kinder besuchen die Schule', 'Ja'],
      ['Identität geklärt, Pass vorhanden oder beschaffbar', 'Ja'],
    ];
    for (const [label, option] of facts) await caseFile.selectField('Perspektive', label, option);

    // German comes from the person's languages: until it is there, it is unknown.
    expect(await p25b.locator('[data-criterion="german"]').getAttribute('data-state')).toBe('unknown');
    const person = caseFile.section('Person');
    await person.getByLabel('Sprache', { exact: true }).selectOption({ label: 'Deutsch' });
    await person.getByLabel('Niveau', { exact: true }).selectOption({ label: 'A2' });
    await person.getByRole('button', { name: 'Sprache hinzufügen' }).click();

    // Everything else is met; the stay is what the pathway waits for.
    await expect.poll(() => p25b.locator('summary').textContent()).toContain(`Erreichbar am ${REACHABLE}`);
    expect(await p25b.locator('[data-criterion="stay"]').getAttribute('data-state')).toBe('open');
    expect(await p25b.locator('[data-criterion="german"]').getAttribute('data-state')).toBe('met');
    expect(await p25b.locator('[data-criterion="basic-order"]').getAttribute('data-state')).toBe('met');
    expect(await axeViolations(env.page, '#perspektive')).toEqual([]);

    await caseFile.waitUntilSaved();
    await env.shell.reload();
    await expect.poll(() => env.shell.connection.textContent()).toContain('Offline');
    // The reload stays on the case file.
    await caseFile.heading.waitFor();
    expect(await caseFile.heading.textContent()).toContain('Nasser');
    await expect
      .poll(() => caseFile.section('Perspektive').locator('[data-pathway="25b"] summary').textContent())
      .toContain(`Erreichbar am ${REACHABLE}`);

    // The checklist for § 25b, one document needed today: a deadline of the case, and in "Heute".
    const perspectiveNow = caseFile.section('Perspektive');
    await perspectiveNow
      .locator('.inline-add')
      .getByLabel('Aufenthaltsweg')
      .selectOption({ label: '§ 25b AufenthG (nachhaltige Integration)' });
    await perspectiveNow.getByRole('button', { name: 'Checkliste anlegen' }).click();
    await expect
      .poll(() => perspectiveNow.getByText(/Unterlagen hinzugefügt/).textContent())
      .toContain('7 Unterlagen');
    const payslips = perspectiveNow.getByRole('group', { name: /^Lohnabrechnungen/ });
    await sections.fill(payslips, 'Benötigt bis', TODAY);
    await sections.select(perspectiveNow.getByRole('group', { name: /^Reisepass/ }), 'Stand', 'Liegt vor');

    // Handing over needs a consent that names the office: first refused, then recorded and handed over.
    const handover = perspectiveNow.getByRole('form', { name: 'Übergabe an ABH oder EBH' });
    await handover
      .getByLabel('Aufenthaltsweg')
      .selectOption({ label: '§ 25b AufenthG (nachhaltige Integration)' });
    await handover.getByLabel('Behörde').selectOption({ label: 'Ausländerbehörde (ABH)' });
    await handover.getByLabel('Dienststelle (wie in der Einwilligung)').fill(OFFICE);
    await handover.getByRole('button', { name: 'Übergeben' }).click();
    const refusal = handover.getByRole('alert').filter({ hasText: 'Einwilligung' });
    await expect.poll(() => refusal.textContent()).toContain(`Für „${OFFICE}“ gibt es keine`);
    expect(await refusal.getByRole('link', { name: 'Einwilligung erfassen' }).getAttribute('href')).toBe(
      '#einwilligungen',
    );

    const plan = new CasePlanPage(caseFile);
    await plan.submitConsent({
      recipient: OFFICE,
      purpose: 'Antrag nach § 25b AufenthG',
      categories: ['Personalien'],
      givenOn: TODAY,
    });
    await plan.consent(OFFICE).waitFor();
    await handover.getByRole('checkbox', { name: /^Reisepass/ }).check();
    await handover.getByRole('button', { name: 'Übergeben' }).click();
    await expect
      .poll(() => handover.getByRole('status').textContent())
      .toContain('Die Übergabe wurde erfasst.');
    const application = perspectiveNow.getByRole('group', { name: new RegExp(`^§ 25b.*${OFFICE}`) });
    expect(await sections.selectedLabel(sections.field(application, 'Ergebnis'))).toBe('Beantragt');
    await expect
      .poll(() => perspectiveNow.getByRole('group', { name: /^Reisepass/ }).getAttribute('data-status'))
      .toBe('submitted');
    expect(await axeViolations(env.page, '#perspektive')).toEqual([]);

    await caseFile.waitUntilSaved();
    const heute = new TodayPage(env.page);
    await heute.open();
    await expect
      .poll(() => heute.items('Heute fällig').allInnerTexts())
      .toContainEqual(expect.stringContaining('Lohnabrechnungen'));
    // Perspektiven: the case is listed with § 25b reachable within the next months, and what is still open.
    await env.page.getByRole('link', { name: 'Perspektiven: Aufenthaltswege, die sich öffnen' }).click();
    await expect.poll(() => env.page.getByRole('heading', { level: 1 }).textContent()).toBe('Perspektiven');
    const row = env.page.locator('.outlook-row[data-pathway="25b"]').filter({ hasText: 'Nasser, Yusuf' });
    await expect.poll(() => row.textContent()).toContain(`erreichbar am ${REACHABLE}`);
    expect(await row.textContent()).toContain('6 Jahre ununterbrochener Aufenthalt');
    expect(await axeViolations(env.page)).toEqual([]);
    await row.getByRole('link').click();
    await caseFile.heading.waitFor();

    // A change of status keeps the Duldung as an earlier status, ending the day before the new one.
    await caseFile.selectField('Aufenthalt', 'Aufenthaltsstatus', 'Aufenthaltserlaubnis');
    await caseFile.setField('Aufenthalt', 'Status seit', `${year - 1}-01-15`);
    const earlier = sections.residence.getByRole('group', { name: /^Duldung:/ });
    await expect.poll(() => earlier.locator('legend').textContent()).toContain(`14.01.${year - 1}`);
    expect(await earlier.locator('legend').textContent()).toContain(
      TOLERATED_SINCE.split('-').reverse().join('.'),
    );
  });
});
