import type { BatchAppendResult, NewUpdate, RelayStore } from '../storage/contract.ts';

interface Waiting {
  updates: readonly NewUpdate[];
  resolve(results: BatchAppendResult[]): void;
  reject(error: unknown): void;
}

/**
 * Group commit across teams: appends handed in while the store is busy with a commit, or within the same
 * turn of the event loop, go to the store together as one `appendUpdates` call (one transaction, one durable
 * commit). One commit runs at a time; the next takes everything that arrived meanwhile, so batches grow with
 * the load and a lone push waits for no one. SQLite commits synchronously on the event loop: waiting for
 * `setImmediate` lets every frame that arrived during the previous commit join the next one.
 */
export class GroupCommit {
  readonly #store: Pick<RelayStore, 'appendUpdates'>;
  #waiting: Waiting[] = [];
  #scheduled = false;
  #committing = false;

  constructor(store: Pick<RelayStore, 'appendUpdates'>) {
    this.#store = store;
  }

  /**
   * Resolves the store's answer for each of `updates`, in their order, once the commit they were part of is
   * durable; rejects when that commit failed (then none of them was appended).
   */
  append(updates: readonly NewUpdate[]): Promise<BatchAppendResult[]> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ updates, resolve, reject });
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#scheduled || this.#committing || this.#waiting.length === 0) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      void this.#commit();
    });
  }

  async #commit(): Promise<void> {
    const batch = this.#waiting;
    this.#waiting = [];
    this.#committing = true;
    try {
      const results = await this.#store.appendUpdates(batch.flatMap((waiting) => waiting.updates));
      let at = 0;
      for (const waiting of batch) {
        waiting.resolve(results.slice(at, at + waiting.updates.length));
        at += waiting.updates.length;
      }
    } catch (error) {
      for (const waiting of batch) waiting.reject(error);
    } finally {
      this.#committing = false;
      this.#schedule();
    }
  }
}
