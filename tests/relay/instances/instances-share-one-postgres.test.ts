import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ERRORS } from '../../../src/protocol/errors.ts';
import { FEATURE_ERASURES } from '../../../src/protocol/sync.ts';
import { disableUser, revokeDevice } from '../../../sync-server/src/auth/accounts.ts';
import { releaseTestDatabase, schemaDatabaseUrl } from '../../support/postgres.ts';
import { startTestRelay, type TestRelay } from '../../support/relay.ts';
import { caseUpdate } from '../lifecycle/support.ts';
import { DeviceClient } from '../sync/support/device-client.ts';
import { seedWorld, tokenFor, WORLD, type Person } from '../sync/support/world.ts';

const A = WORLD.teamA;

/** Two relay instances in this process on one PostgreSQL schema, as two instances behind a balancer. */
let instances: TestRelay[] = [];
let databaseUrl = '';
const clients: DeviceClient[] = [];

beforeEach(async () => {
  databaseUrl = await schemaDatabaseUrl('instances');
  // Instances share the key that signs access tokens, so a device's token is good on either.
  const tokenSecret = randomBytes(32).toString('base64');
  // The access sweep, which would find access changes made elsewhere on its own, waits five minutes here:
  // what closes sockets on the other instance in these tests is the notice between instances.
  const config = { databaseUrl, tokenSecret, accessSweepMs: 300_000 };
  const first = await startTestRelay(config);
  const second = await startTestRelay(config);
  instances = [first, second];
  await seedWorld(first.store);
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => (client.isOpen ? client.close() : undefined)));
  await Promise.all(instances.map((relay) => relay.close()));
  instances = [];
});

afterAll(releaseTestDatabase, 60_000);

/** A device of `person` on `relay`, caught up in `teamId`. */
async function connect(relay: TestRelay, person: Person, teamId: string = A) {
  const client = await DeviceClient.connect(relay.url, await tokenFor(relay.tokens, person));
  clients.push(client);
  await client.control('caught-up', (frame) => frame.teamId === teamId);
  return client;
}

const seqsOf = (client: DeviceClient) => client.logEntries(A).map((entry) => entry.seq);
const oneTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('several relay instances on one PostgreSQL', () => {
  it('delivers what a device pushes to instance A to the team’s device on instance B, in order', async () => {
    const [a, b] = instances as [TestRelay, TestRelay];
    const writer = await connect(a, WORLD.anna);
    const reader = await connect(b, WORLD.annaSecond);
    const outsider = await connect(b, WORLD.bert, WORLD.teamB);

    const seqs: number[] = [];
    for (const text of ['Erstgespräch. ', 'Termin Jobcenter. ', 'Wohnung gefunden. ']) {
      seqs.push(await writer.write(A, 'case-1', text));
    }
    expect(seqs).toEqual([1, 2, 3]);
    await reader.logged(A, 3);
    expect(seqsOf(reader)).toEqual([1, 2, 3]);
    expect(reader.text(A, 'case-1')).toBe('Erstgespräch. Termin Jobcenter. Wohnung gefunden. ');
    // Team B's device on instance B hears nothing of team A.
    expect(outsider.logEntries(A)).toEqual([]);
  });

  it('gives devices on both instances every entry once and in order while both instances take pushes', async () => {
    const [a, b] = instances as [TestRelay, TestRelay];
    const onA = await connect(a, WORLD.anna);
    const onB = await connect(b, WORLD.annaSecond);
    const watcher = await connect(b, WORLD.annaThird);

    // Both devices push at once, without waiting for acks: the appends of the two instances interleave.
    const rounds = 15;
    const pushes = [];
    for (let i = 0; i < rounds; i++) {
      pushes.push(onA.write(A, 'case-1', `a${i} `), onB.write(A, 'case-2', `b${i} `));
    }
    const acked = await Promise.all(pushes);
    expect([...acked].sort((x, y) => x - y)).toEqual(oneTo(2 * rounds));

    for (const device of [onA, onB, watcher]) {
      await device.logged(A, 2 * rounds);
      expect(seqsOf(device)).toEqual(oneTo(2 * rounds));
    }
    for (const docId of ['case-1', 'case-2']) {
      expect(watcher.text(A, docId)).toBe(onA.text(A, docId));
      expect(watcher.text(A, docId)).toBe(onB.text(A, docId));
    }
    expect(watcher.text(A, 'case-2')).toBe(Array.from({ length: rounds }, (_, i) => `b${i} `).join(''));
  });

  it('lets a device reconnect to the other instance and continue from its cursor', async () => {
    const [a, b] = instances as [TestRelay, TestRelay];
    const writer = await connect(a, WORLD.anna);
    const mobile = await connect(b, WORLD.annaSecond);
    await writer.write(A, 'case-1', 'eins ');
    await writer.write(A, 'case-1', 'zwei ');
    await mobile.logged(A, 2);
    await mobile.close();

    // Written while the device is away, on the instance it left.
    await writer.write(A, 'case-1', 'drei ');
    const back = await DeviceClient.open(a.url, await tokenFor(a.tokens, WORLD.annaSecond));
    clients.push(back);
    // The device's stored state: what it had received before it left, and its cursor.
    for (const entry of mobile.logEntries(A)) Y.applyUpdate(back.doc(A, entry.docId), entry.update);
    back.hello({ [A]: 2 });
    const caughtUp = await back.control('caught-up', (frame) => frame.teamId === A);
    expect(caughtUp.seq).toBe(3);
    expect(seqsOf(back)).toEqual([3]);
    expect(back.text(A, 'case-1')).toBe('eins zwei drei ');

    // And what it pushes there reaches the device on the instance it left behind.
    const next = await back.write(A, 'case-1', 'vier ');
    expect(next).toBe(4);
    await writer.logged(A, 4);
    expect(seqsOf(writer)).toEqual([1, 2, 3, 4]);
    expect(writer.text(A, 'case-1')).toBe('eins zwei drei vier ');
  });

  it('closes the sockets on instance B of a device revoked and a user disabled on instance A, at once', async () => {
    const [a, b] = instances as [TestRelay, TestRelay];
    const revoked = await connect(b, WORLD.annaSecond);
    const colleague = await connect(b, WORLD.bert, WORLD.teamB);
    await revokeDevice(a.store, WORLD.annaSecond.deviceId, Date.now(), a.access);
    expect(await revoked.closed).toEqual({ code: ERRORS['device-revoked'].ws, reason: 'device-revoked' });

    const disabled = await connect(b, WORLD.anna);
    await disableUser(a.store, WORLD.anna.userId, a.access);
    expect(await disabled.closed).toEqual({
      code: ERRORS['account-disabled'].ws,
      reason: 'account-disabled',
    });
    expect(colleague.isOpen).toBe(true);
  });

  it('passes an erasure made on instance A to devices on instance B in its place in the log, and B refuses pushes to it', async () => {
    const [a, b] = instances as [TestRelay, TestRelay];
    const writer = await connect(a, WORLD.anna);
    const watcher = await DeviceClient.open(b.url, await tokenFor(b.tokens, WORLD.annaSecond));
    clients.push(watcher);
    watcher.hello({}, [FEATURE_ERASURES]);
    await watcher.control('caught-up', (frame) => frame.teamId === A);

    const opened = { teamId: A, openedOn: '2025-01-10' };
    await writer.push(A, 'case-1', caseUpdate({ ...opened, id: 'case-1', marker: 'Eins' }));
    await writer.push(A, 'case-2', caseUpdate({ ...opened, id: 'case-2', marker: 'Zwei' }));
    const anna = { kind: 'person', userId: WORLD.anna.userId, login: 'anna', role: 'case-manager' } as const;
    const carla = {
      kind: 'person',
      userId: WORLD.carla.userId,
      login: 'carla',
      role: 'coordination',
    } as const;
    await a.lifecycle.requestErasure({ ...anna, teamIds: new Set([A]) }, A, 'case-1', 'Antrag der Person');
    const record = await a.lifecycle.confirmErasure({ ...carla, teamIds: new Set([A]) }, A, 'case-1');
    expect(record.seq).toBe(3);
    const after = await writer.write(A, 'case-2', ' Neuer Termin.');

    await watcher.logged(A, after);
    const erased = await watcher.control('erased', (frame) => frame.teamId === A);
    expect(erased.entries.map((entry) => [entry.seq, entry.docId])).toEqual([[3, 'case-1']]);
    expect(seqsOf(watcher)).toEqual([1, 2, 4]);
    // Instance B knows of the erasure it did not make: a push to the erased case is refused there too.
    const refused = await watcher.push(A, 'case-1', watcher.edit(A, 'case-1', 'Nachtrag'));
    expect(refused).toMatchObject({ type: 'error', code: 'doc-erased' });
  });

  it('delivers what was appended while an instance’s listening connection was cut, once it is back', async () => {
    const [a, b] = instances as [TestRelay, TestRelay];
    const writer = await connect(a, WORLD.anna);
    const reader = await connect(b, WORLD.annaSecond);
    await writer.write(A, 'case-1', 'vorher ');
    await reader.logged(A, 1);

    // Both instances listen on the schema's channel; cutting every such connection cuts instance B's too.
    const schema = new URL(databaseUrl).searchParams.get('options')?.split('=').at(-1) ?? '';
    expect(schema).not.toBe('');
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    try {
      const cut = await admin.query<{ cut: boolean }>(
        `SELECT pg_terminate_backend(pid) AS cut FROM pg_stat_activity
         WHERE query LIKE 'LISTEN %' AND query LIKE '%' || $1 || '%'`,
        [schema],
      );
      expect(cut.rows.length).toBeGreaterThanOrEqual(2);
    } finally {
      await admin.end();
    }
    const seqs = [];
    for (const text of ['während ', 'danach ']) seqs.push(await writer.write(A, 'case-1', text));

    await reader.logged(A, seqs[1]!);
    expect(seqsOf(reader)).toEqual([1, 2, 3]);
    expect(reader.text(A, 'case-1')).toBe('vorher während danach ');
  });
});
