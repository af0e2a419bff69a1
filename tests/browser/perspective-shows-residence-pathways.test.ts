import { describe, expect, it } from 'vitest';
import { CaseSectionsPage } from './pages/case-sections.page.ts';
import { CasesPage } from './pages/cases.page.ts';
import { axeViolations, useAppInChromium } from './support/app-in-chromium.ts';

const env = useAppInChromium();

// A Duldung that began three years ago on 2 May: with a minor child, § 25b needs four years, so the stay is
// complete on 2 May next year, whenever this runs.
const year = new Date().getFullYear();
const TOLERATED_SINCE = `${year - 3}-05-02`;
const REACHABLE = `02.05.${year + 1}`;

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

    // A change of status keeps the Duldung as an earlier status, ending the day before the new one.
    await caseFile.selectField('Aufenthalt', 'Aufenthaltsstatus', 'Aufenthaltserlaubnis');
    await caseFile.setField('Aufenthalt', 'Status seit', `${year - 1}-01-15`);
    const earlier = sections.residence.getByRole('group', { name: /^Duldung:/ });
    await expect.poll(() => earlier.locator('legend').textContent()).toContain(`14.01.${year - 1}`);
    expect(await earlier.locator('legend').textContent()).toContain(`02.05.${year - 3}`);
  });
});
