import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { plainCodec } from '../../../src/storage/codec.ts';
import { LotseDatabase } from '../../../src/storage/db.ts';
import { DocStore, DocTeamMismatchError } from '../../../src/storage/doc-store.ts';
import { Outbox } from '../../../src/storage/outbox.ts';
import { SYNC_ORIGIN } from '../../../src/protocol/origin.ts';

const open: LotseDatabase[] = [];
let counter = 0;

function freshDb(): LotseDatabase {
  const db = new LotseDatabase(`outbox-test-${++counter}`);
  open.push(db);
  return db;
}

afterEach(async () => {
  for (const db of open.splice(0)) await db.delete();
});

function noteUpdate(doc: Y.Doc, text: string): Uint8Array {
  let update: Uint8Array | undefined;
  const capture = (u: Uint8Array) => (update = u);
  doc.once('update', capture);
  doc.getText('note').insert(doc.getText('note').length, text);
  return update!;
}

async function outboxDoc(db: LotseDatabase, docId: string): Promise<Y.Doc> {
  const rows = await new Outbox(db, plainCodec).after(0, 1000);
  const doc = new Y.Doc();
  for (const row of rows) {
    if (row.kind === 'entry' && row.docId === docId) Y.applyUpdate(doc, row.update);
  }
  return doc;
}

describe('local writes and the outbox', () => {
  it('puts a change of a doc with a team into updates and outbox together', async () => {
    const db = freshDb();
    const store = new DocStore(db, plainCodec);
    const heard: string[] = [];
    store.onOutbox((docId) => heard.push(docId));
    await store.assignTeam('case-1', 'team-a');
    const doc = new Y.Doc();
    const update = noteUpdate(doc, 'Erstgespräch');
    await store.append('case-1', update);

    const outbox = await db.outbox.toArray();
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ docId: 'case-1', teamId: 'team-a' });
    expect([...outbox[0]!.data]).toEqual([...update]);
    expect(await db.updates.count()).toBe(1);
    expect(heard).toEqual(['case-1']);
  });

  it('stores neither the change nor its outbox row when the outbox write fails', async () => {
    const db = freshDb();
    const store = new DocStore(db, plainCodec);
    await store.assignTeam('case-1', 'team-a');
    db.outbox.hook('creating', () => {
      throw new Error('disk full');
    });
    await expect(store.append('case-1', noteUpdate(new Y.Doc(), 'x'))).rejects.toThrow();
    expect(await db.updates.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });

  it('keeps a doc without a team out of the outbox', async () => {
    const db = freshDb();
    const store = new DocStore(db, plainCodec);
    const heard: string[] = [];
    store.onOutbox((docId) => heard.push(docId));
    await store.append('case-1', noteUpdate(new Y.Doc(), 'nur lokal'));
    expect(await db.updates.count()).toBe(1);
    expect(await db.outbox.count()).toBe(0);
    expect(heard).toEqual([]);
  });

  it('sees a team another tab assigned, without being told', async () => {
    const db = freshDb();
    const mine = new DocStore(db, plainCodec);
    await mine.append('case-1', noteUpdate(new Y.Doc(), 'a'));
    await new DocStore(db, plainCodec).assignTeam('case-1', 'team-a');
    await mine.append('case-1', noteUpdate(new Y.Doc(), 'b'));
    expect(await db.outbox.where('docId').equals('case-1').count()).toBe(2);
  });

  it('enqueues what a doc had before it got a team, once', async () => {
    const db = freshDb();
    const store = new DocStore(db, plainCodec);
    const doc = new Y.Doc();
    const stop = store.track('case-1', doc);
    doc.getText('note').insert(0, 'Aufenthalt geklärt');
    doc.getMap('person').set('familyName', 'Haddad');
    await store.flush();
    expect(await db.outbox.count()).toBe(0);

    await store.assignTeam('case-1', 'team-a');
    const queued = await db.outbox.count();
    expect(queued).toBeGreaterThan(0);
    const queuedDoc = await outboxDoc(db, 'case-1');
    expect(queuedDoc.getText('note').toString()).toBe('Aufenthalt geklärt');
    expect(queuedDoc.getMap('person').get('familyName')).toBe('Haddad');

    await store.assignTeam('case-1', 'team-a');
    await new DocStore(db, plainCodec).assignTeam('case-1', 'team-a');
    expect(await db.outbox.count()).toBe(queued);

    doc.getText('note').insert(0, '✓ ');
    await store.flush();
    stop();
    expect(await db.outbox.count()).toBe(queued + 1);
    expect((await outboxDoc(db, 'case-1')).getText('note').toString()).toBe('✓ Aufenthalt geklärt');
  });

  it('refuses to move a doc to another team', async () => {
    const db = freshDb();
    const store = new DocStore(db, plainCodec);
    await store.assignTeam('case-1', 'team-a');
    await expect(store.assignTeam('case-1', 'team-b')).rejects.toBeInstanceOf(DocTeamMismatchError);
    expect(await store.teamOf('case-1')).toBe('team-a');
  });

  it('stores remote updates merged into one record, without an outbox row, and records the team', async () => {
    const db = freshDb();
    const store = new DocStore(db, plainCodec);
    const remote = new Y.Doc();
    const updates = [noteUpdate(remote, 'Sprach'), noteUpdate(remote, 'kurs')];
    const heard: string[] = [];
    store.onOutbox((docId) => heard.push(docId));

    await store.storeRemote('case-9', updates, 'team-a');
    expect(await db.updates.count()).toBe(1);
    expect(await db.outbox.count()).toBe(0);
    expect(await store.teamOf('case-9')).toBe('team-a');
    expect((await store.load('case-9')).doc.getText('note').toString()).toBe('Sprachkurs');
    expect(heard).toEqual([]);

    // Once it has a team, a local change of the same doc is queued as usual.
    await store.append('case-9', noteUpdate(new Y.Doc(), 'x'));
    expect(await db.outbox.count()).toBe(1);
  });

  it('stores a remote update that is a view into a larger frame without the rest of the frame', async () => {
    const db = freshDb();
    const store = new DocStore(db, plainCodec);
    const update = noteUpdate(new Y.Doc(), 'Wohnungssuche');
    const frame = new Uint8Array(64 * 1024);
    frame.set(update, 1000);
    await store.storeRemote('case-1', [frame.subarray(1000, 1000 + update.length)], 'team-a');
    const [row] = await db.updates.toArray();
    expect(row!.data.buffer.byteLength).toBe(update.length);
    expect((await store.load('case-1')).doc.getText('note').toString()).toBe('Wohnungssuche');
  });

  it('never lets remote updates hide local ones of a doc that had no team yet', async () => {
    const db = freshDb();
    const store = new DocStore(db, plainCodec);
    await store.append('case-1', noteUpdate(new Y.Doc(), 'offline geschrieben'));
    await store.storeRemote('case-1', [noteUpdate(new Y.Doc(), 'vom Relay')], 'team-a');
    const queued = await outboxDoc(db, 'case-1');
    expect(queued.getText('note').toString()).toContain('offline geschrieben');
  });

  it('compacts the update log without touching the outbox', async () => {
    const db = freshDb();
    const store = new DocStore(db, plainCodec, { compactAfter: 5 });
    await store.assignTeam('case-1', 'team-a');
    const doc = new Y.Doc();
    const stop = store.track('case-1', doc);
    for (const letter of 'Integrationskurs') doc.getText('note').insert(doc.getText('note').length, letter);
    await store.flush();
    stop();
    expect(await db.updates.where('docId').equals('case-1').count()).toBeLessThan(16);
    expect(await db.outbox.where('docId').equals('case-1').count()).toBe(16);
    expect((await outboxDoc(db, 'case-1')).getText('note').toString()).toBe('Integrationskurs');
  });

  it('does not store again what came from the relay', async () => {
    const db = freshDb();
    const store = new DocStore(db, plainCodec);
    await store.assignTeam('case-1', 'team-a');
    const doc = new Y.Doc();
    const stop = store.track('case-1', doc);
    Y.applyUpdate(doc, noteUpdate(new Y.Doc(), 'remote'), SYNC_ORIGIN);
    doc.getText('note').insert(0, 'lokal ');
    await store.flush();
    stop();
    expect(await db.updates.count()).toBe(1);
    expect(await db.outbox.count()).toBe(1);
  });

  it("says when an acknowledgement was the doc's last row, and keeps the fields it wrote recorded", async () => {
    const db = freshDb();
    const store = new DocStore(db, plainCodec);
    const outbox = new Outbox(db, plainCodec);
    await store.assignTeam('case-1', 'team-a');
    await store.append('case-1', noteUpdate(new Y.Doc(), 'a'), [
      { path: 'person/familyName', value: 'Haddad', item: null },
    ]);
    await store.append('case-1', noteUpdate(new Y.Doc(), 'b'));
    const [first, second] = await db.outbox.toArray();

    expect(await outbox.acknowledge(first!.id!)).toEqual({ docId: 'case-1', docSynced: false });
    expect(await outbox.acknowledge(second!.id!)).toEqual({ docId: 'case-1', docSynced: true });
    // A concurrent change from another device can still arrive after the relay has this one.
    expect(await store.fieldEdits.read('case-1')).toEqual([
      { path: 'person/familyName', value: 'Haddad', item: null },
    ]);
    expect(await outbox.acknowledge(second!.id!)).toBeUndefined();
    expect(await outbox.countsByDoc()).toEqual(new Map());
  });

  it('reports unreadable outbox rows without deleting them', async () => {
    const db = freshDb();
    await db.outbox.add({
      docId: 'case-1',
      teamId: 'team-a',
      data: 'kaputt' as unknown as Uint8Array,
      at: 1,
    });
    const rows = await new Outbox(db, plainCodec).after(0, 10);
    expect(rows).toEqual([expect.objectContaining({ kind: 'unreadable', docId: 'case-1' })]);
    expect(await db.outbox.count()).toBe(1);
  });
});
