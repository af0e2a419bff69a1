import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';

/** The frame around every screen: header, connection indicator, navigation, main content. */
export class AppShellPage {
  constructor(
    readonly page: Page,
    readonly baseUrl: string,
  ) {}

  async goto(path = '/'): Promise<void> {
    await this.page.goto(new URL(path, this.baseUrl).href);
    await this.heading.waitFor();
  }

  async reload(): Promise<void> {
    await this.page.reload();
    await this.heading.waitFor();
  }

  get navigation(): Locator {
    return this.page.getByRole('navigation', { name: /Hauptnavigation|Main navigation/ });
  }

  navLink(name: string): Locator {
    return this.navigation.getByRole('link', { name, exact: true });
  }

  /** The navigation's link texts, in order, as a person reads them. */
  async navLabels(): Promise<string[]> {
    return (await this.navigation.getByRole('link').allInnerTexts()).map((text) => text.trim());
  }

  get heading(): Locator {
    return this.page.getByRole('main').getByRole('heading', { level: 1 });
  }

  get connection(): Locator {
    return this.page.getByRole('banner').getByRole('status');
  }

  async navigateTo(name: string): Promise<void> {
    await this.navLink(name).click();
    await expect.poll(() => this.navLink(name).getAttribute('aria-current')).toBe('page');
  }

  /** Waits until a service worker controls the page, i.e. the app shell is precached for offline use. */
  async waitForOfflineReady(): Promise<void> {
    await this.page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  }
}
