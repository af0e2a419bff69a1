import type { BrowserContext, Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { CaseHeaderPage } from './pages/case-header.page.ts';
import { CaseFilePage, CasesPage } from './pages/cases.page.ts';
import { COLLEAGUE, TEAM } from './support/accounts.ts';
import { axeViolations, secondDevice, useAppInChromium } from './support/app-in-chromium.ts';

const env = useAppInChromium();

let second: BrowserContext | undefined;

afterEach(async () => {
  await second?.close();
  second = undefined;
});

const CASE_NUMBER = 'AZ-2021-0815';
const FAMILY_NAME = 'Erasmuskowski';

/**
 * Where `needle` occurs in the page's IndexedDB databases, read the way someone with the device's disk
 * would: keys and every field, strings as they are, bytes as UTF-8. Records are encrypted, so this finds
 * ids (which are stored in the clear as keys and index fields), not content. The store of tombstones is
 * left out: it keeps the id on purpose.
 */
function rawHits(page: Page, needle: string): Promise<string[]> {
  return page.evaluate(async (needle) => {
    const hits: string[] = [];
    const walk = (value: unknown, where: string, depth = 0): void => {
      if (depth > 20 || value === null || value === undefined) return;
      if (typeof value === 'string') {
        if (value.includes(needle)) hits.push(where);
      } else if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
        const bytes =
          value instanceof ArrayBuffer
            ? new Uint8Array(value)
            : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
        if (new TextDecoder('utf-8').decode(bytes).includes(needle)) hits.push(where);
      } else if (typeof value === 'object') {
        for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
          walk(item, `${where}.${key}`, depth + 1);
        }
      }
    };
    for (const { name } of await indexedDB.databases()) {
      if (!name) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      for (const store of Array.from(db.objectStoreNames)) {
        if (store === 'erasures') continue;
        const [keys, values] = await Promise.all(
          ['getAllKeys', 'getAll'].map(
            (method) =>
              new Promise<unknown[]>((resolve, reject) => {
                const objectStore = db.transaction(store, 'readonly').objectStore(store);
                const request = method === 'getAll' ? objectStore.getAll() : objectStore.getAllKeys();
                request.onsuccess = () => resolve(request.result as unknown[]);
                request.onerror = () => reject(request.error);
              }),
          ),
        );
        keys!.forEach((key, i) => walk({ key, value: values![i] }, `${name}/${store}`));
      }
      db.close();
    }
    return hits;
  }, needle);
}

describe('a closed case whose retention period has passed', () => {
  it('is erased on the relay and disappears from both devices, the offline one when it comes back', async () => {
    // Device A: Amira's tablet (logged in by the harness). Device B: Jonas's laptop.
    const shellA = env.shell;
    const deviceB = await secondDevice(env, COLLEAGUE);
    second = deviceB.context;
    const { page: pageB, shell: shellB } = deviceB;

    // Amira records a case, gives it its Aktenzeichen and closes it, years ago; a second case stays.
    const listA = new CasesPage(env.page);
    await listA.create({ familyName: 'Bleibtreu', givenNames: 'Anna' });
    await shellA.goto('/faelle');
    await listA.create({ familyName: FAMILY_NAME, givenNames: 'Lina' });
    const docId = decodeURIComponent(new URL(env.page.url()).pathname.split('/').at(-1)!);
    const header = new CaseHeaderPage(env.page);
    await header.showDetails();
    await header.phase.click();
    const dialog = header.phaseDialog;
    const caseNumber = dialog.getByLabel('Aktenzeichen', { exact: true });
    await caseNumber.fill(CASE_NUMBER);
    await caseNumber.blur();
    await dialog.getByLabel('Neue Phase').selectOption({ label: 'Abgeschlossen' });
    await dialog.getByLabel('Grund des Abschlusses').selectOption({ index: 1 });
    await dialog.getByLabel('Abgeschlossen am').fill('2021-03-15');
    await dialog.getByRole('button', { name: 'Wechseln' }).click();
    await header.closeDialog(dialog);
    await new CaseFilePage(env.page).waitUntilSaved();
    await shellA.waitUntilSynced();

    // Jonas has both cases, opens the closed one, and goes offline with it open; he adds to it offline.
    const listB = new CasesPage(pageB);
    await listB.caseLink(`${FAMILY_NAME}, Lina`).waitFor({ timeout: 20_000 });
    await listB.caseLink('Bleibtreu, Anna').waitFor({ timeout: 20_000 });
    await listB.caseLink(`${FAMILY_NAME}, Lina`).click();
    const caseB = new CaseFilePage(pageB);
    await expect.poll(() => caseB.heading.textContent()).toBe(`${FAMILY_NAME}, Lina`);
    await shellB.waitUntilSynced();
    await second.setOffline(true);
    await caseB.setField('Person', 'Telefon', '0203 998877');
    await caseB.waitUntilSaved();
    expect(await rawHits(pageB, docId)).not.toEqual([]);

    // The relay erases it while Jonas is offline.
    const record = await env.relay.lifecycle.eraseDue(TEAM.id, docId);
    expect(record).toMatchObject({ docId: `${TEAM.id}/${docId}`, reason: 'retention' });

    // Amira's tablet, online, learns of it at once: the case leaves her list, and she is told.
    await shellA.goto('/faelle');
    const noticeA = env.page.getByRole('status', { name: 'Gelöschte Fälle' });
    await expect
      .poll(() => noticeA.textContent(), { timeout: 20_000 })
      .toContain(`Der Fall ${CASE_NUMBER} wurde gelöscht (Aufbewahrungsfrist abgelaufen).`);
    await expect.poll(() => listA.caseLink(`${FAMILY_NAME}, Lina`).count()).toBe(0);
    expect(await listA.caseLink('Bleibtreu, Anna').count()).toBe(1);

    // Jonas comes back online with the case still open: it closes, the list shows without it, and he is
    // told that the case is gone and that his unsynced change was dropped.
    await second.setOffline(false);
    const noticeB = pageB.getByRole('status', { name: 'Gelöschte Fälle' });
    await expect
      .poll(() => noticeB.textContent(), { timeout: 30_000 })
      .toMatch(
        new RegExp(
          `Der Fall ${CASE_NUMBER} wurde gelöscht \\(Aufbewahrungsfrist abgelaufen\\)\\.\\s*` +
            '(Eine|\\d+) nicht synchronisierte Änderung(en)? an diesem Fall (wurde|wurden) verworfen',
        ),
      );
    await expect.poll(() => new URL(pageB.url()).pathname).toBe('/faelle');
    await listB.caseLink('Bleibtreu, Anna').waitFor();
    expect(await listB.caseLink(`${FAMILY_NAME}, Lina`).count()).toBe(0);
    await shellB.waitUntilSynced();
    await pageB.screenshot({ path: '/tmp/erased-case-notice.png' });
    expect(await axeViolations(pageB)).toEqual([]);

    // Nothing of it is left in either device's IndexedDB: no key, no index field, no record naming it.
    await expect.poll(() => rawHits(pageB, docId), { timeout: 20_000 }).toEqual([]);
    await expect.poll(() => rawHits(env.page, docId), { timeout: 20_000 }).toEqual([]);

    // Dismissed, the notice stays gone, also after a restart; the case does not come back either.
    await noticeB.getByRole('button', { name: 'Verstanden' }).click();
    await expect.poll(() => noticeB.count()).toBe(0);
    await shellB.reload();
    await listB.caseLink('Bleibtreu, Anna').waitFor({ timeout: 20_000 });
    expect(await noticeB.count()).toBe(0);
    expect(await listB.caseLink(`${FAMILY_NAME}, Lina`).count()).toBe(0);
    // Amira's notice was not dismissed: it is still there after a restart.
    await shellA.reload();
    await expect.poll(() => noticeA.textContent(), { timeout: 20_000 }).toContain(CASE_NUMBER);
  });
});
