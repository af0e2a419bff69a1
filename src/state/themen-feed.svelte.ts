import { SvelteMap } from 'svelte/reactivity';
import type * as Y from 'yjs';
import { isThemenFeedDocId, themenFeedDocId } from '../domain/doc-kinds.ts';
import type { ThemenFeedEntry } from '../domain/schema/coordination.ts';
import { STORAGE_ORIGIN, SYNC_ORIGIN } from '../protocol/origin.ts';
import type { DeviceStore } from './device-store.ts';
import { docRuntime, loadDocRuntime } from './doc-runtime-loader.ts';
import { session } from './session.svelte.ts';

/**
 * What became of this person's barrier reports, as the case shows it (docs/architecture.md#themen): each
 * team's Themen feed (`themen:<teamId>`), which the relay writes into the team's log and the sync engine
 * stores like any team doc. Read-only on the device: nothing here is ever written or pushed. The feeds are
 * read from the store only when a case file first asks (`ensure`), so the start to the case list does not
 * wait for them; from then on the relay's changes are applied live.
 */
class ThemenFeedState {
  #store: DeviceStore | undefined;
  #loading: Promise<void> | undefined;
  /** The open feed docs by doc id, once `ensure` read them. */
  #docs = new Map<string, Y.Doc>();
  /** Remote updates that arrived while the feeds were being read, applied once they are open. */
  #early = new Map<string, Uint8Array[]>();
  /** Report id → its entry, across the person's teams (a report id names one barrier of one case). */
  #entries = new SvelteMap<string, ThemenFeedEntry>();
  #ready = $state(false);

  /** Remembers the store; reads nothing yet. */
  init(store: DeviceStore): void {
    this.reset();
    this.#store = store;
  }

  /** Whether the feeds have been read from the device. */
  get ready(): boolean {
    return this.#ready;
  }

  /** The Thema a report feeds, if coordination linked it to one. */
  entryFor(reportId: string): ThemenFeedEntry | undefined {
    return this.#entries.get(reportId);
  }

  /** Reads the feeds of the person's teams from the device, once. */
  ensure(): Promise<void> {
    this.#loading ??= this.#load().catch((error: unknown) => {
      console.error('Reading what became of the barrier reports failed', error);
    });
    return this.#loading;
  }

  /** Updates of a feed doc from the relay, already stored by the sync engine. */
  applyRemote(docId: string, updates: readonly Uint8Array[]): void {
    if (!isThemenFeedDocId(docId) || updates.length === 0 || !this.#store) return;
    const doc = this.#docs.get(docId);
    if (doc) {
      const { Y } = docRuntime();
      Y.applyUpdate(doc, updates.length === 1 ? updates[0]! : Y.mergeUpdates([...updates]), SYNC_ORIGIN);
    } else if (this.#loading && !this.#ready) {
      this.#early.set(docId, [...(this.#early.get(docId) ?? []), ...updates]);
    } else if (this.#ready) {
      // A team this device had no feed of yet: it was stored before this call, so read it from there.
      void this.#open(docId).catch((error: unknown) => console.error(`Reading ${docId} failed`, error));
    }
  }

  async #load(): Promise<void> {
    const store = this.#store;
    if (!store) return;
    await loadDocRuntime();
    const teamIds = session.teamIds.length > 0 ? session.teamIds : [store.user.teamId];
    await Promise.all(teamIds.map((teamId) => this.#open(themenFeedDocId(teamId))));
    this.#ready = true;
  }

  async #open(docId: string): Promise<void> {
    const store = this.#store;
    if (!store || this.#docs.has(docId)) return;
    const { Y, readThemenFeed } = docRuntime();
    const loaded = await store.docs.load(docId);
    if (store !== this.#store || this.#docs.has(docId)) return;
    const doc = new Y.Doc({ guid: docId });
    if (loaded.seq > 0) Y.applyUpdate(doc, Y.encodeStateAsUpdate(loaded.doc), STORAGE_ORIGIN);
    for (const update of this.#early.get(docId) ?? []) Y.applyUpdate(doc, update, SYNC_ORIGIN);
    this.#early.delete(docId);
    this.#docs.set(docId, doc);
    let known = new Set<string>();
    const read = () => {
      const feed = readThemenFeed(doc);
      for (const reportId of known) if (!feed.has(reportId)) this.#entries.delete(reportId);
      for (const [reportId, entry] of feed) this.#entries.set(reportId, entry);
      known = new Set(feed.keys());
    };
    doc.on('update', read);
    read();
  }

  reset(): void {
    for (const doc of this.#docs.values()) doc.destroy();
    this.#docs.clear();
    this.#early.clear();
    this.#entries.clear();
    this.#store = undefined;
    this.#loading = undefined;
    this.#ready = false;
  }
}

export const themenFeed = new ThemenFeedState();
