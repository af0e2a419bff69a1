/**
 * The account the app benchmarks work as. Since accounts exist, the app opens with the login screen; the
 * benchmarks create the browser tests' team and case manager in the relay's store, as an admin would, and
 * log in through the form once, untimed, before they measure anything.
 */
import type { Page } from 'playwright-core';
import type { TestRelay } from '../tests/support/relay.ts';
import { CASE_MANAGER, createAccounts, TEAM } from '../tests/browser/support/accounts.ts';

export { CASE_MANAGER as BENCH_ACCOUNT, TEAM as BENCH_TEAM };

const TIMEOUT_MS = 30_000;
const LOGIN_HEADING = 'Anmelden';

/** Creates the team and the case manager on the relay; resolves the case manager's user id. */
export async function createBenchAccount(relay: TestRelay): Promise<string> {
  await createAccounts(relay.store, [CASE_MANAGER]);
  const user = await relay.store.userByLogin(CASE_MANAGER.login);
  if (!user) throw new Error(`The relay has no user ${CASE_MANAGER.login} after creating it.`);
  return user.id;
}

/**
 * Opens `path` on a device without a session, logs in through the login form, and waits until the app
 * shows the screen of `path` instead of the form (the session is then stored in the device database).
 */
export async function logInThroughForm(page: Page, url: string, path = '/'): Promise<void> {
  const heading = page.getByRole('main').getByRole('heading', { level: 1 });
  await page.goto(new URL(path, url).href);
  await heading.filter({ hasText: LOGIN_HEADING }).waitFor({ timeout: TIMEOUT_MS });
  await page.getByLabel('Benutzername').fill(CASE_MANAGER.login);
  await page.getByLabel('Passwort', { exact: true }).fill(CASE_MANAGER.password);
  await page.getByLabel('Gerätename').fill('Benchmark-Tablet');
  await page.getByRole('button', { name: LOGIN_HEADING, exact: true }).click();
  try {
    await page.waitForFunction(
      (login) => {
        const h1 = document.querySelector('main h1');
        return h1 !== null && h1.textContent?.trim() !== login;
      },
      LOGIN_HEADING,
      { timeout: TIMEOUT_MS },
    );
  } catch (error) {
    const shown = await page
      .getByRole('main')
      .innerText({ timeout: 1_000 })
      .catch(() => '(no main element)');
    throw new Error(`Logging in as ${CASE_MANAGER.login} failed. The page shows: ${shown.slice(0, 500)}`, {
      cause: error,
    });
  }
}

/**
 * Waits until the device is connected and the relay has acknowledged every change made here: the header's
 * connection status, as the browser tests read it.
 */
export async function waitUntilSynced(page: Page): Promise<void> {
  await page
    .getByRole('banner')
    .getByRole('status')
    .filter({ hasText: /Online.*Alle Änderungen synchronisiert/s })
    .waitFor({ timeout: TIMEOUT_MS });
}

/** The device PIN the benchmarks choose at the first login and type at every start. */
export const BENCH_DEVICE_PIN = '246810';
const SECRET_LABEL = 'Geräte-PIN';
export const LOCKED_HEADING = 'Lotse ist gesperrt';

/**
 * After the first login the app asks for a device PIN before it opens anything ("Gerät schützen"):
 * chooses it, and waits until the vault is made, whatever the database held encrypted, and the screen gone.
 */
export async function protectDevice(page: Page): Promise<void> {
  const heading = page.getByRole('main').getByRole('heading', { level: 1 });
  await heading.filter({ hasText: 'Gerät schützen' }).waitFor({ timeout: TIMEOUT_MS });
  await page.getByLabel(SECRET_LABEL, { exact: true }).fill(BENCH_DEVICE_PIN);
  await page.getByLabel('Wiederholen', { exact: true }).fill(BENCH_DEVICE_PIN);
  await page.getByRole('button', { name: 'Schützen und weiter', exact: true }).click();
  // Encrypting 1,000 seeded cases takes a while on a slow machine.
  await heading.filter({ hasText: 'Gerät schützen' }).waitFor({ state: 'detached', timeout: 120_000 });
}

/** Types the device PIN on the lock screen and submits it; does not wait for what follows. */
export async function submitDevicePin(page: Page): Promise<void> {
  await page.getByLabel(SECRET_LABEL, { exact: true }).fill(BENCH_DEVICE_PIN);
  await page.getByRole('button', { name: 'Entsperren', exact: true }).click();
}
