import type { Logger } from 'pino';

/** One update as it entered a team's log. */
export interface PublishedUpdate {
  kind?: 'update';
  teamId: string;
  /** The client's doc id within the team. */
  docId: string;
  seq: number;
  update: Uint8Array;
}

/** An erasure as it entered a team's log (docs/architecture.md#data-lifecycle). */
export interface PublishedErasure {
  kind: 'erasure';
  teamId: string;
  docId: string;
  seq: number;
  erasedAt: number;
  reason: 'retention' | 'request';
}

export type PublishedEntry = PublishedUpdate | PublishedErasure;

export type UpdateListener = (entry: PublishedEntry) => void;

/**
 * A team's entries that entered its log together (one group commit), in `seq` order. Device sockets get the
 * whole batch at once, so each can send it as one frame, encoded once for all of them (./team-channel.ts).
 */
export type PublishedBatch = readonly PublishedEntry[];

export type BatchListener = (batch: PublishedBatch) => void;

/**
 * Fans accepted updates out to the sockets of this relay process: device sockets subscribe to whole teams,
 * `/ws/doc` sockets to one doc. The sync core publishes each team's updates in `seq` order, after their
 * durable append, so a listener sees a team's log in order and never sees an update that could be lost.
 */
export class TeamHub {
  readonly #log: Logger;
  readonly #teams = new Map<string, Set<BatchListener>>();
  readonly #docs = new Map<string, Set<UpdateListener>>();

  constructor(log: Logger) {
    this.#log = log;
  }

  /**
   * Calls `listener` with every update of the team from now on, in batches of those that entered the log
   * together. Returns the unsubscribe function.
   */
  subscribeTeam(teamId: string, listener: BatchListener): () => void {
    return subscribe(this.#teams, teamId, listener);
  }

  /** Calls `listener` with every update of one doc (by its relay key) from now on. */
  subscribeDoc(key: string, listener: UpdateListener): () => void {
    return subscribe(this.#docs, key, listener);
  }

  publish(key: string, entry: PublishedEntry): void {
    this.publishBatch(entry.teamId, [{ key, entry }]);
  }

  /** Publishes entries of one team, in `seq` order: to the team's listeners as one batch, to each doc's own. */
  publishBatch(teamId: string, entries: readonly { key: string; entry: PublishedEntry }[]): void {
    const [first] = entries;
    if (first === undefined) return;
    const batch = entries.map(({ entry }) => entry);
    for (const listener of [...(this.#teams.get(teamId) ?? [])]) {
      // One broken socket must not keep an update from the others.
      this.#deliver(() => listener(batch), teamId, first.entry.seq);
    }
    for (const { key, entry } of entries) {
      for (const listener of [...(this.#docs.get(key) ?? [])]) {
        this.#deliver(() => listener(entry), teamId, entry.seq);
      }
    }
  }

  #deliver(call: () => void, teamId: string, seq: number): void {
    try {
      call();
    } catch (error) {
      this.#log.error({ err: error, team: teamId, seq }, 'an update listener failed');
    }
  }

  /** How many listeners there are, for tests and shutdown checks. */
  get listenerCount(): number {
    let count = 0;
    for (const set of [...this.#teams.values(), ...this.#docs.values()]) count += set.size;
    return count;
  }
}

function subscribe<L>(map: Map<string, Set<L>>, key: string, listener: L) {
  let set = map.get(key);
  if (!set) {
    set = new Set();
    map.set(key, set);
  }
  set.add(listener);
  return () => {
    const current = map.get(key);
    if (!current) return;
    current.delete(listener);
    if (current.size === 0) map.delete(key);
  };
}
