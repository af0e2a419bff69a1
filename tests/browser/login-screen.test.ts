import { beforeAll, describe, expect, it } from 'vitest';
import { CASE_MANAGER, createAccounts, type TestAccount } from './support/accounts.ts';
import { axeViolations, useAppInChromium } from './support/app-in-chromium.ts';
import { VaultPage } from './pages/vault.page.ts';

const env = useAppInChromium({ logIn: false });

/** A new account: the admin set a first password that must be changed at the first login. */
const NEWCOMER: TestAccount = {
  login: 'sevgi.demir',
  password: 'Erstes-Passwort-vom-Admin',
  displayName: 'Sevgi Demir',
};

beforeAll(async () => {
  await createAccounts(env.relay.store, [{ ...NEWCOMER, mustChangePassword: true }]);
});

describe('the login screen', () => {
  it('is what a new device shows first, explains that the first login needs the network, and passes axe', async () => {
    await env.login.goto('/faelle');
    expect(await env.page.getByText('Für die erste Anmeldung auf diesem Gerät braucht Lotse').count()).toBe(
      1,
    );
    // No navigation and no case data before a login.
    expect(await env.shell.navigation.count()).toBe(0);
    expect(await env.login.deviceName.inputValue()).not.toBe('');
    expect(await axeViolations(env.page)).toEqual([]);

    // After the login the screen the person asked for opens.
    await env.login.logIn(CASE_MANAGER);
    expect(await env.shell.heading.textContent()).toBe('Fälle');
  });

  it('says when the password is wrong, keeps what was typed, and logs in once it is right', async () => {
    await env.login.goto('/');
    await env.login.fill({ login: CASE_MANAGER.login, password: 'nicht-das-passwort' }, 'Tablet Büro');
    await env.login.submit.click();
    await expect
      .poll(() => env.login.alert.textContent())
      .toContain('Benutzername oder Passwort ist falsch.');
    expect(await env.login.login.inputValue()).toBe(CASE_MANAGER.login);
    expect(await env.login.deviceName.inputValue()).toBe('Tablet Büro');
    expect(await axeViolations(env.page)).toEqual([]);

    await env.login.password.fill(CASE_MANAGER.password);
    await env.login.submit.click();
    // First login on this device: a device PIN is chosen before anything opens; weak ones are refused.
    const vault = new VaultPage(env.page);
    await expect.poll(() => vault.heading.textContent(), { timeout: 15_000 }).toBe('Gerät schützen');
    expect(await axeViolations(env.page)).toEqual([]);
    await vault.setUp('1234');
    await expect.poll(() => vault.error.textContent()).toBe('Die PIN braucht mindestens 6 Ziffern.');
    await vault.setUp('kurz');
    await expect.poll(() => vault.error.textContent()).toBe('Die Passphrase braucht mindestens 8 Zeichen.');
    await vault.setUp('135790', '135791');
    await expect.poll(() => vault.error.textContent()).toBe('Die beiden Eingaben stimmen nicht überein.');
    expect(await axeViolations(env.page)).toEqual([]);
    await vault.openIfAsked();
    await expect.poll(() => env.shell.heading.textContent()).toBe('Willkommen bei Lotse');
    // The device was registered under the name typed.
    const user = await env.relay.store.userByLogin(CASE_MANAGER.login);
    const devices = await env.relay.store.devicesOf(user!.id);
    expect(devices.map((device) => device.name)).toContain('Tablet Büro');
  });

  it('asks a new account for a new password, checks it, and logs in with it', async () => {
    await env.login.goto('/');
    await env.login.fill(NEWCOMER);
    await env.login.submit.click();
    await expect
      .poll(() => env.login.alert.textContent())
      .toContain('Bitte legen Sie jetzt ein neues Passwort fest.');
    await env.login.newPassword.waitFor();
    expect(await axeViolations(env.page)).toEqual([]);

    // Too short, then two different entries: refused in the form, nothing sent.
    await env.login.newPassword.fill('kurz');
    await env.login.newPasswordRepeat.fill('kurz');
    await env.login.submit.click();
    await env.page.getByText('Das neue Passwort muss mindestens 10 Zeichen lang sein.').waitFor();
    await env.login.newPassword.fill('Mein langer neuer Satz');
    await env.login.newPasswordRepeat.fill('Mein langer neuer Satz!');
    await env.login.submit.click();
    await env.page.getByText('Die beiden Eingaben stimmen nicht überein.').waitFor();
    expect(await axeViolations(env.page)).toEqual([]);

    await env.login.newPasswordRepeat.fill('Mein langer neuer Satz');
    await env.login.submit.click();
    await expect.poll(() => env.login.heading.textContent()).toBe('Gerät schützen');
    await new VaultPage(env.page).openIfAsked();
    await expect.poll(() => env.shell.heading.textContent()).toBe('Willkommen bei Lotse');

    // The old password no longer works; the new one does.
    const answer = await fetch(new URL('/api/auth/login', env.relay.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        login: NEWCOMER.login,
        password: 'Mein langer neuer Satz',
        device: { name: 'x' },
      }),
    });
    expect(answer.status).toBe(200);
  });

  it('explains, offline and without a session, that the first login needs a connection', async () => {
    await env.login.goto('/');
    await env.shell.waitForOfflineReady();
    await env.context.setOffline(true);
    await env.page.reload();
    await expect.poll(() => env.login.heading.textContent()).toBe('Anmelden');
    await env.page
      .getByText('Dieses Gerät ist offline. Die erste Anmeldung braucht eine Verbindung')
      .waitFor();

    await env.login.fill(CASE_MANAGER);
    await env.login.submit.click();
    await expect
      .poll(() => env.login.alert.textContent())
      .toContain('Der Lotse-Server ist nicht erreichbar.');
    expect(await env.login.password.inputValue()).toBe(CASE_MANAGER.password);
    expect(await axeViolations(env.page)).toEqual([]);
  });
});
