import type { Locator, Page } from 'playwright-core';

export interface NewDirectoryPartner {
  name: string;
  service?: string;
  phone?: string;
}

/** The team's directory in Einstellungen: Netzwerkpartner and the categories of structural barriers. */
export class TeamDirectoryPage {
  constructor(readonly page: Page) {}

  get partners(): Locator {
    return this.page.getByRole('region', { name: 'Netzwerkpartner', exact: true });
  }

  get partnerForm(): Locator {
    return this.partners.getByRole('form', { name: 'Netzwerkpartner vorschlagen' });
  }

  async addPartner(partner: NewDirectoryPartner): Promise<void> {
    const form = this.partnerForm;
    // Required fields carry a visual "*" in their label; their accessible name is the plain label.
    await form.getByRole('textbox', { name: 'Name', exact: true }).fill(partner.name);
    if (partner.service) await form.getByLabel('Angebot', { exact: true }).fill(partner.service);
    if (partner.phone) await form.getByLabel('Telefon', { exact: true }).fill(partner.phone);
    await form.getByRole('button', { name: 'Vorschlagen' }).click();
    await this.partner(partner.name).waitFor();
  }

  /** A partner in the list of active ones. */
  partner(name: string): Locator {
    return this.partners
      .getByRole('list', { name: 'Aktive Netzwerkpartner' })
      .getByRole('listitem')
      .filter({ has: this.page.getByText(name, { exact: true }) });
  }

  async archivePartner(name: string): Promise<void> {
    await this.partners.getByRole('button', { name: `Archivieren: ${name}`, exact: true }).click();
  }

  /** A partner in the folded list of archived ones (present in the page even while folded). */
  archivedPartner(name: string): Locator {
    return this.partners
      .getByRole('list', { name: 'Archivierte Netzwerkpartner', includeHidden: true })
      .getByRole('listitem', { includeHidden: true })
      .filter({ has: this.page.getByText(name, { exact: true }) });
  }

  get categories(): Locator {
    return this.page.getByRole('region', { name: 'Kategorien struktureller Hürden' });
  }

  category(label: string): Locator {
    return this.categories
      .getByRole('list', { name: 'Aktive Kategorien' })
      .getByRole('listitem')
      .filter({ has: this.page.getByText(label, { exact: true }) });
  }

  /** Proposes a category with the form under the active ones. */
  async addCategory(label: string): Promise<void> {
    const form = this.categories.getByRole('form', { name: 'Kategorie vorschlagen' });
    await form.getByRole('textbox', { name: 'Neue Kategorie', exact: true }).fill(label);
    await form.getByRole('button', { name: 'Vorschlagen' }).click();
    await this.category(label).waitFor();
  }

  async renameCategory(label: string, next: string): Promise<void> {
    const item = this.category(label);
    await item.getByText('Umbenennen', { exact: true }).click();
    const field = item.getByRole('textbox', { name: 'Bezeichnung', exact: true });
    await field.fill(next);
    await field.blur();
    await this.category(next).waitFor();
  }

  async archiveCategory(label: string): Promise<void> {
    await this.categories.getByRole('button', { name: `Archivieren: ${label}`, exact: true }).click();
  }
}
