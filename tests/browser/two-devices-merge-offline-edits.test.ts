import type { BrowserContext } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { CaseFilePage, CasesPage } from './pages/cases.page.ts';
import { LoginPage } from './pages/login.page.ts';
import { COLLEAGUE } from './support/accounts.ts';
import { axeViolations, logIn, secondDevice, useAppInChromium } from './support/app-in-chromium.ts';

const env = useAppInChromium();

let second: BrowserContext | undefined;

afterEach(async () => {
  await second?.close();
  second = undefined;
});

const NOTES = 'Allgemeine Notizen zum Fall';

describe('two case managers of one team, each on their own device', () => {
  it('both edit the same case offline and, back online, both see the merged case', async () => {
    // Device A: Amira's tablet (logged in by the harness). Device B: Jonas's laptop.
    const shellA = env.shell;
    const deviceB = await secondDevice(env, COLLEAGUE);
    second = deviceB.context;
    const { page: pageB, shell: shellB } = deviceB;

    // Both online once: Amira records a case; it reaches Jonas's list.
    const caseA = await new CasesPage(env.page).create({ familyName: 'Haidari', givenNames: 'Zahra' });
    await shellA.waitUntilSynced();
    const listB = new CasesPage(pageB);
    await listB.caseLink('Haidari, Zahra').waitFor({ timeout: 20_000 });
    await listB.caseLink('Haidari, Zahra').click();
    const caseB = new CaseFilePage(pageB);
    await expect.poll(() => caseB.heading.textContent()).toBe('Haidari, Zahra');

    // Both go offline and edit the same case: different fields, and the notes both.
    await env.context.setOffline(true);
    await second.setOffline(true);
    await caseA.setField('Person', 'Telefon', '0203 445566');
    await caseA.section('Notizen').getByLabel(NOTES).fill('Termin beim Jobcenter am Montag.');
    await caseA.section('Notizen').getByLabel(NOTES).blur();
    await caseB.setField('Person', 'Ort', 'Duisburg-Marxloh');
    await caseB.section('Notizen').getByLabel(NOTES).fill('Dolmetscherin für Dari organisiert.');
    await caseB.section('Notizen').getByLabel(NOTES).blur();
    await caseA.waitUntilSaved();
    await caseB.waitUntilSaved();
    for (const shell of [shellA, shellB]) {
      await expect
        .poll(() => shell.connection.textContent())
        .toMatch(/Offline.*Änderungen in \d+ (Fall|Fällen) (und im Teamverzeichnis )?nicht synchronisiert/s);
    }
    expect(await axeViolations(env.page, 'header')).toEqual([]);

    // Both come back online; each waits until its own changes are acknowledged, then for the other's.
    await env.context.setOffline(false);
    await second.setOffline(false);
    await shellA.waitUntilSynced();
    await shellB.waitUntilSynced();

    for (const caseFile of [caseA, caseB]) {
      const person = caseFile.section('Person');
      await expect
        .poll(() => person.getByLabel('Telefon', { exact: true }).inputValue(), { timeout: 20_000 })
        .toBe('0203 445566');
      await expect
        .poll(() => person.getByLabel('Ort', { exact: true }).inputValue(), { timeout: 20_000 })
        .toBe('Duisburg-Marxloh');
      // The other device's field and its notes arrive as separate changes, so wait for both texts at once.
      const notes = caseFile.section('Notizen').getByLabel(NOTES);
      await expect
        .poll(() => notes.inputValue(), { timeout: 20_000 })
        .toSatisfy(
          (value: string) =>
            value.includes('Termin beim Jobcenter am Montag.') &&
            value.includes('Dolmetscherin für Dari organisiert.'),
        );
    }
    // Both devices hold the same notes, character for character.
    expect(await caseA.section('Notizen').getByLabel(NOTES).inputValue()).toBe(
      await caseB.section('Notizen').getByLabel(NOTES).inputValue(),
    );
    expect(env.problems.errors).toEqual([]);
  });

  it("opens a link to a colleague's case on a new device as soon as the case has arrived", async () => {
    await env.shell.goto('/faelle');
    await new CasesPage(env.page).create({ familyName: 'Sadeghi', givenNames: 'Omid' });
    await env.shell.waitUntilSynced();
    const casePath = new URL(env.page.url()).pathname;

    // Jonas follows a link to the case on a device that has never synced: the login comes first, then the
    // case file opens once the team's cases are loaded, never a "damaged" or "not found" page.
    second = await env.browser.newContext({ viewport: { width: 1024, height: 768 } });
    const pageB = await second.newPage();
    await logIn(new LoginPage(pageB, env.relay.url), COLLEAGUE, casePath);
    await expect
      .poll(() => new CaseFilePage(pageB).heading.textContent(), { timeout: 20_000 })
      .toBe('Sadeghi, Omid');
    expect(env.problems.errors).toEqual([]);
  });
});
