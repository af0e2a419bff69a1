import WebSocket from 'ws';
import { PROTOCOL_VERSION } from '../../../../src/protocol/health.ts';
import { encodeControl, SYNC_PATH } from '../../../../src/protocol/sync.ts';
import { wsUrl } from './device-client.ts';

/** Tries a WebSocket upgrade at `url` and resolves with the HTTP answer the relay gave instead. */
export function refusedUpgrade(url: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.on('open', () => {
      socket.close();
      reject(new Error(`${new URL(url).pathname} accepted the upgrade`));
    });
    socket.on('unexpected-response', (_request, response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) }));
    });
    socket.on('error', () => {
      // 'unexpected-response' has the details; ws also reports the refused handshake as an error.
    });
  });
}

/** How a socket that the relay accepted only to refuse it ended. */
export interface RefusedSocket {
  code: number;
  reason: string;
  /** Frames the relay sent before closing; a refused socket is served none. */
  frames: number;
}

/**
 * Opens a device socket on the relay at `relayUrl`, says hello with `token` as the app does (or sends
 * `first` instead), and resolves with the close code and reason the relay ended it with. Rejects when the
 * relay answers the upgrade over HTTP instead.
 */
export function refusedSocket(
  relayUrl: string,
  token: string,
  options: { v?: string; first?: string | Uint8Array } = {},
): Promise<RefusedSocket> {
  const url = wsUrl(relayUrl, SYNC_PATH, { v: options.v ?? String(PROTOCOL_VERSION) });
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    let frames = 0;
    socket.on('open', () =>
      socket.send(options.first ?? encodeControl({ type: 'hello', token, cursors: {} })),
    );
    socket.on('message', () => (frames += 1));
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString(), frames }));
    socket.on('unexpected-response', (_request, response) => {
      response.resume();
      reject(new Error(`${new URL(url).pathname} was refused over HTTP with ${response.statusCode}`));
    });
    socket.on('error', () => {
      // A refused handshake rejects above; a close after the handshake resolves above.
    });
  });
}
