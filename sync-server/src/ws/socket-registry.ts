import type { Logger } from 'pino';
import { ERRORS, type ErrorCode } from '../../../src/protocol/errors.ts';
import type { AccessChange } from '../auth/access-events.ts';
import type { AccessEnded, Connection } from '../sync/connection.ts';
import type { RelaySocket } from './relay-socket.ts';

/** How often the relay pings its sockets; one unanswered ping ends a socket. */
export const HEARTBEAT_MS = 30_000;

/** Whose access the open sockets rest on, per user: what the access sweep checks. */
export interface AccessInUse {
  userId: string;
  deviceIds: ReadonlySet<string>;
  teamIds: ReadonlySet<string>;
}

/** Adds `value` to the set under `key`, creating it; returns a function that takes it out again. */
function index<K, V>(map: Map<K, Set<V>>, key: K, value: V): () => void {
  let values = map.get(key);
  if (!values) map.set(key, (values = new Set()));
  values.add(value);
  return () => {
    values.delete(value);
    if (values.size === 0 && map.get(key) === values) map.delete(key);
  };
}

/**
 * Every open sync socket of this relay, so that shutdown can close them with 1001 ("going away") instead
 * of cutting the TCP connection, a heartbeat can end sockets whose peer vanished without a close, and an
 * access change (../auth/access-events.ts) closes the sockets of whoever lost access.
 */
export class SocketRegistry {
  readonly #sockets = new Set<RelaySocket>();
  readonly #byDevice = new Map<string, Set<Connection>>();
  readonly #byUser = new Map<string, Set<Connection>>();
  readonly #heartbeat: NodeJS.Timeout;
  readonly #log: Logger;

  constructor(log: Logger, heartbeatMs = HEARTBEAT_MS) {
    this.#log = log;
    this.#heartbeat = setInterval(() => this.#beat(), heartbeatMs);
    this.#heartbeat.unref();
  }

  add(ws: RelaySocket, conn: Connection): void {
    this.#sockets.add(ws);
    const unindex = [
      index(this.#byDevice, conn.principal.deviceId, conn),
      index(this.#byUser, conn.principal.userId, conn),
    ];
    ws.on('pong', () => (ws.alive = true));
    ws.once('close', () => {
      this.#sockets.delete(ws);
      for (const remove of unindex) remove();
    });
  }

  /** Per user with open sockets: their devices and the teams those sockets may still use. */
  accessInUse(): AccessInUse[] {
    return [...this.#byUser].map(([userId, conns]) => ({
      userId,
      deviceIds: new Set([...conns].map((conn) => conn.principal.deviceId)),
      teamIds: new Set([...conns].flatMap((conn) => [...conn.teams])),
    }));
  }

  /** Closes the sockets that `change` takes access from; resolves how many that were. */
  apply(change: AccessChange): number {
    switch (change.kind) {
      case 'device-revoked':
        return this.#end(this.#byDevice.get(change.deviceId), 'device-revoked', change);
      case 'user-disabled':
        return this.#end(this.#byUser.get(change.userId), 'account-disabled', change);
      case 'membership-removed':
        return this.#end(this.#byUser.get(change.userId), 'not-in-team', change, change.teamId);
    }
  }

  /**
   * Closes every socket of the device with the `device-revoked` close code, at once; resolves how many
   * there were. The app reads the code and wipes its local data.
   */
  closeDevice(deviceId: string): number {
    return this.apply({ kind: 'device-revoked', deviceId });
  }

  #end(
    conns: ReadonlySet<Connection> | undefined,
    code: AccessEnded,
    change: AccessChange,
    teamId?: string,
  ): number {
    let closed = 0;
    for (const conn of [...(conns ?? [])]) if (conn.endAccess(code, teamId)) closed += 1;
    if (closed > 0) this.#log.info({ ...change, sockets: closed }, 'closed sockets after an access change');
    return closed;
  }

  /** Closes every socket with `code` (a transient one: the device reconnects later), through its connection. */
  closeEvery(code: ErrorCode): number {
    const conns = [...this.#byUser.values()].flatMap((set) => [...set]);
    for (const conn of conns) conn.close(code, 'every socket of this relay closes');
    if (conns.length > 0) this.#log.info({ code, sockets: conns.length }, 'closed every sync socket');
    return conns.length;
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
