import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CodecError, docUpdateRecord, summaryRecord, type Codec } from '../../../src/storage/codec.ts';
import { LotseDatabase } from '../../../src/storage/db.ts';
import { DocStore } from '../../../src/storage/doc-store.ts';
import { Outbox } from '../../../src/storage/outbox.ts';
import { Quarantine } from '../../../src/storage/quarantine.ts';
import { SummaryStore } from '../../../src/storage/summary-store.ts';
import { createVault, keyIdOf, vaultCodec } from '../../../src/storage/vault.ts';
import { z } from 'zod';

/**
 * Someone with the browser profile on disk cannot read the records, but could move them: copy one case's
 * encrypted update over another's, swap two summaries, or put a record of one table into another. Every
 * record is bound to where it lives, so a moved one fails authentication and is set aside, never applied
 * to the wrong case, never pushed under the wrong doc id, and never crashes the others.
 */
const Summary = z.object({ name: z.string() });
let counter = 0;
let db: LotseDatabase;
let codec: Codec;

beforeEach(async () => {
  db = new LotseDatabase(`moved-records-${++counter}`);
  await db.open();
  const opened = await createVault('271828', { iterations: 100_000 });
  codec = vaultCodec(opened.key, { keyId: keyIdOf(opened.record) });
});

afterEach(async () => {
  await db.delete();
});

function named(name: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap('person').set('familyName', name);
  return Y.encodeStateAsUpdate(doc);
}

async function rowOf(docId: string) {
  const row = await db.updates.where('docId').equals(docId).first();
  if (!row) throw new Error(`no update of ${docId}`);
  return row;
}

describe('a record moved from where it was written', () => {
  it('into another case’s update log fails and is quarantined, and the case opens without it', async () => {
    const docs = new DocStore(db, codec);
    await docs.append('case-a', named('Haddad'));
    await docs.append('case-b', named('Yılmaz'));
    const [a, b] = [await rowOf('case-a'), await rowOf('case-b')];
    // Swap the encrypted bytes of the two cases' records.
    await db.updates.update(a.seq!, { data: b.data });
    await db.updates.update(b.seq!, { data: a.data });

    const loaded = await new DocStore(db, codec).loadAll();

    expect(loaded.get('case-a')?.quarantined).toBe(1);
    expect(loaded.get('case-b')?.quarantined).toBe(1);
    expect(loaded.get('case-a')?.doc.getMap('person').get('familyName')).toBeUndefined();
    expect(loaded.get('case-b')?.doc.getMap('person').get('familyName')).toBeUndefined();
    const quarantined = await new Quarantine(db).list();
    expect(quarantined.map((record) => record.docId).sort()).toEqual(['case-a', 'case-b']);
    expect(quarantined[0]?.reason).toMatch(/authentication/);
  });

  it('between two summaries fails, and both are quarantined instead of showing the other person', async () => {
    const summaries = new SummaryStore(db, codec, Summary);
    await summaries.put('case-a', { name: 'Haddad' }, 1);
    await summaries.put('case-b', { name: 'Yılmaz' }, 1);
    const [a, b] = [await db.summaries.get('case-a'), await db.summaries.get('case-b')];
    await db.summaries.update('case-a', { data: b!.data });
    await db.summaries.update('case-b', { data: a!.data });

    const { summaries: readable, quarantined } = await summaries.all();

    expect(readable.size).toBe(0);
    expect(quarantined).toBe(2);
  });

  it('into another doc’s outbox row is not pushed under that doc id', async () => {
    const docs = new DocStore(db, codec);
    await docs.assignTeam('case-a', 'team-1');
    await docs.assignTeam('case-b', 'team-1');
    await docs.append('case-a', named('Haddad'));
    await docs.append('case-b', named('Yılmaz'));
    const rows = await db.outbox.toArray();
    const [a, b] = [rows.find((row) => row.docId === 'case-a')!, rows.find((row) => row.docId === 'case-b')!];
    await db.outbox.update(b.id!, { data: a.data });

    const entries = await new Outbox(db, codec).after(0, 10);

    expect(entries.find((entry) => entry.id === a.id)).toMatchObject({ kind: 'entry', docId: 'case-a' });
    expect(entries.find((entry) => entry.id === b.id)).toMatchObject({ kind: 'unreadable', docId: 'case-b' });
  });

  it('from one table into another fails, even for the same case', async () => {
    const docs = new DocStore(db, codec);
    const summaries = new SummaryStore(db, codec, Summary);
    await docs.append('case-a', named('Haddad'));
    await summaries.put('case-a', { name: 'Haddad' }, 1);
    const update = await rowOf('case-a');
    const summary = await db.summaries.get('case-a');

    await expect(codec.decode(summary!.data, docUpdateRecord('case-a'))).rejects.toBeInstanceOf(CodecError);
    await expect(codec.decode(update.data, summaryRecord('case-a'))).rejects.toBeInstanceOf(CodecError);

    await db.summaries.update('case-a', { data: update.data });
    expect((await summaries.all()).quarantined).toBe(1);
  });

  it('with its key id changed fails', async () => {
    const sealed = await codec.encode(named('Haddad'), docUpdateRecord('case-a'));
    const relabelled = sealed.slice();
    relabelled[4]! ^= 0x01;
    await expect(codec.decode(relabelled, docUpdateRecord('case-a'))).rejects.toThrow(/key/);
  });
});
