import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { TokenService } from '../../../sync-server/src/auth/tokens.ts';
import { openPostgresStore } from '../../../sync-server/src/storage/postgres.ts';
import { releaseTestDatabase, schemaDatabaseUrl } from '../../support/postgres.ts';
import { spawnRelay, type RelayProcess } from '../../support/relay-process.ts';
import { DeviceClient, type Received } from '../sync/support/device-client.ts';
import { seedWorld, tokenFor, WORLD, type Person } from '../sync/support/world.ts';

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

afterAll(releaseTestDatabase, 60_000);

async function start(env: Record<string, string>): Promise<{ relay: RelayProcess; url: string }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'lotse-instance-kill-'));
  dirs.push(dataDir);
  const relay = spawnRelay({ PORT: '0', LOG_LEVEL: 'info', DATA_DIR: dataDir, ...env });
  running.push(relay);
  const ready = await relay.waitForLog((line) => typeof line.url === 'string');
  return { relay, url: ready.url as string };
}

/** Keeps four pushes of `device` in flight, each followed by the next once answered, until its socket dies. */
function pushUntilClosed(device: DeviceClient, docId: string, labels: Map<number, string>, prefix: string) {
  let next = 0;
  const pushing = async (): Promise<void> => {
    while (device.isOpen) {
      const label = `${prefix}${next++};`;
      const ref = device.sendPush(A, docId, device.edit(A, docId, label));
      labels.set(ref, label);
      const answered = (e: Received) => e.kind === 'control' && 'ref' in e.frame && e.frame.ref === ref;
      await device.waitFor(answered, `the answer to ${ref}`).catch(() => {});
    }
  };
  return Array.from({ length: 4 }, pushing);
}

const acksOf = (device: DeviceClient) =>
  device.controls().flatMap((frame) => (frame.type === 'ack' ? [frame] : []));

describe('two relay processes on one PostgreSQL, one killed under load', () => {
  // Two relay processes start, take load and one dies: more than the default 20 s on a busy machine.
  it(
    'loses no update either acknowledged, and the survivor serves them all',
    { timeout: 90_000 },
    async () => {
      const databaseUrl = await schemaDatabaseUrl('instance_kill');
      // The people exist before the relays start: seed the schema they will share.
      const seeding = await openPostgresStore(databaseUrl);
      await seedWorld(seeding);
      await seeding.close();
      const secret = randomBytes(48).toString('base64url');
      const tokens = new TokenService(new TextEncoder().encode(secret), 900);
      const env = { DATABASE_URL: databaseUrl, TOKEN_SECRET: secret };
      const doomed = await start(env);
      const survivor = await start(env);

      const connect = async (url: string, person: Person) => {
        const device = await DeviceClient.connect(url, await tokenFor(tokens, person));
        clients.push(device);
        await device.control('caught-up', (frame) => frame.teamId === A);
        return device;
      };
      const onDoomed = await connect(doomed.url, WORLD.anna);
      const onSurvivor = await connect(survivor.url, WORLD.annaSecond);
      const doomedLabels = new Map<number, string>();
      const survivorLabels = new Map<number, string>();
      const pushers = [
        ...pushUntilClosed(onDoomed, 'case-kill', doomedLabels, 'a'),
        ...pushUntilClosed(onSurvivor, 'case-kill', survivorLabels, 'b'),
      ];
      const target = 20 + Math.floor(Math.random() * 60);
      await onDoomed.waitFor(() => acksOf(onDoomed).length >= target, `${target} acks`);
      doomed.relay.child.kill('SIGKILL');
      expect((await doomed.relay.exited).signal).toBe('SIGKILL');
      await onDoomed.closed;
      // The survivor keeps taking pushes after the kill.
      const afterKill = acksOf(onSurvivor).length;
      await onSurvivor.waitFor(() => acksOf(onSurvivor).length >= afterKill + 10, 'acks after the kill');
      await onSurvivor.close();
      await Promise.all(pushers);

      const reader = await connect(survivor.url, WORLD.annaThird);
      const logged = reader.logEntries(A).map((entry) => entry.seq);
      expect(logged).toEqual([...logged].sort((a, b) => a - b));
      expect(new Set(logged).size).toBe(logged.length);
      const text = reader.text(A, 'case-kill');
      for (const [device, labels] of [
        [onDoomed, doomedLabels],
        [onSurvivor, survivorLabels],
      ] as const) {
        for (const ack of acksOf(device)) {
          expect(logged, `acked seq ${ack.seq}`).toContain(ack.seq);
          expect(text).toContain(labels.get(ack.ref));
        }
      }
    },
  );
});
