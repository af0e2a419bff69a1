import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TokenService } from '../../../sync-server/src/auth/tokens.ts';
import { openSqliteStore, SQLITE_FILE_NAME } from '../../../sync-server/src/storage/sqlite.ts';
import { spawnRelay, type RelayProcess } from '../../support/relay-process.ts';
import { DeviceClient, type Received } from './support/device-client.ts';
import { seedWorld, tokenFor, WORLD } from './support/world.ts';

const A = WORLD.teamA;
const running: RelayProcess[] = [];
const clients: DeviceClient[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) if (client.isOpen) await client.close();
  for (const relay of running.splice(0)) {
    if (relay.child.exitCode === null && relay.child.signalCode === null) relay.child.kill('SIGKILL');
    await relay.exited;
  }
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function start(env: Record<string, string>): Promise<{ relay: RelayProcess; url: string }> {
  const relay = spawnRelay({ PORT: '0', LOG_LEVEL: 'info', ...env });
  running.push(relay);
  const ready = await relay.waitForLog((line) => typeof line.url === 'string');
  return { relay, url: ready.url as string };
}

describe('a relay process killed while a device pushes', () => {
  it('keeps every update it acknowledged before the kill', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'lotse-sync-kill-'));
    dirs.push(dataDir);
    // The relay needs its people before it starts: seed the database file it will open.
    const seeding = await openSqliteStore(path.join(dataDir, SQLITE_FILE_NAME));
    await seedWorld(seeding);
    await seeding.close();
    const secret = randomBytes(48).toString('base64url');
    const tokens = new TokenService(new TextEncoder().encode(secret), 900);
    const env = { DATA_DIR: dataDir, TOKEN_SECRET: secret };

    const first = await start(env);
    const token = await tokenFor(tokens, WORLD.anna);
    const device = await DeviceClient.connect(first.url, token);
    clients.push(device);
    await device.control('caught-up');
    // The relay logs who connected, never the token from the URL.
    const connected = await first.relay.waitForLog((line) => line.msg === 'sync socket connected');
    expect(connected).toMatchObject({ userId: WORLD.anna.userId, deviceId: WORLD.anna.deviceId, teams: 1 });
    expect(JSON.stringify(first.relay.logs)).not.toContain(token);

    // Four pushes stay in flight continuously, each followed by the next once it is answered, until the
    // socket dies.
    const labels = new Map<number, string>();
    let next = 0;
    const pushing = async (): Promise<void> => {
      while (device.isOpen) {
        const label = `${next++};`;
        const ref = device.sendPush(A, 'case-kill', device.edit(A, 'case-kill', label));
        labels.set(ref, label);
        const answered = (e: Received) => e.kind === 'control' && 'ref' in e.frame && e.frame.ref === ref;
        await device.waitFor(answered, `the answer to ${ref}`).catch(() => {});
      }
    };
    const pushers = Array.from({ length: 4 }, pushing);
    const acks = () => device.controls().filter((frame) => frame.type === 'ack');
    const target = 20 + Math.floor(Math.random() * 60);
    await device.waitFor(() => acks().length >= target, `${target} acks`);
    first.relay.child.kill('SIGKILL');
    const { signal } = await first.relay.exited;
    expect(signal).toBe('SIGKILL');
    await device.closed;
    await Promise.all(pushers);
    const acked = acks().flatMap((frame) => (frame.type === 'ack' ? [frame] : []));
    expect(acked.length).toBeGreaterThanOrEqual(target);

    const second = await start(env);
    const reader = await DeviceClient.connect(second.url, await tokenFor(tokens, WORLD.annaThird));
    clients.push(reader);
    await reader.control('caught-up');
    const logged = new Set(reader.logEntries(A).map((entry) => entry.seq));
    const text = reader.text(A, 'case-kill');
    for (const ack of acked) {
      expect(logged.has(ack.seq), `acked seq ${ack.seq}`).toBe(true);
      expect(text).toContain(labels.get(ack.ref));
    }
  });
});
