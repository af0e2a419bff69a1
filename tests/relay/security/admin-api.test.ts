import { afterEach, describe, expect, it } from 'vitest';
import {
  ADMIN_PATHS,
  AuditPageSchema,
  DEVICE_PATHS,
  DeviceListSchema,
  revokePath,
  RevokeAnswerSchema,
} from '../../../src/protocol/admin.ts';
import { AUTH_PATHS } from '../../../src/protocol/auth.ts';
import { ERRORS } from '../../../src/protocol/errors.ts';
import { DeviceClient } from '../sync/support/device-client.ts';
import { request, TEAM_A, useSecurityRelay } from './support.ts';
import { parseCsv } from '../../support/csv.ts';

const sec = useSecurityRelay();
const clients: DeviceClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => (client.isOpen ? client.close() : undefined)));
});

async function connected(token: string): Promise<DeviceClient> {
  const client = await DeviceClient.connect(sec.relay.url, token);
  clients.push(client);
  await client.control('caught-up', (frame) => frame.teamId === TEAM_A);
  return client;
}

describe('the admin API', () => {
  it('pages through the audit log newest first with filters', async () => {
    const admin = await sec.login('ada');
    // Four: one below the account's failed-login limit, so that each is an ordinary failed login.
    for (let i = 0; i < 4; i += 1) {
      await request(sec.relay, 'POST', AUTH_PATHS.login, {
        body: { login: 'anna', password: `wrong-${i}-password`, device: { name: 'T' } },
      });
    }
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const query: string = new URLSearchParams({
        kind: 'login-failed',
        limit: '3',
        ...(cursor === null ? {} : { cursor }),
      }).toString();
      const answer = await request(sec.relay, 'GET', `${ADMIN_PATHS.audit}?${query}`, {
        token: admin.accessToken,
      });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('cache-control')).toBe('no-store');
      const page = AuditPageSchema.parse(answer.body);
      for (const event of page.events) expect(event).toMatchObject({ kind: 'login-failed', login: 'anna' });
      seen.push(...page.events.map((event) => event.id));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(seen).toHaveLength(4);
    expect([...seen].sort((a, b) => b - a)).toEqual(seen);

    const since = new Date(Date.now() + 60_000).toISOString();
    const future = await request(sec.relay, 'GET', `${ADMIN_PATHS.audit}?from=${encodeURIComponent(since)}`, {
      token: admin.accessToken,
    });
    expect(AuditPageSchema.parse(future.body).events).toEqual([]);
  });

  it.each([
    ['kind=everything', 'kind'],
    ['limit=0', 'limit'],
    ['limit=5000', 'limit'],
    ['from=yesterday', 'from'],
    ['cursor=-1', 'cursor'],
    ['userId=a&userId=b', 'userId'],
    ['sort=asc', 'sort'],
  ])('refuses the query %s as bad-request naming %s', async (query, field) => {
    const admin = await sec.login('ada');
    const answer = await request(sec.relay, 'GET', `${ADMIN_PATHS.audit}?${query}`, {
      token: admin.accessToken,
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: 'bad-request', message: expect.stringContaining(field) });
    expect(answer.headers.get('cache-control')).toBe('no-store');
  });

  it('exports the audit log as CSV with a header row, quoting and formula-safe cells', async () => {
    const admin = await sec.login('ada');
    const hostile = ['=HYPERLINK("http://x")', '+1', '-2', '@SUM(A1)', 'a,b "c"\nd'];
    for (const login of hostile) {
      await request(sec.relay, 'POST', AUTH_PATHS.login, {
        body: { login, password: 'whatever-password', device: { name: 'T' } },
      });
    }
    const answer = await request(sec.relay, 'GET', `${ADMIN_PATHS.auditCsv}?kind=login-failed`, {
      token: admin.accessToken,
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(answer.headers.get('content-disposition')).toMatch(/^attachment; filename="lotse-audit-.*\.csv"$/);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const rows = parseCsv(answer.text.replace(/^\uFEFF/, ''));
    expect(rows[0]).toEqual([
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
    expect(rows).toHaveLength(hostile.length + 1);
    const logins = rows.slice(1).map((row) => row[3]);
    // Logins are lower-cased by the login form; each formula start is defused with an apostrophe.
    expect(logins).toEqual(
      [...hostile].reverse().map((login) => {
        const lower = login.trim().toLowerCase();
        return /^[=+\-@]/.test(lower) ? `'${lower}` : lower;
      }),
    );
    for (const row of rows.slice(1)) {
      expect(row[2]).toBe('login-failed');
      expect(row[1]).toMatch(/^\d{4}-\d\d-\d\dT/);
    }
  });

  it('lists every device with its owner and revokes one: its sockets close and its refresh fails', async () => {
    const admin = await sec.login('ada');
    const anna = await sec.login('anna', { name: 'Tablet im Zug' });
    const bert = await sec.login('bert');
    const socket = await connected(anna.accessToken);

    const list = await request(sec.relay, 'GET', ADMIN_PATHS.devices, { token: admin.accessToken });
    expect(list.status).toBe(200);
    const devices = DeviceListSchema.parse(list.body).devices;
    expect(devices.map((device) => device.login).sort()).toEqual(['ada', 'anna', 'bert']);
    expect(devices.find((device) => device.id === anna.deviceId)).toMatchObject({
      name: 'Tablet im Zug',
      displayName: 'Person anna',
      revokedAt: null,
      lastSeenAt: expect.any(Number),
    });

    const revoked = await request(sec.relay, 'POST', revokePath(ADMIN_PATHS.revokeDevice, anna.deviceId), {
      token: admin.accessToken,
    });
    expect(revoked.status).toBe(200);
    expect(RevokeAnswerSchema.parse(revoked.body).device).toMatchObject({
      id: anna.deviceId,
      revokedAt: expect.any(Number),
    });
    expect(await socket.closed).toEqual({ code: ERRORS['device-revoked'].ws, reason: 'device-revoked' });
    const refresh = await request(sec.relay, 'POST', AUTH_PATHS.refresh, {
      body: { refreshToken: anna.refreshToken },
    });
    expect(refresh.status).toBe(401);
    await expect(
      DeviceClient.connect(sec.relay.url, anna.accessToken).then((c) => c.closed),
    ).resolves.toMatchObject({
      code: ERRORS['device-revoked'].ws,
    });

    expect(await sec.audit({ kind: 'device-revoked' })).toEqual([
      expect.objectContaining({
        userId: anna.user.id,
        deviceId: anna.deviceId,
        detail: { by: admin.user.id, byLogin: 'ada', byRole: 'admin', socketsClosed: 1 },
      }),
    ]);
    // Bert's device is untouched.
    const stillBert = await request(sec.relay, 'POST', AUTH_PATHS.refresh, {
      body: { refreshToken: bert.refreshToken },
    });
    expect(stillBert.status).toBe(200);

    const unknown = await request(sec.relay, 'POST', revokePath(ADMIN_PATHS.revokeDevice, 'no-such-device'), {
      token: admin.accessToken,
    });
    expect(unknown.status).toBe(404);
  });
});

describe('a person’s own devices', () => {
  it('lists only their own and lets them revoke their other device, not someone else’s', async () => {
    const laptop = await sec.login('anna', { name: 'Laptop' });
    const tablet = await sec.login('anna', { name: 'Tablet' });
    const bert = await sec.login('bert');
    const tabletSocket = await connected(tablet.accessToken);

    const list = await request(sec.relay, 'GET', DEVICE_PATHS.devices, { token: laptop.accessToken });
    const devices = DeviceListSchema.parse(list.body).devices;
    expect(devices.map((device) => [device.name, device.current])).toEqual([
      ['Laptop', true],
      ['Tablet', false],
    ]);

    const foreign = await request(sec.relay, 'POST', revokePath(DEVICE_PATHS.revokeDevice, bert.deviceId), {
      token: laptop.accessToken,
    });
    const missing = await request(
      sec.relay,
      'POST',
      revokePath(DEVICE_PATHS.revokeDevice, 'no-such-device'),
      {
        token: laptop.accessToken,
      },
    );
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual(missing.body);
    expect((await sec.relay.store.deviceById(bert.deviceId))?.revokedAt).toBeNull();

    const own = await request(sec.relay, 'POST', revokePath(DEVICE_PATHS.revokeDevice, tablet.deviceId), {
      token: laptop.accessToken,
    });
    expect(own.status).toBe(200);
    expect(await tabletSocket.closed).toMatchObject({ code: ERRORS['device-revoked'].ws });
    expect((await sec.audit({ kind: 'device-revoked' }))[0]).toMatchObject({
      deviceId: tablet.deviceId,
      detail: { by: laptop.user.id, byRole: 'case-manager' },
    });
    // The laptop goes on working.
    const after = await request(sec.relay, 'GET', DEVICE_PATHS.devices, { token: laptop.accessToken });
    expect(after.status).toBe(200);
  });
});
