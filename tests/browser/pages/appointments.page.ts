import { readFile } from 'node:fs/promises';
import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';

export interface NewAppointment {
  date: string;
  time: string;
  office: string;
  place?: string;
  purpose: string;
  purposeNote?: string;
  interpreter?: string;
  accompanied?: boolean;
}

/** The Termine section of an open case file. */
export class AppointmentsPanel {
  constructor(readonly page: Page) {}

  get section(): Locator {
    return this.page.getByRole('region', { name: 'Termine', exact: true });
  }

  get form(): Locator {
    return this.section.getByRole('form', { name: 'Termin eintragen' });
  }

  /** The entries of "Anstehende Termine" or "Vergangene Termine". */
  items(list: 'Anstehende Termine' | 'Vergangene Termine'): Locator {
    return this.section.getByRole('list', { name: list }).locator(':scope > li');
  }

  async add(input: NewAppointment): Promise<void> {
    await this.section.getByRole('button', { name: '+ Termin' }).click();
    const form = this.form;
    await form.getByLabel('Datum').fill(input.date);
    await form.getByLabel('Beginn').fill(input.time);
    await form.getByLabel('Bei (Behörde/Stelle)').fill(input.office);
    if (input.place) await form.getByLabel('Ort (Adresse, Raum)').fill(input.place);
    await form.getByLabel('Anlass (Kategorie)').selectOption({ label: input.purpose });
    if (input.purposeNote) await form.getByLabel('Worum geht es?').fill(input.purposeNote);
    if (input.interpreter)
      await form.getByLabel('Dolmetschung nötig in').selectOption({ label: input.interpreter });
    if (input.accompanied) await form.getByRole('checkbox', { name: /^Ich begleite/ }).check();
    await form.getByRole('button', { name: 'Termin speichern' }).click();
    await this.section.getByRole('status').filter({ hasText: 'Termin gespeichert.' }).waitFor();
  }
}

/** The week view ("Woche"): seven days, Monday to Sunday, of the person's appointments across cases. */
export class WeekPage {
  constructor(readonly page: Page) {}

  get heading(): Locator {
    return this.page.getByRole('main').getByRole('heading', { level: 1 });
  }

  get range(): Locator {
    return this.page.getByRole('main').getByRole('heading', { level: 2 });
  }

  /** The appointments listed in the whole week. */
  get appointments(): Locator {
    return this.page.getByRole('main').locator('.appointment-item');
  }

  button(name: 'Vorige Woche' | 'Nächste Woche' | 'Diese Woche' | 'Woche in den Kalender'): Locator {
    return this.page.getByRole('main').getByRole('button', { name: new RegExp(name) });
  }

  async openFromToday(): Promise<void> {
    await this.page.getByRole('link', { name: 'Woche ansehen' }).click();
    await expect.poll(() => this.heading.textContent()).toBe('Woche');
  }
}

/** Clicks `button` and returns the text of the file the page downloads. */
export async function downloadedText(page: Page, button: Locator): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const path = await download.path();
  return { name: download.suggestedFilename(), text: await readFile(path, 'utf8') };
}
