import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CaseFilePage, CasesPage } from './pages/cases.page.ts';
import { useAppInChromium } from './support/app-in-chromium.ts';

const env = useAppInChromium();

/** Writes to the app's IndexedDB directly, the way a bug, a crash or a newer app version might. */
function corrupt(page: Page, caseId: string, userId: string): Promise<number> {
  return page.evaluate(
    async ({ docId, userId }) => {
      // The signed-in user's database on this relay (src/storage/db.ts, databaseName).
      const name = `lotse:${encodeURIComponent(location.origin)}:${encodeURIComponent(userId)}`;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const tx = db.transaction(['updates', 'summaries'], 'readwrite');
      const updates = tx.objectStore('updates');
      const keys = await new Promise<IDBValidKey[]>((resolve) => {
        const request = updates.index('docId').getAllKeys(docId);
        request.onsuccess = () => resolve(request.result);
      });
      for (const key of keys) updates.put({ seq: key, docId, data: 'kaputt', at: Date.now() });
      tx.objectStore('summaries').put({ id: docId, data: new Uint8Array([0xff, 0xfe]), seq: 0, at: 0 });
      await new Promise((resolve) => (tx.oncomplete = resolve));
      db.close();
      return keys.length;
    },
    { docId: caseId, userId },
  );
}

describe('a corrupt record on the device', () => {
  it('is set aside and reported, while every other case still opens', async () => {
    const { page, shell, relay } = env;
    await shell.goto('/faelle');
    const list = new CasesPage(page);
    await list.create({ familyName: 'Haddad', givenNames: 'Samir' });
    await list.open();
    await list.create({ familyName: 'Kaya', givenNames: 'Emre' });
    const damagedId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    await list.open();

    const user = await relay.store.userByLogin(env.account.login);
    const damagedRecords = await corrupt(page, damagedId, user!.id);
    expect(damagedRecords).toBeGreaterThan(0);
    await shell.reload();

    // The list still loads, says records were set aside, and the intact case opens with its content.
    await page.getByText(/gespeicherte Einträge waren beschädigt/).waitFor();
    await list.caseLink('Haddad, Samir').click();
    const caseFile = new CaseFilePage(page);
    await expect.poll(() => caseFile.heading.textContent()).toBe('Haddad, Samir');

    // The damaged case says so instead of failing.
    await shell.goto(`/faelle/${damagedId}`);
    await page
      .getByRole('heading', { level: 1, name: /Fall nicht gefunden|Fallakte nicht lesbar/ })
      .waitFor();

    // Einstellungen lists what was set aside.
    await shell.goto('/einstellungen');
    const storage = page.getByRole('region', { name: 'Speicher auf diesem Gerät' });
    const entries = storage.getByRole('listitem');
    await expect.poll(() => entries.count()).toBe(damagedRecords + 1);
    expect(await entries.filter({ hasText: damagedId }).count()).toBe(damagedRecords + 1);
  });
});
