import { describe, expect, it } from 'vitest';
import { CasesPage } from './pages/cases.page.ts';
import { useAppInChromium } from './support/app-in-chromium.ts';

const env = useAppInChromium();

describe('after the first login', () => {
  it('the app opens with the network off, straight to the case list, and counts what is not synced', async () => {
    const { shell, page } = env;
    await shell.goto('/faelle');
    await shell.waitForOfflineReady();
    const cases = new CasesPage(page);
    await cases.create({ familyName: 'Rahimi', givenNames: 'Laila' });
    await shell.waitUntilSynced();

    // The network goes away and the browser starts the app again.
    await env.context.setOffline(true);
    await shell.goto('/faelle');
    await expect.poll(() => shell.heading.textContent()).toBe('Fälle');
    await expect.poll(() => shell.connection.textContent()).toContain('Offline');
    expect(await cases.caseLink('Rahimi, Laila').count()).toBe(1);

    // Work done offline is stored and counted as not yet synced, in the header and in the case file.
    const caseFile = await cases.create({ familyName: 'Osei', givenNames: 'Kwame' });
    await caseFile.waitUntilSaved();
    // Only the new case: opening the team directory on the way is no one's change to send.
    await expect
      .poll(() => shell.connection.textContent())
      .toContain('Änderungen in 1 Fall nicht synchronisiert');
    expect(await shell.connection.textContent()).not.toContain('Teamverzeichnis');
    await expect
      .poll(() =>
        caseFile.page
          .getByRole('main')
          .getByRole('status')
          .filter({ hasText: 'Noch nicht übertragen' })
          .count(),
      )
      .toBeGreaterThan(0);

    // Back online, it syncs by itself.
    await env.context.setOffline(false);
    await shell.waitUntilSynced();
    expect(env.problems.errors).toEqual([]);
  });
});
