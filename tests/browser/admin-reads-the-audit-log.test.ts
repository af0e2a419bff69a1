import { describe, expect, it } from 'vitest';
import { AUTH_PATHS } from '../../src/protocol/auth.ts';
import { AdminPage } from './pages/admin.page.ts';
import { ADMIN, CASE_MANAGER } from './support/accounts.ts';
import { axeViolations, logIn, useAppInChromium } from './support/app-in-chromium.ts';
import { parseCsv } from '../support/csv.ts';

const env = useAppInChromium({ logIn: false });

/** A calendar day relative to today in the test machine's time zone (the browser's too), as `YYYY-MM-DD`. */
function day(offset: number): string {
  const date = new Date();
  date.setDate(date.getDate() + offset);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Someone types the case manager's password wrong, on some device. */
async function failLogin(): Promise<void> {
  const response = await fetch(new URL(AUTH_PATHS.login, env.relay.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      login: CASE_MANAGER.login,
      password: 'falsch-geraten-1',
      device: { name: 'Unbekannt' },
    }),
  });
  expect(response.status).toBe(401);
}

describe('Verwaltung: the audit log', () => {
  it('finds a case manager’s failed login under “Anmeldung fehlgeschlagen”, by day, and refuses a reversed period', async () => {
    await failLogin();
    await logIn(env.login, ADMIN);
    await env.shell.navigateTo('Verwaltung');
    expect(await env.shell.heading.textContent()).toBe('Verwaltung');
    const admin = new AdminPage(env.page);
    await admin.waitForAuditLog();
    // Unfiltered, the newest events come first: the admin's own login is among them.
    const unfiltered = await admin.rows();
    expect(unfiltered.some((row) => row.kind === 'Anmeldung' && row.user === ADMIN.login)).toBe(true);
    expect(unfiltered.some((row) => row.kind === 'Anmeldung fehlgeschlagen')).toBe(true);

    await admin.filter({ kind: 'Anmeldung fehlgeschlagen', user: CASE_MANAGER.login });
    const failed = await admin.rows();
    expect(failed.length).toBeGreaterThan(0);
    expect(
      failed.every((row) => row.kind === 'Anmeldung fehlgeschlagen' && row.user === CASE_MANAGER.login),
    ).toBe(true);
    expect(failed[0]!.code).toBe('invalid-credentials');
    expect(await admin.count.textContent()).toBe(
      failed.length === 1 ? '1 Eintrag angezeigt' : `${failed.length} Einträge angezeigt`,
    );
    expect(await axeViolations(env.page)).toEqual([]);

    // A period from today to today includes it; yesterday alone does not.
    await admin.filter({ from: day(0), to: day(0) });
    expect(await admin.rows()).toEqual(failed);
    await admin.filter({ from: day(-1), to: day(-1) });
    expect(await admin.count.textContent()).toBe('Keine Einträge für diese Filter.');

    // A period that ends before it starts is refused with a message at the field, and nothing is asked.
    await admin.filter({ from: day(0), to: day(-3) });
    const to = admin.filterForm.getByLabel('Zeitraum bis');
    expect(await to.getAttribute('aria-invalid')).toBe('true');
    expect(await admin.filterForm.getByText('Das Ende des Zeitraums liegt vor seinem Anfang.').count()).toBe(
      1,
    );
    expect(await admin.filterForm.getByRole('alert').textContent()).toBe(
      'Bitte prüfen Sie die markierten Filter.',
    );
    expect(await axeViolations(env.page)).toEqual([]);
  });

  it('exports the filtered log as CSV, with the header row and the matching events', async () => {
    await failLogin();
    await logIn(env.login, ADMIN, '/verwaltung');
    const admin = new AdminPage(env.page);
    await admin.waitForAuditLog();
    await admin.filter({ kind: 'Anmeldung fehlgeschlagen', user: CASE_MANAGER.login });
    const shown = await admin.rows();

    const { filename, text } = await admin.exportCsv();
    expect(filename).toMatch(/^lotse-audit-\d{4}-\d{2}-\d{2}\.csv$/);
    // A byte order mark first, so that spreadsheet programs read umlauts as UTF-8.
    expect(text.startsWith('\uFEFF')).toBe(true);
    const [header, ...rows] = parseCsv(text.slice(1));
    expect(header).toEqual([
      'id',
      'time',
      'kind',
      'login',
      'userId',
      'deviceId',
      'teamId',
      'docId',
      'code',
      'address',
      'detail',
    ]);
    // The same events as on screen, and only those: the export used the filters.
    expect(rows).toHaveLength(shown.length);
    for (const row of rows) {
      expect(row[2]).toBe('login-failed');
      expect(row[3]).toBe(CASE_MANAGER.login);
      expect(row[8]).toBe('invalid-credentials');
    }
    expect(await admin.filterForm.getByRole('status').textContent()).toBe(
      `Die Datei „${filename}“ wurde heruntergeladen.`,
    );
  });

  it('loads older pages on request', async () => {
    // 130 events of one (made-up) user: more than one page of 100.
    const base = Date.now() - 60_000;
    await env.relay.store.appendAudit(
      Array.from({ length: 130 }, (_, index) => ({
        at: base + index,
        kind: 'login-failed' as const,
        login: 'seitenweise',
        code: 'invalid-credentials',
        detail: {},
      })),
    );
    await logIn(env.login, ADMIN, '/verwaltung');
    const admin = new AdminPage(env.page);
    await admin.waitForAuditLog();
    await admin.filter({ user: 'seitenweise' });
    expect(await admin.count.textContent()).toBe('100 Einträge angezeigt, ältere vorhanden');
    const more = admin.auditLog.getByRole('button', { name: 'Ältere laden' });
    await more.click();
    await expect.poll(() => admin.count.textContent()).toBe('130 Einträge angezeigt');
    expect(await more.count()).toBe(0);
    const rows = await admin.rows();
    expect(new Set(rows.map((row) => row.kind))).toEqual(new Set(['Anmeldung fehlgeschlagen']));
  });
});
