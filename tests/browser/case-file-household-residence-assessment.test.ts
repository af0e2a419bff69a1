import { describe, expect, it } from 'vitest';
import { CaseSectionsPage } from './pages/case-sections.page.ts';
import { CasesPage } from './pages/cases.page.ts';
import { axeViolations, useAppInChromium } from './support/app-in-chromium.ts';

// Document dates lie far ahead so the derived reminders stay in the future whenever this runs; dates the
// domain refuses in the future (assessment, birth) lie in the past.
const VALID_FROM = '2029-04-01';
const VALID_UNTIL = '2031-03-31';
const ABH_APPOINTMENT = '2030-12-03';

const env = useAppInChromium();

async function openNewCase(familyName: string, givenNames: string): Promise<CaseSectionsPage> {
  const list = new CasesPage(env.page);
  await list.open();
  // Consent given at intake: no Wiedervorlage to obtain it, so the case's next deadline is the residence's.
  return new CaseSectionsPage(await list.create({ familyName, givenNames, consent: true }));
}

describe('Haushalt, Aufenthalt, Leistungen and Assessment in the case file', () => {
  it('keeps everything entered with the network off after a reload', async () => {
    await env.shell.goto('/');
    await env.shell.waitForOfflineReady();
    await env.context.setOffline(true);
    await expect.poll(() => env.shell.connection.textContent()).toContain('Offline');

    const sections = await openNewCase('Haddad', 'Samira');

    // Haushalt: two members, one of them edited inline afterwards.
    const amira = await sections.addMember({
      name: 'Amira Haddad',
      relation: 'Kind',
      birthDate: '2016-05-03',
      inBenefitUnit: true,
    });
    expect(await sections.household.getByRole('status').textContent()).toBe(
      'Amira Haddad wurde hinzugefügt.',
    );
    const karim = await sections.addMember({ name: 'Karim Haddad', relation: 'Ehepartner*in' });
    await sections.fill(karim, 'Geburtsdatum', '1984-11-20');
    await karim.getByRole('checkbox', { name: 'Gehört zur Bedarfsgemeinschaft' }).check();
    await sections.fill(amira, 'Name', 'Amira S. Haddad');
    await sections.member('Amira S. Haddad').waitFor();
    // The add form was emptied for the next person.
    expect(await sections.field(sections.addMemberForm, 'Name').inputValue()).toBe('');

    // Leistungen.
    await sections.caseFile.selectField('Leistungen', 'Rechtskreis', 'SGB II (Jobcenter)');
    await sections.caseFile.setField('Leistungen', 'Zuständige Stelle', 'Jobcenter Kreis Unna');
    await sections.caseFile.setField('Leistungen', 'Ansprechperson', 'Frau Demir');
    await sections.caseFile.setField('Leistungen', 'Telefon der Ansprechperson', '02303 27-1234');

    // Assessment: the blocks are closed until opened; the summary shows the need level.
    const housing = await sections.openDomain('Wohnen');
    await sections.select(housing, 'Bedarf', 'Hoher Bedarf');
    await sections.fill(housing, 'Eingeschätzt am', '2026-11-01');
    await sections.fill(housing, 'Ressourcen', 'Verwandte helfen beim Umzug.');
    await sections.fill(housing, 'Notizen', 'Fünf Personen in zwei Zimmern.');
    await expect.poll(() => housing.locator('summary').textContent()).toContain('Hoher Bedarf');
    const health = await sections.openDomain('Gesundheit (auch psychosozial)');
    expect(await health.locator('summary').textContent()).toContain('Besonders geschützt (Art. 9 DSGVO)');
    expect(await sections.description(sections.field(health, 'Notizen'))).toContain('Art. 9 DSGVO');
    await sections.select(health, 'Bedarf', 'Mittlerer Bedarf');
    await sections.fill(health, 'Notizen', 'Wartet auf einen Termin in der Traumaambulanz.');
    expect(await sections.assessment.getByText('2 von 10 Lebensbereichen eingeschätzt.').isVisible()).toBe(
      true,
    );

    // Aufenthalt, with the ABH appointment as the last change before leaving.
    await sections.caseFile.selectField('Aufenthalt', 'Aufenthaltsstatus', 'Aufenthaltserlaubnis');
    await sections.caseFile.setField(
      'Aufenthalt',
      'Paragraph der Aufenthaltserlaubnis',
      '§ 25 Abs. 5 AufenthG',
    );
    await sections.caseFile.setField('Aufenthalt', 'Dokument gültig ab', VALID_FROM);
    await sections.caseFile.setField('Aufenthalt', 'Dokument gültig bis', VALID_UNTIL);
    await sections.caseFile.setField(
      'Aufenthalt',
      'Zuständige Ausländerbehörde',
      'Ausländerbehörde Kreis Unna',
    );
    await sections.caseFile.setField('Aufenthalt', 'Uhrzeit des ABH-Termins', '9.30');
    await sections.caseFile.setField('Aufenthalt', 'Datum des ABH-Termins', ABH_APPOINTMENT);
    // Typed as people type it, stored as HH:MM.
    await expect
      .poll(() => sections.field(sections.residence, 'Uhrzeit des ABH-Termins').inputValue())
      .toBe('09:30');

    // Leave the case: the list's summary is written only after every change before it was stored, so the
    // ABH appointment showing there as the next deadline means nothing is still on its way to IndexedDB.
    await env.page.getByRole('link', { name: 'Alle Fälle' }).click();
    const list = new CasesPage(env.page);
    await expect.poll(() => list.caseLink('Haddad, Samira').textContent()).toContain('03.12.2030');

    await env.shell.reload();
    await expect.poll(() => env.shell.connection.textContent()).toContain('Offline');
    await list.caseLink('Haddad, Samira').click();
    await sections.caseFile.heading.waitFor();

    // Haushalt.
    const amiraAgain = sections.member('Amira S. Haddad');
    await amiraAgain.waitFor();
    expect(await sections.field(amiraAgain, 'Geburtsdatum').inputValue()).toBe('2016-05-03');
    expect(await sections.selectedLabel(sections.field(amiraAgain, 'Beziehung zur Person'))).toBe('Kind');
    expect(
      await amiraAgain.getByRole('checkbox', { name: 'Gehört zur Bedarfsgemeinschaft' }).isChecked(),
    ).toBe(true);
    const karimAgain = sections.member('Karim Haddad');
    expect(await sections.field(karimAgain, 'Geburtsdatum').inputValue()).toBe('1984-11-20');
    expect(await sections.selectedLabel(sections.field(karimAgain, 'Beziehung zur Person'))).toBe(
      'Ehepartner*in',
    );
    expect(
      await karimAgain.getByRole('checkbox', { name: 'Gehört zur Bedarfsgemeinschaft' }).isChecked(),
    ).toBe(true);
    expect(await sections.household.getByRole('group').count()).toBe(2);

    // Leistungen.
    const benefits = sections.benefits;
    expect(await sections.selectedLabel(sections.field(benefits, 'Rechtskreis'))).toBe('SGB II (Jobcenter)');
    expect(await sections.field(benefits, 'Zuständige Stelle').inputValue()).toBe('Jobcenter Kreis Unna');
    expect(await sections.field(benefits, 'Ansprechperson').inputValue()).toBe('Frau Demir');
    expect(await sections.field(benefits, 'Telefon der Ansprechperson').inputValue()).toBe('02303 27-1234');

    // Assessment: need levels readable without opening a block, the rest inside.
    expect(await sections.domain('Wohnen').locator('summary').textContent()).toContain('Hoher Bedarf');
    expect(await sections.domain('Arbeit & Ausbildung').locator('summary').textContent()).toContain(
      'Nicht eingeschätzt',
    );
    const housingAgain = await sections.openDomain('Wohnen');
    expect(await sections.field(housingAgain, 'Eingeschätzt am').inputValue()).toBe('2026-11-01');
    expect(await sections.field(housingAgain, 'Ressourcen').inputValue()).toBe(
      'Verwandte helfen beim Umzug.',
    );
    expect(await sections.field(housingAgain, 'Notizen').inputValue()).toBe('Fünf Personen in zwei Zimmern.');
    const healthAgain = await sections.openDomain('Gesundheit (auch psychosozial)');
    expect(await sections.selectedLabel(sections.field(healthAgain, 'Bedarf'))).toBe('Mittlerer Bedarf');
    expect(await sections.field(healthAgain, 'Notizen').inputValue()).toBe(
      'Wartet auf einen Termin in der Traumaambulanz.',
    );

    // Aufenthalt.
    const residence = sections.residence;
    expect(await sections.selectedLabel(sections.field(residence, 'Aufenthaltsstatus'))).toBe(
      'Aufenthaltserlaubnis',
    );
    expect(await sections.field(residence, 'Paragraph der Aufenthaltserlaubnis').inputValue()).toBe(
      '§ 25 Abs. 5 AufenthG',
    );
    expect(await sections.field(residence, 'Dokument gültig ab').inputValue()).toBe(VALID_FROM);
    expect(await sections.field(residence, 'Dokument gültig bis').inputValue()).toBe(VALID_UNTIL);
    expect(await sections.field(residence, 'Zuständige Ausländerbehörde').inputValue()).toBe(
      'Ausländerbehörde Kreis Unna',
    );
    expect(await sections.field(residence, 'Datum des ABH-Termins').inputValue()).toBe(ABH_APPOINTMENT);
    expect(await sections.field(residence, 'Uhrzeit des ABH-Termins').inputValue()).toBe('09:30');

    expect(env.problems.errors).toEqual([]);
  });

  it('shows the deadlines derived from the residence dates next to their fields', async () => {
    await env.shell.goto('/');
    const sections = await openNewCase('Petrenko', 'Olena');
    const residence = sections.residence;
    const validUntil = sections.field(residence, 'Dokument gültig bis');

    // Three months before the end; a month end stays a month end (§ 188 Abs. 3 BGB).
    await sections.caseFile.setField('Aufenthalt', 'Dokument gültig bis', '2099-05-31');
    await expect
      .poll(() => sections.description(validUntil))
      .toBe('Erinnerung zur Verlängerung ab 28.02.2099.');
    await sections.caseFile.setField('Aufenthalt', 'Dokument gültig bis', '2020-01-31');
    await expect
      .poll(() => sections.description(validUntil))
      .toBe('Das Dokument ist seit 31.01.2020 abgelaufen.');

    // The § 104c grant date is asked for once the status is § 104c; its 18 months are shown right there.
    expect(await sections.field(residence, '§ 104c erteilt am').count()).toBe(0);
    await sections.caseFile.selectField('Aufenthalt', 'Aufenthaltsstatus', '§ 104c Chancen-Aufenthaltsrecht');
    const granted = sections.field(residence, '§ 104c erteilt am');
    await granted.waitFor();
    await sections.caseFile.setField('Aufenthalt', '§ 104c erteilt am', '2025-09-10');
    await expect
      .poll(() => sections.description(granted))
      .toBe(
        'Die 18 Monate enden voraussichtlich am 10.03.2027; Erinnerung ab 10.12.2026. Maßgeblich ist „gültig bis“ im Dokument.',
      );
    expect(env.problems.errors).toEqual([]);
  });

  it('refuses impossible input next to the field, keeps what was typed and loses nothing else', async () => {
    await env.shell.goto('/');
    const sections = await openNewCase('Yilmaz', 'Deniz');
    const residence = sections.residence;
    await sections.caseFile.setField('Aufenthalt', 'Dokument gültig ab', VALID_FROM);
    await sections.caseFile.setField('Aufenthalt', 'Dokument gültig bis', VALID_UNTIL);
    await sections.caseFile.setField(
      'Aufenthalt',
      'Zuständige Ausländerbehörde',
      'Ausländerbehörde Dortmund',
    );

    // "Gültig bis" before "gültig ab".
    await sections.caseFile.setField('Aufenthalt', 'Dokument gültig bis', '2028-01-15');
    const validUntil = sections.field(residence, 'Dokument gültig bis');
    await expect.poll(() => validUntil.getAttribute('aria-invalid')).toBe('true');
    expect(await sections.description(validUntil)).toContain('„Gültig bis“ liegt vor „Gültig ab“.');
    expect(await residence.getByRole('alert').textContent()).toBe('„Gültig bis“ liegt vor „Gültig ab“.');
    expect(await validUntil.inputValue()).toBe('2028-01-15');
    expect(await sections.field(residence, 'Dokument gültig ab').inputValue()).toBe(VALID_FROM);
    expect(await sections.field(residence, 'Zuständige Ausländerbehörde').inputValue()).toBe(
      'Ausländerbehörde Dortmund',
    );
    // The reminder still follows the stored, valid date.
    expect(await sections.description(validUntil)).toContain('Erinnerung zur Verlängerung ab 31.12.2030.');

    // A household member born in the future, and one without name and relation.
    const child = await sections.addMember({
      name: 'Elif Yilmaz',
      relation: 'Kind',
      birthDate: '2019-02-14',
    });
    const birthDate = sections.field(child, 'Geburtsdatum');
    await sections.fill(child, 'Geburtsdatum', '2090-01-01');
    await expect.poll(() => sections.description(birthDate)).toBe('Das Geburtsdatum liegt in der Zukunft.');
    expect(await birthDate.inputValue()).toBe('2090-01-01');
    await sections.submitMember({ birthDate: '2021-07-01' });
    const form = sections.addMemberForm;
    await expect
      .poll(() => sections.description(sections.field(form, 'Beziehung zur Person')))
      .toBe('Bitte ausfüllen.');
    expect(await sections.description(sections.field(form, 'Name'))).toBe('Bitte ausfüllen.');
    expect(await sections.field(form, 'Geburtsdatum').inputValue()).toBe('2021-07-01');
    expect(await sections.household.getByRole('group').count()).toBe(1);

    // Nothing refused was stored, and nothing else was lost.
    await env.shell.reload();
    await sections.caseFile.heading.waitFor();
    expect(await sections.field(residence, 'Dokument gültig bis').inputValue()).toBe(VALID_UNTIL);
    expect(await sections.field(residence, 'Dokument gültig ab').inputValue()).toBe(VALID_FROM);
    expect(await sections.field(residence, 'Zuständige Ausländerbehörde').inputValue()).toBe(
      'Ausländerbehörde Dortmund',
    );
    expect(await sections.field(sections.member('Elif Yilmaz'), 'Geburtsdatum').inputValue()).toBe(
      '2019-02-14',
    );
    expect(await residence.getByRole('alert').count()).toBe(0);
    expect(env.problems.errors).toEqual([]);
  });

  it('removes a household member only after confirmation', async () => {
    await env.shell.goto('/');
    const sections = await openNewCase('Nowak', 'Piotr');
    const anna = await sections.addMember({ name: 'Anna Nowak', relation: 'Elternteil' });
    const remove = anna.getByRole('button', { name: 'Entfernen: Anna Nowak' });

    const questions: string[] = [];
    env.page.once('dialog', (dialog) => {
      questions.push(dialog.message());
      void dialog.dismiss();
    });
    await remove.click();
    expect(questions).toEqual(['Anna Nowak wirklich aus dem Haushalt entfernen?']);
    expect(await anna.isVisible()).toBe(true);

    env.page.once('dialog', (dialog) => void dialog.accept());
    await remove.click();
    await anna.waitFor({ state: 'detached' });
    expect(await sections.household.getByText('Noch keine Haushaltsmitglieder erfasst.').isVisible()).toBe(
      true,
    );
    expect(env.problems.errors).toEqual([]);
  });

  it('has no WCAG 2.1 AA violations and 44 px touch targets with the sections filled', async () => {
    await env.shell.goto('/');
    const sections = await openNewCase('Rahimi', 'Farid');
    await sections.addMember({ name: 'Laila Rahimi', relation: 'Ehepartner*in', inBenefitUnit: true });
    await sections.caseFile.selectField('Aufenthalt', 'Aufenthaltsstatus', 'Aufenthaltserlaubnis');
    await sections.caseFile.setField('Aufenthalt', 'Dokument gültig ab', VALID_FROM);
    await sections.caseFile.setField('Aufenthalt', 'Dokument gültig bis', VALID_UNTIL);
    await sections.caseFile.selectField('Leistungen', 'Rechtskreis', 'AsylbLG');
    await sections.caseFile.setField('Leistungen', 'Zuständige Stelle', 'Sozialamt Hamm');
    const health = await sections.openDomain('Gesundheit (auch psychosozial)');
    await sections.select(health, 'Bedarf', 'Geringer Bedarf');
    await sections.fill(health, 'Ressourcen', 'Hat eine Hausärztin.');
    // An error shown next to a field is part of what must be accessible.
    await sections.fill(sections.member('Laila Rahimi'), 'Geburtsdatum', '2090-01-01');
    await sections.member('Laila Rahimi').getByRole('alert').waitFor();
    await sections.openDomain('Wohnen');

    // The whole case file, with these sections filled, an error showing and two domains open.
    expect(await axeViolations(env.page, 'main')).toEqual([]);

    for (const section of [sections.household, sections.residence, sections.benefits, sections.assessment]) {
      const targets = [
        ...(await section.getByRole('button').all()),
        ...(await section.getByRole('textbox').all()),
        ...(await section.getByRole('combobox').all()),
        ...(await section.locator('summary').all()),
        ...(await section.locator('label.toggle').all()),
      ];
      expect(targets.length).toBeGreaterThan(2);
      for (const target of targets) {
        const box = await target.boundingBox();
        expect(box, await target.evaluate((element) => element.outerHTML.slice(0, 80))).not.toBeNull();
        expect(box!.height).toBeGreaterThanOrEqual(44);
      }
    }
  });
});
