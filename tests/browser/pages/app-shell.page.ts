import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { VaultPage } from './vault.page.ts';

/** The frame around every screen: header, connection indicator, navigation, main content. */
export class AppShellPage {
  constructor(
    readonly page: Page,
    readonly baseUrl: string,
  ) {}

  /** Opens `path` as a person starting the app would, entering the device PIN when the app asks for it. */
  async goto(path = '/'): Promise<void> {
    await this.page.goto(new URL(path, this.baseUrl).href);
    await new VaultPage(this.page).openIfAsked();
    await this.heading.waitFor();
  }

  /** Reloads; the vault's key is never kept across a start, so the app asks for the device PIN again. */
  async reload(): Promise<void> {
    await this.page.reload();
    await new VaultPage(this.page).openIfAsked();
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
    const controlled = (timeout?: number) =>
      this.page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout });
    try {
      // `ready` resolves once the worker has installed (precached the shell) and is activating.
      await this.page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
      await controlled(5_000);
      return;
    } catch {
      // A page whose document was created while the worker was activating is neither controlled from its
      // start nor claimed (it was not a client yet when the worker claimed them); the next start is. For a
      // person that is the next visit; here it is a reload.
    }
    await this.reload();
    try {
      await controlled();
    } catch (error) {
      const state = await this.serviceWorkerState();
      throw new Error(`No service worker controls the page: ${JSON.stringify(state)}`, { cause: error });
    }
  }

  /** Where the service worker's registration stands, to tell a stuck worker from a slow machine. */
  async serviceWorkerState(): Promise<Record<string, unknown>> {
    return this.page.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration();
      return {
        url: location.href,
        registered: registration !== undefined,
        installing: registration?.installing?.state ?? null,
        waiting: registration?.waiting?.state ?? null,
        active: registration?.active?.state ?? null,
      };
    });
  }
}
