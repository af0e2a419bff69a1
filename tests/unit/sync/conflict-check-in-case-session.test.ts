import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { setPersonField } from '../../../src/domain/case-write.ts';
import { CaseSession } from '../../../src/state/case-session.svelte.ts';
import { plainCodec } from '../../../src/storage/codec.ts';
import { LotseDatabase } from '../../../src/storage/db.ts';
import { DocStore } from '../../../src/storage/doc-store.ts';
import { createConflictCheck, type ConflictCheck } from '../../../src/sync/conflict-check.ts';
import { SYNC_ORIGIN } from '../../../src/protocol/origin.ts';
import { newCase } from '../domain/case-fixtures.ts';

let counter = 0;
let db: LotseDatabase;
let docs: DocStore;
let check: ConflictCheck;
let session: CaseSession;
let otherUpdates: Uint8Array[];
let other: Y.Doc;

beforeEach(async () => {
  db = new LotseDatabase(`conflict-session-${++counter}`);
  await db.open();
  docs = new DocStore(db, plainCodec);
  const base = newCase({ person: { familyName: 'Haddad', city: 'Duisburg' } });
  const seq = await docs.append('case-1', Y.encodeStateAsUpdate(base));
  check = createConflictCheck({ db, codec: plainCodec, docs });
  const loaded = await docs.load('case-1');
  loaded.doc.clientID = 1;
  session = new CaseSession({
    id: 'case-1',
    doc: loaded.doc,
    seq,
    actor: 'Anna Berg',
    track: (doc, listener, editsOf) => docs.track('case-1', doc, listener, editsOf),
    onSummaryDue: () => {},
    conflicts: check,
  });
  other = new Y.Doc();
  other.clientID = 2;
  Y.applyUpdate(other, Y.encodeStateAsUpdate(base));
  otherUpdates = [];
  other.on('update', (update: Uint8Array) => otherUpdates.push(update));
});

afterEach(async () => {
  session.close();
  await docs.flush();
  db.close();
  await db.delete();
});

/** The other device's change arrives: the engine runs the hook, stores the updates, applies them. */
async function arrives(): Promise<void> {
  await docs.flush();
  await check.beforeRemoteStore('case-1', otherUpdates);
  for (const update of otherUpdates) await docs.append('case-1', update);
  for (const update of otherUpdates) Y.applyUpdate(session.doc, update, SYNC_ORIGIN);
}

describe('conflict notices of an open case', () => {
  it('shows a notice with both values once a concurrent remote change arrives, and keeps mine in one step', async () => {
    expect(setPersonField(session.doc, 'city', 'Essen', session.writeOptions).ok).toBe(true);
    setPersonField(other, 'city', 'Oberhausen', { actor: 'Bea Demir' });
    expect(session.conflicts).toEqual([]);

    await arrives();
    await vi.waitFor(() => expect(session.conflicts).toHaveLength(1));
    expect(session.file.person.city).toBe('Oberhausen');
    const [notice] = session.conflicts;
    expect(notice).toMatchObject({
      path: 'person/city',
      mine: 'Essen',
      theirs: 'Oberhausen',
      who: 'Bea Demir',
      current: 'Oberhausen',
      holds: 'theirs',
    });

    const result = await session.resolveConflict(notice!.id, 'mine');
    expect(result.ok).toBe(true);
    expect(session.file.person.city).toBe('Essen');
    expect(session.file.meta.updatedBy).toBe('Anna Berg');
    expect(session.conflicts).toEqual([]);
    expect(await db.conflicts.count()).toBe(0);
  });

  it('follows what the case holds while the notice is open', async () => {
    setPersonField(session.doc, 'city', 'Essen', session.writeOptions);
    setPersonField(other, 'city', 'Oberhausen', { actor: 'Bea Demir' });
    await arrives();
    await vi.waitFor(() => expect(session.conflicts[0]?.holds).toBe('theirs'));

    setPersonField(session.doc, 'city', 'Moers', session.writeOptions);
    expect(session.conflicts[0]).toMatchObject({ current: 'Moers', holds: 'other' });
  });
});
