import { describe, expect, it } from 'vitest';
import { AppointmentsPanel, downloadedText, WeekPage } from './pages/appointments.page.ts';
import { CaseHeaderPage } from './pages/case-header.page.ts';
import { CasesPage } from './pages/cases.page.ts';
import { ContactsPanel } from './pages/contacts.page.ts';
import { TodayPage } from './pages/today.page.ts';
import { axeViolations, useAppInChromium } from './support/app-in-chromium.ts';

const env = useAppInChromium();

/** The device's local calendar day, `days` from today. */
function localDay(days: number): string {
  const date = new Date();
  date.setDate(date.getDate() + days);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

const TODAY = localDay(0);
const TWO_DAYS_AGO = localDay(-2);
const CASE_NUMBER = 'KIM-2026-0815';

describe('Termine: appointments across cases, in the week and in the calendar', () => {
  it('shows an appointment in Heute and the week, exports it without the name, and records a past one as a Begleitung, offline and after a reload', async () => {
    await env.shell.goto('/');
    await env.shell.waitForOfflineReady();
    await env.context.setOffline(true);
    await expect.poll(() => env.shell.connection.textContent()).toContain('Offline');

    const list = new CasesPage(env.page);
    await list.open();
    const caseFile = await list.create({ familyName: 'Haddad', givenNames: 'Samira' });
    const header = new CaseHeaderPage(env.page);
    await header.showDetails();
    await header.phase.click();
    const caseNumber = header.phaseDialog.getByLabel('Aktenzeichen', { exact: true });
    await caseNumber.fill(CASE_NUMBER);
    await caseNumber.blur();
    await header.closeDialog(header.phaseDialog);

    const appointments = new AppointmentsPanel(env.page);
    // A refusal names what is missing and keeps what was typed.
    await appointments.section.getByRole('button', { name: '+ Termin' }).click();
    await appointments.form.getByLabel('Beginn').fill('16:00');
    await appointments.form.getByLabel('Anlass (Kategorie)').selectOption({ label: 'Aufenthalt (ABH/EBH)' });
    await appointments.form.getByRole('button', { name: 'Termin speichern' }).click();
    await expect
      .poll(() => appointments.form.getByRole('alert').allTextContents())
      .toContainEqual(expect.stringContaining('bei welcher Stelle'));
    expect(await appointments.form.getByLabel('Beginn').inputValue()).toBe('16:00');
    await appointments.section.getByRole('button', { name: 'Formular schließen' }).click();

    await appointments.add({
      date: TODAY,
      time: '16:00',
      office: 'Ausländerbehörde Dortmund',
      place: 'Olpe 1, Zimmer 12',
      purpose: 'Aufenthalt (ABH/EBH)',
      purposeNote: 'Verlängerung der Aufenthaltserlaubnis',
      interpreter: 'Arabisch',
      accompanied: true,
    });
    await appointments.add({
      date: TWO_DAYS_AGO,
      time: '10:00',
      office: 'Jobcenter Dortmund',
      purpose: 'Leistungen (Jobcenter, Sozialamt)',
      interpreter: 'Arabisch',
      accompanied: true,
    });
    expect(await appointments.items('Anstehende Termine').count()).toBe(1);
    expect(await axeViolations(env.page, '#termine')).toEqual([]);

    // One appointment to the calendar: place, time, category, Aktenzeichen; no name.
    const upcoming = appointments.items('Anstehende Termine').first();
    const single = await downloadedText(
      env.page,
      upcoming.getByRole('button', { name: 'In den Kalender (.ics)' }),
    );
    expect(single.name).not.toMatch(/haddad|samira/i);
    expect(single.text).toContain('BEGIN:VCALENDAR');
    expect(single.text).toContain(`DTSTART;TZID=Europe/Berlin:${TODAY.replaceAll('-', '')}T160000`);
    expect(single.text).toContain('LOCATION:Olpe 1\\, Zimmer 12');
    expect(single.text).toContain(CASE_NUMBER);
    expect(single.text).toContain('Aufenthalt (ABH/EBH)');
    expect(single.text).not.toMatch(/Haddad|Samira|S\. H\./);
    expect(single.text).not.toContain('Verlängerung');

    // The past appointment offers its contact, prefilled as a Begleitung; the person adds a note and saves.
    const past = appointments.items('Vergangene Termine').first();
    await past.getByRole('button', { name: 'Kontakt zu diesem Termin erfassen' }).click();
    const contactForm = past.getByRole('form', { name: /^Kontakt aus dem Termin/ });
    expect(await contactForm.getByLabel('Datum').inputValue()).toBe(TWO_DAYS_AGO);
    expect(
      await contactForm.getByLabel('Art', { exact: true }).evaluate((el) => {
        const select = el as HTMLSelectElement;
        return select.selectedOptions[0]?.textContent;
      }),
    ).toBe('Begleitung zu Termin');
    expect(await contactForm.getByLabel('Begleitung zu (Behörde/Stelle)').inputValue()).toBe(
      'Jobcenter Dortmund',
    );
    expect(
      await contactForm
        .getByLabel('Sprache der Dolmetschung')
        .evaluate((el) => (el as HTMLSelectElement).selectedOptions[0]?.textContent),
    ).toBe('Arabisch');
    expect(await axeViolations(env.page, '#termine')).toEqual([]);
    await contactForm.getByLabel('Notiz zum Gespräch').fill('Weiterbewilligung besprochen.');
    await contactForm.getByRole('button', { name: 'Kontakt speichern' }).click();
    await expect.poll(() => past.textContent()).toContain('Kontakt erfasst');
    const contacts = new ContactsPanel(env.page);
    await expect
      .poll(() => contacts.record('Weiterbewilligung besprochen.').textContent())
      .toContain('Jobcenter Dortmund');

    await caseFile.waitUntilSaved();
    await env.shell.reload();
    await expect.poll(() => env.shell.connection.textContent()).toContain('Offline');

    // Heute, after the reload and still offline: today's appointment, from the case summaries.
    const heute = new TodayPage(env.page);
    await heute.open();
    const today = heute.group('Termine');
    await expect
      .poll(() => today.getByRole('listitem').allInnerTexts())
      .toContainEqual(expect.stringContaining('Haddad, Samira'));
    expect(await today.textContent()).toContain('16:00');
    expect(await today.textContent()).toContain('Begleitung');
    expect(await axeViolations(env.page)).toEqual([]);

    // The week: this week holds it; the next does not; back again.
    const week = new WeekPage(env.page);
    await week.openFromToday();
    await expect
      .poll(() => week.appointments.allInnerTexts())
      .toContainEqual(expect.stringContaining('16:00'));
    expect(await axeViolations(env.page)).toEqual([]);
    const thisRange = await week.range.textContent();
    await week.button('Nächste Woche').click();
    await expect.poll(() => week.range.textContent()).not.toBe(thisRange);
    await expect.poll(() => week.appointments.count()).toBe(0);
    await week.button('Diese Woche').click();
    await expect.poll(() => week.range.textContent()).toBe(thisRange);

    const weekFile = await downloadedText(env.page, week.button('Woche in den Kalender'));
    expect(weekFile.text).toContain(CASE_NUMBER);
    expect(weekFile.text).not.toMatch(/Haddad|Samira|S\. H\./);

    // The device setting adds the initials, and only the initials.
    await env.page
      .getByRole('navigation', { name: 'Hauptnavigation' })
      .getByRole('link', { name: 'Einstellungen', exact: true })
      .click();
    await env.page.getByRole('checkbox', { name: /Initialen der Person hinzufügen/ }).check();
    expect(await axeViolations(env.page, 'section[aria-labelledby="settings-calendar"]')).toEqual([]);
    await heute.open();
    await week.openFromToday();
    await expect.poll(() => week.appointments.count()).toBeGreaterThan(0);
    const withInitials = await downloadedText(env.page, week.button('Woche in den Kalender'));
    expect(withInitials.text).toContain('S. H.');
    expect(withInitials.text).not.toMatch(/Haddad|Samira/);
  });
});
