import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ERRORS } from '../../src/protocol/errors.ts';
import { TokenService } from '../../sync-server/src/auth/tokens.ts';
import { openPostgresStore } from '../../sync-server/src/storage/postgres.ts';
import { releaseTestDatabase, schemaDatabaseUrl } from '../support/postgres.ts';
import { spawnRelay, type RelayProcess } from '../support/relay-process.ts';
import { TcpGate } from '../support/tcp-gate.ts';
import { DeviceClient } from './sync/support/device-client.ts';
import { seedWorld, tokenFor, WORLD } from './sync/support/world.ts';

const A = WORLD.teamA;
const PUSHES_PER_DEVICE = 12;

let running: RelayProcess | undefined;
let dataDir = '';
let gate: TcpGate | undefined;
const clients: DeviceClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => (client.isOpen ? client.close() : undefined)));
  if (running && running.child.exitCode === null && running.child.signalCode === null) {
    running.child.kill('SIGKILL');
    await running.exited;
  }
  running = undefined;
  await gate?.close();
  await rm(dataDir, { recursive: true, force: true });
});

afterAll(releaseTestDatabase, 60_000);

/** The relay as `npm run relay` starts it, on `databaseUrl`; resolves its URL once it listens. */
async function start(databaseUrl: string, secret: string): Promise<string> {
  running = spawnRelay({
    PORT: '0',
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'info',
    TOKEN_SECRET: secret,
  });
  const ready = await running.waitForLog((line) => typeof line.url === 'string');
  return ready.url as string;
}

describe('a relay stopped with SIGTERM', () => {
  it('stores and acknowledges the pushes it took before it closes its sockets, and keeps every one it acknowledged', async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'lotse-drain-'));
    const databaseUrl = await schemaDatabaseUrl('drain');
    const seeding = await openPostgresStore(databaseUrl);
    await seedWorld(seeding);
    await seeding.close();
    const secret = randomBytes(32).toString('base64');
    const tokens = new TokenService(new TextEncoder().encode(secret), 900);

    // The relay reaches its database over a slow network, so that its appends take a while each: the
    // signal then comes while some are under way.
    const { hostname, port } = new URL(databaseUrl);
    gate = await TcpGate.open(hostname, Number(port), { latencyMs: 10 });
    const url = await start(gate.through(databaseUrl), secret);
    const devices = [];
    for (const person of [WORLD.anna, WORLD.annaSecond]) {
      const device = await DeviceClient.connect(url, await tokenFor(tokens, person));
      clients.push(device);
      await device.control('caught-up', (frame) => frame.teamId === A);
      devices.push(device);
    }

    // Both devices push without waiting for acks; the signal comes while the relay works through them.
    const texts = new Map<string, string>();
    devices.forEach((device, d) => {
      for (let i = 0; i < PUSHES_PER_DEVICE; i++) {
        const docId = `case-${d}-${i % 5}`;
        const ref = device.sendPush(A, docId, device.edit(A, docId, `d${d}p${i} `));
        texts.set(`${d}:${ref}`, `d${d}p${i} `);
      }
    });
    await devices[0]!.control('ack');
    running!.child.kill('SIGTERM');
    const ackedBeforeSignal = devices.map(
      (device) => device.controls().filter((f) => f.type === 'ack').length,
    );

    for (const device of devices) {
      expect(await device.closed).toEqual({ code: ERRORS['shutting-down'].ws, reason: 'shutting-down' });
    }
    const { code } = await running!.exited;
    expect(code).toBe(0);
    expect(running!.logs.at(-1)?.msg, JSON.stringify(running!.logs.slice(-5))).toBe('relay stopped');

    const acked = devices.flatMap((device, d) =>
      device.controls().flatMap((frame) => (frame.type === 'ack' ? [{ d, ...frame }] : [])),
    );
    // Pushes that came after the signal are refused for now; the device sends them again elsewhere.
    const refused = devices.flatMap((device) => device.controls().filter((frame) => frame.type === 'error'));
    expect(refused.every((frame) => frame.type === 'error' && frame.code === 'shutting-down')).toBe(true);
    // Most were acknowledged after the signal: the drain finished them rather than cutting them off.
    const ackedAfterSignal = acked.length - ackedBeforeSignal.reduce((sum, n) => sum + n, 0);
    expect(ackedAfterSignal).toBeGreaterThan(0);

    // After a restart, the log holds exactly what was acknowledged: nothing acked was lost, and nothing it
    // stored went unacknowledged (the sockets stayed open for the acks until the appends were done).
    const url2 = await start(databaseUrl, secret);
    const reader = await DeviceClient.connect(url2, await tokenFor(tokens, WORLD.annaThird));
    clients.push(reader);
    await reader.control('caught-up', (frame) => frame.teamId === A);
    const logged = reader.logEntries(A).map((entry) => entry.seq);
    expect(logged).toEqual(acked.map((ack) => ack.seq).sort((x, y) => x - y));
    const everything = devices
      .flatMap((_, d) => [0, 1, 2, 3, 4].map((n) => reader.text(A, `case-${d}-${n}`)))
      .join('');
    for (const ack of acked) expect(everything).toContain(texts.get(`${ack.d}:${ack.ref}`));
  }, 60_000);
});
