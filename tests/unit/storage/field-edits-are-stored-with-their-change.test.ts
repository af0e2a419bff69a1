import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { setPersonField } from '../../../src/domain/case-write.ts';
import { plainCodec } from '../../../src/storage/codec.ts';
import { LotseDatabase } from '../../../src/storage/db.ts';
import { DocStore } from '../../../src/storage/doc-store.ts';
import { createConflictCheck } from '../../../src/sync/conflict-check.ts';
import { newCase } from '../domain/case-fixtures.ts';

/**
 * The record of which field a change wrote is what lets the conflict check notice a concurrent change. It is
 * stored in the same IndexedDB transaction as the change and its outbox row: a crash between them could
 * otherwise leave a change on its way to the relay with nothing to compare a colleague's change against.
 */
let counter = 0;
let db: LotseDatabase;
let docs: DocStore;

beforeEach(async () => {
  db = new LotseDatabase(`field-edits-atomic-${++counter}`);
  await db.open();
  docs = new DocStore(db, plainCodec);
  await docs.assignTeam('case-1', 'team-1');
  await docs.append('case-1', Y.encodeStateAsUpdate(newCase({ person: { familyName: 'Haddad' } })));
});

afterEach(async () => {
  vi.restoreAllMocks();
  db.close();
  await db.delete();
});

describe('a local change of a field', () => {
  it('is stored with its outbox row and its field record, or not at all', async () => {
    const check = createConflictCheck({ db, codec: plainCodec, docs });
    const doc = (await docs.load('case-1')).doc;
    const failed: unknown[] = [];
    docs.track('case-1', doc, { failed: (error) => failed.push(error) }, check.editsOf);
    const [updates, outbox] = [await db.updates.count(), await db.outbox.count()];
    // The field record is the last write of the transaction; it fails as a full disk would.
    vi.spyOn(db.fieldEdits, 'add').mockRejectedValueOnce(new Error('QuotaExceededError'));

    setPersonField(doc, 'phone', '0203 123456');
    await docs.flush();

    expect(failed).toHaveLength(1);
    expect(await db.updates.count()).toBe(updates);
    expect(await db.outbox.count()).toBe(outbox);
    expect(await db.fieldEdits.count()).toBe(0);

    setPersonField(doc, 'phone', '0203 654321');
    await docs.flush();

    expect(await db.updates.count()).toBe(updates + 1);
    expect(await db.outbox.count()).toBe(outbox + 1);
    expect(await docs.fieldEdits.read('case-1')).toEqual([
      { path: 'person/phone', value: '0203 654321', item: expect.any(Object) },
    ]);
  });

  it('keeps one record per field, replacing it when the field is written again', async () => {
    const check = createConflictCheck({ db, codec: plainCodec, docs });
    const doc = (await docs.load('case-1')).doc;
    docs.track('case-1', doc, {}, check.editsOf);

    setPersonField(doc, 'phone', '1');
    setPersonField(doc, 'city', 'Essen');
    setPersonField(doc, 'phone', '2');
    await docs.flush();

    expect(await db.fieldEdits.count()).toBe(2);
    expect((await docs.fieldEdits.read('case-1')).map((edit) => [edit.path, edit.value])).toEqual([
      ['person/city', 'Essen'],
      ['person/phone', '2'],
    ]);
  });
});
