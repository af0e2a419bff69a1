/**
 * Changes that take access away from someone who may hold open sync sockets: a revoked device, a disabled
 * user, a team membership removed. Whoever makes such a change publishes it here, and the socket registry
 * (../ws/socket-registry.ts) closes the sockets it concerns at once.
 *
 * With several relay instances on one PostgreSQL, the relay (../server.ts) sends each change published here
 * to the other instances as a NOTIFY and publishes what they send here, so every instance closes its
 * sockets. Writers outside the relay (the admin CLI) are caught by the periodic access sweep
 * (../ws/access-sweep.ts), which publishes what it finds here.
 */
export type AccessChange =
  | { kind: 'device-revoked'; deviceId: string }
  | { kind: 'user-disabled'; userId: string }
  | { kind: 'membership-removed'; userId: string; teamId: string };

export type AccessListener = (change: AccessChange) => void;

export class AccessEvents {
  readonly #listeners = new Set<AccessListener>();

  /** Calls `listener` for every change published from now on; returns the unsubscribe function. */
  subscribe(listener: AccessListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Tells every listener, synchronously: when this returns, the affected sockets are closing. */
  publish(change: AccessChange): void {
    for (const listener of [...this.#listeners]) listener(change);
  }
}
