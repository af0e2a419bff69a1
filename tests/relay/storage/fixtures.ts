import { expect } from 'vitest';
import * as Y from 'yjs';
import type { RelayStore } from '../../../sync-server/src/storage/contract.ts';
import { StoreError, type StoreErrorCode } from '../../../sync-server/src/storage/errors.ts';

/** Two teams, one case manager in both, with one device: enough to write to either team's log. */
export const WORLD = {
  center: 'team-center',
  site: 'team-site',
  user: 'user-mira',
  device: 'device-mira-tablet',
} as const;

export async function seedWorld(store: RelayStore): Promise<void> {
  await store.createTeam({ id: WORLD.center, name: 'SC Bochum', kind: 'support-center' });
  await store.createTeam({ id: WORLD.site, name: 'Träger Nord', kind: 'provider-site' });
  await store.createUser({
    id: WORLD.user,
    login: 'mira',
    displayName: 'Mira Yilmaz',
    role: 'case-manager',
    passwordHash: 'scrypt$test',
    mustChangePassword: false,
  });
  await store.addMembership(WORLD.user, WORLD.center);
  await store.addMembership(WORLD.user, WORLD.site);
  await store.registerDevice({ id: WORLD.device, userId: WORLD.user, name: 'Tablet' });
}

/** Appends as the world's user and device. */
export function append(store: RelayStore, teamId: string, docId: string, update: Uint8Array) {
  return store.appendUpdate({ teamId, docId, update, userId: WORLD.user, deviceId: WORLD.device });
}

/**
 * A writer on one doc that records the update of every edit, as a device would send them. Each writer
 * has its own Yjs client id, so updates of several writers are genuinely concurrent.
 */
export class Writer {
  readonly doc = new Y.Doc();
  readonly updates: Uint8Array[] = [];

  constructor() {
    this.doc.on('update', (update: Uint8Array) => this.updates.push(update));
  }

  /** Inserts `text` at `index` (clamped) and returns the update it produced. */
  insert(text: string, index = Number.MAX_SAFE_INTEGER): Uint8Array {
    const body = this.doc.getText('body');
    body.insert(Math.min(index, body.length), text);
    return this.#last();
  }

  /** Deletes up to `length` characters at `index` (clamped); needs a non-empty text. */
  delete(index: number, length: number): Uint8Array {
    const body = this.doc.getText('body');
    const start = Math.min(index, body.length - 1);
    body.delete(start, Math.max(1, Math.min(length, body.length - start)));
    return this.#last();
  }

  /** Sets a structured field, as the case form does. */
  set(key: string, value: string): Uint8Array {
    this.doc.getMap('fields').set(key, value);
    return this.#last();
  }

  #last(): Uint8Array {
    const update = this.updates.at(-1);
    if (update === undefined) throw new Error('the edit produced no update');
    return update;
  }
}

/** What a person would see of a doc built from `updates`, and how far it has seen each client. */
export function docView(...updates: Uint8Array[]) {
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, update);
  const stateVector = [...Y.decodeStateVector(Y.encodeStateVector(doc))].sort(([a], [b]) => a - b);
  return {
    body: doc.getText('body').toString(),
    fields: doc.getMap('fields').toJSON(),
    stateVector,
    pending: doc.store.pendingStructs !== null,
  };
}

/** Asserts that `promise` rejects with a `StoreError` of `code` (and so with no engine exception). */
export async function expectStoreError(promise: Promise<unknown>, code: StoreErrorCode): Promise<StoreError> {
  const error: unknown = await promise.then(
    (value) => {
      throw new Error(`expected a StoreError '${code}', but it resolved with ${JSON.stringify(value)}`);
    },
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(StoreError);
  expect((error as StoreError).code, (error as Error).message).toBe(code);
  return error as StoreError;
}

/** Every row of the team's log, read in small batches so that batching itself is exercised. */
export async function wholeLog(store: RelayStore, teamId: string, afterSeq = 0) {
  const rows = [];
  let cursor = afterSeq;
  for (;;) {
    const batch = await store.updatesSince(teamId, cursor, 7);
    rows.push(...batch.updates);
    const last = batch.updates.at(-1);
    if (!batch.more) return rows;
    if (last === undefined) throw new Error('a batch that says more follows must not be empty');
    cursor = last.seq;
  }
}
