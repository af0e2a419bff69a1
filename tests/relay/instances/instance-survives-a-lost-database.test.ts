import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ERRORS } from '../../../src/protocol/errors.ts';
import { ReadinessSchema } from '../../../src/protocol/health.ts';
import { releaseTestDatabase, schemaDatabaseUrl } from '../../support/postgres.ts';
import { startTestRelay, type TestRelay } from '../../support/relay.ts';
import { TcpGate } from '../../support/tcp-gate.ts';
import { DeviceClient } from '../sync/support/device-client.ts';
import { seedWorld, tokenFor, WORLD, type Person } from '../sync/support/world.ts';

const A = WORLD.teamA;
const RECONNECT = { code: ERRORS['storage-unavailable'].ws, reason: 'storage-unavailable' };

/**
 * Instance A reaches the database through a gate the test cuts (a network failure, a database restart);
 * instance B, on the same schema, keeps its connection, as another instance behind the balancer would.
 */
let a: TestRelay;
let b: TestRelay;
let gate: TcpGate;
let databaseUrl = '';
const clients: DeviceClient[] = [];

beforeEach(async () => {
  databaseUrl = await schemaDatabaseUrl('lostdb');
  const { hostname, port } = new URL(databaseUrl);
  gate = await TcpGate.open(hostname, Number(port));
  const tokenSecret = randomBytes(32).toString('base64');
  const config = { tokenSecret, accessSweepMs: 300_000 };
  b = await startTestRelay({ ...config, databaseUrl });
  // Its connections carry a name of their own, so that the test can end exactly them.
  a = await startTestRelay({
    ...config,
    databaseUrl: `${gate.through(databaseUrl)}&application_name=lotse_instance_a`,
  });
  await seedWorld(b.store);
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => (client.isOpen ? client.close() : undefined)));
  gate.mend();
  await Promise.all([a.close(), b.close()]);
  await gate.close();
});

afterAll(releaseTestDatabase, 60_000);

async function readyz(relay: TestRelay) {
  const response = await fetch(new URL('/readyz', relay.url));
  return { status: response.status, body: ReadinessSchema.parse(await response.json()) };
}

/** A device of `person` on `relay` that has stored what it received up to `cursor` in `from`. */
async function connect(relay: TestRelay, person: Person, from?: DeviceClient, cursor?: number) {
  const client = await DeviceClient.open(relay.url, await tokenFor(relay.tokens, person));
  clients.push(client);
  for (const entry of from?.logEntries(A) ?? []) {
    Y.applyUpdate(client.doc(A, entry.docId), entry.update);
  }
  client.hello(cursor === undefined ? {} : { [A]: cursor });
  await client.control('caught-up', (frame) => frame.teamId === A);
  return client;
}

const seqsOf = (client: DeviceClient) => client.logEntries(A).map((entry) => entry.seq);

describe('an instance that loses its database', () => {
  it('closes its sockets for a reconnect, acks nothing uncommitted, refuses devices, and comes back by itself', async () => {
    const writer = await connect(a, WORLD.anna);
    const colleague = await connect(b, WORLD.annaSecond);
    expect(await writer.write(A, 'case-1', 'eins ')).toBe(1);
    expect(await readyz(a)).toEqual({ status: 200, body: { status: 'ready', engine: 'postgres' } });

    gate.cut();
    // Sent after the database is out of reach: it cannot be committed, so it must not be acknowledged.
    const update = writer.edit(A, 'case-1', 'zwei ');
    const ref = writer.sendPush(A, 'case-1', update);
    expect(await writer.closed).toEqual(RECONNECT);
    expect(writer.controls().filter((frame) => frame.type === 'ack' && frame.ref === ref)).toEqual([]);

    expect(await readyz(a)).toEqual({
      status: 503,
      body: { status: 'not-ready', engine: 'postgres', reason: 'database-unavailable' },
    });
    expect((await readyz(b)).status).toBe(200);
    // New devices go elsewhere: the balancer stops sending them, and one that comes anyway is refused.
    await expect(DeviceClient.open(a.url, await tokenFor(a.tokens, WORLD.annaThird))).rejects.toMatchObject({
      status: 503,
      body: expect.stringContaining('"error":"storage-unavailable"'),
    });

    // Its HTTP routes say the same as its sockets: try again soon, rather than a bare internal error.
    const status = await fetch(new URL(`/api/devices/${randomUUID()}/status`, a.url));
    expect(status.status).toBe(503);
    expect(await status.json()).toMatchObject({ error: 'storage-unavailable' });

    // Meanwhile instance B takes a push.
    expect(await colleague.write(A, 'case-1', 'drei ')).toBe(2);

    gate.mend();
    await expect.poll(async () => (await readyz(a)).status, { timeout: 15_000 }).toBe(200);

    // The device comes back to A from its cursor: B's entry, and not its own push that was never acked.
    const back = await connect(a, WORLD.anna, writer, 1);
    expect(seqsOf(back)).toEqual([2]);
    expect(back.text(A, 'case-1')).not.toContain('zwei');
    // It sends its unacknowledged push again, and both devices converge.
    const again = await back.push(A, 'case-1', update);
    expect(again).toMatchObject({ type: 'ack', seq: 3 });
    await colleague.logged(A, 3);
    expect(colleague.text(A, 'case-1')).toBe(back.text(A, 'case-1'));
    expect(back.text(A, 'case-1')).toContain('zwei');

    // And A passes on live what B appends again: its follow of the log is current.
    expect(await colleague.write(A, 'case-1', 'vier ')).toBe(4);
    await back.logged(A, 4);
    expect(seqsOf(back)).toEqual([2, 3, 4]);
  });

  it('comes back by itself after its database connections were terminated by the server', async () => {
    const device = await connect(a, WORLD.anna);
    expect(await device.write(A, 'case-1', 'eins ')).toBe(1);

    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    try {
      const ended = await admin.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'lotse_instance_a'",
      );
      expect(ended.rowCount).toBeGreaterThan(0);
    } finally {
      await admin.end();
    }
    expect(await device.closed).toEqual(RECONNECT);

    await expect.poll(async () => (await readyz(a)).status, { timeout: 15_000 }).toBe(200);
    const back = await connect(a, WORLD.anna, device, 1);
    expect(await back.write(A, 'case-1', 'zwei ')).toBe(2);
    expect(back.text(A, 'case-1')).toBe('eins zwei ');
  });
});
