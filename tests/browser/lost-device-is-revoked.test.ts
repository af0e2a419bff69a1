import type { BrowserContext } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { AdminPage } from './pages/admin.page.ts';
import { AppShellPage } from './pages/app-shell.page.ts';
import { CasesPage } from './pages/cases.page.ts';
import { DeviceTablePage } from './pages/devices.page.ts';
import { LoginPage } from './pages/login.page.ts';
import { ADMIN, CASE_MANAGER, TEAM } from './support/accounts.ts';
import { axeViolations, logIn, openThenGoOffline, useAppInChromium } from './support/app-in-chromium.ts';
import { unexpectedFailures } from './support/browser.ts';

const env = useAppInChromium({ logIn: false });

let other: BrowserContext | undefined;
afterEach(async () => {
  await other?.close();
  other = undefined;
});

/** A second device of the case manager, in its own browser context, named at login. */
async function caseManagerDeviceNamed(deviceName: string): Promise<AppShellPage> {
  other = await env.browser.newContext();
  const page = await other.newPage();
  const login = new LoginPage(page, env.relay.url);
  await login.goto('/faelle');
  await login.logIn(CASE_MANAGER, deviceName);
  return new AppShellPage(page, env.relay.url);
}

async function lotseDatabases(shell: AppShellPage): Promise<string[]> {
  return shell.page.evaluate(async () =>
    (await indexedDB.databases()).map((db) => db.name ?? '').filter((name) => name.startsWith('lotse:')),
  );
}

/** After its device was revoked, the next start ends on the login form, says why, and holds no case data. */
async function expectWiped(shell: AppShellPage): Promise<void> {
  await shell.page.goto(new URL('/faelle', shell.baseUrl).href);
  const login = new LoginPage(shell.page, shell.baseUrl);
  await expect.poll(() => login.heading.textContent(), { timeout: 20_000 }).toBe('Anmelden');
  await expect
    .poll(() => shell.page.getByTestId('wipe-notice').textContent())
    .toContain('Dieses Gerät wurde gesperrt (zum Beispiel als verloren gemeldet).');
  expect(await lotseDatabases(shell)).toEqual([]);
}

describe('a lost device', () => {
  it('is revoked by an admin in Verwaltung and wipes itself at its next contact', async () => {
    const tablet = await caseManagerDeviceNamed('Tablet Zug');
    await new CasesPage(tablet.page).create({ familyName: 'Yılmaz', givenNames: 'Elif' });
    await tablet.waitUntilSynced();
    expect((await lotseDatabases(tablet)).length).toBeGreaterThan(0);

    await logIn(env.login, ADMIN, '/verwaltung');
    const admin = new AdminPage(env.page);
    const devices = admin.devices;
    await devices.row('Tablet Zug').waitFor();
    expect(await devices.status('Tablet Zug')).toBe('Aktiv');
    expect(await devices.row('Tablet Zug').getByRole('cell').first().textContent()).toBe(
      `${CASE_MANAGER.displayName} (${CASE_MANAGER.login})`,
    );

    // The confirmation says what happens before anything does.
    await devices.revokeButton('Tablet Zug').click();
    await devices.confirmation.waitFor();
    expect(await devices.confirmation.textContent()).toContain(
      'Der Server weist dieses Gerät ab sofort ab: Es kann sich nicht mehr anmelden und nicht mehr synchronisieren. Sobald es den Server das nächste Mal erreicht, löscht es alle Daten, die darauf gespeichert sind.',
    );
    expect(await axeViolations(env.page)).toEqual([]);
    await devices.confirmation.getByRole('button', { name: 'Abbrechen' }).click();
    expect(await devices.confirmation.count()).toBe(0);
    expect(await devices.status('Tablet Zug')).toBe('Aktiv');

    await devices.revoke('Tablet Zug');
    const user = await env.relay.store.userByLogin(CASE_MANAGER.login);
    const revoked = (await env.relay.store.devicesOf(user!.id)).find(
      (device) => device.name === 'Tablet Zug',
    );
    expect(revoked?.revokedAt).not.toBeNull();

    // The audit log names the revocation.
    await admin.filter({ kind: 'Gerät gesperrt' });
    expect(
      (await admin.rows()).some((row) => row.user === CASE_MANAGER.login && row.device === 'Tablet Zug'),
    ).toBe(true);

    await expectWiped(tablet);
    // The case itself is safe on the relay.
    expect((await env.relay.store.docsOfTeam(TEAM.id)).length).toBeGreaterThan(0);
  });

  it('is revoked by its owner from another device in Einstellungen, “Meine Geräte”', async () => {
    const tablet = await caseManagerDeviceNamed('Tablet Regionalzug');
    await logIn(env.login, CASE_MANAGER);
    // This browser's own device got the suggested name; it is marked and cannot be revoked from here.
    await env.shell.navigateTo('Einstellungen');
    const mine = new DeviceTablePage(env.page, env.page.getByRole('region', { name: 'Meine Geräte' }));
    await mine.row('Tablet Regionalzug').waitFor();
    const current = mine.panel.getByRole('row').filter({ hasText: 'Dieses Gerät' });
    expect(await current.count()).toBe(1);
    expect(await current.getByRole('button').count()).toBe(0);
    expect(await axeViolations(env.page)).toEqual([]);

    const confirmation = await mine.revoke('Tablet Regionalzug');
    expect(confirmation).toContain('löscht es alle Daten, die darauf gespeichert sind');
    expect(await mine.panel.getByRole('status').textContent()).toBe(
      '„Tablet Regionalzug“ ist gesperrt. Es löscht seine Daten, sobald es den Server erreicht.',
    );
    expect(await axeViolations(env.page)).toEqual([]);

    await expectWiped(tablet);
    // This device goes on working.
    await env.shell.goto('/faelle');
    expect(await env.shell.heading.textContent()).toBe('Fälle');
  });

  it('“Meine Geräte” says it needs the network when the device is offline, and asks nothing', async () => {
    await logIn(env.login, CASE_MANAGER);
    await openThenGoOffline(env, '/einstellungen');
    await env.shell.reload();
    const panel = env.page.getByRole('region', { name: 'Meine Geräte' });
    await expect
      .poll(() => panel.getByRole('status').textContent())
      .toContain('Die Geräteliste kommt vom Server. Dieses Gerät ist offline');
    expect(unexpectedFailures(env.problems).filter((request) => request.startsWith('/api/'))).toEqual([]);
    expect(await axeViolations(env.page)).toEqual([]);

    // Back online, the list comes.
    await env.context.setOffline(false);
    await new DeviceTablePage(env.page, panel).panel.getByRole('table').waitFor({ timeout: 15_000 });
  });
});
