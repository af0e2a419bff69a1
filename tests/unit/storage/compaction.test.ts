import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { plainCodec, type Codec } from '../../../src/storage/codec.ts';
import { LotseDatabase } from '../../../src/storage/db.ts';
import { DocStore } from '../../../src/storage/doc-store.ts';
import { Quarantine } from '../../../src/storage/quarantine.ts';

const open: LotseDatabase[] = [];
let counter = 0;

function freshDb(): LotseDatabase {
  const db = new LotseDatabase(`compaction-test-${++counter}`);
  open.push(db);
  return db;
}

afterEach(async () => {
  for (const db of open.splice(0)) await db.delete();
});

/** Appends are never compacted on their own here: only `compact` merges. */
const NO_AUTO = { compactAfter: Number.MAX_SAFE_INTEGER };

/** Records `count` contacts, one stored update each, as a case file's history grows over months. */
async function recordContacts(store: DocStore, docId: string, count: number, from = 0): Promise<void> {
  const doc = new Y.Doc();
  const stop = store.track(docId, doc);
  for (let index = from; index < from + count; index += 1) {
    doc.getMap('contacts').set(`contact-${index}`, `Beratung ${index}`);
  }
  await store.flush();
  stop();
}

function contactsOf(doc: Y.Doc): string[] {
  return [...doc.getMap('contacts').keys()].sort();
}

function expectedContacts(count: number): string[] {
  return Array.from({ length: count }, (_, index) => `contact-${index}`).sort();
}

async function rowsOf(db: LotseDatabase, docId: string) {
  return db.updates.where('docId').equals(docId).toArray();
}

/** A codec that, once `hold` is called, stops in `decode` until `release`: a compaction caught mid-way. */
function holdingCodec() {
  let holding = false;
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let reached!: () => void;
  const inDecode = new Promise<void>((resolve) => (reached = resolve));
  const codec: Codec = {
    name: 'holding',
    async encode(plain) {
      return plain;
    },
    async decode(stored) {
      if (holding) {
        reached();
        await released;
      }
      return stored;
    },
  };
  return { codec, hold: () => (holding = true), inDecode, release };
}

describe('compacting a case file’s stored log', () => {
  it('merges the log into one record that holds every entry and keeps the newest sequence number', async () => {
    const db = freshDb();
    const store = new DocStore(db, plainCodec, NO_AUTO);
    await recordContacts(store, 'case-1', 60);
    const before = await rowsOf(db, 'case-1');
    expect(before).toHaveLength(60);
    const newest = Math.max(...before.map((row) => row.seq!));

    const loaded = await store.load('case-1');
    expect(loaded.log.rows).toBe(60);
    expect(store.compactionDue(loaded.log, loaded.doc)).toBe(true);

    expect(await store.compact('case-1')).toEqual({ merged: 60, unreadable: 0 });
    const after = await rowsOf(db, 'case-1');
    expect(after.map((row) => row.seq)).toEqual([newest]);
    // The summary was written at the newest sequence number; it must not look stale after compaction.
    expect((await store.latestSeqs()).get('case-1')).toBe(newest);
    const reloaded = await new DocStore(db, plainCodec).load('case-1');
    expect(contactsOf(reloaded.doc)).toEqual(expectedContacts(60));
    expect(reloaded.doc.getMap('contacts').get('contact-42')).toBe('Beratung 42');
    expect(store.compactionDue(reloaded.log, reloaded.doc)).toBe(false);
  });

  it('is due for a long log, or one far larger than its merged state, and not for a short lean one', async () => {
    const db = freshDb();
    const store = new DocStore(db, plainCodec, { ...NO_AUTO, compactOnOpen: { rows: 50, ratio: 4 } });
    await recordContacts(store, 'long', 51);
    await recordContacts(store, 'short', 50);
    // Twenty edits of one note, a letter each: few rows, but each holds more than the letter it adds.
    const typed = new Y.Doc();
    const stop = store.track('typed', typed);
    for (const letter of 'Sprachkursanmeldung!')
      typed.getText('note').insert(typed.getText('note').length, letter);
    await store.flush();
    stop();
    const lean = new Y.Doc();
    lean.getText('note').insert(0, 'Ein langer Vermerk zum Aufenthaltsstatus '.repeat(20));
    await store.append('lean', Y.encodeStateAsUpdate(lean));
    const stored = Y.encodeStateVector(lean);
    lean.getMap('person').set('familyName', 'Haddad');
    await store.append('lean', Y.encodeStateAsUpdate(lean, stored));

    const due = async (docId: string) => {
      const loaded = await store.load(docId);
      return store.compactionDue(loaded.log, loaded.doc);
    };
    expect(await due('long')).toBe(true);
    expect(await due('typed')).toBe(true);
    expect(await due('short')).toBe(false);
    expect(await due('lean')).toBe(false);
  });

  it('keeps a write that another tab makes while the log is being compacted', async () => {
    const db = freshDb();
    const holding = holdingCodec();
    const store = new DocStore(db, holding.codec, NO_AUTO);
    await recordContacts(store, 'case-1', 10);
    holding.hold();
    const compaction = store.compact('case-1');
    await holding.inDecode;
    // Another tab's store on the same database: its write is not queued behind this tab's compaction.
    await recordContacts(new DocStore(db, plainCodec, NO_AUTO), 'case-1', 1, 10);
    holding.release();

    expect(await compaction).toEqual({ merged: 10, unreadable: 0 });
    expect(await rowsOf(db, 'case-1')).toHaveLength(2);
    const loaded = await new DocStore(db, plainCodec).load('case-1');
    expect(contactsOf(loaded.doc)).toEqual(expectedContacts(11));
  });

  it('keeps a write of the same tab that waits for the compaction', async () => {
    const db = freshDb();
    const holding = holdingCodec();
    const store = new DocStore(db, holding.codec, NO_AUTO);
    await recordContacts(store, 'case-1', 10);
    holding.hold();
    const compaction = store.compact('case-1');
    await holding.inDecode;
    const doc = new Y.Doc();
    doc.getMap('contacts').set('contact-10', 'Beratung 10');
    const appended = store.append('case-1', Y.encodeStateAsUpdate(doc));
    holding.release();
    await Promise.all([compaction, appended]);

    const loaded = await new DocStore(db, plainCodec).load('case-1');
    expect(contactsOf(loaded.doc)).toEqual(expectedContacts(11));
  });

  it('leaves unreadable records in place for the next load to quarantine, never drops them', async () => {
    const db = freshDb();
    const picky: Codec = {
      name: 'picky',
      async encode(plain) {
        return plain;
      },
      async decode(stored) {
        if (stored[0] === 0xee) throw new Error('authentication failed');
        return stored;
      },
    };
    const store = new DocStore(db, picky, NO_AUTO);
    await recordContacts(store, 'case-1', 5);
    const at = Date.now();
    await db.updates.add({ docId: 'case-1', data: new Uint8Array([255, 1, 2, 3]), at });
    await db.updates.add({ docId: 'case-1', data: new Uint8Array([0xee, 0, 0]), at });
    await db.updates.add({ docId: 'case-1', data: 'kein Binärwert' as unknown as Uint8Array, at });

    expect(await store.compact('case-1')).toEqual({ merged: 5, unreadable: 3 });
    expect(await rowsOf(db, 'case-1')).toHaveLength(4);

    const loaded = await new DocStore(db, picky).load('case-1');
    expect(contactsOf(loaded.doc)).toEqual(expectedContacts(5));
    expect(loaded.quarantined).toBe(3);
    const reasons = (await new Quarantine(db).list()).map((record) => record.reason).join('\n');
    expect(reasons).toContain('not a Yjs update');
    expect(reasons).toContain('authentication failed');
    expect(reasons).toContain('data');
  });

  it('leaves the outbox as it is: unsent changes are still sent one by one', async () => {
    const db = freshDb();
    const store = new DocStore(db, plainCodec, NO_AUTO);
    await store.assignTeam('case-1', 'team-a');
    await recordContacts(store, 'case-1', 12);
    const queued = await db.outbox.toArray();
    expect(queued).toHaveLength(12);

    await store.compact('case-1');
    expect(await rowsOf(db, 'case-1')).toHaveLength(1);
    expect(await db.outbox.toArray()).toEqual(queued);
  });

  it('leaves the result of a compaction that another tab finished first', async () => {
    const db = freshDb();
    const holding = holdingCodec();
    const store = new DocStore(db, holding.codec, NO_AUTO);
    await recordContacts(store, 'case-1', 8);
    holding.hold();
    const compaction = store.compact('case-1');
    await holding.inDecode;
    await new DocStore(db, plainCodec, NO_AUTO).compact('case-1');
    const winner = await rowsOf(db, 'case-1');
    holding.release();

    expect(await compaction).toEqual({ merged: 0, unreadable: 0 });
    expect(await rowsOf(db, 'case-1')).toEqual(winner);
    expect(contactsOf((await store.load('case-1')).doc)).toEqual(expectedContacts(8));
  });
});
