import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { TestAccount } from '../support/accounts.ts';
import { VaultPage } from './vault.page.ts';

/** The "Anmelden" screen: shown without a session, and again when a session expired. */
export class LoginPage {
  constructor(
    readonly page: Page,
    readonly baseUrl: string,
  ) {}

  get heading(): Locator {
    return this.page.getByRole('main').getByRole('heading', { level: 1 });
  }

  get login(): Locator {
    return this.page.getByLabel('Benutzername');
  }

  get password(): Locator {
    return this.page.getByLabel('Passwort', { exact: true });
  }

  get deviceName(): Locator {
    return this.page.getByLabel('Gerätename');
  }

  get newPassword(): Locator {
    return this.page.getByLabel('Neues Passwort', { exact: true });
  }

  get newPasswordRepeat(): Locator {
    return this.page.getByLabel('Neues Passwort wiederholen');
  }

  get submit(): Locator {
    return this.page.getByRole('button', { name: 'Anmelden', exact: true });
  }

  /** The message the form shows after the relay refused a login. */
  get alert(): Locator {
    return this.page.getByRole('main').getByRole('alert');
  }

  async goto(path = '/'): Promise<void> {
    await this.page.goto(new URL(path, this.baseUrl).href);
    await expect.poll(() => this.heading.textContent()).toBe('Anmelden');
  }

  async fill(account: Pick<TestAccount, 'login' | 'password'>, deviceName?: string): Promise<void> {
    await this.login.fill(account.login);
    await this.password.fill(account.password);
    if (deviceName !== undefined) await this.deviceName.fill(deviceName);
  }

  /** Logs in and waits until the app shows the screen of the current URL instead of the form. */
  async logIn(account: Pick<TestAccount, 'login' | 'password'>, deviceName?: string): Promise<void> {
    await this.fill(account, deviceName);
    await this.submit.click();
    await expect.poll(() => this.heading.textContent(), { timeout: 15_000 }).not.toBe('Anmelden');
    // A first login on the device chooses the device PIN; a login after expiry may find the app locked.
    await new VaultPage(this.page).openIfAsked();
  }
}
