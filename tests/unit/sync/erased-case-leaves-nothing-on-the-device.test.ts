import { afterEach, describe, expect, it } from 'vitest';
import { FEATURE_ERASURES, FRAME_PUSH, type PushFrame } from '../../../src/protocol/sync.ts';
import { saveCachedAnswer, readCachedAnswer } from '../../../src/storage/answer-cache.ts';
import { AttachmentStore } from '../../../src/storage/attachment-store.ts';
import { encodeJson, plainCodec, summaryRecord } from '../../../src/storage/codec.ts';
import { saveCaseDrafts } from '../../../src/storage/entry-drafts-store.ts';
import { DocErasedError } from '../../../src/storage/erasures.ts';
import { SetAsideStore } from '../../../src/storage/set-aside.ts';
import { z } from 'zod';
import { whereFound } from './device-scan.ts';
import {
  createHarness,
  fieldsOf,
  fieldUpdate,
  until,
  type FakeSocket,
  type Harness,
} from './engine-harness.ts';

const harnesses: Harness[] = [];
function harness(...args: Parameters<typeof createHarness>): Harness {
  const created = createHarness(...args);
  harnesses.push(created);
  return created;
}

afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.close();
});

const SECRET = 'Geheimnis-4711';
const HASH = 'a'.repeat(64);
const OTHER_HASH = 'b'.repeat(64);
const encoder = new TextEncoder();

/** Fills every table that can hold something of a case with something of `docId`. */
async function plant(h: Harness, docId: string, caseNumber: string): Promise<void> {
  await h.docs.assignTeam(docId, 'team-a');
  await h.docs.append(docId, fieldUpdate('note', `${SECRET} ${docId}`), [
    { path: 'person/city', value: `${SECRET} Köln`, item: null },
  ]);
  const summary = { caseNumber, displayName: `${SECRET} ${docId}` };
  await h.db.summaries.put({
    id: docId,
    data: await encodeJson(plainCodec, summary, summaryRecord(docId)),
    seq: 1,
    at: 1,
  });
  await h.db.pendingEdits.put({ docId, path: 'person/city', data: encoder.encode(SECRET), at: 1 });
  await h.db.conflicts.add({ docId, data: encoder.encode(`${SECRET} conflict`), at: 1 });
  await h.db.quarantine.add({
    table: 'updates',
    key: '99',
    docId,
    reason: 'test',
    at: 1,
    raw: { docId, data: encoder.encode(SECRET) },
  });
  await h.db.setAside.put({
    id: docId === 'case-1' ? 10_001 : 10_002,
    docId,
    teamId: 'team-a',
    data: encoder.encode(SECRET),
    cause: 'malformed-frame',
    message: 'refused',
    at: 1,
    setAsideAt: 1,
  });
  await saveCaseDrafts(h.db, plainCodec, docId, {
    contact: {
      savedAt: 1,
      fields: {
        date: '2026-01-01',
        kind: 'in-person',
        duration: null,
        topics: [],
        place: '',
        office: '',
        appointment: '',
        interpreterLanguage: '',
        interpreterKind: '',
        note: SECRET,
      },
    },
  } as never);
  const attachments = new AttachmentStore(h.db, plainCodec);
  await attachments.put(
    { hash: docId === 'case-1' ? HASH : OTHER_HASH, docId, teamId: 'team-a', state: 'waiting' },
    encoder.encode(`${SECRET} photo`),
  );
  await attachments.setKeptOffline(docId, true);
}

function pushes(socket: FakeSocket): PushFrame[] {
  return socket.binaries().filter((frame): frame is PushFrame => frame.kind === FRAME_PUSH);
}

describe('a case the relay erased', () => {
  it('leaves nothing on the device but its tombstone, and the cursor moves past it only afterwards', async () => {
    const h = harness();
    await plant(h, 'case-1', 'AZ-1');
    await plant(h, 'case-2', 'AZ-2');
    await saveCachedAnswer(h.db, plainCodec, 'barriers', { value: { docIds: ['case-1'] }, fetchedAt: 1 });
    await saveCachedAnswer(h.db, plainCodec, 'report', { value: { cases: 3 }, fetchedAt: 1 });
    expect(await whereFound(h.db, 'case-1')).not.toEqual([]);

    const socket = await h.connect([{ id: 'team-a', latest: 5 }]);
    const [hello] = socket.controls();
    expect(hello).toMatchObject({ type: 'hello', features: [FEATURE_ERASURES] });
    // Nothing to ask for again: this device had no cursor yet.
    expect(hello).not.toHaveProperty('erasuresSince');
    await until(() => pushes(socket).length > 0, 'the outbox pushed');

    socket.control({
      type: 'erased',
      teamId: 'team-a',
      entries: [{ seq: 5, docId: 'case-1', erasedAt: '2026-12-01T10:00:00.000Z', reason: 'retention' }],
    });
    await until(async () => (await h.cursors()).get('team-a') === 5, 'the cursor past the erasure');

    expect(await whereFound(h.db, 'case-1')).toEqual([]);
    expect(await whereFound(h.db, 'AZ-1')).toEqual([]);
    // The other case is untouched, its attachment and cached answers too.
    expect(await fieldsOf(h.docs, 'case-2')).toEqual({ note: `${SECRET} case-2` });
    expect(await h.db.attachments.get(OTHER_HASH)).toBeDefined();
    expect(await h.db.meta.get('entry-drafts:case-2')).toBeDefined();
    expect(await new AttachmentStore(h.db, plainCodec).keptOffline()).toEqual(new Set(['case-2']));
    expect(await readCachedAnswer(h.db, plainCodec, 'report', z.unknown())).toBeDefined();
    expect(await readCachedAnswer(h.db, plainCodec, 'barriers', z.unknown())).toBeUndefined();

    const [tombstone] = await h.db.erasures.toArray();
    expect(tombstone).toMatchObject({
      docId: 'case-1',
      teamId: 'team-a',
      seq: 5,
      erasedAt: '2026-12-01T10:00:00.000Z',
      reason: 'retention',
    });
    // Its notice: the Aktenzeichen, and the unsynced changes dropped (its outbox row and set-aside change).
    expect(await h.docs.erasures.notices()).toMatchObject([
      { docId: 'case-1', caseNumber: 'AZ-1', reason: 'retention', dropped: 2 },
    ]);
    await h.docs.erasures.dismiss(['case-1']);
    expect(await h.docs.erasures.notices()).toEqual([]);
    expect(await whereFound(h.db, 'AZ-1')).toEqual([]);
    expect(JSON.stringify(await h.db.erasures.toArray())).not.toContain('AZ-1');
  });

  it('is not recreated by a late update, a local write, a draft or an attachment', async () => {
    const h = harness();
    await plant(h, 'case-1', 'AZ-1');
    const socket = await h.connect([{ id: 'team-a', latest: 3 }]);
    socket.control({
      type: 'erased',
      teamId: 'team-a',
      entries: [{ seq: 3, docId: 'case-1', erasedAt: '2026-12-01T10:00:00.000Z', reason: 'request' }],
    });
    await until(async () => (await h.cursors()).get('team-a') === 3, 'the cursor past the erasure');

    // A late update of the relay's log: not stored, and the session goes on past it.
    socket.log('team-a', [{ seq: 4, docId: 'case-1', update: fieldUpdate('note', SECRET) }]);
    await until(async () => (await h.cursors()).get('team-a') === 4, 'the cursor past the late update');
    expect(h.engine.status.connection).toBe('online');
    await expect(h.docs.append('case-1', fieldUpdate('note', SECRET))).rejects.toBeInstanceOf(DocErasedError);
    await expect(h.docs.assignTeam('case-1', 'team-a')).rejects.toBeInstanceOf(DocErasedError);
    await saveCaseDrafts(h.db, plainCodec, 'case-1', { contact: { savedAt: 1, fields: {} } } as never);
    await expect(
      new AttachmentStore(h.db, plainCodec).put(
        { hash: HASH, docId: 'case-1', teamId: 'team-a', state: 'waiting' },
        encoder.encode(SECRET),
      ),
    ).rejects.toBeInstanceOf(DocErasedError);
    expect(await whereFound(h.db, 'case-1')).toEqual([]);
    expect(await whereFound(h.db, SECRET)).toEqual([]);
    expect(pushes(socket).filter((push) => push.docId === 'case-1' && push.ref > 0)).toHaveLength(1);
  });

  it('drops its unsynced changes when the relay refuses a push with doc-erased, without retrying', async () => {
    const h = harness();
    await h.docs.assignTeam('case-1', 'team-a');
    await h.docs.append('case-1', fieldUpdate('note', SECRET));
    await h.docs.append('case-1', fieldUpdate('city', SECRET));
    await h.docs.assignTeam('case-2', 'team-a');
    await h.docs.append('case-2', fieldUpdate('city', 'Köln'));
    const socket = await h.connect();
    await until(() => pushes(socket).filter((push) => push.docId === 'case-1').length === 2, 'two pushes');
    const [first] = pushes(socket).filter((push) => push.docId === 'case-1');
    socket.control({
      type: 'error',
      code: 'doc-erased',
      message: 'The case was erased on the relay; changes to it are not accepted.',
      ref: first!.ref,
      teamId: 'team-a',
      docId: 'case-1',
    });
    await until(async () => (await h.db.outbox.where('docId').equals('case-1').count()) === 0, 'dropped');
    expect(await new SetAsideStore(h.db, plainCodec).count()).toBe(0);
    expect(await whereFound(h.db, SECRET)).toEqual([]);
    expect(await h.docs.erasures.notices()).toMatchObject([
      { docId: 'case-1', caseNumber: null, reason: null, dropped: 2 },
    ]);
    await until(() => h.engine.status.pendingByDoc.get('case-1') === undefined, 'not counted');

    // The erasure entry that follows fills in the reason and keeps the count.
    socket.control({
      type: 'erased',
      teamId: 'team-a',
      entries: [{ seq: 1, docId: 'case-1', erasedAt: '2026-12-01T10:00:00.000Z', reason: 'request' }],
    });
    await until(async () => (await h.cursors()).get('team-a') === 1, 'the cursor past the erasure');
    expect(await h.docs.erasures.notices()).toMatchObject([
      { docId: 'case-1', reason: 'request', dropped: 2 },
    ]);

    // The next connection offers none of it again.
    socket.drop(1006);
    const next = await h.nextSocket(1);
    next.open();
    next.control({ type: 'welcome', teams: [{ id: 'team-a', latest: 1 }] });
    await until(() => h.engine.status.connection === 'online', 'online again');
    await h.docs.append('case-2', fieldUpdate('city', 'Bonn'));
    await until(() => pushes(next).some((push) => push.docId === 'case-2'), 'case-2 pushed');
    expect(pushes(next).some((push) => push.docId === 'case-1')).toBe(false);
  });

  it('a device upgrading from an app without erasures asks once for the erasures its cursor passed', async () => {
    const h = harness();
    await h.db.cursors.put({ teamId: 'team-a', seq: 40, syncedAt: 1, epoch: null });
    const socket = await h.connect([{ id: 'team-a', latest: 40 }]);
    expect(socket.controls()[0]).toMatchObject({ erasuresSince: { 'team-a': 0 } });
    socket.control({
      type: 'erased',
      teamId: 'team-a',
      entries: [{ seq: 12, docId: 'case-9', erasedAt: '2026-12-01T10:00:00.000Z', reason: 'retention' }],
    });
    socket.control({ type: 'caught-up', teamId: 'team-a', seq: 40 });
    await until(async () => (await h.docs.erasures.teamsCaughtUp()).has('team-a'), 'caught up');
    // An erasure below the cursor does not move it back.
    expect((await h.cursors()).get('team-a')).toBe(40);
    expect(await h.docs.erasures.isErased('case-9')).toBe(true);

    socket.drop(1006);
    const next = await h.nextSocket(1);
    next.open();
    expect(next.controls()[0]).not.toHaveProperty('erasuresSince');
  });
});
