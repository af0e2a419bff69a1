import { describe, expect, it } from 'vitest';
import type { AuditPage, DeviceInfo } from '../../../src/protocol/admin.ts';
import {
  attachmentName,
  auditSearch,
  fetchAuditCsv,
  fetchAuditPage,
  fetchDevices,
  revokeDevice,
  type RelayApiOptions,
} from '../../../src/state/admin-api.ts';

interface Call {
  method: string;
  url: string;
  authorization: string | null;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

/** A relay stand-in that answers each request with the next response, and records what it was asked. */
function relay(answers: (Response | Error)[], tokens = ['token-1', 'token-2']) {
  const calls: Call[] = [];
  const refreshes: boolean[] = [];
  const refusals: string[] = [];
  const options: RelayApiOptions = {
    baseUrl: 'https://lotse.example',
    getAccessToken: async ({ forceRefresh = false } = {}) => {
      refreshes.push(forceRefresh);
      return tokens[refreshes.length - 1] ?? null;
    },
    onFinalRefusal: (code) => refusals.push(code),
    fetchImpl: async (input, init) => {
      const headers = new Headers(init?.headers);
      calls.push({
        method: init?.method ?? 'GET',
        url: String(input),
        authorization: headers.get('authorization'),
      });
      const answer = answers.shift();
      if (!answer) throw new Error('no more answers');
      if (answer instanceof Error) throw answer;
      return answer;
    },
  };
  return { options, calls, refreshes, refusals };
}

const DEVICE: DeviceInfo = {
  id: 'dev 1',
  userId: 'u1',
  login: 'amira.haddad',
  displayName: 'Amira Haddad',
  name: 'Tablet',
  createdAt: 1,
  revokedAt: null,
  lastSeenAt: null,
  current: false,
};

const PAGE: AuditPage = {
  events: [
    {
      id: 3,
      at: 1000,
      kind: 'login-failed',
      login: 'amira.haddad',
      userId: 'u1',
      deviceId: null,
      teamId: null,
      docId: null,
      code: 'invalid-credentials',
      address: '10.0.0.1',
      detail: {},
    },
  ],
  nextCursor: null,
};

describe('the admin and device API client', () => {
  it('sends the filters as a query string and the access token as a Bearer header', async () => {
    const { options, calls } = relay([json(200, PAGE)]);
    const result = await fetchAuditPage(options, { kind: 'login-failed', login: 'amira.haddad', from: '' });
    expect(result).toEqual({ ok: true, value: PAGE });
    expect(calls).toEqual([
      {
        method: 'GET',
        url: 'https://lotse.example/api/admin/audit?kind=login-failed&login=amira.haddad',
        authorization: 'Bearer token-1',
      },
    ]);
    expect(auditSearch({})).toBe('');
  });

  it('renews a token the relay calls expired and asks once more', async () => {
    const { options, calls, refreshes } = relay([
      json(401, { error: 'token-expired', message: 'expired' }),
      json(200, { devices: [DEVICE] }),
    ]);
    expect(await fetchDevices(options, 'own')).toEqual({ ok: true, value: [DEVICE] });
    expect(refreshes).toEqual([false, true]);
    expect(calls.map((call) => call.authorization)).toEqual(['Bearer token-1', 'Bearer token-2']);
    expect(calls[0]!.url).toBe('https://lotse.example/api/devices');
  });

  it('reports a revoked device so the session can end, and does not ask again', async () => {
    const { options, calls, refusals } = relay([json(403, { error: 'device-revoked', message: 'revoked' })]);
    expect(await fetchDevices(options, 'all')).toEqual({ ok: false, error: 'device-revoked' });
    expect(refusals).toEqual(['device-revoked']);
    expect(calls).toHaveLength(1);
  });

  it('tells a missing network, a foreign page, a refusal and a missing session apart', async () => {
    expect(await fetchDevices(relay([new TypeError('Failed to fetch')]).options, 'own')).toEqual({
      ok: false,
      error: 'network',
    });
    const portal = new Response('<html>Anmeldung im WLAN</html>', { status: 200 });
    expect(await fetchDevices(relay([portal]).options, 'own')).toEqual({ ok: false, error: 'bad-answer' });
    expect(await fetchDevices(relay([new Response('bad gateway', { status: 502 })]).options, 'own')).toEqual({
      ok: false,
      error: 'network',
    });
    expect(
      await fetchDevices(relay([json(403, { error: 'forbidden', message: 'no' })]).options, 'all'),
    ).toEqual({
      ok: false,
      error: 'forbidden',
    });
    expect(await fetchDevices(relay([], []).options, 'own')).toEqual({ ok: false, error: 'no-session' });
  });

  it('revokes by POST at the scope’s path, with the id encoded', async () => {
    const revoked = { ...DEVICE, revokedAt: 5 };
    const admin = relay([json(200, { device: revoked })]);
    expect(await revokeDevice(admin.options, 'all', 'dev 1')).toEqual({ ok: true, value: revoked });
    expect(admin.calls[0]).toMatchObject({
      method: 'POST',
      url: 'https://lotse.example/api/admin/devices/dev%201/revoke',
    });
    const own = relay([json(200, { device: revoked })]);
    await revokeDevice(own.options, 'own', 'dev 1');
    expect(own.calls[0]!.url).toBe('https://lotse.example/api/devices/dev%201/revoke');
  });

  it('fetches the CSV without paging parameters, with the file name the relay suggests', async () => {
    const csv = new Response('\uFEFF"id"\n', {
      status: 200,
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': 'attachment; filename="lotse-audit-2025-03-12.csv"',
      },
    });
    const { options, calls } = relay([csv]);
    const result = await fetchAuditCsv(options, { kind: 'login', cursor: '40', limit: '10' });
    if (!result.ok) throw new Error(result.error);
    expect(result.value.filename).toBe('lotse-audit-2025-03-12.csv');
    // Saved byte for byte: the byte order mark that spreadsheet programs need stays in the file.
    expect([...new Uint8Array(await result.value.blob.arrayBuffer())]).toEqual([
      0xef,
      0xbb,
      0xbf,
      ...new TextEncoder().encode('"id"\n'),
    ]);
    expect(calls[0]!.url).toBe('https://lotse.example/api/admin/audit.csv?kind=login');
    // A page that is not CSV is not saved as one.
    const html = relay([
      new Response('<html></html>', { status: 200, headers: { 'content-type': 'text/html' } }),
    ]);
    expect(await fetchAuditCsv(html.options, {})).toEqual({ ok: false, error: 'bad-answer' });
    expect(attachmentName('attachment; filename="../evil"')).toBeNull();
  });
});
