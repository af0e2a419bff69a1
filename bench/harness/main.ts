/**
 * The load comparison, run in Chromium with the shipped storage code: Lotse's DocStore (every doc's update
 * log in one Dexie table, read in one request) against y-indexeddb (one IndexedDB database per doc, the
 * usual Yjs setup). The same docs go into both; each load starts from closed databases.
 */
import * as Y from 'yjs';
import { IndexeddbPersistence } from 'y-indexeddb';
import { plainCodec } from '../../src/storage/codec.ts';
import { LotseDatabase } from '../../src/storage/db.ts';
import { DocStore } from '../../src/storage/doc-store.ts';
import type { Harness, HarnessDoc, LoadProfile, LoadResult } from './api.ts';

const DEXIE_NAME = 'lotse-bench-dexie';
const Y_PREFIX = 'lotse-bench-y:';

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

function contactsOf(docs: Iterable<Y.Doc>): number {
  let contacts = 0;
  for (const doc of docs) contacts += doc.getArray('contacts').length;
  return contacts;
}

async function seed(docs: HarnessDoc[]): Promise<void> {
  const decoded = docs.map((doc) => ({ id: doc.id, bytes: fromBase64(doc.update) }));
  const db = new LotseDatabase(DEXIE_NAME);
  // The same rows DocStore.append writes (plain codec: bytes unchanged), in one transaction for speed.
  await db.updates.bulkAdd(decoded.map(({ id, bytes }) => ({ docId: id, data: bytes, at: Date.now() })));
  db.close();
  // y-indexeddb stores a doc's full state when it is first bound to a database: exactly its compacted form.
  await Promise.all(
    decoded.map(async ({ id, bytes }) => {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, bytes);
      const persistence = new IndexeddbPersistence(Y_PREFIX + id, doc);
      await persistence.whenSynced;
      await persistence.destroy();
    }),
  );
}

async function stored(): Promise<{ dexieDocs: number; yDatabases: number }> {
  const db = new LotseDatabase(DEXIE_NAME);
  const dexieDocs = (await new DocStore(db, plainCodec).docIds()).length;
  db.close();
  const yDatabases = (await indexedDB.databases()).filter((info) => info.name?.startsWith(Y_PREFIX)).length;
  return { dexieDocs, yDatabases };
}

async function loadDexie(): Promise<LoadResult> {
  const started = performance.now();
  const db = new LotseDatabase(DEXIE_NAME);
  const loaded = await new DocStore(db, plainCodec).loadAll();
  const ms = performance.now() - started;
  db.close();
  const docs = [...loaded.values()].map((entry) => entry.doc);
  return { ms, docs: docs.length, contacts: contactsOf(docs) };
}

async function loadYIndexeddb(ids: string[]): Promise<LoadResult> {
  const started = performance.now();
  const bound = ids.map((id) => {
    const doc = new Y.Doc();
    return { doc, persistence: new IndexeddbPersistence(Y_PREFIX + id, doc) };
  });
  await Promise.all(bound.map(({ persistence }) => persistence.whenSynced));
  const ms = performance.now() - started;
  await Promise.all(bound.map(({ persistence }) => persistence.destroy()));
  return { ms, docs: bound.length, contacts: contactsOf(bound.map(({ doc }) => doc)) };
}

async function profileDexie(): Promise<LoadProfile> {
  let started = performance.now();
  const db = new LotseDatabase(DEXIE_NAME);
  const rows = await db.updates.toArray();
  const readMs = performance.now() - started;
  db.close();
  // Applying first, in a page that has not run Yjs yet, matches the cold start loadAll() has.
  started = performance.now();
  for (const row of rows) Y.applyUpdate(new Y.Doc(), row.data);
  const applyMs = performance.now() - started;
  started = performance.now();
  for (const row of rows) Y.decodeUpdate(row.data);
  const decodeMs = performance.now() - started;
  return { readMs, applyMs, decodeMs };
}

const harness: Harness = { seed, stored, loadDexie, loadYIndexeddb, profileDexie };
window.lotseHarness = harness;
