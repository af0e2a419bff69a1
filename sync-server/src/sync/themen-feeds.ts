import type { Logger } from 'pino';
import * as Y from 'yjs';
import {
  COORDINATION_DOC_ID,
  COORDINATION_LOG_ID,
  readCoordination,
} from '../../../src/domain/coordination-doc.ts';
import { themenFeedDocId, themenFeedFor, writeThemenFeed } from '../../../src/domain/themen-feed.ts';
import type { ThemenFeedEntry } from '../../../src/domain/schema/coordination.ts';
import type { RelayStore } from '../storage/contract.ts';
import { docKey } from './doc-key.ts';
import { RELAY_AUTHOR, type SyncCore } from './sync-core.ts';

/**
 * Keeps each team's Themen feed (`themen:<teamId>` in the team's log; src/domain/themen-feed.ts) equal to
 * what the coordination doc says about the team's reports (docs/architecture.md#themen), so case managers'
 * devices receive it live through their team's log. The relay is the feed's only writer: it appends with
 * `SyncCore.changeDoc` under `RELAY_AUTHOR`, and only what differs, so an edit of coordination that touches
 * no team's reports (a note, a new Thema) appends nothing to any team's log.
 *
 * It runs off the ack's path: shortly after appends to the coordination log, and once at start, which
 * repairs feeds a crash left behind and gives a team created since an empty one only when it needs one.
 * Every known team is written, so a team whose last linked report was unlinked gets an empty feed.
 */
export class ThemenFeeds {
  readonly #core: SyncCore;
  readonly #store: RelayStore;
  readonly #log: Logger;
  readonly #delayMs: number;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #again = false;
  #closed = false;
  readonly #unsubscribe: () => void;

  constructor(core: SyncCore, store: RelayStore, log: Logger, options: { delayMs?: number } = {}) {
    this.#core = core;
    this.#store = store;
    this.#log = log;
    this.#delayMs = options.delayMs ?? 200;
    this.#unsubscribe = core.onAppend((teamId) => {
      if (teamId === COORDINATION_LOG_ID) this.nudge();
    });
  }

  /** A first round, for what changed while the relay was down. */
  start(): void {
    this.#run();
  }

  /** The coordination doc changed: write the feeds soon (a burst of edits is written once). */
  nudge(): void {
    if (this.#closed || this.#timer !== undefined) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#run();
    }, this.#delayMs);
    this.#timer.unref();
  }

  /** Resolves once no round is running or due. */
  async idle(): Promise<void> {
    while (this.#running !== undefined || this.#timer !== undefined) {
      if (this.#timer !== undefined) {
        clearTimeout(this.#timer);
        this.#timer = undefined;
        this.#run();
      }
      await this.#running;
    }
  }

  /** Writes every team's feed from the coordination doc as it stands; resolves how many feeds changed. */
  async writeAll(): Promise<number> {
    const coordination = await this.#core.docs.get(docKey(COORDINATION_LOG_ID, COORDINATION_DOC_ID));
    const view = readCoordination(coordination);
    if (view.unreadable > 0) {
      this.#log.warn({ unreadable: view.unreadable }, 'parts of the coordination doc do not validate');
    }
    let changed = 0;
    for (const team of await this.#store.listTeams()) {
      const entries = themenFeedFor(view, team.id);
      const { seq } = await this.#core.changeDoc(
        RELAY_AUTHOR,
        team.id,
        themenFeedDocId(team.id),
        (current) => ({
          update: feedUpdate(current, entries),
          value: undefined,
        }),
      );
      if (seq !== null) changed++;
    }
    return changed;
  }

  #run(): void {
    if (this.#closed) return;
    if (this.#running !== undefined) {
      this.#again = true;
      return;
    }
    this.#running = this.writeAll()
      .then(
        (changed) => {
          if (changed > 0) this.#log.debug({ teams: changed }, 'Themen feeds written');
        },
        (error: unknown) => this.#log.error({ err: error }, 'writing the Themen feeds failed'),
      )
      .finally(() => {
        this.#running = undefined;
        if (this.#again) {
          this.#again = false;
          this.#run();
        }
      });
  }

  /** Stops listening and waits for a round in flight. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#unsubscribe();
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }
}

/** The update that makes a copy of the feed doc `current` hold exactly `entries`, or none when it does. */
function feedUpdate(current: Y.Doc, entries: ReadonlyMap<string, ThemenFeedEntry>): Uint8Array | undefined {
  const draft = new Y.Doc({ guid: current.guid });
  try {
    Y.applyUpdate(draft, Y.encodeStateAsUpdate(current));
    const before = Y.encodeStateVector(draft);
    if (!writeThemenFeed(draft, entries)) return undefined;
    return Y.encodeStateAsUpdate(draft, before);
  } finally {
    draft.destroy();
  }
}
