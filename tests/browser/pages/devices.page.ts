import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';

/**
 * A device table with "Gerät sperren" and its confirmation: "Geräte" in Verwaltung (every device) and
 * "Meine Geräte" in Einstellungen (the person's own).
 */
export class DeviceTablePage {
  constructor(
    readonly page: Page,
    readonly panel: Locator,
  ) {}

  /** The device's row, found by the name it was given at login. */
  row(deviceName: string): Locator {
    return this.panel
      .getByRole('table')
      .getByRole('row')
      .filter({ has: this.page.getByRole('rowheader').filter({ hasText: deviceName }) });
  }

  revokeButton(deviceName: string): Locator {
    return this.row(deviceName).getByRole('button', { name: /^Gerät sperren/ });
  }

  get confirmation(): Locator {
    return this.panel.getByRole('group', { name: /sperren\?$/ });
  }

  /** Asks to revoke, reads the confirmation, and confirms; resolves the confirmation's text. */
  async revoke(deviceName: string): Promise<string> {
    await this.revokeButton(deviceName).click();
    await this.confirmation.waitFor();
    const text = (await this.confirmation.textContent()) ?? '';
    await this.confirmation.getByRole('button', { name: 'Ja, Gerät sperren' }).click();
    await expect.poll(() => this.status(deviceName), { timeout: 15_000 }).toMatch(/^Gesperrt am /);
    return text;
  }

  /** The status cell: "Aktiv" or "Gesperrt am …". */
  async status(deviceName: string): Promise<string> {
    return ((await this.row(deviceName).getByRole('cell').nth(-2).textContent()) ?? '').trim();
  }
}
