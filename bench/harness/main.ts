/**
 * The load comparison, run in Chromium with the shipped storage code: Lotse's DocStore (every doc's update
 * log in one Dexie table, read in one request) against y-indexeddb (one IndexedDB database per doc, the
 * usual Yjs setup). The same docs go into both; each load starts from closed databases.
 *
 * And the cost of encryption: the same cases stored once through the plain codec and once through the
 * vault's AES-GCM codec, read back through the shipped SummaryStore and DocStore.
 */
import * as Y from 'yjs';
import { IndexeddbPersistence } from 'y-indexeddb';
import { caseSummarySchema } from '../../src/domain/summary.ts';
import { docUpdateRecord, plainCodec, summaryRecord, type Codec } from '../../src/storage/codec.ts';
import { LotseDatabase } from '../../src/storage/db.ts';
import { DocStore } from '../../src/storage/doc-store.ts';
import { SummaryStore } from '../../src/storage/summary-store.ts';
import { createVault, keyIdOf, unlockVault, vaultCodec } from '../../src/storage/vault.ts';
import { readVault, saveVault } from '../../src/storage/vault-store.ts';
import type {
  CodecDoc,
  CodecName,
  CodecResult,
  CodecStored,
  DecryptProfile,
  Harness,
  HarnessDoc,
  LoadProfile,
  LoadResult,
} from './api.ts';

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

const CODEC_PREFIX = 'lotse-bench-codec-';
const CODECS: CodecName[] = ['plain', 'aes-gcm'];
/** The vault's data key once unlocked in this page, as the app keeps it in memory. */
let vaultKey: { key: CryptoKey; keyId: number } | undefined;

function codecOf(name: CodecName): Codec {
  if (name === 'plain') return plainCodec;
  if (!vaultKey) throw new Error('The vault is locked: call prepareCodec first.');
  return vaultCodec(vaultKey.key, { keyId: vaultKey.keyId });
}

/** Opens the vault database's vault with `secret`, making the vault on first use, as the app's setup does. */
async function openVault(db: LotseDatabase, secret: string): Promise<{ key: CryptoKey; keyId: number }> {
  const stored = await readVault(db);
  if (stored.kind === 'ok') {
    return { key: await unlockVault(stored.record, secret), keyId: keyIdOf(stored.record) };
  }
  if (stored.kind === 'corrupt') throw new Error('The benchmark vault record is corrupt.');
  const opened = await createVault(secret);
  await saveVault(db, opened.record);
  return { key: opened.key, keyId: keyIdOf(opened.record) };
}

async function seedCodecs(docs: CodecDoc[], secret: string): Promise<void> {
  for (const name of CODECS) {
    const db = new LotseDatabase(CODEC_PREFIX + name);
    await db.open();
    try {
      if (name === 'aes-gcm') vaultKey ??= await openVault(db, secret);
      const codec = codecOf(name);
      // Encoded before the transaction: WebCrypto inside an IndexedDB transaction would commit it early.
      const encoded: { id: string; update: Uint8Array; summary: Uint8Array }[] = [];
      for (const doc of docs) {
        encoded.push({
          id: doc.id,
          update: await codec.encode(fromBase64(doc.update), docUpdateRecord(doc.id)),
          summary: await codec.encode(fromBase64(doc.summary), summaryRecord(doc.id)),
        });
      }
      const at = Date.now();
      // The rows DocStore.append and SummaryStore.put write: each summary current with its doc's update.
      await db.transaction('rw', db.updates, db.summaries, async () => {
        const seqs = await db.updates.bulkAdd(
          encoded.map(({ id, update }) => ({ docId: id, data: update, at })),
          { allKeys: true },
        );
        await db.summaries.bulkPut(
          encoded.map(({ id, summary }, index) => ({ id, data: summary, seq: seqs[index]!, at })),
        );
      });
    } finally {
      db.close();
    }
  }
}

async function storedCodecs(): Promise<Record<CodecName, CodecStored>> {
  const counted = await Promise.all(
    CODECS.map(async (name): Promise<[CodecName, CodecStored]> => {
      const db = new LotseDatabase(CODEC_PREFIX + name);
      try {
        let bytes = 0;
        await db.updates.each((row) => (bytes += row.data.byteLength));
        await db.summaries.each((row) => (bytes += row.data.byteLength));
        return [
          name,
          {
            updates: await db.updates.count(),
            summaries: await db.summaries.count(),
            bytes,
            vault: (await readVault(db)).kind === 'ok',
          },
        ];
      } finally {
        db.close();
      }
    }),
  );
  return Object.fromEntries(counted) as Record<CodecName, CodecStored>;
}

async function prepareCodec(
  name: CodecName,
  secret: string,
): Promise<{ unlockMs?: number; iterations?: number }> {
  const db = new LotseDatabase(CODEC_PREFIX + name);
  try {
    const stored = await readVault(db);
    if (name === 'plain') {
      if (stored.kind !== 'none') throw new Error('The plain database has a vault.');
      return {};
    }
    if (stored.kind !== 'ok') throw new Error(`The vault database has no readable vault (${stored.kind}).`);
    const started = performance.now();
    vaultKey = { key: await unlockVault(stored.record, secret), keyId: keyIdOf(stored.record) };
    return { unlockMs: performance.now() - started, iterations: stored.record.kdf.iterations };
  } finally {
    db.close();
  }
}

async function readSummaries(name: CodecName): Promise<CodecResult> {
  const codec = codecOf(name);
  const started = performance.now();
  const db = new LotseDatabase(CODEC_PREFIX + name);
  const { summaries, quarantined } = await new SummaryStore(db, codec, caseSummarySchema).all();
  const ms = performance.now() - started;
  db.close();
  let contacts = 0;
  for (const { value } of summaries.values()) contacts += value.counts.contacts;
  return { ms, count: summaries.size, contacts, quarantined };
}

async function loadDocs(name: CodecName): Promise<CodecResult> {
  const codec = codecOf(name);
  const started = performance.now();
  const db = new LotseDatabase(CODEC_PREFIX + name);
  const loaded = await new DocStore(db, codec).loadAll();
  const ms = performance.now() - started;
  db.close();
  const entries = [...loaded.values()];
  const quarantined = entries.reduce((sum, entry) => sum + entry.quarantined, 0);
  return { ms, count: entries.length, contacts: contactsOf(entries.map((entry) => entry.doc)), quarantined };
}

async function timeDecrypt(): Promise<DecryptProfile> {
  const codec = codecOf('aes-gcm');
  const db = new LotseDatabase(CODEC_PREFIX + 'aes-gcm');
  const summaries = await db.summaries.toArray();
  const updates = await db.updates.toArray();
  db.close();
  let started = performance.now();
  for (const row of summaries) await codec.decode(row.data, summaryRecord(row.id));
  const summariesMs = performance.now() - started;
  started = performance.now();
  for (const row of updates) await codec.decode(row.data, docUpdateRecord(row.docId));
  const updatesMs = performance.now() - started;
  started = performance.now();
  await Promise.all(summaries.map((row) => codec.decode(row.data, summaryRecord(row.id))));
  return { summariesMs, updatesMs, summariesAtOnceMs: performance.now() - started };
}

const harness: Harness = {
  seed,
  stored,
  loadDexie,
  loadYIndexeddb,
  profileDexie,
  seedCodecs,
  storedCodecs,
  prepareCodec,
  readSummaries,
  loadDocs,
  timeDecrypt,
};
window.lotseHarness = harness;
