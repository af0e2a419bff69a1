import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { CHROMIUM_ARGS } from '../../support/chromium.ts';

/** Debian's Chromium, headless, with a fresh profile (Playwright makes one per launch). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: inject('chromiumPath'), headless: true, args: CHROMIUM_ARGS });
}

/**
 * Chromium with a real (not incognito) profile in a fresh user-data dir, removed again on close. Chromium
 * refuses to install apps from incognito windows, so installability can only be judged in one of these.
 */
export async function launchChromiumWithProfile(): Promise<{
  context: BrowserContext;
  close: () => Promise<void>;
}> {
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'lotse-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: inject('chromiumPath'),
    headless: true,
    args: CHROMIUM_ARGS,
  });
  return {
    context,
    async close() {
      await context.close();
      // Chromium's helper processes may still be flushing the profile for a moment after close.
      await rm(userDataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    },
  };
}

export interface PageProblems {
  /** Console errors (Content-Security-Policy violations among them) and uncaught exceptions. */
  errors: string[];
  /** Requests (and sync sockets) that got no answer, as `pathname (reason)`. */
  failedRequests: string[];
}

/**
 * Collects what went wrong on a page while a test used it. Failed network loads are kept apart from other
 * errors, with their URL, because offline tests expect exactly the relay probes to fail.
 */
export function collectPageProblems(page: Page): PageProblems {
  const problems: PageProblems = { errors: [], failedRequests: [] };
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    if (message.text().startsWith('Failed to load resource')) return;
    // The browser's own report of a sync socket that could not connect (offline, relay gone) is a failed
    // request like any other, kept without its URL: the URL carries the access token.
    const socket = /^WebSocket connection to '([^']+)' failed: (.*)$/.exec(message.text());
    if (socket) {
      problems.failedRequests.push(
        `${new URL(socket[1]!).pathname} (websocket: ${socket[2]!.split(': ').at(-1)})`,
      );
      return;
    }
    problems.errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.errors.push(`exception: ${error.message}`));
  page.on('requestfailed', (request) => {
    const reason = request.failure()?.errorText ?? 'failed';
    // A reload or navigation cancels the app's code still loading on demand (the workspace after the
    // PIN, a screen): the new page loads it again. Code that is missing fails otherwise (offline:
    // ERR_INTERNET_DISCONNECTED; from the server: a 404 the screen reports).
    if (reason === 'net::ERR_ABORTED' && /^\/assets\/[^/]+\.js$/.test(new URL(request.url()).pathname))
      return;
    problems.failedRequests.push(`${new URL(request.url()).pathname} (${reason})`);
  });
  return problems;
}

/**
 * Failed requests other than the ones that must fail offline: the relay probe (`/healthz`), the sync
 * socket (`/sync`), and a token renewal attempted while the network is off. Everything else the app needs
 * comes from the service worker's cache.
 */
export function unexpectedFailures(problems: PageProblems): string[] {
  return problems.failedRequests.filter(
    (request) =>
      !/^\/(healthz|sync)\b/.test(request) &&
      !/^\/api\/auth\/refresh \(net::ERR_INTERNET_DISCONNECTED\)$/.test(request) &&
      // The team's member names are asked for at start and when the connection returns; offline, with the
      // relay gone, or cut off by a reload, the device keeps its last answer.
      !/^\/api\/team-members \(net::(ERR_ABORTED|ERR_INTERNET_DISCONNECTED|ERR_CONNECTION_REFUSED)\)$/.test(
        request,
      ) &&
      // The locked app's question whether its device was revoked, cut off by a reload or the network.
      !/^\/api\/devices\/[^/]+\/status \(net::(ERR_ABORTED|ERR_INTERNET_DISCONNECTED)\)$/.test(request),
  );
}
