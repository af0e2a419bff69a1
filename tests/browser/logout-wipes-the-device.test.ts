import { describe, expect, it } from 'vitest';
import { CasesPage } from './pages/cases.page.ts';
import { CASE_MANAGER, TEAM } from './support/accounts.ts';
import { axeViolations, useAppInChromium } from './support/app-in-chromium.ts';

const env = useAppInChromium();

describe('logging out', () => {
  it('warns about unsynced changes, keeps them on the device, and syncs them after the next login', async () => {
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
    await expect.poll(() => warning.textContent()).toMatch(/\d+ Änderungen sind noch nicht synchronisiert/);
    expect(await axeViolations(page)).toEqual([]);
    await warning.getByRole('button', { name: 'Trotzdem abmelden' }).click();

    // The login screen, with the login filled in; nothing of the cases is shown.
    await expect.poll(() => login.heading.textContent()).toBe('Anmelden');
    expect(await login.login.inputValue()).toBe(CASE_MANAGER.login);
    expect(await shell.navigation.count()).toBe(0);

    // Back online, the same person logs in: the case is still there and goes to the relay now.
    await env.context.setOffline(false);
    await login.password.fill(CASE_MANAGER.password);
    await login.submit.click();
    await expect.poll(() => shell.heading.textContent()).not.toBe('Anmelden');
    await shell.waitUntilSynced();
    await shell.goto('/faelle');
    await new CasesPage(page).caseLink('Kaya, Elif').waitFor();
    expect(await env.relay.store.docsOfTeam(TEAM.id)).toContain(`${TEAM.id}/${caseId}`);
  });
});
