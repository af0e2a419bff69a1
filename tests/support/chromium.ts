import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import path from 'node:path';

const CANDIDATES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

/** Flags that let Chromium run headless on a locked-down machine with no network beyond localhost. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const file = path.join(dir, name);
    if (dir && executable(file)) return file;
  }
  return undefined;
}

/** CHROME_PATH if set, else the first Chromium or Chrome on PATH. */
export function findChromium(): string | undefined {
  const configured = process.env.CHROME_PATH;
  if (configured) {
    if (!executable(configured)) throw new Error(`CHROME_PATH=${configured} is not an executable file.`);
    return configured;
  }
  for (const name of CANDIDATES) {
    const found = onPath(name);
    if (found) return found;
  }
  return undefined;
}

const HOW_TO_INSTALL =
  'The browser tests need Chromium. Install it and run the tests again:\n' +
  '  Debian/Ubuntu:  sudo apt-get update && sudo apt-get install -y chromium\n' +
  '  elsewhere:      install Chromium or Chrome and set CHROME_PATH=/path/to/chrome\n' +
  "(Playwright's own browser download is not used.)";

/**
 * Finds Chromium; as root on Debian or Ubuntu, installs Debian's `chromium` package when none is found.
 * Anywhere else a missing browser fails the run with instructions: the browser layer is never skipped.
 */
export function ensureChromium(log: (line: string) => void): string {
  const found = findChromium();
  if (found) return found;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const isDebian = existsSync('/etc/debian_version');
  if (!isRoot || !isDebian) throw new Error(`No Chromium found.\n${HOW_TO_INSTALL}`);

  log('No Chromium found; installing Debian\'s "chromium" package with apt-get …');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', '--no-install-recommends', 'chromium'],
  ]) {
    const result = spawnSync('apt-get', args, { env, stdio: ['ignore', 'inherit', 'inherit'] });
    if (result.status !== 0) {
      throw new Error(`apt-get ${args.join(' ')} failed (exit ${result.status}).\n${HOW_TO_INSTALL}`);
    }
  }
  const installed = findChromium();
  if (!installed) throw new Error(`apt-get installed chromium, but it is not on PATH.\n${HOW_TO_INSTALL}`);
  return installed;
}

export function chromiumVersion(executablePath: string): string {
  return execFileSync(executablePath, ['--version'], { encoding: 'utf8' }).trim();
}
