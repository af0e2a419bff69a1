import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CasesPage } from './pages/cases.page.ts';
import { LOCKED_TITLE, TEST_DEVICE_PIN, VaultPage } from './pages/vault.page.ts';
import { CASE_MANAGER } from './support/accounts.ts';
import { axeViolations, logIn, useAppInChromium } from './support/app-in-chromium.ts';

const env = useAppInChromium({ logIn: false });

/** A string no one would type by chance: if it shows up in storage, it was stored in plain text. */
const MARKER = 'Zebrafinkmarker';

/**
 * Reads every record of every IndexedDB database of the page's origin the way someone with the device's disk
 * would, bypassing the app: strings as they are, bytes as UTF-8 and Latin-1, nested values walked through.
 */
function rawIndexedDb(page: Page): Promise<{ databases: string[]; text: string; records: number }> {
  return page.evaluate(async () => {
    const texts: string[] = [];
    let records = 0;
    const walk = (value: unknown, depth = 0): void => {
      if (depth > 20 || value === null || value === undefined) return;
      if (typeof value === 'string') texts.push(value);
      else if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
        const bytes =
          value instanceof ArrayBuffer
            ? new Uint8Array(value)
            : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
        texts.push(new TextDecoder('utf-8').decode(bytes), new TextDecoder('latin1').decode(bytes));
      } else if (typeof value === 'object') {
        for (const item of Object.values(value as Record<string, unknown>)) walk(item, depth + 1);
      }
    };
    const names = (await indexedDB.databases()).map((info) => info.name ?? '');
    for (const name of names) {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      for (const store of Array.from(db.objectStoreNames)) {
        const all = await new Promise<unknown[]>((resolve, reject) => {
          const request = db.transaction(store, 'readonly').objectStore(store).getAll();
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        records += all.length;
        for (const record of all) walk(record);
      }
      db.close();
    }
    return { databases: names, text: texts.join('\n'), records };
  });
}

/** Every piece of text a person, a screen reader or a task switcher could see. */
async function everythingShown(page: Page): Promise<string> {
  return page.evaluate(
    () => `${document.title}\n${document.body.innerText}\n${document.body.textContent ?? ''}`,
  );
}

describe('the data on the device', () => {
  it('is stored encrypted: a case’s content is nowhere in IndexedDB', async () => {
    const { page, shell } = env;
    await logIn(env.login, CASE_MANAGER, '/faelle');
    const caseFile = await new CasesPage(page).create({ familyName: MARKER, givenNames: 'Amal' });
    await caseFile.setField('Person', 'Telefon', `0203 ${MARKER}`);
    await caseFile.section('Notizen').getByLabel('Allgemeine Notizen zum Fall').fill(`Notiz ${MARKER}`);
    await caseFile.waitUntilSaved();
    // Summaries are written a moment after the doc; they must be on disk before the disk is read.
    await shell.goto('/faelle');
    await new CasesPage(page).caseLink(`${MARKER}, Amal`).waitFor();

    const raw = await rawIndexedDb(page);
    expect(raw.databases.some((name) => name.startsWith('lotse:'))).toBe(true);
    expect(raw.records).toBeGreaterThan(5);
    expect(raw.text).not.toContain(MARKER);
    expect(raw.text).not.toContain('Amal');
  });

  it('is hidden entirely once the app locks after inactivity, and opens again with the PIN', async () => {
    const { page, shell } = env;
    await page.clock.install();
    await logIn(env.login, CASE_MANAGER, '/faelle');
    const caseFile = await new CasesPage(page).create({ familyName: MARKER, givenNames: 'Amal' });
    await caseFile.waitUntilSaved();
    expect(await everythingShown(page)).toContain(MARKER);

    // Five minutes without a touch or a key: the app locks.
    await page.clock.fastForward('05:30');
    const vault = new VaultPage(page);
    await expect.poll(() => vault.heading.textContent(), { timeout: 15_000 }).toBe(LOCKED_TITLE);
    const shown = await everythingShown(page);
    expect(shown).not.toContain(MARKER);
    expect(shown).not.toContain('Amal');
    expect(await page.title()).toBe('Lotse');
    expect(await shell.navigation.count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);

    await vault.unlock(TEST_DEVICE_PIN);
    await expect.poll(() => shell.heading.textContent()).toBe(`${MARKER}, Amal`);
  });

  it('backs off after wrong PINs, warns before the limit, and wipes the device at it', async () => {
    const { page, login } = env;
    await page.clock.install();
    await logIn(env.login, CASE_MANAGER, '/faelle');
    await new CasesPage(page).create({ familyName: MARKER, givenNames: 'Amal' });
    await page.reload();
    const vault = new VaultPage(page);
    await expect.poll(() => vault.heading.textContent()).toBe(LOCKED_TITLE);

    // Three wrong PINs cost nothing but the message; the fourth has to wait.
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      await vault.submitUnlock('000000');
      await expect.poll(() => vault.error.textContent()).toBe('Die PIN oder Passphrase stimmt nicht.');
      await expect.poll(() => vault.secret.inputValue()).toBe('');
    }
    await expect
      .poll(() => vault.notices.allTextContents())
      .toContainEqual(expect.stringMatching(/Nächster Versuch in (30|29|28) Sekunden/));
    expect(await vault.unlockButton.isDisabled()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);

    // Each further wrong PIN after its wait; the app says how many are left before the wipe.
    for (let attempt = 4; attempt <= 9; attempt += 1) {
      await page.clock.fastForward('16:00');
      await expect.poll(() => vault.unlockButton.isDisabled()).toBe(false);
      await vault.submitUnlock('000000');
      await expect.poll(() => vault.error.textContent()).toBe('Die PIN oder Passphrase stimmt nicht.');
    }
    await expect
      .poll(() => vault.notices.allTextContents())
      .toContainEqual(
        expect.stringContaining('Noch ein Versuch. Danach werden die Daten auf diesem Gerät gelöscht'),
      );

    await page.clock.fastForward('16:00');
    await expect.poll(() => vault.unlockButton.isDisabled()).toBe(false);
    await vault.submitUnlock('000000');
    await expect.poll(() => login.heading.textContent(), { timeout: 15_000 }).toBe('Anmelden');
    await expect
      .poll(() => page.getByTestId('wipe-notice').textContent())
      .toContain('nach zu vielen falschen PIN-Eingaben gelöscht');
    const raw = await rawIndexedDb(page);
    expect(raw.databases.some((name) => name.startsWith('lotse:'))).toBe(false);
  });

  it('takes a new PIN in Einstellungen without re-encrypting, and only the new one opens it', async () => {
    const { page, shell } = env;
    await logIn(env.login, CASE_MANAGER, '/faelle');
    await new CasesPage(page).create({ familyName: MARKER, givenNames: 'Hiba' });
    await shell.navigateTo('Einstellungen');
    const panel = page.getByRole('region', { name: 'Geräte-PIN' });
    expect(await panel.getByLabel('Bisherige PIN').getAttribute('inputmode')).toBe('numeric');
    await panel.getByLabel('Bisherige PIN').fill('111111');
    await panel.getByRole('checkbox', { name: /^Passphrase verwenden/ }).check();
    await panel.getByLabel('Neue Passphrase').fill('Sonnenblume am Rhein');
    await panel.getByLabel('Wiederholen').fill('Sonnenblume am Rhein');
    await panel.getByRole('button', { name: 'PIN ändern' }).click();
    await expect
      .poll(() => panel.getByRole('alert').textContent())
      .toBe('Die bisherige PIN oder Passphrase stimmt nicht.');
    await panel.getByLabel('Bisherige PIN').fill(TEST_DEVICE_PIN);
    await panel.getByRole('button', { name: 'PIN ändern' }).click();
    await expect
      .poll(() => panel.getByRole('status').textContent())
      .toBe('Die neue PIN oder Passphrase gilt ab jetzt.');
    expect(await axeViolations(page)).toEqual([]);

    await page.reload();
    const vault = new VaultPage(page);
    await expect.poll(() => vault.heading.textContent()).toBe(LOCKED_TITLE);
    // The lock screen asks for the kind of secret chosen: a passphrase, with the full keyboard.
    expect(await page.getByLabel('Passphrase', { exact: true }).getAttribute('inputmode')).toBe('text');
    await vault.submitUnlock(TEST_DEVICE_PIN);
    await expect.poll(() => vault.error.textContent()).toBe('Die PIN oder Passphrase stimmt nicht.');
    await vault.unlock('Sonnenblume am Rhein');
    await shell.navigateTo('Fälle');
    await new CasesPage(page).caseLink(`${MARKER}, Hiba`).waitFor();
  });
});
