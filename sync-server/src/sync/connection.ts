import type { Logger } from 'pino';
import type WebSocket from 'ws';
import { ERRORS, type ErrorCode } from '../../../src/protocol/errors.ts';
import type { Principal } from '../auth/principal.ts';

/**
 * While more than this many bytes wait in a socket's send buffer, a catch-up stream waits for them to be
 * written before it reads the next batch, so a slow device does not make the relay hold its whole log.
 */
export const SEND_HIGH_WATER_BYTES = 4 * 1024 * 1024;

export type Endpoint = 'device' | 'doc';

/**
 * One accepted sync socket and who is on the other end: counts frames for the disconnect log line, closes
 * with our stable codes, and ends the session when the access token expires.
 */
export class Connection {
  readonly openedAt = Date.now();
  framesIn = 0;
  framesOut = 0;
  readonly log: Logger;
  readonly #expiry: NodeJS.Timeout;

  constructor(
    readonly ws: WebSocket,
    readonly principal: Principal,
    readonly endpoint: Endpoint,
    log: Logger,
  ) {
    this.log = log.child({ endpoint, userId: principal.userId, deviceId: principal.deviceId });
    // The socket may not outlive its token; the device refreshes and reconnects, which re-checks its access.
    this.#expiry = setTimeout(
      () => this.close('token-expired', 'The access token expired.'),
      // setTimeout fires at once for delays beyond 2^31 - 1 ms; tokens live far shorter, but never rely on it.
      Math.min(Math.max(0, principal.expiresAt - Date.now()), 2 ** 31 - 1),
    );
    this.#expiry.unref();
    ws.once('close', () => clearTimeout(this.#expiry));
  }

  get open(): boolean {
    return this.ws.readyState === this.ws.OPEN;
  }

  send(data: Uint8Array | string): void {
    if (!this.open) return;
    this.framesOut += 1;
    this.ws.send(data);
  }

  /**
   * Sends and, when the socket's send buffer is above the high-water mark, resolves only once this frame
   * has been written out. Resolves at once when the socket is closed; callers check `open` to stop.
   */
  sendPaced(data: Uint8Array | string): Promise<void> {
    if (!this.open) return Promise.resolve();
    this.framesOut += 1;
    if (this.ws.bufferedAmount < SEND_HIGH_WATER_BYTES) {
      this.ws.send(data);
      return Promise.resolve();
    }
    return new Promise((resolve) => this.ws.send(data, () => resolve()));
  }

  /** Ends the session with the code's close code and the code itself as the reason. */
  close(code: ErrorCode, why: string): void {
    if (this.ws.readyState === this.ws.CLOSING || this.ws.readyState === this.ws.CLOSED) return;
    const level = code === 'token-expired' || code === 'shutting-down' ? 'info' : 'warn';
    this.log[level]({ code, why }, 'closing sync socket');
    this.ws.close(ERRORS[code].ws, code);
  }

  /** Logs the end of the session; called once, when the socket has closed. */
  logDisconnect(closeCode: number, reason: string): void {
    this.log.info(
      {
        teams: this.principal.teamIds.size,
        durationMs: Date.now() - this.openedAt,
        framesIn: this.framesIn,
        framesOut: this.framesOut,
        closeCode,
        reason,
      },
      'sync socket disconnected',
    );
  }
}
