import { describe, expect, it } from 'vitest';
import { CasesPage } from './pages/cases.page.ts';
import { VaultPage } from './pages/vault.page.ts';
import { CASE_MANAGER, TEAM } from './support/accounts.ts';
import { axeViolations, useAppInChromium } from './support/app-in-chromium.ts';

const env = useAppInChromium();

/** The names of the IndexedDB databases of this origin. */
async function databases(): Promise<string[]> {
  return env.page.evaluate(async () => (await indexedDB.databases()).map((db) => db.name ?? ''));
}

describe('logging out', () => {
  it('offers to sync unsynced changes first, then deletes the data on the device', async () => {
    const { shell, page, login } = env;
    await shell.goto('/faelle');
    await shell.waitForOfflineReady();
    await env.context.setOffline(true);
    const caseFile = await new CasesPage(page).create({ familyName: 'Kaya', givenNames: 'Elif' });
    await caseFile.waitUntilSaved();
    const caseId = decodeURIComponent(new URL(page.url()).pathname.split('/').at(-1)!);

    await shell.navigateTo('Einstellungen');
    const account = page.getByRole('region', { name: 'Konto' });
    expect(await account.textContent()).toContain('Amira Haddad');
    expect(await account.textContent()).toContain('Support-Center Duisburg');
    await account.getByRole('button', { name: 'Abmelden' }).click();
    const warning = account.getByRole('alert');
    await expect
      .poll(() => warning.textContent())
      .toMatch(
        /Änderungen in 1 Fall (und im Teamverzeichnis )?nicht synchronisiert\. Beim Abmelden werden sie .* gelöscht/,
      );
    expect(await axeViolations(page)).toEqual([]);

    // "Erst synchronisieren": back online, the change reaches the relay; then logging out asks nothing.
    await warning.getByRole('button', { name: 'Erst synchronisieren' }).click();
    await env.context.setOffline(false);
    await shell.waitUntilSynced();
    expect(await env.relay.store.docsOfTeam(TEAM.id)).toContain(`${TEAM.id}/${caseId}`);
    const userDatabase = (await databases()).find((name) => name.startsWith('lotse:'));
    expect(userDatabase).toBeDefined();
    await account.getByRole('button', { name: 'Abmelden' }).click();

    // The login screen says what happened; the person's database is gone from the device.
    await expect.poll(() => login.heading.textContent()).toBe('Anmelden');
    await expect
      .poll(() => page.getByTestId('wipe-notice').textContent())
      .toContain('Die Daten auf diesem Gerät wurden gelöscht');
    expect(await login.login.inputValue()).toBe(CASE_MANAGER.login);
    expect(await shell.navigation.count()).toBe(0);
    expect(await databases()).not.toContain(userDatabase);

    // The same person logs in again: a new device PIN, and the case comes back from the relay.
    await login.password.fill(CASE_MANAGER.password);
    await login.submit.click();
    const vault = new VaultPage(page);
    await expect.poll(() => vault.heading.textContent()).toBe('Gerät schützen');
    await vault.openIfAsked();
    await shell.waitUntilSynced();
    await shell.goto('/faelle');
    await new CasesPage(page).caseLink('Kaya, Elif').waitFor();
  });
});
