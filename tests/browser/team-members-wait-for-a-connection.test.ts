import { describe, expect, it } from 'vitest';
import { CaseHeaderPage } from './pages/case-header.page.ts';
import { CasesPage } from './pages/cases.page.ts';
import { useAppInChromium } from './support/app-in-chromium.ts';

/**
 * The names of the team's members are asked for only while the device is online, and again once the
 * connection returns; offline, the names kept on the device serve.
 */
const env = useAppInChromium();

describe('the team members request', () => {
  it('is not sent while offline, and is sent when the connection returns', async () => {
    await env.shell.goto('/faelle');
    await new CasesPage(env.page).create({ familyName: 'Asante', givenNames: 'Ama' });
    await env.shell.waitForOfflineReady();
    await env.shell.waitUntilSynced();

    const asked: string[] = [];
    env.page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/api/team-members') asked.push(request.url());
    });
    await env.context.setOffline(true);
    await env.shell.reload();
    await expect.poll(() => env.shell.connection.textContent()).toContain('Offline');
    // The whole start ran: the case opened again, and its handover dialog shows the names kept here.
    const header = new CaseHeaderPage(env.page);
    await expect.poll(() => header.name.textContent()).toBe('Asante, Ama');
    await header.responsible.click();
    const choices = header.handoverDialog.getByLabel('Übergeben an').locator('option');
    await expect.poll(() => choices.allTextContents()).toContain('Jonas Weber');
    expect(asked).toEqual([]);

    await env.context.setOffline(false);
    await expect.poll(() => asked.length).toBeGreaterThan(0);
    await env.shell.waitUntilSynced();
    expect(env.problems.failedRequests.filter((line) => line.includes('team-members'))).toEqual([]);
    expect(env.problems.errors).toEqual([]);
  });
});
