/**
 * Many idle device sockets on one relay: 2,000 devices (200 teams of 10) connect, say hello and are caught up.
 * Measured: the relay process's memory (after a full GC) before and with all of them connected, per socket.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { SyncSocket } from '../../tests/support/sync-socket.ts';
import { mib, round } from '../sync/figures.ts';
import { RelayHandle } from '../sync/relay-handle.ts';

const TEAMS = 200;
const DEVICES_PER_TEAM = 10;
const CONNECT_AT_ONCE = 50;

export async function manySocketsFigure({ base }: { base: string }) {
  const dataDir = await mkdtemp(path.join(base, 'lotse-scale-bench-'));
  const relay = await RelayHandle.start({ dataDir });
  const sockets: SyncSocket[] = [];
  try {
    const teams = Array.from({ length: TEAMS }, (_, t) => `many-${String(t + 1).padStart(3, '0')}`);
    // One case manager per team, with ten devices.
    const users = teams.map((teamId) => ({
      id: `cm-${teamId}`,
      teams: [teamId],
      devices: Array.from({ length: DEVICES_PER_TEAM }, (_, d) => `dev-${teamId}-${d + 1}`),
    }));
    const { tokens } = (await relay.request('accounts', { teams, users })) as {
      tokens: Record<string, string>;
    };
    const devices = users.flatMap((user) =>
      user.devices.map((deviceId) => ({ teamId: user.teams[0]!, token: tokens[deviceId]! })),
    );
    const before = await relay.usage(true);
    const started = performance.now();
    for (let i = 0; i < devices.length; i += CONNECT_AT_ONCE) {
      const group = devices.slice(i, i + CONNECT_AT_ONCE);
      await Promise.all(
        group.map(async ({ teamId, token }) => {
          const socket = await SyncSocket.open(relay.wsUrl, token);
          sockets.push(socket);
          const caughtUp = socket.waitFor(
            'caught-up',
            (frame) => frame.teamId === teamId,
            30_000,
            `caught-up of ${teamId}`,
          );
          socket.hello({ [teamId]: 0 });
          await caughtUp;
        }),
      );
    }
    const connectMs = performance.now() - started;
    const connected = await relay.usage(true);
    const perSocket = (field: 'rss' | 'heapUsed' | 'external') =>
      round((connected.afterGc![field] - before.afterGc![field]) / sockets.length / 1024);
    const figures = {
      name: `${sockets.length} device sockets (${TEAMS} teams of ${DEVICES_PER_TEAM}, one team each), each opened, authenticated by its hello and caught up on an empty log, 50 at a time, then left idle; relay memory after a full GC`,
      dataDir: base,
      sockets: sockets.length,
      connectAllMs: round(connectMs),
      relayMemoryMiB: {
        before: { rss: mib(before.afterGc!.rss), heapUsed: mib(before.afterGc!.heapUsed) },
        connected: { rss: mib(connected.afterGc!.rss), heapUsed: mib(connected.afterGc!.heapUsed) },
      },
      perSocketKiB: {
        rss: perSocket('rss'),
        heapUsed: perSocket('heapUsed'),
        external: perSocket('external'),
      },
    };
    console.log(
      `scale: ${sockets.length} sockets on one relay: ${figures.perSocketKiB.rss} KiB RSS, ${figures.perSocketKiB.heapUsed} KiB heap per socket`,
    );
    return figures;
  } finally {
    await Promise.all(sockets.map((socket) => socket.close()));
    await relay.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
