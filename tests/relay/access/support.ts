import { spawn } from 'node:child_process';
import path from 'node:path';
import WebSocket from 'ws';
import { DOC_PATH_PREFIX } from '../../../src/protocol/sync.ts';
import { PROJECT_ROOT } from '../../../sync-server/src/config.ts';
import { wsUrl } from '../sync/support/device-client.ts';

/** A plain y-websocket connection to one doc, as a stock provider opens it, and how it ended. */
export interface DocSocket {
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly isOpen: () => boolean;
  close(): void;
}

/** Opens `/ws/doc/<teamId>/<docId>` with `token`; resolves once the relay accepted it. */
export function openDocSocket(relayUrl: string, token: string, teamId: string, docId: string) {
  const ws = new WebSocket(wsUrl(relayUrl, `${DOC_PATH_PREFIX}${teamId}/${docId}`, { token }));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  return new Promise<DocSocket>((resolve, reject) => {
    ws.once('open', () =>
      resolve({
        closed,
        isOpen: () => ws.readyState === WebSocket.OPEN,
        close: () => ws.close(),
      }),
    );
    ws.once('error', reject);
  });
}

const CLI = path.join(PROJECT_ROOT, 'sync-server/src/admin/cli.ts');

/** Runs the admin CLI as `npm run admin` does: its own process, on the relay's DATA_DIR. */
export function runAdmin(
  dataDir: string,
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}
