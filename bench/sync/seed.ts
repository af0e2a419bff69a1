/**
 * The sync benchmark's case docs: the 1,000 realistic cases of bench/seed-cases.ts, each with its history as
 * the app would have pushed it, one Yjs update per domain write (the case's creation, every contact, phase
 * change, goal, step, reminder...), not one merged state per doc.
 */
import * as Y from 'yjs';
import { generateCases, type SeedOptions } from '../seed-cases.ts';

export interface SeedDoc {
  id: string;
  /** One update per transaction, in the order the writes happened. */
  updates: Uint8Array[];
  /** The doc's state after all of them (a replica the writer device keeps for later edits). */
  doc: Y.Doc;
}

/**
 * Generates the cases and records every transaction's update. The generator builds each doc inside the
 * domain layer, so there is no doc to listen on before its first write; instead `Y.Doc.prototype.transact`
 * is wrapped for the duration of the generation to attach an `update` listener to each new doc before its
 * first transaction runs. The wrapper is removed again before this returns, also on error.
 */
export function seedDocs(options: SeedOptions): SeedDoc[] {
  const proto = Y.Doc.prototype as { transact: Y.Doc['transact'] };
  const original = proto.transact;
  const captured = new WeakMap<Y.Doc, { updates: Uint8Array[]; listener: (update: Uint8Array) => void }>();
  proto.transact = function <T>(this: Y.Doc, fn: (transaction: Y.Transaction) => T, origin?: unknown): T {
    if (!captured.has(this)) {
      const updates: Uint8Array[] = [];
      const listener = (update: Uint8Array) => updates.push(update);
      captured.set(this, { updates, listener });
      this.on('update', listener);
    }
    return original.call(this, fn, origin) as T;
  };
  try {
    const docs: SeedDoc[] = [];
    for (const { id, doc } of generateCases(options)) {
      const record = captured.get(doc);
      if (!record || record.updates.length === 0) {
        throw new Error(`seed: no updates were recorded for case ${id}`);
      }
      doc.off('update', record.listener);
      docs.push({ id, updates: record.updates, doc });
    }
    return docs;
  } finally {
    proto.transact = original;
  }
}
