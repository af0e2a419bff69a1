import type { Logger } from 'pino';
import { ERRORS } from '../../../src/protocol/errors.ts';
import type { RelaySocket } from './relay-socket.ts';

/** How often the relay pings its sockets; one unanswered ping ends a socket. */
export const HEARTBEAT_MS = 30_000;

/**
 * Every open sync socket of this relay, so that shutdown can close them with 1001 ("going away") instead
 * of cutting the TCP connection, and a heartbeat can end sockets whose peer vanished without a close.
 */
export class SocketRegistry {
  readonly #sockets = new Set<RelaySocket>();
  readonly #byDevice = new Map<string, Set<RelaySocket>>();
  readonly #heartbeat: NodeJS.Timeout;
  readonly #log: Logger;

  constructor(log: Logger, heartbeatMs = HEARTBEAT_MS) {
    this.#log = log;
    this.#heartbeat = setInterval(() => this.#beat(), heartbeatMs);
    this.#heartbeat.unref();
  }

  add(ws: RelaySocket, deviceId: string): void {
    this.#sockets.add(ws);
    let ofDevice = this.#byDevice.get(deviceId);
    if (!ofDevice) this.#byDevice.set(deviceId, (ofDevice = new Set()));
    ofDevice.add(ws);
    ws.on('pong', () => (ws.alive = true));
    ws.once('close', () => {
      this.#sockets.delete(ws);
      ofDevice.delete(ws);
      if (ofDevice.size === 0 && this.#byDevice.get(deviceId) === ofDevice) this.#byDevice.delete(deviceId);
    });
  }

  /** The device ids with at least one open socket. */
  devices(): string[] {
    return [...this.#byDevice.keys()];
  }

  /**
   * Closes every socket of the device with the `device-revoked` close code, at once; resolves how many
   * there were. The app reads the code and wipes its local data.
   */
  closeDevice(deviceId: string): number {
    const sockets = [...(this.#byDevice.get(deviceId) ?? [])];
    for (const ws of sockets) ws.close(ERRORS['device-revoked'].ws, 'device-revoked');
    if (sockets.length > 0)
      this.#log.info({ deviceId, sockets: sockets.length }, 'closed sockets of a revoked device');
    return sockets.length;
  }

  get size(): number {
    return this.#sockets.size;
  }

  /**
   * Closes every socket with 1001 and the reason `shutting-down`, and resolves once all have closed, or
   * after `graceMs`, when whatever is left is cut.
   */
  async closeAll(graceMs: number): Promise<void> {
    clearInterval(this.#heartbeat);
    const sockets = [...this.#sockets];
    if (sockets.length === 0) return;
    const closed = sockets.map((ws) => new Promise<void>((resolve) => ws.once('close', () => resolve())));
    for (const ws of sockets) ws.close(ERRORS['shutting-down'].ws, 'shutting-down');
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), graceMs)));
    const outcome = await Promise.race([Promise.all(closed), late]);
    clearTimeout(timer);
    if (outcome === 'late') {
      this.#log.warn({ sockets: this.#sockets.size }, 'sync sockets did not close in time; cutting them');
      for (const ws of this.#sockets) ws.terminate();
    }
  }

  #beat(): void {
    for (const ws of this.#sockets) {
      if (!ws.alive) {
        this.#log.info('sync socket did not answer a ping; ending it');
        ws.terminate();
        continue;
      }
      ws.alive = false;
      ws.ping();
    }
  }
}
