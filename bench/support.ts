import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const RESULTS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');

export interface Distribution {
  runs: number;
  p50: number;
  p95: number;
  min: number;
  max: number;
}

/** Percentiles of a list of measurements (nearest-rank), rounded to 0.1. */
export function distribution(samples: number[]): Distribution {
  if (samples.length === 0) throw new Error('no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
  const round = (value: number) => Math.round(value * 10) / 10;
  return {
    runs: sorted.length,
    p50: round(rank(50)),
    p95: round(rank(95)),
    min: round(sorted[0]!),
    max: round(sorted.at(-1)!),
  };
}

/** Writes `bench/results/<name>.json` with the machine it ran on, and returns the path. */
export async function writeResult(name: string, result: Record<string, unknown>): Promise<string> {
  await mkdir(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${name}.json`);
  const machine = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
  };
  await writeFile(
    file,
    `${JSON.stringify({ name, date: new Date().toISOString(), machine, ...result }, null, 2)}\n`,
  );
  return file;
}
