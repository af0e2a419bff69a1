import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';

export interface NewCase {
  familyName: string;
  givenNames?: string;
  shortCounselling?: boolean;
  /**
   * The decision on consent to case management, which the form asks for explicitly: `true` (or `'given'`)
   * records a written (paper) consent; without it, "Noch nicht erteilt", which sets a Wiedervorlage.
   */
  consent?: boolean | 'given' | 'not-yet' | 'refused';
}

const DECISIONS = {
  given: 'Erteilt',
  'not-yet': 'Noch nicht erteilt (Wiedervorlage in 7 Tagen)',
  refused: 'Abgelehnt (nur Kurzberatung möglich)',
} as const;

/** The "Fälle" list and "Neuer Fall" form. */
export class CasesPage {
  constructor(readonly page: Page) {}

  get heading(): Locator {
    return this.page.getByRole('main').getByRole('heading', { level: 1 });
  }

  get search(): Locator {
    return this.page.getByRole('searchbox', { name: 'Suche' });
  }

  get list(): Locator {
    return this.page.getByRole('list', { name: 'Fälle' });
  }

  /** The link of a case in the list, by the name shown ("Familienname, Vorname"). */
  caseLink(displayName: string): Locator {
    return this.list.getByRole('link').filter({ hasText: displayName });
  }

  async open(): Promise<void> {
    await this.page
      .getByRole('navigation', { name: 'Hauptnavigation' })
      .getByRole('link', { name: 'Fälle', exact: true })
      .click();
    await expect.poll(() => this.heading.textContent()).toBe('Fälle');
  }

  /** Fills "Neuer Fall" and waits until the new case file is open. */
  async create(input: NewCase): Promise<CaseFilePage> {
    await this.page.getByRole('link', { name: 'Neuer Fall' }).click();
    await expect.poll(() => this.heading.textContent()).toBe('Neuer Fall');
    if (input.shortCounselling)
      await this.page.getByRole('radio', { name: 'Kurzberatung', exact: true }).check();
    await this.page.getByLabel('Familienname').fill(input.familyName);
    if (input.givenNames) await this.page.getByLabel('Vorname(n)').fill(input.givenNames);
    const decision = input.consent === true ? 'given' : input.consent || 'not-yet';
    await this.page.getByRole('radio', { name: DECISIONS[decision], exact: true }).check();
    if (decision === 'given') {
      await this.page
        .getByLabel('Form der Einwilligung')
        .selectOption({ label: 'Schriftlich (Papierformular)' });
    }
    await this.page.getByRole('button', { name: 'Fall anlegen' }).click();
    const caseFile = new CaseFilePage(this.page);
    // The form's own heading shows until the case file replaces it; wait for the case's name.
    const name = input.givenNames ? `${input.familyName}, ${input.givenNames}` : input.familyName;
    await expect.poll(() => caseFile.heading.textContent()).toBe(name);
    expect(new URL(this.page.url()).pathname).toMatch(/^\/faelle\/(?!neu$)[^/]+$/);
    return caseFile;
  }
}

/** One open Fallakte. Sections are regions named by their heading. */
export class CaseFilePage {
  constructor(readonly page: Page) {}

  get heading(): Locator {
    return this.page.getByRole('main').getByRole('heading', { level: 1 });
  }

  /** Waits until every change is on disk, as the header says ("Auf diesem Gerät gespeichert"). */
  async waitUntilSaved(): Promise<void> {
    await this.page.getByRole('status').filter({ hasText: 'Auf diesem Gerät gespeichert' }).waitFor();
  }

  /** A section of the case file ("Kontakte", "Person", "Ziele & Schritte", …). */
  section(title: string): Locator {
    return this.page.getByRole('region', { name: title, exact: true });
  }

  /** Types into an inline field and leaves it, which saves it. */
  async setField(section: string, label: string, value: string): Promise<void> {
    const field = this.section(section).getByLabel(label, { exact: true });
    await field.fill(value);
    await field.blur();
  }

  async selectField(section: string, label: string, option: string): Promise<void> {
    await this.section(section).getByLabel(label, { exact: true }).selectOption({ label: option });
  }
}
