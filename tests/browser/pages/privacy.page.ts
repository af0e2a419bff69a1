import type { Locator, Page } from 'playwright-core';
import type { CaseFilePage } from './cases.page.ts';

/** The case file's "Datenschutz" section: retention, Löschsperre, erasure request, Auskunft and Übergabe. */
export class PrivacyPage {
  constructor(readonly caseFile: CaseFilePage) {}

  get page(): Page {
    return this.caseFile.page;
  }

  get section(): Locator {
    return this.caseFile.section('Datenschutz');
  }

  async open(): Promise<void> {
    await this.page
      .getByRole('navigation', { name: 'Abschnitte der Fallakte' })
      .getByRole('link', { name: 'Datenschutz' })
      .click();
    await this.section.waitFor();
  }

  get retentionState(): Locator {
    return this.section.getByTestId('retention-state');
  }

  get hold(): Locator {
    return this.section.getByTestId('legal-hold');
  }

  get request(): Locator {
    return this.section.getByTestId('erasure-request');
  }

  get setHoldButton(): Locator {
    return this.section.getByRole('button', { name: /^Löschsperre setzen/ });
  }

  get requestButton(): Locator {
    return this.section.getByRole('button', { name: /^Löschung beantragen/ });
  }

  async setHold(reason: string): Promise<void> {
    await this.section.getByLabel('Grund für die Löschsperre').fill(reason);
    await this.setHoldButton.click();
  }

  async requestErasure(reason: string): Promise<void> {
    await this.section.getByLabel('Grund für den Löschantrag').fill(reason);
    await this.requestButton.click();
  }

  /** The "Auskunft und Übergabe" dialog, opened. */
  async openAuskunft(): Promise<Locator> {
    await this.section.getByRole('button', { name: 'Auskunft erstellen' }).click();
    const dialog = this.page.getByRole('dialog', { name: 'Auskunft und Übergabe' });
    await dialog.waitFor();
    return dialog;
  }
}

/** Coordination's and admins' "Fällige Löschungen" panel (Berichte, Verwaltung). */
export class DueErasuresPage {
  constructor(readonly page: Page) {}

  get panel(): Locator {
    return this.page.getByRole('region', { name: 'Fällige Löschungen', exact: true });
  }

  teamRow(teamName: string): Locator {
    return this.panel.getByRole('row').filter({ has: this.page.getByRole('rowheader', { name: teamName }) });
  }

  requestOf(docId: string): Locator {
    return this.panel.getByTestId('erasure-request-row').filter({ hasText: docId });
  }

  holdOf(docId: string): Locator {
    return this.panel.getByTestId('legal-hold-row').filter({ hasText: docId });
  }

  /** Confirms the erasure, answering the question that follows with yes. */
  async confirmErasure(docId: string): Promise<void> {
    await this.requestOf(docId).getByRole('button', { name: 'Löschung bestätigen …' }).click();
    await this.requestOf(docId).getByRole('button', { name: 'Ja, endgültig löschen' }).click();
  }
}
