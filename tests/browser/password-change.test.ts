import { describe, expect, it } from 'vitest';
import { AUTH_PATHS } from '../../src/protocol/auth.ts';
import { createAccounts, type TestAccount } from './support/accounts.ts';
import { axeViolations, logIn, useAppInChromium } from './support/app-in-chromium.ts';

const SHOTS = process.env.LOTSE_SCREENSHOTS;

describe.each([
  { width: 1024, height: 768 },
  { width: 768, height: 1024 },
  { width: 390, height: 844 },
])('changing one’s password at $width×$height', (viewport) => {
  const env = useAppInChromium({ viewport, logIn: false });

  it('shows the rules, says what is wrong, changes it online and says it needs a connection', async () => {
    const account: TestAccount = {
      login: `lea.${viewport.width}`,
      password: 'Lotse-Altes-Passwort-1',
      displayName: 'Lea Brandt',
    };
    await createAccounts(env.relay.store, [account]);
    await logIn(env.login, account, '/einstellungen');
    const { page } = env;
    const panel = page.getByRole('region', { name: 'Passwort', exact: true });
    await panel.waitFor();
    expect(await panel.textContent()).toContain('Mindestens 10 Zeichen, anders als das bisherige.');
    expect(await panel.textContent()).toContain('Auf Ihren anderen Geräten endet die Anmeldung');
    const submit = panel.getByRole('button', { name: 'Passwort ändern' });

    // Too short and mismatched entries are caught before anything is sent.
    await panel.getByLabel('Bisheriges Passwort').fill(account.password);
    await panel.getByLabel('Neues Passwort', { exact: true }).fill('kurz');
    await submit.click();
    await expect
      .poll(() => panel.getByRole('alert').textContent())
      .toBe('Das neue Passwort muss mindestens 10 Zeichen lang sein.');
    await panel.getByLabel('Neues Passwort', { exact: true }).fill('Ein langer Satz am Rhein');
    await panel.getByLabel('Neues Passwort wiederholen').fill('Ein langer Satz am Main');
    await submit.click();
    await expect
      .poll(() => panel.getByRole('alert').textContent())
      .toBe('Die beiden Eingaben stimmen nicht überein.');

    // The relay refuses a wrong current password.
    await panel.getByLabel('Bisheriges Passwort').fill('nicht-mein-passwort');
    await panel.getByLabel('Neues Passwort wiederholen').fill('Ein langer Satz am Rhein');
    await submit.click();
    await expect
      .poll(() => panel.getByRole('alert').textContent(), { timeout: 15_000 })
      .toBe('Das bisherige Passwort stimmt nicht.');
    expect(await axeViolations(page)).toEqual([]);
    if (SHOTS) await panel.screenshot({ path: `${SHOTS}/password-wrong-${viewport.width}.png` });

    await panel.getByLabel('Bisheriges Passwort').fill(account.password);
    await submit.click();
    await expect
      .poll(() => panel.getByRole('status').textContent(), { timeout: 15_000 })
      .toContain('Das neue Passwort gilt ab jetzt.');
    expect(await panel.getByLabel('Bisheriges Passwort').inputValue()).toBe('');
    expect(await axeViolations(page)).toEqual([]);
    // The relay takes the new password and no longer the old one.
    const login = (password: string) =>
      fetch(new URL(AUTH_PATHS.login, env.relay.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login: account.login, password, device: { name: 'Prüfgerät' } }),
      }).then((response) => response.status);
    expect(await login('Ein langer Satz am Rhein')).toBe(200);
    expect(await login(account.password)).toBe(401);

    // Offline the form says it needs a connection and sends nothing.
    await env.context.setOffline(true);
    await expect
      .poll(() => panel.getByRole('status').first().textContent())
      .toBe('Das Passwort lässt sich nur mit Verbindung ändern. Dieses Gerät ist gerade offline.');
    expect(await submit.isDisabled()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    if (SHOTS) await panel.screenshot({ path: `${SHOTS}/password-offline-${viewport.width}.png` });
  });
});
