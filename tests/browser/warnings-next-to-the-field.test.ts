import { mkdirSync } from 'node:fs';
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { addDays, localToday } from '../../src/domain/dates.ts';
import { CasePlanPage } from './pages/case-plan.page.ts';
import { CaseSectionsPage } from './pages/case-sections.page.ts';
import { CasesPage } from './pages/cases.page.ts';
import { axeViolations, useAppInChromium } from './support/app-in-chromium.ts';

/**
 * Warnings say that a value is allowed but worth a second look: they stand next to the field they are
 * about, are read with it by assistive technology, and never stop the entry from being saved.
 */
const env = useAppInChromium();

const SHOTS = 'test-results/screenshots';

/** The warning shown in the same field frame as `field`, or '' when there is none. */
function warningOf(field: Locator): Promise<string> {
  return field.evaluate(
    (element) => element.closest('.field')?.querySelector('.field-warning')?.textContent?.trim() ?? '',
  );
}

/** `YYYY-MM-DD` as the case file shows it: `DD.MM.YYYY`. */
const german = (iso: string) => iso.split('-').reverse().join('.');

async function newCase(familyName: string): Promise<CaseSectionsPage> {
  await env.shell.goto('/faelle');
  return new CaseSectionsPage(await new CasesPage(env.page).create({ familyName, givenNames: 'Olena' }));
}

describe('a warning next to the field', () => {
  it('says a Wiedervorlage in the past is overdue at once, and the Wiedervorlage is saved', async () => {
    const sections = await newCase('Kovalenko');
    const plan = new CasePlanPage(sections.caseFile);
    await plan.openEntry(plan.deadlines, '+ Wiedervorlage');
    const due = plan.reminderForm.getByLabel('Wiedervorlage am');
    const warning = 'Das Datum liegt in der Vergangenheit – die Wiedervorlage ist sofort überfällig.';
    // A week ahead, as offered: nothing to say.
    expect(await warningOf(due)).toBe('');

    const yesterday = addDays(localToday(), -1);
    await due.fill(yesterday);
    await expect.poll(() => warningOf(due)).toBe(warning);
    expect(await sections.description(due)).toContain(warning);
    expect(await axeViolations(env.page, 'main')).toEqual([]);
    mkdirSync(SHOTS, { recursive: true });
    await due.evaluate((element) => element.scrollIntoView({ block: 'center' }));
    await env.page.screenshot({ path: `${SHOTS}/warning-reminder-in-past-1024x768.png` });

    await plan.reminderForm.getByLabel('Worum geht es?').fill('Mietbescheinigung nachreichen');
    await plan.reminderForm.getByRole('button', { name: 'Wiedervorlage speichern' }).click();
    const saved = plan.reminder('Mietbescheinigung nachreichen');
    await saved.getByText(`Überfällig seit ${german(yesterday)}`).waitFor();
    expect(env.problems.errors).toEqual([]);
  });

  it('says an ABH appointment time needs its date, keeps the time, and goes once the date is there', async () => {
    const sections = await newCase('Bondarenko');
    const time = sections.field(sections.residence, 'Uhrzeit des ABH-Termins');
    const warning = 'Zur Uhrzeit bitte auch das Datum des ABH-Termins angeben.';
    expect(await warningOf(time)).toBe('');

    await sections.fill(sections.residence, 'Uhrzeit des ABH-Termins', '10.15');
    await expect.poll(() => warningOf(time)).toBe(warning);
    expect(await sections.description(time)).toContain(warning);
    expect(await time.getAttribute('aria-invalid')).toBeNull();
    expect(await axeViolations(env.page, 'main')).toEqual([]);
    await time.evaluate((element) => element.scrollIntoView({ block: 'center' }));
    mkdirSync(SHOTS, { recursive: true });
    await env.page.screenshot({ path: `${SHOTS}/warning-abh-time-without-date-1024x768.png` });

    // Saved, not merely left in the field: it is there after a restart, and so is the warning.
    await sections.caseFile.waitUntilSaved();
    await env.shell.reload();
    const reloaded = sections.field(sections.residence, 'Uhrzeit des ABH-Termins');
    await expect.poll(() => reloaded.inputValue()).toBe('10:15');
    expect(await warningOf(reloaded)).toBe(warning);

    await sections.fill(sections.residence, 'Datum des ABH-Termins', addDays(localToday(), 20));
    await expect.poll(() => warningOf(reloaded)).toBe('');
    expect(env.problems.errors).toEqual([]);
  });

  it("says while typing that a step is due after its goal's target date, and the step is saved", async () => {
    const sections = await newCase('Melnyk');
    const plan = new CasePlanPage(sections.caseFile);
    const target = addDays(localToday(), 30);
    await plan.openEntry(plan.goals, '+ Ziel');
    const goalForm = plan.goals.getByRole('form', { name: 'Neues Ziel vereinbaren' });
    await goalForm.getByLabel('Ziel', { exact: true }).fill('Sprachkurs A2 beginnen');
    await goalForm
      .getByLabel('Lebensbereich', { exact: true })
      .selectOption({ label: 'Sprache & Integrationskurs' });
    await goalForm.getByLabel('Ziel erreichen bis').fill(target);
    await goalForm.getByRole('button', { name: 'Ziel hinzufügen' }).click();
    const goal = plan.goal('Sprachkurs A2 beginnen');
    await goal.waitFor();

    const form = goal.getByRole('form', { name: 'Schritt zu „Sprachkurs A2 beginnen“ hinzufügen' });
    const due = form.getByLabel('Fällig am', { exact: true });
    const warning = `Der Schritt ist erst nach dem Zieldatum des Ziels (${german(target)}) fällig.`;
    await form.getByLabel('Schritt', { exact: true }).fill('Einstufungstest machen');
    await due.fill(addDays(target, 5));
    // Before saving: the form says so next to the date.
    await expect.poll(() => warningOf(due)).toBe(warning);
    expect(await sections.description(due)).toContain(warning);
    expect(await axeViolations(env.page, 'main')).toEqual([]);
    await due.evaluate((element) => element.scrollIntoView({ block: 'center' }));
    mkdirSync(SHOTS, { recursive: true });
    await env.page.screenshot({ path: `${SHOTS}/warning-step-after-goal-1024x768.png` });

    // On the target date itself there is nothing to say.
    await due.fill(target);
    await expect.poll(() => warningOf(due)).toBe('');
    await due.fill(addDays(target, 5));
    await expect.poll(() => warningOf(due)).toBe(warning);

    await form.getByRole('button', { name: 'Schritt hinzufügen' }).click();
    const step = plan.step('Sprachkurs A2 beginnen', 'Einstufungstest machen');
    await step.getByText(warning).waitFor();
    // The emptied form has nothing left to warn about.
    await expect.poll(() => due.inputValue()).toBe('');
    expect(await warningOf(due)).toBe('');
    expect(env.problems.errors).toEqual([]);
  });
});
