import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';

/** The device PIN every browser test chooses at its first login. */
export const TEST_DEVICE_PIN = '246810';

export const SETUP_TITLE = 'Gerät schützen';
export const LOCKED_TITLE = 'Lotse ist gesperrt';
/** The same screens when the interface is in English. */
const SETUP_TITLES = [SETUP_TITLE, 'Protect this device'];
const LOCKED_TITLES = [LOCKED_TITLE, 'Lotse is locked'];

/** The vault's screens: "Gerät schützen" after the first login, "Lotse ist gesperrt" after every start. */
export class VaultPage {
  constructor(readonly page: Page) {}

  get heading(): Locator {
    return this.page.getByRole('main').getByRole('heading', { level: 1 });
  }

  get secret(): Locator {
    return this.page.getByLabel(/^(Geräte-PIN|Passphrase|Device PIN)$/);
  }

  get repeat(): Locator {
    return this.page.getByLabel(/^(Wiederholen|Repeat)$/);
  }

  get error(): Locator {
    return this.page.getByRole('main').getByRole('alert');
  }

  /** The notices under the form: how long to wait, how many attempts are left. */
  get notices(): Locator {
    return this.page.getByRole('main').getByRole('status');
  }

  /** The switch from a PIN (numeric keypad) to a passphrase (full keyboard) when one is chosen. */
  get usePassphrase(): Locator {
    return this.page.getByRole('checkbox', { name: /^(Passphrase verwenden|Use a passphrase)/ });
  }

  get unlockButton(): Locator {
    return this.page.getByRole('button', { name: /^(Entsperren|Unlock)$/ });
  }

  async setUp(pin = TEST_DEVICE_PIN, repeated = pin): Promise<void> {
    await this.usePassphrase.setChecked(!/^\d*$/.test(pin));
    await this.secret.fill(pin);
    await this.repeat.fill(repeated);
    await this.page.getByRole('button', { name: /^(Schützen und weiter|Protect and continue)$/ }).click();
  }

  async submitUnlock(pin: string): Promise<void> {
    await this.secret.fill(pin);
    await this.unlockButton.click();
  }

  /** Unlocks and waits until the app's own screen replaced the lock screen. */
  async unlock(pin = TEST_DEVICE_PIN): Promise<void> {
    await this.submitUnlock(pin);
    await expect
      .poll(async () => LOCKED_TITLES.includes((await this.heading.textContent()) ?? ''), { timeout: 15_000 })
      .toBe(false);
  }

  /**
   * After a start or a login the app asks for the vault's secret before it shows anything: chooses it on a
   * device that has none yet, enters it where the app is locked, and does nothing where neither is asked.
   */
  async openIfAsked(pin = TEST_DEVICE_PIN): Promise<void> {
    await this.heading.waitFor();
    const title = (await this.heading.textContent())?.trim();
    if (SETUP_TITLES.includes(title ?? '')) {
      await this.setUp(pin);
      await expect
        .poll(async () => SETUP_TITLES.includes((await this.heading.textContent()) ?? ''), {
          timeout: 15_000,
        })
        .toBe(false);
    } else if (LOCKED_TITLES.includes(title ?? '')) {
      await this.unlock(pin);
    }
  }
}
