/**
 * `npm run bench`: runs every benchmark, or those named on the command line, and writes one JSON file per
 * benchmark under bench/results/. Benchmarks measure; they never pass or fail on a number.
 */
import { buildIfNeeded } from '../scripts/build-if-needed.ts';
import { benchAttachments } from './attachments.ts';
import { benchBundle } from './bundle.ts';
import { benchCasefile } from './casefile.ts';
import { benchLifecycleDeviceOnly } from './lifecycle-device.ts';
import { benchLifecycle } from './lifecycle.ts';
import { benchReports } from './reports.ts';
import { benchScale } from './scale.ts';
import { benchSecurity } from './security.ts';
import { benchShellStart } from './shell-start.ts';
import { benchSync } from './sync.ts';

const BENCHMARKS: Record<string, () => Promise<void>> = {
  bundle: benchBundle,
  shell: benchShellStart,
  casefile: benchCasefile,
  sync: benchSync,
  security: benchSecurity,
  reports: benchReports,
  attachments: benchAttachments,
  lifecycle: benchLifecycle,
  scale: benchScale,
  // Only the device's part of `lifecycle`, without the hour-long relay part; not run by a bare `npm run bench`.
  'lifecycle-device': benchLifecycleDeviceOnly,
};

/** Parts of a benchmark that the whole run covers already: run only when named. */
const NAMED_ONLY = new Set(['lifecycle-device']);

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !(name in BENCHMARKS));
if (unknown.length > 0) {
  console.error(`Unknown benchmark(s): ${unknown.join(', ')}. Known: ${Object.keys(BENCHMARKS).join(', ')}`);
  process.exit(2);
}

buildIfNeeded();
for (const [name, run] of Object.entries(BENCHMARKS)) {
  if (wanted.length > 0 ? !wanted.includes(name) : NAMED_ONLY.has(name)) continue;
  await run();
}
