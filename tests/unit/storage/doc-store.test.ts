import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { plainCodec } from '../../../src/storage/codec.ts';
import { LotseDatabase } from '../../../src/storage/db.ts';
import { DocStore } from '../../../src/storage/doc-store.ts';
import { Quarantine } from '../../../src/storage/quarantine.ts';

const open: LotseDatabase[] = [];
let counter = 0;

function freshDb(): LotseDatabase {
  const db = new LotseDatabase(`doc-store-test-${++counter}`);
  open.push(db);
  return db;
}

afterEach(async () => {
  for (const db of open.splice(0)) await db.delete();
});

function noteOf(doc: Y.Doc): string {
  return doc.getText('note').toString();
}

describe('the doc store', () => {
  it('stores every change as it happens and loads the doc back', async () => {
    const db = freshDb();
    const store = new DocStore(db, plainCodec);
    const doc = new Y.Doc();
    const stop = store.track('case-1', doc);
    doc.getText('note').insert(0, 'Hausbesuch');
    doc.getText('note').insert(10, ' am Montag');
    doc.getMap('person').set('familyName', 'Yılmaz');
    await store.flush();
    stop();

    expect(await db.updates.count()).toBe(3);
    const loaded = await new DocStore(db, plainCodec).load('case-1');
    expect(noteOf(loaded.doc)).toBe('Hausbesuch am Montag');
    expect(loaded.doc.getMap('person').get('familyName')).toBe('Yılmaz');
    expect(loaded.quarantined).toBe(0);
    expect(loaded.seq).toBeGreaterThan(0);
  });

  it('does not store again what it loaded', async () => {
    const db = freshDb();
    const store = new DocStore(db, plainCodec);
    await store.append('case-1', Y.encodeStateAsUpdate(docWithNote('eins')));
    const loaded = await store.load('case-1');
    const stop = store.track('case-1', loaded.doc);
    await store.flush();
    stop();
    expect(await db.updates.count()).toBe(1);
  });

  it('loads many docs in one read, each with its own content', async () => {
    const db = freshDb();
    const store = new DocStore(db, plainCodec);
    for (let index = 0; index < 25; index += 1) {
      await store.append(`case-${index}`, Y.encodeStateAsUpdate(docWithNote(`Notiz ${index}`)));
    }
    const all = await store.loadAll();
    expect(all.size).toBe(25);
    expect(noteOf(all.get('case-7')!.doc)).toBe('Notiz 7');
    expect((await store.docIds()).length).toBe(25);
  });

  it('compacts a long log into one record without changing the doc', async () => {
    const db = freshDb();
    const store = new DocStore(db, plainCodec, { compactAfter: 10 });
    const doc = new Y.Doc();
    const stop = store.track('case-1', doc);
    for (const letter of 'Schweigepflichtentbindung')
      doc.getText('note').insert(doc.getText('note').length, letter);
    await store.flush();
    stop();
    const rows = await db.updates.where('docId').equals('case-1').count();
    expect(rows).toBeLessThan(25);
    expect(noteOf((await store.load('case-1')).doc)).toBe('Schweigepflichtentbindung');

    await store.compact('case-1');
    expect(await db.updates.where('docId').equals('case-1').count()).toBe(1);
    expect(noteOf((await store.load('case-1')).doc)).toBe('Schweigepflichtentbindung');
  });

  it('quarantines a corrupt record and still loads the rest of that doc and every other doc', async () => {
    const db = freshDb();
    const store = new DocStore(db, plainCodec);
    await store.append('case-1', Y.encodeStateAsUpdate(docWithNote('gut')));
    await store.append('case-2', Y.encodeStateAsUpdate(docWithNote('auch gut')));
    // A record whose bytes are not a Yjs update, and one that is not even a record of ours.
    await db.updates.add({ docId: 'case-1', data: new Uint8Array([255, 1, 2, 3]), at: Date.now() });
    await db.updates.add({
      docId: 'case-2',
      data: 'kein Binärwert' as unknown as Uint8Array,
      at: Date.now(),
    });

    const all = await new DocStore(db, plainCodec).loadAll();
    expect(noteOf(all.get('case-1')!.doc)).toBe('gut');
    expect(noteOf(all.get('case-2')!.doc)).toBe('auch gut');
    expect(all.get('case-1')!.quarantined).toBe(1);
    expect(all.get('case-2')!.quarantined).toBe(1);

    const quarantined = await new Quarantine(db).list();
    expect(quarantined.map((record) => record.docId).sort()).toEqual(['case-1', 'case-2']);
    expect(quarantined.find((record) => record.docId === 'case-2')!.reason).toContain('data');
    // Moved, not copied: the next load is clean, and the raw record is kept.
    expect(await db.updates.count()).toBe(2);
    const raw = await db.quarantine.toArray();
    expect(raw.some((row) => (row.raw as { data: unknown }).data === 'kein Binärwert')).toBe(true);
  });

  it('passes every stored byte through the codec', async () => {
    const db = freshDb();
    const seen: string[] = [];
    const flipping = {
      name: 'flip',
      async encode(plain: Uint8Array) {
        seen.push('encode');
        return plain.map((byte) => byte ^ 0xff);
      },
      async decode(stored: Uint8Array) {
        seen.push('decode');
        return stored.map((byte) => byte ^ 0xff);
      },
    };
    const store = new DocStore(db, flipping);
    const update = Y.encodeStateAsUpdate(docWithNote('Aufenthaltserlaubnis'));
    await store.append('case-1', update);
    const row = (await db.updates.toArray())[0]!;
    expect([...row.data]).not.toEqual([...update]);
    expect(noteOf((await store.load('case-1')).doc)).toBe('Aufenthaltserlaubnis');
    expect(seen).toEqual(['encode', 'decode']);
  });
});

function docWithNote(text: string): Y.Doc {
  const doc = new Y.Doc();
  doc.getText('note').insert(0, text);
  return doc;
}
