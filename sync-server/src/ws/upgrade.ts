import type { IncomingMessage } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { ERRORS, type ErrorBody, type ErrorCode } from '../../../src/protocol/errors.ts';

/** The device socket: one per device, carrying frames for many docs. */
export const DEVICE_SYNC_PATH = '/sync';
/** The per-doc y-websocket endpoint: `/ws/doc/<docId>`. */
export const DOC_SYNC_PREFIX = '/ws/doc/';

/**
 * Refuses an upgrade before any WebSocket handshake, with an ordinary HTTP answer. Clients see the status
 * and our stable error code in the body.
 */
export function refuseUpgrade(socket: Duplex, code: ErrorCode, message: string): void {
  const status = ERRORS[code].http;
  const body = JSON.stringify({ error: code, message } satisfies ErrorBody);
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n` +
      'Connection: close\r\n' +
      'Content-Type: application/json; charset=utf-8\r\n' +
      'Cache-Control: no-store\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/**
 * Routes WebSocket upgrades. The two sync endpoints are reserved here; until the sync engine is in place
 * they answer `sync-unavailable`, and any other path is `not-found`.
 */
export function createUpgradeHandler(log: Logger, isShuttingDown: () => boolean) {
  return (request: IncomingMessage, socket: Duplex, _head: Buffer): void => {
    socket.on('error', (error) => log.debug({ err: error }, 'upgrade socket error'));
    const pathname = new URL(request.url ?? '/', 'http://relay.invalid').pathname;
    if (isShuttingDown()) {
      refuseUpgrade(socket, 'shutting-down', 'The relay is shutting down.');
      return;
    }
    if (pathname === DEVICE_SYNC_PATH || pathname.startsWith(DOC_SYNC_PREFIX)) {
      log.info({ path: pathname }, 'sync upgrade refused: sync is not available on this relay yet');
      refuseUpgrade(socket, 'sync-unavailable', 'Sync is not available on this relay.');
      return;
    }
    log.info({ path: pathname }, 'upgrade refused: unknown path');
    refuseUpgrade(socket, 'not-found', `No WebSocket endpoint at ${pathname}`);
  };
}
