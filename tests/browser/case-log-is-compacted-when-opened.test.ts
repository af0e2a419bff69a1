import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CaseFilePage, CasesPage } from './pages/cases.page.ts';
import { ContactsPanel } from './pages/contacts.page.ts';
import { useAppInChromium } from './support/app-in-chromium.ts';

const env = useAppInChromium();

/**
 * The case's stored update rows, counted; with `copies`, each row is first stored that many times more
 * under new sequence numbers. The copies are the device's own encrypted records (bound to the case, not to
 * a position), and Yjs applies an update twice as once, so they stand for a long log of small changes.
 */
function caseRows(page: Page, input: { docId: string; userId: string; copies?: number }): Promise<number> {
  return page.evaluate(async ({ docId, userId, copies }) => {
    // The signed-in user's database on this relay (src/storage/db.ts, databaseName).
    const name = `lotse:${encodeURIComponent(location.origin)}:${encodeURIComponent(userId)}`;
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(name);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const tx = db.transaction('updates', copies ? 'readwrite' : 'readonly');
    const updates = tx.objectStore('updates');
    const rows = await new Promise<{ docId: string; data: Uint8Array; at: number }[]>((resolve) => {
      const request = updates.index('docId').getAll(docId);
      request.onsuccess = () => resolve(request.result);
    });
    for (let copy = 0; copy < (copies ?? 0); copy += 1) {
      for (const row of rows) updates.add({ docId, data: row.data, at: row.at });
    }
    await new Promise((resolve) => (tx.oncomplete = resolve));
    db.close();
    return rows.length * (1 + (copies ?? 0));
  }, input);
}

describe('a case file with a long stored log', () => {
  it('is compacted in the background once opened, and shows every contact, then and after a reload', async () => {
    const { page, shell, relay } = env;
    await shell.goto('/faelle');
    const list = new CasesPage(page);
    const caseFile = await list.create({ familyName: 'Haddad', givenNames: 'Samir' });
    const docId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    const contacts = new ContactsPanel(page);
    const notes = ['Wohnungssuche besprochen', 'Antrag Wohngeld begleitet', 'Sprachkurs angemeldet'];
    for (const note of notes) await contacts.homeVisit(note);
    await caseFile.waitUntilSaved();
    await list.open();

    const userId = (await relay.store.userByLogin(env.account.login))!.id;
    const stored = await caseRows(page, { docId, userId, copies: 20 });
    expect(stored).toBeGreaterThan(50);

    // A fresh start, so the case is read from the device, not kept open in memory.
    await shell.reload();
    await list.caseLink('Haddad, Samir').click();
    await expect.poll(() => caseFile.heading.textContent()).toBe('Haddad, Samir');
    await expect.poll(() => contacts.records.count()).toBe(notes.length + 1);
    await expect.poll(() => caseRows(page, { docId, userId }), { timeout: 15_000 }).toBe(1);
    for (const note of notes) expect(await contacts.record(note).count()).toBe(1);

    // The one merged record holds everything: reloaded, the case file opens again with every contact.
    await shell.reload();
    await expect.poll(() => new CaseFilePage(page).heading.textContent()).toBe('Haddad, Samir');
    await expect.poll(() => contacts.records.count()).toBe(notes.length + 1);
    for (const note of notes) expect(await contacts.record(note).count()).toBe(1);
    expect(await caseRows(page, { docId, userId })).toBe(1);
  });
});
