import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const RESULTS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');
const REPO_DIR = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/**
 * Below this many runs a nearest-rank p95 is simply the slowest run, so it is not reported as a p95: the
 * result says `max` instead, and the README quotes it as such.
 */
export const MIN_RUNS_FOR_P95 = 20;

export interface Distribution {
  runs: number;
  p50: number;
  /** Only with at least MIN_RUNS_FOR_P95 runs; with fewer, read `max`. */
  p95?: number;
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
    ...(sorted.length >= MIN_RUNS_FOR_P95 ? { p95: round(rank(95)) } : {}),
    min: round(sorted[0]!),
    max: round(sorted.at(-1)!),
  };
}

/** The tail of a distribution as it may honestly be named: its p95, or its maximum when runs are few. */
export function tail(d: Distribution): { label: 'p95' | 'max'; value: number } {
  return d.p95 === undefined ? { label: 'max', value: d.max } : { label: 'p95', value: d.p95 };
}

/** "p50 12 ms, p95 20 ms (30 runs)" or "p50 12 ms, max 20 ms (7 runs)", for the console. */
export function describeDistribution(d: Distribution): string {
  const { label, value } = tail(d);
  return `p50 ${d.p50} ms, ${label} ${value} ms (${d.runs} runs)`;
}

function git(args: string[]): string | undefined {
  try {
    return execFileSync('git', args, {
      cwd: REPO_DIR,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trimEnd();
  } catch {
    return undefined;
  }
}

/**
 * The commit a result was measured on, and whether the work tree differed from it (result files aside), so
 * that a number can always be traced to the code that produced it.
 */
export function measuredCode(): { commit: string | null; dirty: boolean | null; changedFiles?: string[] } {
  const commit = git(['rev-parse', 'HEAD']);
  if (commit === undefined) return { commit: null, dirty: null };
  const changed = (git(['status', '--porcelain', '--', '.', ':(exclude)bench/results']) ?? '')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => line.slice(3));
  return changed.length === 0
    ? { commit, dirty: false }
    : { commit, dirty: true, changedFiles: changed.slice(0, 50) };
}

/** Writes `bench/results/<name>.json` with the machine and the commit it ran on, and returns the path. */
export async function writeResult(name: string, result: Record<string, unknown>): Promise<string> {
  await mkdir(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${name}.json`);
  const machine = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    loadAverage1m: Math.round(os.loadavg()[0]! * 100) / 100,
  };
  await writeFile(
    file,
    `${JSON.stringify({ name, date: new Date().toISOString(), code: measuredCode(), machine, ...result }, null, 2)}\n`,
  );
  return file;
}
