import { beforeEach, describe, expect, it } from 'vitest';
import { CaseFilePage, CasesPage } from './pages/cases.page.ts';
import { openThenGoOffline, useAppInChromium } from './support/app-in-chromium.ts';

const env = useAppInChromium({ viewport: { width: 1024, height: 900 } });

// First visit online, so the service worker has the app; then the network goes away for good.
beforeEach(() => openThenGoOffline(env, '/faelle'));

describe('a case file with the network off', () => {
  it('is created, filled, and still complete after a reload', async () => {
    const list = new CasesPage(env.page);
    const caseFile = await list.create({ familyName: 'Al-Hassan', givenNames: 'Yusuf', consent: true });
    expect(await caseFile.heading.textContent()).toBe('Al-Hassan, Yusuf');

    // Log a home visit in a few taps.
    const contacts = caseFile.section('Kontakte');
    await contacts.getByRole('button', { name: 'Hausbesuch', exact: true }).click();
    await contacts.getByLabel('Dauer (Minuten)').fill('45');
    await contacts.getByRole('checkbox', { name: 'Wohnen' }).check();
    await contacts.getByLabel('Notiz zum Gespräch').fill('WBS-Antrag besprochen, Unterlagen fehlen noch.');
    await contacts.getByRole('button', { name: 'Kontakt speichern' }).click();
    await contacts.getByText('Kontakt gespeichert.').waitFor();

    await caseFile.setField('Person', 'Geburtsdatum', '1988-03-04');
    await caseFile.setField('Person', 'Telefon', '0203 123456');
    await caseFile.setField('Person', 'Ort', 'Duisburg');
    const person = caseFile.section('Person');
    await person.getByLabel('Staatsangehörigkeit hinzufügen').selectOption({ label: 'Syrien' });
    await person.getByRole('button', { name: 'Hinzufügen', exact: true }).click();
    await person.getByRole('listitem').filter({ hasText: 'Syrien' }).waitFor();
    await caseFile
      .section('Notizen')
      .getByLabel('Allgemeine Notizen zum Fall')
      .fill('Bevorzugt Termine vormittags.');

    await caseFile.waitUntilSaved();
    await env.shell.reload();
    await caseFile.heading.waitFor();
    expect(await caseFile.heading.textContent()).toBe('Al-Hassan, Yusuf');
    expect(await person.getByLabel('Geburtsdatum').inputValue()).toBe('1988-03-04');
    expect(await person.getByLabel('Telefon').inputValue()).toBe('0203 123456');
    expect(await person.getByLabel('Ort', { exact: true }).inputValue()).toBe('Duisburg');
    expect(await person.getByRole('listitem').filter({ hasText: 'Syrien' }).count()).toBe(1);
    const history = contacts.getByRole('listitem').filter({ hasText: 'Hausbesuch' });
    expect(await history.count()).toBe(1);
    expect(await history.getByText('45 Min.').count()).toBe(1);
    expect(await history.getByText('WBS-Antrag besprochen, Unterlagen fehlen noch.').count()).toBe(1);
    expect(await caseFile.section('Notizen').getByRole('textbox').inputValue()).toBe(
      'Bevorzugt Termine vormittags.',
    );

    // The case is in the list and found by another spelling of its name.
    await list.open();
    await list.search.fill('jusuf');
    await expect.poll(() => list.caseLink('Al-Hassan, Yusuf').count()).toBe(1);
    await list.search.fill('Schmidt');
    await expect.poll(() => list.list.count()).toBe(0);

    expect(env.problems.errors).toEqual([]);
  });

  it('refuses impossible input with a German message next to the field, keeping what was typed', async () => {
    await env.page.getByRole('link', { name: 'Neuer Fall' }).click();
    await env.page.getByRole('button', { name: 'Fall anlegen' }).click();
    await env.page.getByText('Bitte einen Namen eingeben.').waitFor();
    expect(await env.page.getByText('Der Fall wurde nicht angelegt.').count()).toBe(1);
    // The decision on consent is asked for explicitly too: nothing is implied.
    expect(await env.page.getByText('Bitte angeben, ob die Einwilligung erteilt wurde.').count()).toBe(1);

    await env.page.getByLabel('Familienname').fill('Petrenko');
    await env.page
      .getByRole('radio', { name: 'Noch nicht erteilt (Wiedervorlage in 7 Tagen)', exact: true })
      .check();
    await env.page.getByRole('button', { name: 'Fall anlegen' }).click();
    const caseFile = new CaseFilePage(env.page);
    await expect.poll(() => caseFile.heading.textContent()).toBe('Petrenko');

    const person = env.page.getByRole('region', { name: 'Person', exact: true });
    await person.getByLabel('Ort', { exact: true }).fill('Essen');
    await person.getByLabel('Ort', { exact: true }).blur();
    await person.getByLabel('Geburtsdatum').fill('2090-01-01');
    await person.getByLabel('Geburtsdatum').blur();
    await person.getByText('Das Geburtsdatum liegt in der Zukunft.').waitFor();
    expect(await person.getByLabel('Geburtsdatum').inputValue()).toBe('2090-01-01');
    expect(await person.getByLabel('Geburtsdatum').getAttribute('aria-invalid')).toBe('true');

    // Nothing else was lost: the valid entry is stored, the refused one never was.
    await env.shell.reload();
    await expect.poll(() => caseFile.heading.textContent()).toBe('Petrenko');
    expect(await person.getByLabel('Ort', { exact: true }).inputValue()).toBe('Essen');
    expect(await person.getByLabel('Geburtsdatum').inputValue()).toBe('');
  });

  it('lists cases with filters and opens Kurzberatung as a lighter case kind', async () => {
    const list = new CasesPage(env.page);
    await list.create({ familyName: 'Müller', givenNames: 'Hans' });
    await list.open();
    await list.create({ familyName: 'Popescu', givenNames: 'Ioana', shortCounselling: true });
    await list.open();
    await expect.poll(() => list.list.getByRole('link').count()).toBe(2);

    await env.page.getByRole('checkbox', { name: 'Kurzberatung' }).check();
    await expect
      .poll(() => list.list.getByRole('link').allInnerTexts())
      .toEqual([expect.stringContaining('Popescu, Ioana')]);
    await env.page.getByRole('checkbox', { name: 'Kurzberatung' }).uncheck();
    await list.search.fill('mueller');
    await expect
      .poll(() => list.list.getByRole('link').allInnerTexts())
      .toEqual([expect.stringContaining('Müller, Hans')]);
  });
});
