import {
  readCaseDrafts,
  saveCaseDrafts,
  type CaseDrafts,
  type StoredContactDraft,
} from '../storage/entry-drafts-store.ts';
import { KeyedQueue } from '../util/keyed-queue.ts';
import type { DeviceStore } from './device-store.ts';

export type { StoredContactDraft };

/** A draft read back from the device, and when it was last written there. */
export interface RestoredDraft<T> {
  fields: T;
  savedAt: number;
}

/**
 * Unsaved entries of a case's forms (for now the contact form and its quick entries), kept on the device
 * per case so that leaving the case, closing the tab or locking the device (which reloads the page) never
 * loses what was typed (docs/architecture.md#device-storage). Every change is written as it happens,
 * sealed in the user's database; writes of one case run in order, so the last one wins.
 */
class EntryDraftsState {
  #store: DeviceStore | undefined;
  readonly #writes = new KeyedQueue<string>();
  /** What this tab last wrote per case, so that writing one form's draft keeps the others. */
  readonly #known = new Map<string, CaseDrafts>();

  /** Uses this store's database from now on; drafts of another user are never read. */
  use(store: DeviceStore | undefined): void {
    if (store === this.#store) return;
    this.#store = store;
    this.#known.clear();
  }

  /** The stored contact draft of a case, or `undefined`. */
  async contact(docId: string): Promise<RestoredDraft<StoredContactDraft> | undefined> {
    const drafts = await this.#read(docId);
    return drafts?.contact;
  }

  /** Keeps the contact draft of a case; `undefined` forgets it (saved or discarded). */
  saveContact(docId: string, fields: StoredContactDraft | undefined): Promise<void> {
    return this.#update(docId, (drafts) => ({
      ...drafts,
      contact: fields ? { savedAt: Date.now(), fields } : undefined,
    }));
  }

  /** Resolves once every draft written so far is stored. */
  settled(): Promise<void> {
    return this.#writes.idleAll();
  }

  async #read(docId: string): Promise<CaseDrafts | undefined> {
    const store = this.#store;
    if (!store) return undefined;
    await this.#writes.idle(docId);
    const drafts = await readCaseDrafts(store.db, store.codec, docId);
    if (drafts && this.#store === store) this.#known.set(docId, drafts);
    return drafts;
  }

  #update(docId: string, change: (drafts: CaseDrafts) => CaseDrafts): Promise<void> {
    const store = this.#store;
    if (!store) return Promise.resolve();
    return this.#writes.run(docId, async () => {
      const current = this.#known.get(docId) ?? (await readCaseDrafts(store.db, store.codec, docId)) ?? {};
      const next = change(current);
      if (this.#store === store) this.#known.set(docId, next);
      try {
        await saveCaseDrafts(store.db, store.codec, docId, next);
      } catch (error) {
        // The form still holds the draft; only its copy on the device is missing.
        console.error('Storing the draft of an entry failed', error);
      }
    });
  }
}

export const entryDrafts = new EntryDraftsState();
