import { mkdirSync } from 'node:fs';
import type { BrowserContext } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { CaseFilePage, CasesPage } from './pages/cases.page.ts';
import { ContactsPanel } from './pages/contacts.page.ts';
import { CASE_MANAGER, COLLEAGUE } from './support/accounts.ts';
import { axeViolations, secondDevice, useAppInChromium } from './support/app-in-chromium.ts';

const env = useAppInChromium();

const VIEWPORTS = [
  { width: 1024, height: 768 },
  { width: 768, height: 1024 },
  { width: 390, height: 844 },
];

let second: BrowserContext | undefined;

afterEach(async () => {
  await second?.close();
  second = undefined;
});

describe('a saved contact is a record', () => {
  it('cannot be saved empty, and the message says what is missing', async () => {
    await env.shell.goto('/faelle');
    await new CasesPage(env.page).create({ familyName: 'Haddad', givenNames: 'Samir' });
    const contacts = new ContactsPanel(env.page);
    await contacts.section.getByRole('button', { name: 'Telefonat', exact: true }).click();
    await contacts.form.getByRole('button', { name: 'Kontakt speichern' }).click();
    await contacts.form.getByText('Ein leerer Kontakt kann nicht gespeichert werden').waitFor();
    expect(await contacts.records.count()).toBe(1); // only the first contact recorded with the case
    expect(await axeViolations(env.page, 'main')).toEqual([]);
  });

  for (const viewport of VIEWPORTS) {
    it(`is entered in two taps, shown with its author, and edited with a trace (${viewport.width}×${viewport.height})`, async () => {
      await env.page.setViewportSize(viewport);
      await env.shell.goto('/faelle');
      await new CasesPage(env.page).create({ familyName: 'Haddad', givenNames: 'Samir' });
      const contacts = new ContactsPanel(env.page);

      // Hausbesuch: one tap to start, the note, save.
      contacts.resetCount();
      await contacts.homeVisit('WBS-Antrag besprochen, Unterlagen fehlen noch.');
      expect({ taps: contacts.taps, fields: contacts.fields }).toEqual({ taps: 2, fields: 1 });
      const visit = contacts.record('WBS-Antrag besprochen');
      await visit.getByText('Hausbesuch').waitFor();
      await visit.getByText('Wohnung').waitFor();
      await visit.getByText(`Erfasst von ${CASE_MANAGER.displayName}`).waitFor();
      expect(await visit.getByRole('textbox').count()).toBe(0);

      // Editing is an explicit action and leaves a trace with the earlier wording.
      await contacts.edit(visit, { note: 'WBS-Antrag gestellt, Unterlagen vollständig.' });
      const edited = contacts.record('WBS-Antrag gestellt');
      await edited.getByText(new RegExp(`bearbeitet am .* von ${CASE_MANAGER.displayName}`)).waitFor();
      await edited.getByText(/Frühere Fassungen/).click();
      await edited.getByText('WBS-Antrag besprochen, Unterlagen fehlen noch.').waitFor();

      expect(await axeViolations(env.page, 'main')).toEqual([]);
      mkdirSync('test-results/screenshots', { recursive: true });
      await edited.scrollIntoViewIfNeeded();
      await env.page.screenshot({
        path: `test-results/screenshots/contacts-${viewport.width}x${viewport.height}.png`,
      });
      expect(env.problems.errors).toEqual([]);
    });
  }

  it('shows an Arabic note right to left', async () => {
    await env.page.setViewportSize({ width: 390, height: 844 });
    await env.shell.goto('/faelle');
    await new CasesPage(env.page).create({ familyName: 'Saleh', givenNames: 'Rania' });
    const contacts = new ContactsPanel(env.page);
    await contacts.phoneCall('تم الاتصال بمركز العمل بخصوص الموعد');
    const arabic = contacts.section.getByText('تم الاتصال بمركز العمل بخصوص الموعد');
    expect(await arabic.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
    const latin = contacts.section.getByText('Erstkontakt, Fall angelegt.');
    expect(await latin.evaluate((el) => getComputedStyle(el).direction)).toBe('ltr');
  });

  it('offers the last duration and topics, and counts the taps of Begleitung and Telefonat', async () => {
    await env.shell.goto('/faelle');
    await new CasesPage(env.page).create({ familyName: 'Nowak', givenNames: 'Ewa' });
    const contacts = new ContactsPanel(env.page);

    await contacts.section.getByRole('button', { name: 'Hausbesuch', exact: true }).click();
    await contacts.form.getByLabel('Dauer (Minuten)').fill('45');
    await contacts.form.getByRole('checkbox', { name: 'Wohnen' }).check();
    await contacts.form.getByLabel('Notiz zum Gespräch').fill('Erster Hausbesuch.');
    await contacts.save();

    await contacts.section.getByRole('button', { name: 'Hausbesuch', exact: true }).click();
    expect(await contacts.form.getByLabel('Dauer (Minuten)').inputValue()).toBe('45');
    expect(await contacts.form.getByRole('checkbox', { name: 'Wohnen' }).isChecked()).toBe(true);
    // Closing keeps the draft; it is offered again until it is saved or thrown away.
    await contacts.form.getByLabel('Notiz zum Gespräch').fill('Zweiter Hausbesuch, halb getippt');
    await contacts.form.getByRole('button', { name: 'Schließen' }).click();
    await contacts.section.getByRole('button', { name: 'Entwurf fortsetzen' }).click();
    expect(await contacts.form.getByLabel('Notiz zum Gespräch').inputValue()).toBe(
      'Zweiter Hausbesuch, halb getippt',
    );
    await contacts.form.getByRole('button', { name: 'Entwurf verwerfen' }).click();

    contacts.resetCount();
    await contacts.accompaniment('Ausländerbehörde Duisburg', 'Verlängerung beantragt.');
    expect({ taps: contacts.taps, fields: contacts.fields }).toEqual({ taps: 2, fields: 2 });
    contacts.resetCount();
    await contacts.phoneCall('Rückruf Jobcenter.');
    expect({ taps: contacts.taps, fields: contacts.fields }).toEqual({ taps: 2, fields: 1 });
    await contacts.record('Verlängerung beantragt.').getByText('Ausländerbehörde Duisburg').waitFor();
    expect(env.problems.errors).toEqual([]);
  });
});

describe('a Wiedervorlage', () => {
  it('is set in two taps and one typed field, a week ahead unless changed', async () => {
    await env.shell.goto('/faelle');
    const caseFile = await new CasesPage(env.page).create({ familyName: 'Popescu', givenNames: 'Ana' });
    const deadlines = caseFile.section('Fristen');
    const work = new ContactsPanel(env.page);
    await work.tap(deadlines.getByRole('button', { name: '+ Wiedervorlage', exact: true }));
    const form = deadlines.getByRole('form', { name: 'Wiedervorlage anlegen' });
    await work.type(form.getByLabel('Worum geht es?'), 'Nachweise beim Jobcenter nachreichen');
    await work.tap(form.getByRole('button', { name: 'Wiedervorlage speichern' }));
    await deadlines
      .getByRole('list', { name: 'Wiedervorlagen' })
      .getByText('Nachweise beim Jobcenter nachreichen')
      .waitFor();
    expect({ taps: work.taps, fields: work.fields }).toEqual({ taps: 2, fields: 1 });
    // The form closed on saving; the section shows its content.
    expect(await form.isVisible()).toBe(false);
  });
});

describe('marking a contact as erroneous', () => {
  it('keeps it, struck through with the reason, on a second device too', async () => {
    const shellA = env.shell;
    const deviceB = await secondDevice(env, COLLEAGUE, { width: 768, height: 1024 });
    second = deviceB.context;
    const pageB = deviceB.page;
    await new CasesPage(env.page).create({ familyName: 'Karimi', givenNames: 'Laila' });
    const contactsA = new ContactsPanel(env.page);
    await contactsA.homeVisit('Gespräch über die Kita-Anmeldung.');
    await shellA.waitUntilSynced();

    const listB = new CasesPage(pageB);
    await listB.caseLink('Karimi, Laila').waitFor({ timeout: 20_000 });
    await listB.caseLink('Karimi, Laila').click();
    await expect.poll(() => new CaseFilePage(pageB).heading.textContent()).toBe('Karimi, Laila');
    const contactsB = new ContactsPanel(pageB);
    const onB = contactsB.record('Gespräch über die Kita-Anmeldung.');
    await onB.getByText(`Erfasst von ${CASE_MANAGER.displayName}`).waitFor({ timeout: 20_000 });
    // Not Jonas's entry: he may mark it, but not delete it.
    expect(await onB.getByRole('button', { name: /^Löschen/ }).count()).toBe(0);

    await contactsA.markErroneous(
      contactsA.record('Gespräch über die Kita-Anmeldung.'),
      'Beim falschen Fall erfasst',
    );
    await shellA.waitUntilSynced();

    await onB.getByText(/Als fehlerhaft markiert am .* von Amira Haddad/).waitFor({ timeout: 20_000 });
    await onB.getByText('„Beim falschen Fall erfasst“', { exact: true }).waitFor();
    // Still there, beside the first contact recorded with the case.
    expect(await contactsB.record('Gespräch über die Kita-Anmeldung.').count()).toBe(1);
    expect(await contactsB.records.count()).toBe(2);
    const struck = await onB
      .getByText('Gespräch über die Kita-Anmeldung.')
      .evaluate((el) => getComputedStyle(el.closest('.contact-body') ?? el).textDecorationLine);
    expect(struck).toBe('line-through');
    expect(await axeViolations(pageB, 'main')).toEqual([]);
    mkdirSync('test-results/screenshots', { recursive: true });
    await onB.scrollIntoViewIfNeeded();
    await pageB.screenshot({ path: 'test-results/screenshots/contact-erroneous-second-device-768x1024.png' });
    expect(env.problems.errors).toEqual([]);
  });
});
