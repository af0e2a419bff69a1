import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';

/** The "Heute" screen: due items grouped by when, for one's own cases or the team's. */
export class TodayPage {
  constructor(readonly page: Page) {}

  get heading(): Locator {
    return this.page.getByRole('main').getByRole('heading', { level: 1 });
  }

  /** A group of items: "Heute fällig", "Diese Woche", "Überfällig", "Mit Vorlauf". */
  group(title: string): Locator {
    return this.page.getByRole('main').getByRole('region', { name: new RegExp(`^${title}\\b`) });
  }

  /** The due items (links to their case) of a group. */
  items(title: string): Locator {
    return this.group(title).getByRole('listitem');
  }

  /** The button that opens and closes the overdue items. */
  get overdueToggle(): Locator {
    return this.group('Überfällig').getByRole('button', { name: /^Überfällig/ });
  }

  scope(name: 'Meine Fälle' | 'Ganzes Team'): Locator {
    return this.page.getByRole('main').getByRole('radio', { name });
  }

  async open(): Promise<void> {
    await this.page
      .getByRole('navigation', { name: 'Hauptnavigation' })
      .getByRole('link', { name: 'Heute', exact: true })
      .click();
    await expect.poll(() => this.heading.textContent()).toBe('Heute');
  }
}
