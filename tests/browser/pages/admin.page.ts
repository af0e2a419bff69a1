import { readFile } from 'node:fs/promises';
import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { DeviceTablePage } from './devices.page.ts';

export interface AuditFilters {
  from?: string;
  to?: string;
  user?: string;
  /** The kind's German label, as the "Art" list shows it. */
  kind?: string;
  /** The device's option text, "name – login". */
  device?: string;
}

/** "Verwaltung": the audit log ("Protokoll") and every device ("Geräte"). */
export class AdminPage {
  constructor(readonly page: Page) {}

  get auditLog(): Locator {
    return this.page.getByRole('region', { name: 'Protokoll', exact: true });
  }

  get filterForm(): Locator {
    return this.auditLog.getByRole('form', { name: 'Filter' });
  }

  get devices(): DeviceTablePage {
    return new DeviceTablePage(this.page, this.page.getByRole('region', { name: 'Geräte', exact: true }));
  }

  /** The line above the table: how many entries are shown, or that none match. */
  get count(): Locator {
    return this.auditLog.locator('p.count');
  }

  async waitForAuditLog(): Promise<void> {
    await expect
      .poll(
        async () => (await this.count.count()) > 0 || (await this.auditLog.getByRole('alert').count()) > 0,
        {
          timeout: 15_000,
        },
      )
      .toBe(true);
  }

  /** Fills in the filters (others are left as they are) and applies them. */
  async filter(filters: AuditFilters): Promise<void> {
    const form = this.filterForm;
    if (filters.from !== undefined) await form.getByLabel('Zeitraum von').fill(filters.from);
    if (filters.to !== undefined) await form.getByLabel('Zeitraum bis').fill(filters.to);
    if (filters.user !== undefined) await form.getByLabel('Benutzer*in').fill(filters.user);
    if (filters.kind !== undefined) await form.getByLabel('Art').selectOption({ label: filters.kind });
    if (filters.device !== undefined) await form.getByLabel('Gerät').selectOption({ label: filters.device });
    await form.getByRole('button', { name: 'Filter anwenden' }).click();
    // A refused filter shows its messages at once; an accepted one shows "wird geladen", then the list.
    await this.waitForAuditLog();
  }

  /** The table's rows as a person reads them, column by column. */
  async rows(): Promise<
    { time: string; kind: string; user: string; device: string; doc: string; code: string }[]
  > {
    const rows = this.auditLog.getByRole('table').getByRole('row');
    const all = await rows.all();
    const result = [];
    for (const row of all.slice(1)) {
      const cells = (await row.getByRole('cell').allInnerTexts()).map((text) => text.trim());
      const [time = '', kind = '', user = '', device = '', doc = '', code = ''] = cells;
      result.push({ time, kind, user, device, doc, code });
    }
    return result;
  }

  /** Clicks "Als CSV exportieren" and reads the file the browser saved. */
  async exportCsv(): Promise<{ filename: string; text: string }> {
    const [download] = await Promise.all([
      this.page.waitForEvent('download'),
      this.filterForm.getByRole('button', { name: 'Als CSV exportieren' }).click(),
    ]);
    const file = await download.path();
    return { filename: download.suggestedFilename(), text: await readFile(file, 'utf8') };
  }
}
