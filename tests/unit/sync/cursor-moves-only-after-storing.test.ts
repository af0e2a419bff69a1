import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { PROTOCOL_VERSION } from '../../../src/protocol/health.ts';
import { FEATURE_ERASURES, FRAME_DOC, MESSAGE_SYNC } from '../../../src/protocol/sync.ts';
import { plainCodec, type Codec } from '../../../src/storage/codec.ts';
import { syncStep2Message } from '../../../src/sync/doc-messages.ts';
import { TeamProgress } from '../../../src/sync/team-progress.ts';
import { createHarness, fieldsOf, fieldUpdate, until, type Harness } from './engine-harness.ts';

const harnesses: Harness[] = [];
function harness(...args: Parameters<typeof createHarness>): Harness {
  const created = createHarness(...args);
  harnesses.push(created);
  return created;
}

afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.close();
});

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('the cursor', () => {
  it('moves to the highest seq of a log frame only after its updates are stored', async () => {
    const gate = deferred();
    const checked: string[] = [];
    const h = harness({
      beforeRemoteStore: async (docId) => {
        checked.push(docId);
        await gate.promise;
      },
    });
    const socket = await h.connect([{ id: 'team-a', latest: 3 }]);
    socket.log('team-a', [
      { seq: 1, docId: 'case-1', update: fieldUpdate('city', 'Köln') },
      { seq: 2, docId: 'case-2', update: fieldUpdate('city', 'Bonn') },
      { seq: 3, docId: 'case-1', update: fieldUpdate('phone', '0221') },
    ]);
    await until(() => checked.length === 1, 'the conflict check');
    expect(await h.cursors()).toEqual(new Map());
    expect(await h.db.updates.count()).toBe(0);

    gate.resolve();
    await until(async () => (await h.cursors()).get('team-a') === 3, 'cursor 3');
    expect(checked).toEqual(['case-1', 'case-2']);
    expect(await fieldsOf(h.docs, 'case-1')).toEqual({ city: 'Köln', phone: '0221' });
    expect(await fieldsOf(h.docs, 'case-2')).toEqual({ city: 'Bonn' });
    expect(await h.docs.teamOf('case-2')).toBe('team-a');
    // One stored record per doc and frame: the two updates of case-1 were merged.
    expect(await h.db.updates.where('docId').equals('case-1').count()).toBe(1);
  });

  it('stays where it was when storing fails, and the session starts over', async () => {
    let failing = true;
    const codec: Codec = {
      name: 'flaky',
      encode: async (plain) => {
        if (failing) throw new Error('quota exceeded');
        return plain;
      },
      decode: plainCodec.decode,
    };
    const flaky = harness({ storeCodec: codec });
    const socket = await flaky.connect([{ id: 'team-a', latest: 1 }]);
    socket.log('team-a', [{ seq: 1, docId: 'case-1', update: fieldUpdate('city', 'Köln') }]);
    const next = await flaky.nextSocket(1);
    expect(socket.closedWith?.code).toBe(4401);
    expect(await flaky.cursors()).toEqual(new Map());

    failing = false;
    next.open();
    expect(next.controls()[0]).toMatchObject({ type: 'hello', cursors: {} });
    next.control({ type: 'welcome', teams: [{ id: 'team-a', latest: 1 }] });
    next.log('team-a', [{ seq: 1, docId: 'case-1', update: fieldUpdate('city', 'Köln') }]);
    await until(async () => (await flaky.cursors()).get('team-a') === 1, 'cursor 1');
  });

  it('is not moved by whole doc states (seq 0); caught-up sets it', async () => {
    const h = harness();
    const socket = await h.connect([{ id: 'team-a', latest: 7 }]);
    socket.log('team-a', [
      { seq: 0, docId: 'case-1', update: fieldUpdate('city', 'Köln') },
      { seq: 0, docId: 'case-2', update: fieldUpdate('city', 'Bonn') },
    ]);
    await until(async () => (await h.db.updates.count()) === 2, 'both docs stored');
    expect(await h.cursors()).toEqual(new Map());
    expect(h.engine.status.catchingUp).toEqual({ done: 2, total: 7 });

    socket.control({ type: 'caught-up', teamId: 'team-a', seq: 7 });
    await until(async () => (await h.cursors()).get('team-a') === 7, 'cursor 7');
    await until(() => h.engine.status.catchingUp === null, 'catch-up done');
    await until(() => h.engine.status.lastSyncedAt !== null, 'synced');
  });

  it('sends the token and the stored cursors in hello, and no token in the URL', async () => {
    const h = harness();
    await h.db.cursors.bulkPut([
      { teamId: 'team-a', seq: 41, syncedAt: null },
      { teamId: 'team-old', seq: 9, syncedAt: null },
    ]);
    h.engine.start();
    const socket = await h.nextSocket(0);
    expect(socket.url).toBe(`wss://relay.example/lotse/sync?v=${PROTOCOL_VERSION}`);
    socket.open();
    // Only the user's teams: a team left behind is none of the relay's business. This device never caught
    // up since it handles erasures, so it asks once for the team's erasures from the start.
    expect(socket.controls()).toEqual([
      {
        v: PROTOCOL_VERSION,
        type: 'hello',
        token: 'token-1',
        cursors: { 'team-a': 41 },
        features: [FEATURE_ERASURES],
        erasuresSince: { 'team-a': 0 },
      },
    ]);
  });

  it('is held during a resync until every listed doc is answered', async () => {
    const h = harness();
    await h.docs.storeRemote('case-1', [fieldUpdate('city', 'Köln')], 'team-a');
    await h.db.cursors.put({ teamId: 'team-a', seq: 2, syncedAt: null });
    const socket = await h.connect([{ id: 'team-a', latest: 10 }]);
    socket.control({ type: 'resync', teamId: 'team-a', seq: 10, docIds: ['case-1', 'case-2'] });

    await until(() => socket.binaries().length === 2, 'two sync step 1');
    const [first, second] = socket.binaries();
    expect(first).toMatchObject({ kind: FRAME_DOC, teamId: 'team-a', docId: 'case-1' });
    expect(second).toMatchObject({ kind: FRAME_DOC, teamId: 'team-a', docId: 'case-2' });
    // case-1's step 1 carries the state vector of what this device has of it; case-2's is empty.
    const stateVectorOf = (message: Uint8Array) => {
      const decoder = decoding.createDecoder(message);
      expect(decoding.readVarUint(decoder)).toBe(MESSAGE_SYNC);
      expect(decoding.readVarUint(decoder)).toBe(0);
      return Y.decodeStateVector(decoding.readVarUint8Array(decoder));
    };
    expect(stateVectorOf((first as { message: Uint8Array }).message).size).toBe(1);
    expect(stateVectorOf((second as { message: Uint8Array }).message).size).toBe(0);

    // Live updates during the resync are stored, but the cursor waits.
    socket.log('team-a', [{ seq: 11, docId: 'case-3', update: fieldUpdate('city', 'Essen') }]);
    await until(async () => (await h.docs.teamOf('case-3')) === 'team-a', 'case-3 stored');
    const relayDoc = new Y.Doc();
    relayDoc.getMap('fields').set('phone', '0228');
    socket.binary({
      kind: FRAME_DOC,
      teamId: 'team-a',
      docId: 'case-2',
      message: syncStep2Message(relayDoc, new Uint8Array([0])),
    });
    await until(async () => (await fieldsOf(h.docs, 'case-2')).phone === '0228', 'case-2 stored');
    expect((await h.cursors()).get('team-a')).toBe(2);
    expect(h.engine.status.catchingUp).not.toBeNull();

    socket.binary({
      kind: FRAME_DOC,
      teamId: 'team-a',
      docId: 'case-1',
      message: syncStep2Message(new Y.Doc(), new Uint8Array([0])),
    });
    await until(async () => (await h.cursors()).get('team-a') === 11, 'cursor past the resync');
    await until(() => h.engine.status.catchingUp === null, 'catch-up done');
  });
});

describe('team progress', () => {
  it('never moves backwards on log frames and ignores seq 0', () => {
    const team = new TeamProgress('team-a', 5);
    expect(team.logStored(0)).toBeUndefined();
    expect(team.logStored(4)).toBeUndefined();
    expect(team.logStored(8)).toBe(8);
    expect(team.cursor).toBe(8);
  });

  it('follows caught-up down to a relay that knows less', () => {
    const team = new TeamProgress('team-a', 50);
    expect(team.caughtUpAt(20)).toBe(20);
    expect(team.caughtUp).toBe(true);
  });

  it('settles a resync at the highest of its seq and what arrived meanwhile', () => {
    const team = new TeamProgress('team-a', 1);
    expect(team.resyncStarted(10, ['a', 'b'])).toBeUndefined();
    expect(team.logStored(12)).toBeUndefined();
    expect(team.caughtUp).toBe(false);
    expect(team.docAnswered('x')).toBeUndefined();
    expect(team.docAnswered('a')).toBeUndefined();
    expect(team.docAnswered('a')).toBeUndefined();
    expect(team.docAnswered('b')).toBe(12);
    expect(team.caughtUp).toBe(true);
    expect(team.resyncStarted(20, [])).toBe(20);
  });
});
