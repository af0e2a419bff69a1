import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  conflictRecord,
  decodeJson,
  docUpdateRecord,
  pendingEditRecord,
  summaryRecord,
  type RecordContext,
} from '../../../src/storage/codec.ts';
import { databaseName, LotseDatabase } from '../../../src/storage/db.ts';
import { DocStore } from '../../../src/storage/doc-store.ts';
import { createVault, keyIdOf, unlockVault, vaultCodec } from '../../../src/storage/vault.ts';
import { saveVault, upgradeRecords } from '../../../src/storage/vault-store.ts';
import { vault } from '../../../src/state/vault.svelte.ts';

/**
 * A device that ran an earlier version holds records in format 1: AES-GCM without additional data, and a
 * vault without a key id. The first unlock with this version re-encrypts them bound to where they live,
 * without losing one, and a page that died halfway leaves every record readable.
 */
const ORIGIN = 'https://relay.test';
const SECRET = '314159';
let counter = 0;
const opened: LotseDatabase[] = [];

afterEach(async () => {
  vault.reset();
  for (const db of opened.splice(0)) await db.delete();
});

const text = (value: string) => new TextEncoder().encode(value);
const read = (value: Uint8Array) => new TextDecoder().decode(value);

/** Seals `plain` the way the earlier version did: `[1][IV][ciphertext and tag]`, no additional data. */
async function formatOne(key: CryptoKey, plain: Uint8Array): Promise<Uint8Array> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, plain.slice()));
  const out = new Uint8Array(1 + 12 + sealed.length);
  out[0] = 1;
  out.set(iv, 1);
  out.set(sealed, 13);
  return out;
}

function caseUpdate(name: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap('person').set('familyName', name);
  return Y.encodeStateAsUpdate(doc);
}

/** A database as the earlier version left it: a vault without key id, and every table holding a record. */
async function oldDevice() {
  const user = `upgrade-user-${++counter}`;
  const db = new LotseDatabase(databaseName(ORIGIN, user));
  opened.push(db);
  await db.open();
  const { record, key } = await createVault(SECRET, { iterations: 100_000 });
  const { keyId: _none, ...withoutKeyId } = record;
  await saveVault(db, withoutKeyId);
  const update = caseUpdate('Haddad');
  await db.updates.add({ docId: 'case-1', data: await formatOne(key, update), at: 1 });
  await db.outbox.add({ docId: 'case-1', teamId: 'team-1', data: await formatOne(key, update), at: 1 });
  await db.summaries.put({
    id: 'case-1',
    data: await formatOne(key, text('{"name":"Haddad"}')),
    seq: 1,
    at: 1,
  });
  await db.pendingEdits.put({
    docId: 'case-1',
    path: 'person/familyName',
    data: await formatOne(key, text('{"value":"Haddad","item":null}')),
    at: 1,
  });
  await db.conflicts.add({
    docId: 'case-1',
    data: await formatOne(key, text('{"path":"person/city"}')),
    at: 1,
  });
  return { user, db, key, record: withoutKeyId };
}

async function everyRecord(db: LotseDatabase): Promise<{ data: Uint8Array; context: RecordContext }[]> {
  return [
    ...(await db.updates.toArray()).map((row) => ({ data: row.data, context: docUpdateRecord(row.docId) })),
    ...(await db.outbox.toArray()).map((row) => ({ data: row.data, context: docUpdateRecord(row.docId) })),
    ...(await db.summaries.toArray()).map((row) => ({ data: row.data, context: summaryRecord(row.id) })),
    ...(await db.pendingEdits.toArray()).map((row) => ({
      data: row.data,
      context: pendingEditRecord(row.docId),
    })),
    ...(await db.conflicts.toArray()).map((row) => ({ data: row.data, context: conflictRecord(row.docId) })),
  ];
}

describe('records of an earlier version', () => {
  it('are re-encrypted bound to where they live at the first unlock, and nothing is lost', async () => {
    const { user, db } = await oldDevice();
    expect(await vault.prepare(ORIGIN, user)).toBe('locked');

    expect(await vault.unlock(SECRET)).toEqual({ ok: true });

    const records = await everyRecord(db);
    expect(records).toHaveLength(5);
    for (const { data, context } of records) {
      expect(data[0]).toBe(2);
      await expect(vault.codec.decode(data, context)).resolves.toBeInstanceOf(Uint8Array);
    }
    const loaded = await new DocStore(db, vault.codec).load('case-1');
    expect(loaded.quarantined).toBe(0);
    expect(loaded.doc.getMap('person').get('familyName')).toBe('Haddad');
    const [summary] = await db.summaries.toArray();
    expect(await decodeJson(vault.codec, summary!.data, summaryRecord('case-1'))).toEqual({ name: 'Haddad' });
  });

  it('are refused in the old format once the device is upgraded, so they cannot be slipped back in', async () => {
    const { user, db, key } = await oldDevice();
    await vault.prepare(ORIGIN, user);
    await vault.unlock(SECRET);
    const injected = await formatOne(key, caseUpdate('Fremd'));
    await db.updates.add({ docId: 'case-1', data: injected, at: 2 });

    const loaded = await new DocStore(db, vault.codec).load('case-1');

    expect(loaded.quarantined).toBe(1);
    expect(loaded.doc.getMap('person').get('familyName')).toBe('Haddad');
  });

  it('stay readable when the upgrade stopped halfway, and the next unlock finishes it', async () => {
    const { user, db, key, record } = await oldDevice();
    // A page that died after upgrading the update log, before the other tables and the format mark.
    const upgrading = vaultCodec(key, { keyId: keyIdOf(record), readFormat1: true });
    const [row] = await db.updates.toArray();
    const upgraded = await upgrading.upgrade!(row!.data, docUpdateRecord('case-1'));
    await db.updates.update(row!.seq!, { data: upgraded! });
    const mixed = await everyRecord(db);
    expect(new Set(mixed.map(({ data }) => data[0]))).toEqual(new Set([1, 2]));
    for (const { data, context } of mixed) {
      await expect(upgrading.decode(data, context)).resolves.toBeInstanceOf(Uint8Array);
    }

    await vault.prepare(ORIGIN, user);
    expect(await vault.unlock(SECRET)).toEqual({ ok: true });

    for (const { data, context } of await everyRecord(db)) {
      expect(data[0]).toBe(2);
      await expect(vault.codec.decode(data, context)).resolves.toBeInstanceOf(Uint8Array);
    }
  });

  it('are upgraded again by a second run without harm', async () => {
    const { db, record } = await oldDevice();
    const codec = vaultCodec(await unlockVault(record, SECRET), {
      keyId: keyIdOf(record),
      readFormat1: true,
    });
    expect(await upgradeRecords(db, codec)).toBe(5);
    expect(await upgradeRecords(db, codec)).toBe(0);
    const [summary] = await db.summaries.toArray();
    expect(read(await codec.decode(summary!.data, summaryRecord('case-1')))).toBe('{"name":"Haddad"}');
  });
});
