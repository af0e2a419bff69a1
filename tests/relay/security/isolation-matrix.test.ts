import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_PATHS, DEVICE_PATHS, DeviceListSchema, revokePath } from '../../../src/protocol/admin.ts';
import type { Session } from '../../../src/protocol/auth.ts';
import { ERRORS } from '../../../src/protocol/errors.ts';
import { COORDINATION_LOG_ID } from '../../../src/domain/coordination-doc.ts';
import { DOC_PATH_PREFIX, encodeControl } from '../../../src/protocol/sync.ts';
import type { StoredAuditEvent } from '../../../sync-server/src/storage/contract.ts';
import { DeviceClient, wsUrl } from '../sync/support/device-client.ts';
import { refusedSocket, refusedUpgrade } from '../sync/support/upgrade.ts';
import { request, TEAM_A, TEAM_B, useSecurityRelay, type PersonName } from './support.ts';

/**
 * Every role × own and foreign team × every endpoint: nobody gets case content they may not have, no
 * answer tells whether a foreign doc id exists, and every refusal lands in the audit log.
 */
const sec = useSecurityRelay();
const SECRET_A = 'Fallinhalt-Team-A-7731';
const SECRET_B = 'Fallinhalt-Team-B-9944';
const sessions = {} as Record<PersonName, Session>;
const clients: DeviceClient[] = [];

beforeEach(async () => {
  for (const name of ['anna', 'bert', 'carla', 'ada'] as const) sessions[name] = await sec.login(name);
  // Each team has one doc with content only its members may see.
  for (const [name, team, docId, text] of [
    ['anna', TEAM_A, 'case-a1', SECRET_A],
    ['bert', TEAM_B, 'case-b1', SECRET_B],
  ] as const) {
    const writer = await open(sessions[name].accessToken);
    await writer.control('caught-up', (frame) => frame.teamId === team);
    await writer.write(team, docId, text);
    await writer.close();
  }
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => (client.isOpen ? client.close() : undefined)));
});

async function open(token: string, cursors: Record<string, number> = {}): Promise<DeviceClient> {
  const client = await DeviceClient.connect(sec.relay.url, token, cursors);
  clients.push(client);
  return client;
}

/** Runs `act` and expects exactly one new `access-refused` event, matching `expected`. */
async function audited(act: () => Promise<unknown>, expected: Partial<StoredAuditEvent>): Promise<void> {
  const before = await sec.audit({ kind: 'access-refused' });
  await act();
  const after = await sec.audit({ kind: 'access-refused' });
  expect(after.length - before.length, 'one refusal audited').toBe(1);
  expect(after[0]).toMatchObject(expected);
}

const detailOf = (endpoint: string) => expect.objectContaining({ endpoint });

describe('the device socket /sync', () => {
  it('catches a case manager up on their own team only, whatever cursors they send', async () => {
    const anna = await open(sessions.anna.accessToken, { [TEAM_A]: 0, [TEAM_B]: 0 });
    const welcome = await anna.control('welcome');
    expect(welcome.teams.map((team) => team.id)).toEqual([TEAM_A]);
    await anna.control('caught-up', (frame) => frame.teamId === TEAM_A);
    expect(anna.text(TEAM_A, 'case-a1')).toBe(SECRET_A);
    expect(anna.logEntries(TEAM_B)).toEqual([]);
    expect(JSON.stringify(anna.controls())).not.toContain(TEAM_B);
  });

  it('serves coordination the coordination log alone: no case and no team doc of the team it coordinates', async () => {
    const carla = await open(sessions.carla.accessToken, { [TEAM_A]: 0, [TEAM_B]: 0 });
    const welcome = await carla.control('welcome');
    expect(welcome.teams.map((team) => team.id)).toEqual([COORDINATION_LOG_ID]);
    await carla.control('caught-up', (frame) => frame.teamId === COORDINATION_LOG_ID);
    await audited(
      async () => {
        carla.sendStep1(TEAM_A, 'case-a1');
        await carla.control('error', (frame) => frame.docId === 'case-a1');
      },
      {
        code: 'forbidden',
        teamId: TEAM_A,
        docId: 'case-a1',
        userId: sessions.carla.user.id,
        detail: detailOf('/sync'),
      },
    );
    expect(carla.logEntries(TEAM_A)).toEqual([]);
    expect(carla.received.filter((event) => event.kind === 'doc')).toEqual([]);
    expect(JSON.stringify(carla.received)).not.toContain(SECRET_A);
  });

  it.each(['ada'] as const)(
    'refuses %s (no sync role) before serving a single frame, audited',
    async (name) => {
      const session = sessions[name];
      await audited(
        async () => {
          const refused = await refusedSocket(sec.relay.url, session.accessToken);
          expect(refused).toEqual({ code: ERRORS.forbidden.ws, reason: 'forbidden', frames: 0 });
        },
        { code: 'forbidden', userId: session.user.id, deviceId: session.deviceId, detail: detailOf('/sync') },
      );
    },
  );

  it('refuses a bad token before serving a frame, audited without a user', async () => {
    await audited(
      async () => {
        const refused = await refusedSocket(sec.relay.url, 'forged.token.value');
        expect(refused).toMatchObject({ code: ERRORS.unauthenticated.ws, frames: 0 });
      },
      { code: 'unauthenticated', userId: null, detail: detailOf('/sync') },
    );
  });

  it.each([
    ['a sync step 1', (c: DeviceClient, docId: string) => c.sendStep1(TEAM_B, docId)],
    [
      'a push',
      (c: DeviceClient, docId: string) => void c.sendPush(TEAM_B, docId, c.edit(TEAM_B, docId, 'x')),
    ],
    [
      'an open',
      (c: DeviceClient, docId: string) => c.send(encodeControl({ type: 'open', teamId: TEAM_B, docId })),
    ],
  ])(
    'answers %s for a foreign team the same for an existing and a missing doc, audited',
    async (_what, send) => {
      const anna = await open(sessions.anna.accessToken);
      await anna.control('caught-up');
      const answers: Record<string, unknown>[] = [];
      for (const docId of ['case-b1', 'case-ghost']) {
        await audited(
          async () => {
            const errors = anna.controls().filter((frame) => frame.type === 'error').length;
            send(anna, docId);
            await anna.waitFor(
              () => anna.controls().filter((frame) => frame.type === 'error').length > errors,
              'the refusal',
            );
          },
          {
            code: 'not-in-team',
            teamId: TEAM_B,
            docId,
            userId: sessions.anna.user.id,
            detail: detailOf('/sync'),
          },
        );
        const refusal = anna
          .controls()
          .filter((frame) => frame.type === 'error')
          .at(-1)!;
        const { docId: _doc, ...rest } = refusal as Record<string, unknown>;
        delete rest.ref;
        answers.push(rest);
      }
      expect(answers[0]).toEqual(answers[1]);
      expect(answers[0]).toMatchObject({ code: 'not-in-team' });
      expect(
        anna.received.filter(
          (event) => event.kind === 'doc' || (event.kind === 'log' && event.frame.teamId === TEAM_B),
        ),
      ).toEqual([]);
      // A push edits the local replica; what matters is that nothing of team B's arrived.
      expect(anna.text(TEAM_B, 'case-b1')).not.toContain(SECRET_B);
      expect(await sec.relay.store.docsOfTeam(TEAM_B)).toEqual([`${TEAM_B}/case-b1`]);
    },
  );
});

describe('the y-websocket endpoint /ws/doc', () => {
  const cases = [
    ['anna', TEAM_B, 'not-in-team'],
    ['carla', TEAM_A, 'forbidden'],
    ['carla', TEAM_B, 'forbidden'],
    ['ada', TEAM_A, 'forbidden'],
    ['ada', TEAM_B, 'forbidden'],
  ] as const;

  it.each(cases)(
    'refuses %s for team %s with %s, the same for existing and missing docs, audited',
    async (name, team, code) => {
      const session = sessions[name];
      const answers: { status: number; body: unknown }[] = [];
      for (const docId of [team === TEAM_A ? 'case-a1' : 'case-b1', 'case-ghost']) {
        await audited(
          async () => {
            const url = wsUrl(sec.relay.url, `${DOC_PATH_PREFIX}${team}/${docId}`, {
              token: session.accessToken,
            });
            answers.push(await refusedUpgrade(url));
          },
          { code, teamId: team, docId, userId: session.user.id, detail: detailOf('/ws/doc') },
        );
      }
      expect(answers[0]).toEqual(answers[1]);
      expect(answers[0]).toMatchObject({ status: ERRORS[code].http, body: { error: code } });
      expect(JSON.stringify(answers)).not.toMatch(/Fallinhalt/);
    },
  );

  it('serves a case manager a doc of their own team', async () => {
    const url = wsUrl(sec.relay.url, `${DOC_PATH_PREFIX}${TEAM_A}/case-a1`, {
      token: sessions.anna.accessToken,
    });
    await expect(refusedUpgrade(url)).rejects.toThrow(/accepted the upgrade/);
  });
});

describe('the admin API /api/admin/*', () => {
  const endpoints = [
    ['GET', ADMIN_PATHS.audit],
    ['GET', ADMIN_PATHS.auditCsv],
    ['GET', ADMIN_PATHS.devices],
    ['POST', '/api/admin/devices/:id/revoke'],
  ] as const;

  it.each(
    endpoints.flatMap(([method, path]) =>
      (['anna', 'carla'] as const).map((name) => [name, method, path] as const),
    ),
  )('refuses %s at %s %s with forbidden, audited, and revokes nothing', async (name, method, path) => {
    const session = sessions[name];
    const target = path.replace(':id', sessions.bert.deviceId);
    await audited(
      async () => {
        const answer = await request(sec.relay, method, target, { token: session.accessToken });
        expect(answer.status).toBe(403);
        expect(answer.body).toEqual({ error: 'forbidden', message: expect.any(String) });
        expect(answer.headers.get('cache-control')).toBe('no-store');
      },
      {
        code: 'forbidden',
        userId: session.user.id,
        detail: expect.objectContaining({ endpoint: path, method }),
      },
    );
    expect((await sec.relay.store.deviceById(sessions.bert.deviceId))?.revokedAt).toBeNull();
  });

  it.each(endpoints)('refuses a request without a token at %s %s, audited', async (method, path) => {
    await audited(
      async () => {
        const answer = await request(sec.relay, method, path.replace(':id', 'x'));
        expect(answer.status).toBe(401);
      },
      { code: 'unauthenticated', userId: null, detail: expect.objectContaining({ endpoint: path }) },
    );
  });

  it('gives the admin the audit log and devices, with doc ids but no case content', async () => {
    const token = sessions.ada.accessToken;
    const answers = await Promise.all(
      [ADMIN_PATHS.audit, ADMIN_PATHS.auditCsv, ADMIN_PATHS.devices].map((path) =>
        request(sec.relay, 'GET', path, { token }),
      ),
    );
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.text).not.toContain(SECRET_A);
      expect(answer.text).not.toContain(SECRET_B);
    }
    expect(answers[0]!.text).toContain('case-b1');
  });
});

describe('the own-device API /api/devices', () => {
  it.each(['anna', 'carla', 'ada'] as const)(
    'shows %s only their own devices and refuses a foreign one, audited',
    async (name) => {
      const session = sessions[name];
      const list = await request(sec.relay, 'GET', DEVICE_PATHS.devices, { token: session.accessToken });
      const devices = DeviceListSchema.parse(list.body).devices;
      expect(devices.map((device) => device.userId)).toEqual([session.user.id]);
      await audited(
        async () => {
          const answer = await request(
            sec.relay,
            'POST',
            revokePath(DEVICE_PATHS.revokeDevice, sessions.bert.deviceId),
            {
              token: session.accessToken,
            },
          );
          expect(answer.status).toBe(404);
        },
        {
          code: 'not-found',
          userId: session.user.id,
          detail: expect.objectContaining({ endpoint: DEVICE_PATHS.revokeDevice }),
        },
      );
      expect((await sec.relay.store.deviceById(sessions.bert.deviceId))?.revokedAt).toBeNull();
    },
  );
});
