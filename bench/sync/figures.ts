/** Small helpers the sync benchmark's figures share: rounding, percentiles, relay usage, seeding. */
import v8 from 'node:v8';
import vm from 'node:vm';
import type { RelayHandle, Usage } from './relay-handle.ts';

// `gc()` without starting Node with --expose-gc: the flag set at run time shows up in a fresh context.
v8.setFlagsFromString('--expose-gc');
/**
 * A full garbage collection in this process, before a long run that builds 1,000 docs, so that it does not
 * pay for the garbage the previous run left. Not before short runs: the sweeping that follows would.
 */
export const collectGarbage = vm.runInNewContext('gc') as () => void;

export const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;
export const cpuMs = (from: Usage, to: Usage) =>
  round((to.cpu.user + to.cpu.system - from.cpu.user - from.cpu.system) / 1000);
export const mib = (bytes: number) => round(bytes / 2 ** 20);

/** Nearest-rank percentile, as support.ts computes p50 and p95; for p99 and the like. */
export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!);
}

export function memory(usage: Usage) {
  const after = usage.afterGc ?? usage.memory;
  return { rssMiB: mib(after.rss), heapUsedMiB: mib(after.heapUsed), externalMiB: mib(after.external) };
}

/** Appends each doc's updates to the team's log, 100 docs per request; resolves the team's latest seq. */
export async function seedTeam(
  relay: RelayHandle,
  teamId: string,
  docs: { id: string; updates: Uint8Array[] }[],
) {
  let latest = 0;
  for (let i = 0; i < docs.length; i += 100) {
    const reply = await relay.request('seed', {
      teamId,
      userId: 'cm-seed',
      deviceId: 'dev-seed',
      docs: docs.slice(i, i + 100).map(({ id, updates }) => ({ id, updates })),
    });
    latest = reply.latest as number;
  }
  return latest;
}

export interface Measured<T> {
  value: T;
  relayCpuMs: number;
}

/** Runs `work` and reports the relay process's CPU time meanwhile (all its threads). */
export async function measure<T>(relay: RelayHandle, work: () => Promise<T>): Promise<Measured<T>> {
  const before = await relay.usage();
  const value = await work();
  return { value, relayCpuMs: cpuMs(before, await relay.usage()) };
}
