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

  /** Waits until the device is connected and the relay has acknowledged every change made here. */
  async waitUntilSynced(): Promise<void> {
    await expect
      .poll(() => this.connection.textContent(), { timeout: 20_000 })
      .toMatch(/Online.*Alle Änderungen synchronisiert/s);
  }

  /** The alert below the header when the relay refused to sync (session expired, device revoked). */
  get syncAlert(): Locator {
    return this.page.getByRole('region', { name: 'Synchronisierung' }).getByRole('alert');
  }

  /** The bar that shows how far a new device has loaded its team's cases. */
  get loadingProgress(): Locator {
    return this.page.getByRole('region', { name: 'Synchronisierung' }).getByRole('progressbar');
  }

  async navigateTo(name: string): Promise<void> {
    await this.navLink(name).click();
    await expect.poll(() => this.navLink(name).getAttribute('aria-current')).toBe('page');
  }

  /** Waits until a service worker controls the page, i.e. the app shell is precached for offline use. */
  async waitForOfflineReady(): Promise<void> {
    try {
      await this.page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    } catch (error) {
      // Say where the worker got stuck, so that a failure here can be told apart from a slow machine.
      const state = await this.page.evaluate(async () => {
        const registration = await navigator.serviceWorker.getRegistration();
        return JSON.stringify({
          url: location.href,
          registered: registration !== undefined,
          installing: registration?.installing?.state ?? null,
          waiting: registration?.waiting?.state ?? null,
          active: registration?.active?.state ?? null,
        });
      });
      throw new Error(`No service worker controls the page: ${state}`, { cause: error });
    }
  }
}
