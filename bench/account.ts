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
