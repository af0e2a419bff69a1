import { describe, expect, it } from 'vitest';
import { CasesPage } from './pages/cases.page.ts';
import { axeViolations, openThenGoOffline, useAppInChromium } from './support/app-in-chromium.ts';

const env = useAppInChromium();

/** In the page: the rows waiting in the device's outbox, one per stored change. */
async function outboxRows(): Promise<number> {
  const names = (await indexedDB.databases()).map((db) => db.name ?? '');
  const name = names.find((candidate) => candidate.startsWith('lotse:'));
  if (!name) return 0;
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(name);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const count = await new Promise<number>((resolve, reject) => {
    const request = db.transaction('outbox').objectStore('outbox').count();
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  db.close();
  return count;
}

describe('the unsent counter', () => {
  it('counts the cases with unsent changes, not every stored change', async () => {
    const { shell, page } = env;
    await openThenGoOffline(env, '/faelle');
    const cases = new CasesPage(page);
    const caseFile = await cases.create({ familyName: 'Rahimi', givenNames: 'Laila' });
    await caseFile.setField('Person', 'Telefon', '0203 987654');
    await caseFile.setField('Person', 'Ort', 'Duisburg');
    await caseFile.setField('Person', 'Geburtsdatum', '1990-05-17');
    await caseFile.waitUntilSaved();

    // Creating the case and three edits are several stored changes, all in one case.
    await expect.poll(() => page.evaluate(outboxRows)).toBeGreaterThan(3);
    // A device that first opens its team offline also holds the team directory's first state unsent.
    await expect
      .poll(() => shell.connection.textContent())
      .toMatch(/Änderungen in 1 Fall (und im Teamverzeichnis )?nicht synchronisiert/);
    expect(await shell.connection.textContent()).not.toMatch(/\d+ Änderungen/);
    // The case's own header says that something waits, not how many stored changes.
    const caseState = page.getByRole('main').getByRole('status').filter({ hasText: 'Noch nicht übertragen' });
    expect(await caseState.textContent()).not.toMatch(/\d/);
    expect(await axeViolations(page, 'header')).toEqual([]);

    await cases.open();
    await cases.create({ familyName: 'Osei', givenNames: 'Kwame' });
    await expect
      .poll(() => shell.connection.textContent())
      .toMatch(/Änderungen in 2 Fällen (und im Teamverzeichnis )?nicht synchronisiert/);

    await env.context.setOffline(false);
    await shell.waitUntilSynced();
  });
});
