import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { setPersonField } from '../../../src/domain/case-write.ts';
import { encodeJson, pendingEditRecord, plainCodec } from '../../../src/storage/codec.ts';
import { LotseDatabase } from '../../../src/storage/db.ts';
import { DocStore } from '../../../src/storage/doc-store.ts';
import { createConflictCheck } from '../../../src/sync/conflict-check.ts';
import { newCase } from '../domain/case-fixtures.ts';

/**
 * Earlier versions kept the path of each unsynced field edit (`person/phone`, a health field) in the clear
 * beside its encrypted value. At start they are moved into the field edit log, path and all encrypted, and
 * are still checked against.
 */
let db: LotseDatabase | undefined;

afterEach(async () => {
  db?.close();
  await db?.delete();
});

describe('field edits stored by an earlier version', () => {
  it('are moved into the encrypted log and still raise a notice for a concurrent change', async () => {
    db = new LotseDatabase('legacy-field-edits');
    await db.open();
    const docs = new DocStore(db, plainCodec);
    const base = newCase({ person: { familyName: 'Haddad', city: 'Duisburg' } });
    await docs.append('case-1', Y.encodeStateAsUpdate(base));
    const mine = new Y.Doc();
    mine.clientID = 1;
    Y.applyUpdate(mine, Y.encodeStateAsUpdate(base));
    setPersonField(mine, 'city', 'Essen');
    await docs.append('case-1', Y.encodeStateAsUpdate(mine));
    // What the earlier version wrote: the path as the row's key, the value encoded beside it.
    await db.pendingEdits.put({
      docId: 'case-1',
      path: 'person/city',
      data: await encodeJson(plainCodec, { value: 'Essen', item: null }, pendingEditRecord('case-1')),
      at: 1,
    });
    const check = createConflictCheck({ db, codec: plainCodec, docs });

    expect(await check.moveLegacyEdits()).toBe(1);

    expect(await db.pendingEdits.count()).toBe(0);
    expect(await docs.fieldEdits.read('case-1')).toEqual([
      { path: 'person/city', value: 'Essen', item: null },
    ]);
    const other = new Y.Doc();
    other.clientID = 2;
    Y.applyUpdate(other, Y.encodeStateAsUpdate(base));
    const updates: Uint8Array[] = [];
    other.on('update', (update: Uint8Array) => updates.push(update));
    setPersonField(other, 'city', 'Oberhausen', { actor: 'Bea' });
    await check.beforeRemoteStore('case-1', updates);
    expect((await check.list('case-1')).map((n) => [n.mine, n.theirs])).toEqual([['Essen', 'Oberhausen']]);
  });
});
