import type { BrowserContext, Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { AppShellPage } from './pages/app-shell.page.ts';
import { LoginPage } from './pages/login.page.ts';
import { TeamDirectoryPage } from './pages/team-directory.page.ts';
import { VocabularyPage } from './pages/vocabulary.page.ts';
import { ADMIN, COORDINATOR } from './support/accounts.ts';
import { axeViolations, logIn, useAppInChromium } from './support/app-in-chromium.ts';
import { unexpectedFailures } from './support/browser.ts';

const env = useAppInChromium();

let coordination: BrowserContext | undefined;
let admin: BrowserContext | undefined;

afterEach(async () => {
  await coordination?.close();
  await admin?.close();
  coordination = undefined;
  admin = undefined;
});

/** Every button on the page is at least 44 px high and wide. */
async function smallButtons(page: Page): Promise<string[]> {
  const small: string[] = [];
  for (const button of await page.locator('main button:visible').all()) {
    const box = await button.boundingBox();
    if (box && (box.height < 44 || box.width < 44)) small.push((await button.textContent()) ?? '');
  }
  return small;
}

describe('the team vocabulary belongs to coordination', () => {
  it('a case manager proposes a category, coordination confirms and renames it, and the case manager’s device shows the new name', async () => {
    // The case manager (Amira, logged in by the harness) sees no rename or archive for confirmed entries.
    const directory = new TeamDirectoryPage(env.page);
    await env.shell.goto('/einstellungen');
    await directory.category('Sonstiges').waitFor();
    expect(await env.page.getByTestId('categories-coordination').textContent()).toContain(
      'Die Koordination bestätigt, benennt um und archiviert.',
    );
    expect(await directory.categories.getByRole('button', { name: 'Archivieren: Sonstiges' }).count()).toBe(
      0,
    );
    expect(await directory.category('Sonstiges').getByText('Umbenennen', { exact: true }).count()).toBe(0);
    expect(await directory.categories.getByText('Umbenennen', { exact: true }).count()).toBe(0);

    await directory.addCategory('Fehlende Schulplätze');
    const proposal = directory.category('Fehlende Schulplätze');
    expect(await proposal.getByText('vorgeschlagen', { exact: true }).isVisible()).toBe(true);
    // Her own proposal she may still correct or withdraw.
    expect(await proposal.getByRole('button', { name: 'Archivieren: Fehlende Schulplätze' }).count()).toBe(1);
    await env.page.screenshot({ path: '/tmp/vocab-case-manager-panel.png', fullPage: true });
    await env.shell.waitUntilSynced();

    // Coordination, on another device.
    coordination = await env.browser.newContext({ viewport: { width: 1024, height: 768 } });
    const page = await coordination.newPage();
    const shell = new AppShellPage(page, env.relay.url);
    await logIn(new LoginPage(page, env.relay.url), COORDINATOR, '/');
    await shell.navigateTo('Teamvokabular');
    const vocabulary = new VocabularyPage(page);
    expect(await vocabulary.heading.textContent()).toBe('Teamvokabular');
    const categories = vocabulary.categories;
    const proposed = vocabulary.entry(categories, 'Vorgeschlagene', 'Fehlende Schulplätze');
    await proposed.waitFor();
    expect(await proposed.textContent()).toContain('vorgeschlagen von Amira Haddad');
    expect(await axeViolations(page)).toEqual([]);
    expect(await smallButtons(page)).toEqual([]);
    await page.screenshot({ path: '/tmp/vocab-coordination-tablet.png', fullPage: true });

    await vocabulary.act(categories, 'Bestätigen', 'Fehlende Schulplätze');
    await vocabulary.entry(categories, 'Bestätigt', 'Fehlende Schulplätze').waitFor();
    await vocabulary.rename(categories, 'Fehlende Schulplätze', 'Fehlende Schulplätze (Sek I)');
    await vocabulary.entry(categories, 'Bestätigt', 'Fehlende Schulplätze (Sek I)').waitFor();
    expect(await vocabulary.entry(categories, 'Vorgeschlagene', 'Fehlende Schulplätze').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);

    // The case manager's open Einstellungen follow, live: the new name, no longer a proposal, no actions.
    const renamed = directory.category('Fehlende Schulplätze (Sek I)');
    await renamed.waitFor({ timeout: 20_000 });
    await expect.poll(() => renamed.getByText('vorgeschlagen', { exact: true }).count()).toBe(0);
    expect(await renamed.getByRole('button').count()).toBe(0);
    expect(await directory.category('Fehlende Schulplätze').count()).toBe(0);

    // On a phone the screen fits the width and every button is still a 44 px target.
    await page.setViewportSize({ width: 390, height: 844 });
    await vocabulary.heading.waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await smallButtons(page)).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: '/tmp/vocab-coordination-phone.png', fullPage: true });
    await categories.scrollIntoViewIfNeeded();
    await page.screenshot({ path: '/tmp/vocab-coordination-phone-viewport.png' });

    // Offline it says that it needs a connection, and offers no change.
    await coordination.setOffline(true);
    await page.getByTestId('vocabulary-offline').waitFor();
    expect(await page.getByTestId('vocabulary-offline').textContent()).toContain('Braucht eine Verbindung');
    expect(await categories.getByRole('button', { name: 'Archivieren: Wohnungsmarkt' }).isDisabled()).toBe(
      true,
    );
    expect(await axeViolations(page)).toEqual([]);

    expect(env.problems.errors).toEqual([]);
    expect(unexpectedFailures(env.problems)).toEqual([]);
  });

  it('is not offered to case managers, and its address tells them why', async () => {
    expect(await env.shell.navLabels()).not.toContain('Teamvokabular');
    await env.shell.goto('/teamvokabular');
    expect(await env.page.getByTestId('not-allowed').textContent()).toContain(
      'Case-Manager*innen schlagen neue Einträge unter Einstellungen vor.',
    );
    expect(await axeViolations(env.page)).toEqual([]);
  });

  it('an admin keeps the vocabulary of every team, choosing the team first', async () => {
    if (!(await env.relay.store.listTeams()).some((team) => team.id === 'sc-herne')) {
      await env.relay.store.createTeam({
        id: 'sc-herne',
        name: 'Support-Center Herne',
        kind: 'support-center',
      });
    }
    admin = await env.browser.newContext({ viewport: { width: 1024, height: 768 } });
    const page = await admin.newPage();
    const shell = new AppShellPage(page, env.relay.url);
    await logIn(new LoginPage(page, env.relay.url), ADMIN, '/');
    await shell.navigateTo('Teamvokabular');
    const vocabulary = new VocabularyPage(page);
    const team = page.getByLabel('Team', { exact: true });
    await team.waitFor();
    const teams = await team.locator('option').allTextContents();
    expect(teams).toEqual(expect.arrayContaining(['Support-Center Duisburg', 'Support-Center Herne']));
    await team.selectOption({ label: 'Support-Center Herne' });
    // A team no device has synced yet starts with the default categories, as on every device.
    await vocabulary.entry(vocabulary.categories, 'Bestätigt', 'Wohnungsmarkt').waitFor();
    await vocabulary.rename(vocabulary.categories, 'Wohnungsmarkt', 'Wohnungsmarkt Herne');
    await vocabulary.entry(vocabulary.categories, 'Bestätigt', 'Wohnungsmarkt Herne').waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // Duisburg's categories are untouched.
    await team.selectOption({ label: 'Support-Center Duisburg' });
    await vocabulary.entry(vocabulary.categories, 'Bestätigt', 'Wohnungsmarkt').waitFor();
    expect(await vocabulary.entry(vocabulary.categories, 'Bestätigt', 'Wohnungsmarkt Herne').count()).toBe(0);
  });
});
