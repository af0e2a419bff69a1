import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.join(ROOT, 'dist');
const STAMP = path.join(DIST, '.source-hash');

/** Everything the built app depends on. */
const INPUTS = [
  'src',
  'public',
  'index.html',
  'vite.config.ts',
  'svelte.config.js',
  'package.json',
  'package-lock.json',
];

function* files(entry: string): Generator<string> {
  const full = path.join(ROOT, entry);
  if (!existsSync(full)) return;
  if (statSync(full).isDirectory()) {
    for (const child of readdirSync(full).sort()) yield* files(path.join(entry, child));
  } else {
    yield entry;
  }
}

/** A hash of the app's sources; the build is current when dist/ was made from exactly these. */
export function sourceHash(): string {
  const hash = createHash('sha256');
  for (const input of INPUTS) {
    for (const file of files(input)) {
      hash
        .update(file)
        .update('\0')
        .update(readFileSync(path.join(ROOT, file)))
        .update('\0');
    }
  }
  return hash.digest('hex');
}

/** Builds the app unless dist/ already holds a build of the current sources. Returns whether it built. */
export function buildIfNeeded(log: (line: string) => void = console.log): boolean {
  const wanted = sourceHash();
  const current = existsSync(STAMP) ? readFileSync(STAMP, 'utf8').trim() : '';
  if (current === wanted && existsSync(path.join(DIST, 'index.html'))) return false;
  log('Building the app (npm run build) …');
  // A child process with NODE_ENV=production: a test runner's NODE_ENV=test would otherwise give a
  // development build (no service worker registration, dev-only checks left in).
  const result = spawnSync(
    process.execPath,
    [path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'],
    {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  if (result.status !== 0) throw new Error(`The app build failed (exit ${result.status ?? result.signal}).`);
  writeFileSync(STAMP, `${wanted}\n`);
  log('Build finished.');
  return true;
}
