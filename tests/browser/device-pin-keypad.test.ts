import { describe, expect, it } from 'vitest';
import { LOCKED_TITLE, SETUP_TITLE, VaultPage } from './pages/vault.page.ts';
import { CASE_MANAGER } from './support/accounts.ts';
import { axeViolations, useAppInChromium } from './support/app-in-chromium.ts';

const SHOTS = process.env.LOTSE_SCREENSHOTS;

describe.each([
  { width: 1024, height: 768 },
  { width: 768, height: 1024 },
  { width: 390, height: 844 },
])('the device PIN at $width×$height', (viewport) => {
  const env = useAppInChromium({ viewport, logIn: false });

  it('opens the numeric keypad, refuses guessable PINs with a reason, and asks for the kind chosen', async () => {
    const { page } = env;
    await env.login.goto('/');
    await env.login.fill(CASE_MANAGER);
    await env.login.submit.click();
    const vault = new VaultPage(page);
    await expect.poll(() => vault.heading.textContent(), { timeout: 15_000 }).toBe(SETUP_TITLE);

    // A PIN is the default: both fields ask for the numeric keypad, the rules are shown before submitting.
    expect(await vault.secret.getAttribute('inputmode')).toBe('numeric');
    expect(await vault.repeat.getAttribute('inputmode')).toBe('numeric');
    expect(await page.getByRole('main').textContent()).toContain('Zahlenfolgen (123456, 654321)');

    for (const [pin, reason] of [
      ['111111', 'Diese PIN besteht aus einer einzigen Ziffer und ist leicht zu erraten.'],
      ['123456', 'Diese PIN ist eine Zahlenfolge (wie 123456 oder 654321) und leicht zu erraten.'],
      ['654321', 'Diese PIN ist eine Zahlenfolge (wie 123456 oder 654321) und leicht zu erraten.'],
      [
        '121212',
        'Diese PIN wiederholt ein kurzes Muster (wie 121212 oder 123123) und ist leicht zu erraten.',
      ],
      [
        '123123',
        'Diese PIN wiederholt ein kurzes Muster (wie 121212 oder 123123) und ist leicht zu erraten.',
      ],
    ] as const) {
      await vault.setUp(pin);
      await expect.poll(() => vault.error.textContent()).toContain(reason);
      expect(await vault.heading.textContent()).toBe(SETUP_TITLE);
    }
    expect(await vault.secret.getAttribute('aria-invalid')).toBe('true');
    expect(await axeViolations(page)).toEqual([]);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/pin-refused-${viewport.width}.png`, fullPage: true });

    // Letters typed on a hardware keyboard while a PIN is chosen are pointed to the passphrase switch.
    await vault.secret.fill('Sonnenblume');
    await vault.repeat.fill('Sonnenblume');
    await page.getByRole('button', { name: 'Schützen und weiter' }).click();
    await expect.poll(() => vault.error.textContent()).toContain('Eine PIN besteht nur aus Ziffern.');

    // The switch gives the full keyboard and the passphrase's rules.
    await vault.usePassphrase.check();
    expect(await vault.secret.getAttribute('inputmode')).toBe('text');
    expect(await page.getByRole('main').textContent()).toContain('Mindestens 8 Zeichen');
    expect(await axeViolations(page)).toEqual([]);

    // A PIN no rule of thumb guesses is taken; the lock screen asks for a PIN with the numeric keypad.
    await vault.setUp('480257');
    await expect.poll(() => env.shell.heading.textContent()).toBe('Willkommen bei Lotse');
    await page.reload();
    await expect.poll(() => vault.heading.textContent()).toBe(LOCKED_TITLE);
    expect(await page.getByLabel('Geräte-PIN', { exact: true }).getAttribute('inputmode')).toBe('numeric');
    expect(await axeViolations(page)).toEqual([]);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/pin-locked-${viewport.width}.png`, fullPage: true });
    await vault.unlock('480257');
  });
});
