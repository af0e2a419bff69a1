import type { Locator, Page } from 'playwright-core';

/**
 * The Kontakte section of a case file. Every tap and every typed field goes through `tap` / `type`, so a
 * test can state how much work a quick entry takes (`taps`, `fields`) and notice when it grows.
 */
export class ContactsPanel {
  taps = 0;
  fields = 0;

  constructor(readonly page: Page) {}

  get section(): Locator {
    return this.page.getByRole('region', { name: 'Kontakte', exact: true });
  }

  get form(): Locator {
    return this.section.getByRole('form', { name: 'Kontakt erfassen', exact: true });
  }

  /** The saved contacts, newest first. */
  get records(): Locator {
    return this.section.getByRole('list', { name: 'Beratungsverlauf' }).locator(':scope > li');
  }

  record(text: string): Locator {
    return this.records.filter({ hasText: text });
  }

  resetCount(): void {
    this.taps = 0;
    this.fields = 0;
  }

  async tap(target: Locator): Promise<void> {
    this.taps++;
    await target.click();
  }

  async type(target: Locator, text: string): Promise<void> {
    this.fields++;
    await target.fill(text);
  }

  async save(): Promise<void> {
    await this.tap(this.form.getByRole('button', { name: 'Kontakt speichern' }));
    await this.section.getByRole('status').filter({ hasText: 'Kontakt gespeichert.' }).waitFor();
  }

  /** Hausbesuch: one tap to start (today, place "Wohnung", last duration and topics), the note, save. */
  async homeVisit(note: string): Promise<void> {
    await this.tap(this.section.getByRole('button', { name: 'Hausbesuch', exact: true }));
    await this.type(this.form.getByLabel('Notiz zum Gespräch'), note);
    await this.save();
  }

  /** Begleitung: start, the office (focused already), the note, save. */
  async accompaniment(office: string, note: string): Promise<void> {
    await this.tap(this.section.getByRole('button', { name: 'Begleitung', exact: true }));
    await this.type(this.form.getByLabel('Begleitung zu (Behörde/Stelle)'), office);
    await this.type(this.form.getByLabel('Notiz zum Gespräch'), note);
    await this.save();
  }

  /** Telefonat: start, the note, save. */
  async phoneCall(note: string): Promise<void> {
    await this.tap(this.section.getByRole('button', { name: 'Telefonat', exact: true }));
    await this.type(this.form.getByLabel('Notiz zum Gespräch'), note);
    await this.save();
  }

  async edit(record: Locator, changes: { note?: string; duration?: string }): Promise<void> {
    await record.getByRole('button', { name: /^Bearbeiten/ }).click();
    // The form takes the record's place, so it is found in the section, not inside the record.
    const form = this.section.getByRole('form', { name: /bearbeiten$/ });
    if (changes.note !== undefined) await form.getByLabel('Notiz zum Gespräch').fill(changes.note);
    if (changes.duration !== undefined) await form.getByLabel('Dauer (Minuten)').fill(changes.duration);
    await form.getByRole('button', { name: 'Änderung speichern' }).click();
    await form.waitFor({ state: 'detached' });
  }

  async markErroneous(record: Locator, reason: string): Promise<void> {
    await record.getByRole('button', { name: /^Als fehlerhaft markieren/ }).click();
    await record.getByLabel('Warum ist der Eintrag fehlerhaft?').fill(reason);
    await record.getByRole('button', { name: 'Markieren', exact: true }).click();
    await record.getByText(/Als fehlerhaft markiert am/).waitFor();
  }
}
