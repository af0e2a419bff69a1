/**
 * Runs async tasks one after another per key, and tasks of different keys independently. Whoever writes a
 * doc's records in order (appends, compaction, the conflict check's recordings) queues them under the doc's
 * id instead of chaining promises by hand. A task that rejects passes its error to its own caller only; the
 * next task of the key still runs. A key whose tasks have all settled is forgotten, so the queue holds
 * memory only for keys with work in flight.
 */
export class KeyedQueue<K = string> {
  /** Per key, a promise that settles (never rejects) when the last task queued under it has settled. */
  readonly #tails = new Map<K, Promise<void>>();

  /** Runs `task` once every task queued before it under `key` has settled; resolves or rejects as it does. */
  run<T>(key: K, task: () => T | Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const result = previous.then(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return result;
  }

  /** Resolves once every task queued so far under `key` has settled (at once for an idle key). */
  async idle(key: K): Promise<void> {
    await this.#tails.get(key);
  }

  /** Resolves once every task queued so far, under any key, has settled. */
  async idleAll(): Promise<void> {
    await Promise.all([...this.#tails.values()]);
  }

  /** Whether `key` has a task queued or running. */
  busy(key: K): boolean {
    return this.#tails.has(key);
  }
}
