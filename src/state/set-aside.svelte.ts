import { SetAsideStore, type SetAsideChange } from '../storage/set-aside.ts';
import { cases } from './cases.svelte.ts';
import { sync } from './sync.svelte.ts';

export type { SetAsideChange };

/**
 * Changes the relay refused for good, set aside on this device: listed under Einstellungen and noted in the
 * case they belong to, until the person sends one again or discards it.
 */
class SetAsideState {
  #changes = $state.raw<SetAsideChange[]>([]);

  get changes(): SetAsideChange[] {
    return this.#changes;
  }

  /** How many changes of one case are set aside. */
  forDoc(docId: string): number {
    return this.#changes.filter((change) => change.docId === docId).length;
  }

  /** Reads the list again; call it when the sync status reports a new count. */
  async refresh(): Promise<void> {
    const store = this.#store();
    this.#changes = store ? await store.list() : [];
  }

  /** Puts a change back into the outbox, for example once an administrator fixed the cause. */
  async sendAgain(id: number): Promise<boolean> {
    const sent = (await this.#store()?.sendAgain(id)) ?? false;
    await this.refresh();
    sync.nudge();
    return sent;
  }

  /** Deletes a change for good; the screen has asked the person first. */
  async discard(id: number): Promise<void> {
    await this.#store()?.discard(id);
    await this.refresh();
    sync.nudge();
  }

  #store(): SetAsideStore | undefined {
    const store = cases.store;
    return store ? new SetAsideStore(store.db, store.codec) : undefined;
  }
}

export const setAside = new SetAsideState();
