import type { Locator, Page } from 'playwright-core';

/** "Themen", coordination's screen, and the page of one Thema. */
export class ThemenPage {
  constructor(readonly page: Page) {}

  get heading(): Locator {
    return this.page.getByRole('main').getByRole('heading', { level: 1 });
  }

  /** "Gemeldete Hürden": the reports of the coordinator's teams. */
  get reports(): Locator {
    return this.page.getByRole('region', { name: 'Gemeldete Hürden' });
  }

  /** "Stand: …", when the reports shown were fetched. */
  get fetchedAt(): Locator {
    return this.page.getByTestId('reports-fetched-at');
  }

  /** The list of Themen. */
  get themen(): Locator {
    return this.page.getByRole('region', { name: 'Themen', exact: true });
  }

  /** A report in "Gemeldete Hürden", by a text it holds. */
  report(text: string): Locator {
    return this.reports.getByRole('listitem').filter({ hasText: text });
  }

  /** A Thema in the list, by its title. */
  thema(title: string): Locator {
    return this.themen.getByRole('listitem').filter({ hasText: title });
  }

  async select(text: string): Promise<void> {
    await this.report(text)
      .getByRole('checkbox', { name: /^Auswählen/ })
      .check();
  }

  /** Starts a Thema from the selected reports; the app then shows the Thema's page. */
  async newThema(title: string, description?: string): Promise<void> {
    const form = this.page.getByRole('form', { name: 'Neues Thema' });
    await form.getByLabel('Titel').fill(title);
    if (description !== undefined) await form.getByLabel('Beschreibung').fill(description);
    await form.getByRole('button', { name: 'Thema anlegen' }).click();
    await this.page.getByRole('heading', { level: 1, name: title }).waitFor();
  }

  /** On a Thema's page: moves it to `status` (as of today unless `on` is given) with an optional note. */
  async moveTo(status: string, note?: string, on?: string): Promise<void> {
    const form = this.page.getByRole('form', { name: 'Stand ändern' });
    await form.getByLabel('Neuer Stand').selectOption({ label: status });
    if (on !== undefined) await form.getByLabel('Datum').fill(on);
    if (note !== undefined) await form.getByLabel('Notiz (optional)').fill(note);
    await form.getByRole('button', { name: 'Stand ändern' }).click();
    await form.getByText('Stand geändert.').waitFor();
  }

  /** On a Thema's page: changes its title in "Titel und Beschreibung". */
  async editTitle(title: string): Promise<void> {
    const form = this.page.getByRole('form', { name: 'Titel und Beschreibung' });
    await form.getByLabel('Titel').fill(title);
    await form.getByRole('button', { name: 'Speichern' }).click();
    await form.getByText('Gespeichert.').waitFor();
  }

  /** Values written on this device and another at the same time, to decide between. */
  get conflicts(): Locator {
    return this.page.getByRole('alert').filter({ hasText: 'Gleichzeitig geändert – bitte entscheiden' });
  }

  /** On a Thema's page: the status line ("In Arbeitsgruppe (seit 07.12.2026)"). */
  get status(): Locator {
    return this.page.getByTestId('thema-status');
  }

  /** On a Thema's page: its history, oldest first. */
  get history(): Locator {
    return this.page.getByRole('region', { name: 'Verlauf' });
  }

  /** On a Thema's page: the reports that feed it. */
  get linked(): Locator {
    return this.page.getByRole('region', { name: /^Gemeldete Hürden in diesem Thema/ });
  }
}
