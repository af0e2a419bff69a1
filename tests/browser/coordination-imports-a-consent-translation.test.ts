import type { BrowserContext } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { SHIPPED_PHRASES } from '../../src/domain/consent-template-texts.ts';
import { AppShellPage } from './pages/app-shell.page.ts';
import { CasesPage } from './pages/cases.page.ts';
import { ConsentPage } from './pages/consent.page.ts';
import { LoginPage } from './pages/login.page.ts';
import { COORDINATOR } from './support/accounts.ts';
import { axeViolations, logIn, useAppInChromium } from './support/app-in-chromium.ts';

const env = useAppInChromium();
let coordination: BrowserContext | undefined;

afterEach(async () => {
  await coordination?.close();
  coordination = undefined;
});

/** A Farsi translation of the case management template, as an organisation would send it in. */
function farsi(overrides: Record<string, unknown> = {}): Buffer {
  const file = {
    format: 'lotse-consent-translation',
    formatVersion: 1,
    language: 'fa',
    reviewedBy: 'Übersetzungsbüro Rahimi',
    reviewedOn: '2026-11-30',
    phrases: {
      ...SHIPPED_PHRASES.en!.phrases,
      recipient: 'موافقم که داده‌هایم با این نهاد مبادله شود: {recipient}.',
    },
    templates: { 'case-management': { title: 'رضایت به مدیریت پرونده', purpose: 'مشاوره و همراهی.' } },
    ...overrides,
  };
  return Buffer.from(JSON.stringify(file));
}

describe('a reviewed consent translation', () => {
  it('is imported by coordination, refused with German reasons when broken, offered to case managers with its reviewer, listed and removed', async () => {
    coordination = await env.browser.newContext({ viewport: { width: 1024, height: 768 } });
    const page = await coordination.newPage();
    const shell = new AppShellPage(page, env.relay.url);
    await logIn(new LoginPage(page, env.relay.url), COORDINATOR, '/');
    await shell.navigateTo('Teamvokabular');
    const panel = page.getByRole('region', { name: 'Einwilligungstexte: geprüfte Übersetzung' });
    const input = panel.getByLabel('Datei mit der Übersetzung');

    await input.setInputFiles({
      name: 'fa.json',
      mimeType: 'application/json',
      buffer: farsi({ language: 'xx' }),
    });
    const refusal = panel.getByRole('alert');
    await expect.poll(() => refusal.textContent()).toContain('Die Datei wurde nicht übernommen:');
    expect(await refusal.textContent()).toContain(
      'language: Diese Sprache ist für Einwilligungstexte nicht vorgesehen.',
    );
    expect(await axeViolations(page)).toEqual([]);

    await input.setInputFiles({ name: 'fa.json', mimeType: 'application/json', buffer: farsi() });
    await expect
      .poll(() => panel.getByRole('status').textContent())
      .toContain('Übersetzung (Persisch) übernommen, geprüft von Übersetzungsbüro Rahimi am 30.11.2026.');

    // The case manager's device receives it with the team doc and offers it, reviewed, right to left.
    await env.shell.goto('/');
    const list = new CasesPage(env.page);
    await list.open();
    const consent = new ConsentPage(await list.create({ familyName: 'Ahmadi', givenNames: 'Reza' }));
    await consent.form.getByLabel('Vorlage').selectOption({ label: 'Einwilligung in das Case-Management' });
    const language = consent.form.getByLabel('Sprache der Klientin / des Klienten');
    await expect.poll(() => language.locator('option', { hasText: 'Persisch' }).count()).toBe(1);
    await language.selectOption({ label: 'Persisch' });
    expect(await consent.form.textContent()).toContain(
      'Übersetzung geprüft von Übersetzungsbüro Rahimi am 30.11.2026.',
    );
    await consent.showToClient();
    expect(await consent.clientView.locator('article').getAttribute('dir')).toBe('rtl');
    expect(await consent.clientView.getByRole('heading', { level: 2 }).textContent()).toBe(
      'رضایت به مدیریت پرونده',
    );

    // Coordination sees it listed and removes it; case managers are no longer offered it.
    const listed = panel.getByRole('listitem').filter({ hasText: 'Persisch' });
    await expect
      .poll(() => listed.textContent())
      .toContain('geprüft von Übersetzungsbüro Rahimi am 30.11.2026');
    page.once('dialog', (dialog) => void dialog.accept());
    await listed.getByRole('button', { name: 'Entfernen: Persisch' }).click();
    await expect.poll(() => panel.getByRole('status').textContent()).toBe('Übersetzung (Persisch) entfernt.');
    expect(await panel.getByRole('listitem').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    // The case manager's device gets the team doc's change; after a reload the case file opens again.
    await env.shell.reload();
    const again = consent;
    await again.form.getByLabel('Vorlage').selectOption({ label: 'Einwilligung in das Case-Management' });
    await expect
      .poll(() =>
        again.form
          .getByLabel('Sprache der Klientin / des Klienten')
          .locator('option', { hasText: 'Persisch' })
          .count(),
      )
      .toBe(0);
  });
});
