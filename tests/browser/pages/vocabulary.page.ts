import type { Locator, Page } from 'playwright-core';

/** "Teamvokabular": coordination's and admins' screen for a team's partners and barrier categories. */
export class VocabularyPage {
  constructor(readonly page: Page) {}

  get heading(): Locator {
    return this.page.getByRole('heading', { level: 1 });
  }

  /** The region of one list: 'Netzwerkpartner' or 'Kategorien struktureller Hürden'. */
  region(name: 'Netzwerkpartner' | 'Kategorien struktureller Hürden'): Locator {
    return this.page.getByRole('region', { name, exact: true });
  }

  get categories(): Locator {
    return this.region('Kategorien struktureller Hürden');
  }

  /** An entry in the list of proposals or of confirmed entries of `list`. */
  entry(list: Locator, kind: 'Vorgeschlagene' | 'Bestätigt', name: string): Locator {
    const heading = kind === 'Vorgeschlagene' ? /^Vorgeschlagen \(/ : /^Bestätigt \(/;
    return list
      .getByRole('list', { name: heading })
      .getByRole('listitem')
      .filter({ has: this.page.getByText(name, { exact: true }) });
  }

  async act(list: Locator, action: 'Bestätigen' | 'Archivieren' | 'Wiederherstellen', name: string) {
    await list.getByRole('button', { name: `${action}: ${name}`, exact: true }).click();
  }

  async rename(list: Locator, name: string, next: string): Promise<void> {
    await list.getByRole('button', { name: `Umbenennen: ${name}`, exact: true }).click();
    const form = list.getByRole('form', { name: `Umbenennen: ${name}` });
    await form.getByRole('textbox', { name: 'Neuer Name' }).fill(next);
    await form.getByRole('button', { name: 'Speichern' }).click();
  }

  get partners(): Locator {
    return this.region('Netzwerkpartner');
  }

  /** Chooses a partner's category in its row and waits until the relay has answered. */
  async categorize(name: string, category: string): Promise<void> {
    await this.partners.getByRole('combobox', { name: `Kategorie: ${name}`, exact: true }).selectOption({
      label: category,
    });
    await this.partners.getByRole('status').filter({ hasText: 'Kategorie gespeichert' }).waitFor();
  }

  /** Sets the team's full-time posts as typed ("4,5") and waits until the relay has answered. */
  async setPosts(posts: string): Promise<void> {
    const staffing = this.page.getByRole('region', { name: 'Personalausstattung', exact: true });
    await staffing.getByRole('textbox', { name: 'Vollzeitstellen' }).fill(posts);
    await staffing.getByRole('button', { name: 'Speichern' }).click();
    await staffing.getByRole('status').filter({ hasText: 'Gespeichert' }).waitFor();
  }
}
