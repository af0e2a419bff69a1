import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createCaseDoc } from '../../src/domain/case-doc.ts';
import { docKey } from '../../sync-server/src/sync/doc-key.ts';
import { CasesPage } from './pages/cases.page.ts';
import { LoginPage } from './pages/login.page.ts';
import { CASE_MANAGER, COLLEAGUE, TEAM } from './support/accounts.ts';
import { axeViolations, useAppInChromium } from './support/app-in-chromium.ts';

const env = useAppInChromium();

/** The device the harness logged in with: the newest of the case manager's devices. */
async function currentDeviceId(): Promise<string> {
  const user = await env.relay.store.userByLogin(CASE_MANAGER.login);
  const devices = await env.relay.store.devicesOf(user!.id);
  return devices.at(-1)!.id;
}

/** In the page: marks the stored access token as run out, as it is after a night with the tablet off. */
async function expireStoredAccessToken(): Promise<void> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open('lotse-device');
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  await new Promise<void>((resolve, reject) => {
    const store = db.transaction('accounts', 'readwrite').objectStore('accounts');
    const read = store.get(location.origin);
    read.onsuccess = () => {
      const row = read.result as { session: { accessExpiresAt: number } };
      row.session.accessExpiresAt = Date.now() - 1000;
      const write = store.put(row);
      write.onsuccess = () => resolve();
      write.onerror = () => reject(write.error);
    };
  });
  db.close();
}

describe('sync status', () => {
  it('asks to log in again when the session expired, keeps everything, and syncs again after the login', async () => {
    const { shell, page } = env;
    await shell.goto('/faelle');
    const cases = new CasesPage(page);
    await cases.create({ familyName: 'Nowak', givenNames: 'Piotr' });
    await shell.waitUntilSynced();

    // The session ends on the relay (say, an admin ended it) while the device's access token runs out;
    // the app finds out when it next renews the token, here at its next start.
    await env.relay.store.revokeRefreshTokensOfDevice(await currentDeviceId());
    await page.evaluate(expireStoredAccessToken);
    await shell.goto('/faelle');
    await expect
      .poll(() => shell.syncAlert.textContent(), { timeout: 20_000 })
      .toContain('Sitzung abgelaufen – bitte erneut anmelden. Es geht nichts verloren.');
    expect(await shell.connection.textContent()).toContain('Nicht synchronisiert');
    // Everything is still here and can be worked on.
    expect(await cases.caseLink('Nowak, Piotr').count()).toBe(1);
    await cases.create({ familyName: 'Okafor', givenNames: 'Chidi' });
    await expect
      .poll(() => shell.connection.textContent())
      .toMatch(/Änderungen in \d+ (Fall|Fällen) (und im Teamverzeichnis )?nicht synchronisiert/);
    expect(await axeViolations(page)).toEqual([]);

    // "Erneut anmelden" opens the form with the login filled in.
    await shell.syncAlert.getByRole('button', { name: 'Erneut anmelden' }).click();
    await expect.poll(() => env.login.heading.textContent()).toBe('Anmelden');
    expect(await env.login.login.inputValue()).toBe(CASE_MANAGER.login);
    expect(await axeViolations(page)).toEqual([]);
    await env.login.password.fill(CASE_MANAGER.password);
    await env.login.submit.click();
    await expect.poll(() => shell.heading.textContent()).toBe('Okafor, Chidi');
    await shell.waitUntilSynced();
    expect(await shell.syncAlert.count()).toBe(0);
  });

  it('wipes a revoked device when it next reaches the relay, and says why', async () => {
    const { shell, page, login } = env;
    await shell.goto('/faelle');
    await new CasesPage(page).create({ familyName: 'Petrović', givenNames: 'Ana' });
    await shell.waitUntilSynced();
    const databasesBefore = await page.evaluate(async () =>
      (await indexedDB.databases()).map((db) => db.name),
    );
    expect(databasesBefore.some((name) => name?.startsWith('lotse:'))).toBe(true);

    // Reported lost: the relay refuses the device from now on. At its next start the app asks the relay,
    // still locked: whoever holds the tablet needs no PIN for the wipe to happen.
    await env.relay.store.revokeDevice(await currentDeviceId(), Date.now());
    await page.goto(new URL('/faelle', env.relay.url).href);
    await expect.poll(() => login.heading.textContent(), { timeout: 20_000 }).toBe('Anmelden');
    await expect
      .poll(() => page.getByTestId('wipe-notice').textContent())
      .toContain('Dieses Gerät wurde gesperrt (zum Beispiel als verloren gemeldet).');
    const databasesAfter = await page.evaluate(async () =>
      (await indexedDB.databases()).map((db) => db.name),
    );
    expect(databasesAfter.some((name) => name?.startsWith('lotse:'))).toBe(false);
    // The case itself is safe on the relay.
    expect((await env.relay.store.docsOfTeam(TEAM.id)).length).toBeGreaterThan(0);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('shows a new device loading its team’s cases, with a progress bar, until all are listed', async () => {
    // A colleague's device already pushed 150 cases to the team.
    const store = env.relay.store;
    const colleague = await store.userByLogin(COLLEAGUE.login);
    const device = await store.registerDevice({
      id: `laptop-${Date.now()}`,
      userId: colleague!.id,
      name: 'Laptop',
    });
    const total = 150;
    for (let index = 0; index < total; index += 1) {
      const created = createCaseDoc({
        kind: 'case',
        teamId: TEAM.id,
        createdBy: colleague!.id,
        person: { familyName: `Testfall ${String(index).padStart(3, '0')}`, givenNames: 'Seed' },
      });
      if (!created.ok) throw new Error('seed case refused');
      const key = docKey(TEAM.id, created.value.guid);
      await store.registerDoc(key, TEAM.id);
      await store.appendUpdate({
        teamId: TEAM.id,
        docId: key,
        update: Y.encodeStateAsUpdate(created.value),
        userId: colleague!.id,
        deviceId: device.id,
      });
    }

    // Earlier tests of this file added cases to the team too; the new device gets them all.
    const expected = (await store.docsOfTeam(TEAM.id)).filter(
      (key) => !key.startsWith(`${TEAM.id}/team:`),
    ).length;

    // A new device: it records every state of the progress bar it shows while it loads, and where the page
    // content starts meanwhile (the bar must not push it down: a tap aimed at a button would miss it).
    const context = await env.browser.newContext();
    try {
      await context.addInitScript(() => {
        const seen: {
          now: string | null;
          max: string | null;
          text: string | null;
          label: string | null;
          mainTop: number | undefined;
        }[] = [];
        Object.assign(window, { progressSeen: seen });
        new MutationObserver(() => {
          const bar = document.querySelector('[role="progressbar"]');
          if (!bar) return;
          seen.push({
            now: bar.getAttribute('aria-valuenow'),
            max: bar.getAttribute('aria-valuemax'),
            text: bar.getAttribute('aria-valuetext'),
            label: document.getElementById(bar.getAttribute('aria-labelledby') ?? '')?.textContent ?? null,
            mainTop: document.getElementById('main')?.getBoundingClientRect().top,
          });
        }).observe(document, { subtree: true, childList: true, attributes: true });
      });
      const page = await context.newPage();
      const login = new LoginPage(page, env.relay.url);
      await login.goto('/faelle');
      await login.logIn(CASE_MANAGER);
      const cases = new CasesPage(page);
      await expect
        .poll(() => page.getByText(`${expected} von ${expected} Fällen`).count(), { timeout: 60_000 })
        .toBe(1);
      const seen = (await page.evaluate(
        () => (window as unknown as { progressSeen: unknown[] }).progressSeen,
      )) as {
        now: string;
        max: string;
        text: string;
        label: string;
        mainTop: number;
      }[];
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.every((state) => Number(state.now) <= Number(state.max))).toBe(true);
      expect(seen.some((state) => /^Fälle werden geladen: \d+ von \d+$/.test(state.text))).toBe(true);
      expect(seen.every((state) => state.label === state.text)).toBe(true);
      expect(Math.max(...seen.map((state) => Number(state.max)))).toBeGreaterThanOrEqual(total);
      await expect.poll(() => page.getByRole('progressbar').count()).toBe(0);
      const mainTop = await page.evaluate(() => document.getElementById('main')?.getBoundingClientRect().top);
      expect(new Set(seen.map((state) => state.mainTop))).toEqual(new Set([mainTop]));
      expect(await cases.caseLink('Testfall 000, Seed').count()).toBe(1);
    } finally {
      await context.close();
    }
  });
});
