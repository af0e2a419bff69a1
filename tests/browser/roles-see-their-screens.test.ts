import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { AdminPage } from './pages/admin.page.ts';
import { ADMIN, CASE_MANAGER, COORDINATOR } from './support/accounts.ts';
import { axeViolations, logIn, useAppInChromium } from './support/app-in-chromium.ts';

const env = useAppInChromium({ logIn: false });

/** Every WebSocket the page opens, as paths: the sync connection would be `/sync`. */
function socketPaths(page: Page): string[] {
  const paths: string[] = [];
  page.on('websocket', (socket) => paths.push(new URL(socket.url()).pathname));
  return paths;
}

async function refusalsOf(login: string): Promise<string[]> {
  const user = await env.relay.store.userByLogin(login);
  await env.relay.audit.flush();
  const { events } = await env.relay.store.listAudit({
    userId: user!.id,
    kind: 'access-refused',
    limit: 100,
  });
  return events.map((event) => `${String(event.detail.endpoint)} ${event.code}`);
}

describe('what each role sees', () => {
  it('a case manager has no Verwaltung: not in the navigation, and its address is refused', async () => {
    await logIn(env.login, CASE_MANAGER);
    expect(await env.shell.navLabels()).toEqual(['Start', 'Fälle', 'Heute', 'Einstellungen']);
    // Case managers have no reports: neither offered nor shown at their address.
    expect(
      await env.page
        .getByRole('main')
        .getByRole('link', { name: /Berichte/ })
        .count(),
    ).toBe(0);
    await env.shell.goto('/berichte');
    expect(await env.shell.heading.textContent()).toBe('Kein Zugriff');
    expect(await env.page.getByTestId('not-allowed').textContent()).toContain(
      'Ihre Rolle hat keine Berichte.',
    );
    await env.shell.goto('/verwaltung');
    expect(await env.shell.heading.textContent()).toBe('Kein Zugriff');
    expect(await env.page.getByTestId('not-allowed').textContent()).toContain(
      'Die Verwaltung (Protokoll und Geräte aller Benutzer*innen) steht nur Admins offen.',
    );
    expect(await env.page.title()).toBe('Kein Zugriff – Lotse');
    expect(await new AdminPage(env.page).auditLog.count()).toBe(0);
    expect(await axeViolations(env.page)).toEqual([]);
  });

  it('an admin sees Verwaltung, no case screens, and never opens a sync connection', async () => {
    const sockets = socketPaths(env.page);
    await logIn(env.login, ADMIN);
    expect(await env.shell.navLabels()).toEqual(['Start', 'Verwaltung', 'Teamvokabular', 'Einstellungen']);
    expect(await env.shell.navLink('Fälle').count()).toBe(0);
    expect(
      await env.page
        .getByRole('main')
        .getByRole('link', { name: /Fälle|Heute|Neuer Fall/ })
        .count(),
    ).toBe(0);
    expect(await axeViolations(env.page)).toEqual([]);

    await env.shell.navigateTo('Verwaltung');
    const admin = new AdminPage(env.page);
    await admin.waitForAuditLog();
    await admin.devices.panel.getByRole('table').waitFor();
    expect(await axeViolations(env.page)).toEqual([]);

    for (const path of ['/faelle', '/faelle/neu', '/heute']) {
      await env.shell.goto(path);
      expect(await env.shell.heading.textContent(), path).toBe('Kein Zugriff');
    }
    expect(await env.page.getByTestId('not-allowed').textContent()).toContain(
      'Ihre Rolle hat keinen Zugriff',
    );
    expect(await axeViolations(env.page)).toEqual([]);

    // Einstellungen: own devices, but no team directory (it is case work).
    await env.shell.goto('/einstellungen');
    await env.page.getByRole('region', { name: 'Meine Geräte' }).getByRole('table').waitFor();
    expect(await env.page.getByRole('region', { name: 'Netzwerkpartner', exact: true }).count()).toBe(0);
    expect(await axeViolations(env.page)).toEqual([]);

    // On a phone, Verwaltung fits the width (its tables scroll inside their box) and every button is a
    // touch target of at least 44 px.
    await env.page.setViewportSize({ width: 390, height: 844 });
    await env.shell.goto('/verwaltung');
    await admin.waitForAuditLog();
    await admin.devices.panel.getByRole('table').waitFor();
    const overflow = await env.page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBe(0);
    const buttons = await env.page.getByRole('main').getByRole('button').all();
    expect(buttons.length).toBeGreaterThan(3);
    for (const button of buttons) {
      const box = await button.boundingBox();
      expect(box, (await button.textContent()) ?? '').not.toBeNull();
      expect(box!.height).toBeGreaterThanOrEqual(44);
      expect(box!.width).toBeGreaterThanOrEqual(44);
    }
    expect(await axeViolations(env.page)).toEqual([]);

    // Several starts later, not one sync socket was opened, and the relay refused nothing of the admin's.
    expect(sockets.filter((path) => path === '/sync')).toEqual([]);
    expect(await refusalsOf(ADMIN.login)).toEqual([]);
  });

  it('Koordination has Themen, Berichte and Teamvokabular, gets no case screens, and syncs only its Themen', async () => {
    const sockets = socketPaths(env.page);
    await logIn(env.login, COORDINATOR);
    expect(await env.shell.navLabels()).toEqual([
      'Start',
      'Themen',
      'Berichte',
      'Teamvokabular',
      'Einstellungen',
    ]);
    expect(await env.page.getByTestId('coordination-reports').textContent()).toContain(
      'Unter Berichte erstellen Sie anonymisierte Auswertungen Ihrer Teams für die Lenkungsgruppe',
    );
    expect(await axeViolations(env.page)).toEqual([]);
    // Berichte offers the filter on every screen size; before a report is made it says how to make one.
    for (const viewport of [
      { width: 1024, height: 768 },
      { width: 768, height: 1024 },
      { width: 390, height: 844 },
    ]) {
      await env.page.setViewportSize(viewport);
      await env.shell.navigateTo('Berichte');
      expect(await env.shell.heading.textContent()).toBe('Berichte');
      await env.page.getByRole('button', { name: 'Bericht erstellen' }).waitFor();
      expect(await env.page.getByRole('main').textContent()).toContain(
        'Wählen Sie Teams und Zeitraum und erstellen Sie den Bericht.',
      );
      expect(await env.page.getByRole('main').textContent()).not.toContain('Noch keine Daten');
      expect(await axeViolations(env.page)).toEqual([]);
      if (process.env.LOTSE_SCREENSHOTS)
        await env.page.screenshot({ path: `${process.env.LOTSE_SCREENSHOTS}/reports-${viewport.width}.png` });
      await env.shell.navigateTo('Start');
    }
    await env.shell.goto('/verwaltung');
    expect(await env.shell.heading.textContent()).toBe('Kein Zugriff');
    await env.shell.goto('/faelle');
    expect(await env.shell.heading.textContent()).toBe('Kein Zugriff');
    // The device socket opens for the coordination log, and the relay refused nothing of coordination's.
    await env.shell.waitUntilSynced();
    expect(sockets).toContain('/sync');
    expect(await refusalsOf(COORDINATOR.login)).toEqual([]);
  });
});
