import type { BrowserContext, Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { CaseFilePage, CasesPage } from './pages/cases.page.ts';
import { COLLEAGUE } from './support/accounts.ts';
import { secondDevice, useAppInChromium } from './support/app-in-chromium.ts';

const env = useAppInChromium();

let second: BrowserContext | undefined;

afterEach(async () => {
  await second?.close();
  second = undefined;
});

/** The text of the case's conflict notice, once there is one. */
async function conflictNotice(page: Page): Promise<string> {
  const notice = page.getByRole('alert').filter({ hasText: 'Gleichzeitig geändert' });
  await notice.waitFor({ timeout: 20_000 });
  return (await notice.textContent()) ?? '';
}

describe('two case managers changing the same field without seeing each other’s value', () => {
  it('both see the notice with both values, the one whose value was kept and the one whose was replaced', async () => {
    // Device A: Amira's tablet (logged in by the harness), online throughout. Device B: Jonas's laptop.
    const shellA = env.shell;
    const deviceB = await secondDevice(env, COLLEAGUE);
    second = deviceB.context;
    const { page: pageB, shell: shellB } = deviceB;
    const caseA = await new CasesPage(env.page).create({ familyName: 'Karimi', givenNames: 'Laila' });
    await shellA.waitUntilSynced();
    const listB = new CasesPage(pageB);
    await listB.caseLink('Karimi, Laila').waitFor({ timeout: 20_000 });
    await listB.caseLink('Karimi, Laila').click();
    const caseB = new CaseFilePage(pageB);
    await expect.poll(() => caseB.heading.textContent()).toBe('Karimi, Laila');

    // Jonas changes the town offline; Amira, online, changes it too a little later, and it reaches the relay.
    await second.setOffline(true);
    await caseB.setField('Person', 'Ort', 'Oberhausen');
    await caseB.waitUntilSaved();
    await caseA.setField('Person', 'Ort', 'Essen');
    await caseA.waitUntilSaved();
    await shellA.waitUntilSynced();

    // Jonas comes back: his older change and Amira's meet on both devices.
    await second.setOffline(false);
    await shellB.waitUntilSynced();

    for (const page of [env.page, pageB]) {
      const text = await conflictNotice(page);
      expect(text).toContain('Oberhausen');
      expect(text).toContain('Essen');
      expect(text).toContain('Meinen Wert behalten');
    }
    // Both show the same value in the field: Yjs' choice, the same everywhere.
    const town = (caseFile: CaseFilePage) =>
      caseFile.section('Person').getByLabel('Ort', { exact: true }).inputValue();
    await expect
      .poll(async () => (await town(caseA)) === (await town(caseB)), { timeout: 20_000 })
      .toBe(true);
    expect(env.problems.errors).toEqual([]);
  });
});
