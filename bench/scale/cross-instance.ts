/**
 * Two relay instances on one PostgreSQL schema, as behind a load balancer: each team has half its devices on
 * either instance, and every update one device pushes reaches the others of its team through the log notice
 * of the instance that appended it. Measured: from sending the push on one instance to receiving the entry
 * on the other.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { percentile, round } from '../sync/figures.ts';
import { setUpPushLoad } from '../sync/push-bench.ts';
import { runPushLoad } from '../sync/push-load.ts';
import { RelayHandle } from '../sync/relay-handle.ts';

const IN_FLIGHT = 4;

export async function crossInstanceFigure(
  states: Map<string, Uint8Array>,
  databaseUrl: string,
  { rate, durationMs }: { rate: number; durationMs: number },
) {
  const dirs = await Promise.all([0, 1].map(() => mkdtemp(path.join(tmpdir(), 'lotse-scale-bench-'))));
  // One key signs the access tokens on both, so that a device's token is good on either.
  const tokenSecret = randomBytes(32).toString('base64');
  const relays: RelayHandle[] = [];
  try {
    // One after the other: the first migrates the schema.
    for (const dataDir of dirs) relays.push(await RelayHandle.start({ dataDir, databaseUrl, tokenSecret }));
    const [first, second] = relays as [RelayHandle, RelayHandle];
    const { devices, cursors } = await setUpPushLoad(first, states);
    // Alternate the devices of each team between the instances.
    const placed = devices.map((device, i) => ({ ...device, wsUrl: (i % 2 === 0 ? first : second).wsUrl }));
    const load = await runPushLoad(
      first.wsUrl,
      placed,
      cursors,
      { durationMs, ratePerDevice: rate, maxInFlight: IN_FLIGHT, trackDelivery: true },
      { connected: async () => {}, drained: async () => {} },
    );
    const seconds = load.windowMs / 1000;
    const figures = {
      name: `${load.devices} devices (20 teams of 10; 5 of each team on either instance), each adding a sentence to a contact note ${rate}×/s for ${durationMs / 1000} s; delivery is FRAME_PUSH sent on one instance → the FRAME_LOG entry received by a device of the team on the other instance, for every such pair`,
      target: 'p99 under 100 ms',
      offeredPerSecond: round(load.offered / seconds),
      ackedPerSecond: round(load.ackedInWindow / seconds),
      deliveries: load.deliveryMs.length,
      deliveryMs: {
        p50: percentile(load.deliveryMs, 50),
        p95: percentile(load.deliveryMs, 95),
        p99: percentile(load.deliveryMs, 99),
        max: percentile(load.deliveryMs, 100),
      },
      ackLatencyMs: {
        p50: percentile(load.latencies, 50),
        p99: percentile(load.latencies, 99),
      },
    };
    console.log(
      `scale: two instances on PostgreSQL, ${figures.ackedPerSecond} acks/s: delivery to the other instance p50 ${figures.deliveryMs.p50} ms, p99 ${figures.deliveryMs.p99} ms`,
    );
    return figures;
  } finally {
    await Promise.all(relays.map((relay) => relay.close()));
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  }
}
