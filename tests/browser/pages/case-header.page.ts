import type { Locator, Page } from 'playwright-core';

/**
 * The sticky part of an open Fallakte: the case header (name, facts, phase with since when, Zuständig, next
 * deadline, save state), the section index, and the two dialogs the header opens.
 */
export class CaseHeaderPage {
  constructor(readonly page: Page) {}

  get name(): Locator {
    return this.page.getByRole('main').getByRole('heading', { level: 1 });
  }

  get phase(): Locator {
    return this.page.getByTestId('case-phase');
  }

  get responsible(): Locator {
    return this.page.getByTestId('case-responsible');
  }

  get nextDeadline(): Locator {
    return this.page.getByTestId('case-next-deadline');
  }

  /** "Auf diesem Gerät gespeichert" (or "Wird gespeichert …") beside the name. */
  get saveState(): Locator {
    return this.page.locator('.case-header .save-state');
  }

  get sectionIndex(): Locator {
    return this.page.getByRole('navigation', { name: 'Abschnitte der Fallakte' });
  }

  /** The entry of the section index marked as the section in view, if any. */
  get currentSection(): Locator {
    return this.sectionIndex.locator('a[aria-current="location"]');
  }

  /** Jumps to a section with the index, as a person taps it. */
  async goToSection(title: string): Promise<void> {
    await this.sectionIndex.getByRole('link', { name: title, exact: true }).click();
  }

  get phaseDialog(): Locator {
    return this.page.getByRole('dialog', { name: 'Phase und Aktenzeichen' });
  }

  get handoverDialog(): Locator {
    return this.page.getByRole('dialog', { name: 'Fall übergeben' });
  }

  /** "Details": on a phone it folds phase, Zuständig, the next deadline and the facts; elsewhere it is hidden. */
  get detailsToggle(): Locator {
    return this.page.getByRole('button', { name: 'Details' });
  }

  /** Unfolds the details on a phone, as a person taps "Details" before reaching the phase or Zuständig. */
  async showDetails(): Promise<void> {
    if (
      (await this.detailsToggle.isVisible()) &&
      (await this.detailsToggle.getAttribute('aria-expanded')) !== 'true'
    ) {
      await this.detailsToggle.click();
    }
  }

  /** Changes the phase in the header's dialog and closes it again. */
  async changePhase(to: string): Promise<void> {
    await this.showDetails();
    await this.phase.click();
    await this.phaseDialog.getByLabel('Neue Phase').selectOption({ label: to });
    await this.phaseDialog.getByRole('button', { name: 'Wechseln' }).click();
  }

  /** Hands the case over in the header's dialog; leaves the dialog open on its confirmation. */
  async handOver(toName: string, note: string): Promise<void> {
    await this.showDetails();
    await this.responsible.click();
    const dialog = this.handoverDialog;
    await dialog.getByLabel('Übergeben an').selectOption({ label: toName });
    await dialog.getByLabel('Notiz zur Übergabe').fill(note);
    await dialog.getByRole('button', { name: 'Übergeben', exact: true }).click();
    await dialog
      .getByRole('status')
      .filter({ hasText: `Übergeben an ${toName}.` })
      .waitFor();
  }

  async closeDialog(dialog: Locator): Promise<void> {
    await dialog.getByRole('button', { name: 'Schließen' }).click();
    await dialog.waitFor({ state: 'hidden' });
  }
}
