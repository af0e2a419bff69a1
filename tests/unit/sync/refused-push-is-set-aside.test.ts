import { afterEach, describe, expect, it } from 'vitest';
import { FRAME_PUSH, MAX_UPDATE_BYTES, type PushFrame } from '../../../src/protocol/sync.ts';
import { plainCodec, type Codec } from '../../../src/storage/codec.ts';
import { SetAsideStore } from '../../../src/storage/set-aside.ts';
import { createHarness, fieldUpdate, until, type FakeSocket, type Harness } from './engine-harness.ts';

const harnesses: Harness[] = [];
function harness(...args: Parameters<typeof createHarness>): Harness {
  const created = createHarness(...args);
  harnesses.push(created);
  return created;
}

afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.close();
});

function pushes(socket: FakeSocket): PushFrame[] {
  return socket.binaries().filter((frame): frame is PushFrame => frame.kind === FRAME_PUSH);
}

/** A codec that marks what it stores, so a test can see that nothing was written plain. */
const markingCodec: Codec = {
  name: 'marking',
  async encode(plain) {
    return new Uint8Array([0xee, ...plain]);
  },
  async decode(stored) {
    if (stored[0] !== 0xee) throw new Error('not written by this codec');
    return stored.slice(1);
  },
};

describe('a push the relay refuses for good', () => {
  it('is set aside, no longer counted as pending, and not offered again on the next connection', async () => {
    const h = harness({ codec: markingCodec, storeCodec: markingCodec });
    await h.docs.assignTeam('case-1', 'team-a');
    await h.docs.append('case-1', fieldUpdate('city', 'Köln'));
    await h.docs.append('case-1', fieldUpdate('phone', '0221'));
    const socket = await h.connect();
    await until(() => pushes(socket).length === 2, 'two pushes');
    const [refused, accepted] = pushes(socket);

    socket.control({
      type: 'error',
      code: 'malformed-frame',
      message: 'The update is not a Yjs update.',
      ref: refused!.ref,
      teamId: 'team-a',
      docId: 'case-1',
    });
    socket.control({ type: 'ack', ref: accepted!.ref, seq: 1 });
    await until(() => h.engine.status.setAsideTotal === 1 && h.engine.status.pendingTotal === 0, 'set aside');
    expect(h.engine.status.pendingByDoc.size).toBe(0);
    expect(h.engine.status.refusal).toBeNull();
    expect(await h.db.outbox.count()).toBe(0);

    const store = new SetAsideStore(h.db, markingCodec);
    const [change] = await store.list();
    expect(change).toMatchObject({
      id: refused!.ref,
      docId: 'case-1',
      teamId: 'team-a',
      cause: 'malformed-frame',
      message: 'The update is not a Yjs update.',
      readable: true,
    });
    // Still codec output at rest.
    const [row] = await h.db.setAside.toArray();
    expect(row?.data?.[0]).toBe(0xee);

    socket.drop(1006);
    const next = await h.nextSocket(1);
    next.open();
    next.control({ type: 'welcome', teams: [{ id: 'team-a', latest: 1 }] });
    await until(() => h.engine.status.connection === 'online', 'online again');
    await h.docs.append('case-1', fieldUpdate('mail', 'a@b.de'));
    await until(() => pushes(next).length === 1, 'the new change pushed');
    expect(pushes(next)[0]!.ref).not.toBe(refused!.ref);

    // Sent again on request: back into the outbox under a new ref, with the same content.
    expect(await store.sendAgain(refused!.ref)).toBe(true);
    h.engine.nudge();
    await until(() => pushes(next).length === 2, 'sent again');
    expect(pushes(next)[1]!.update).toEqual(refused!.update);
    expect(pushes(next)[1]!.ref).toBeGreaterThan(refused!.ref);
    await until(() => h.engine.status.setAsideTotal === 0, 'nothing set aside');
  });

  it('sets aside what the relay would refuse as too large without sending it, and an unreadable row', async () => {
    const h = harness();
    await h.docs.assignTeam('case-1', 'team-a');
    await h.db.outbox.add({
      docId: 'case-1',
      teamId: 'team-a',
      data: new Uint8Array(MAX_UPDATE_BYTES + 1),
      at: 1,
    });
    await h.db.outbox.add({
      docId: 'case-1',
      teamId: 'team-a',
      data: 'garbage' as unknown as Uint8Array,
      at: 2,
    });
    await h.docs.append('case-1', fieldUpdate('city', 'Köln'));
    const socket = await h.connect();
    await until(() => h.engine.status.setAsideTotal === 2, 'two set aside');
    await until(() => pushes(socket).length === 1, 'the good change pushed');
    expect(pushes(socket)[0]!.update.byteLength).toBeLessThan(MAX_UPDATE_BYTES);
    const changes = await new SetAsideStore(h.db, plainCodec).list();
    expect(changes.map((change) => [change.cause, change.readable])).toEqual([
      ['doc-too-large', true],
      ['unreadable', false],
    ]);
    socket.control({ type: 'ack', ref: pushes(socket)[0]!.ref, seq: 1 });
    await until(() => h.engine.status.pendingTotal === 0, 'nothing pending');
  });

  it('keeps a change refused for now in the outbox', async () => {
    const h = harness();
    await h.docs.assignTeam('case-1', 'team-a');
    await h.docs.append('case-1', fieldUpdate('city', 'Köln'));
    const socket = await h.connect();
    await until(() => pushes(socket).length === 1, 'one push');
    socket.control({ type: 'error', code: 'internal', message: 'try later', ref: pushes(socket)[0]!.ref });
    await until(() => h.engine.status.refusal?.code === 'internal', 'the refusal in the status');
    await until(() => h.engine.status.pendingTotal === 1, 'still pending');
    expect(await h.db.outbox.count()).toBe(1);
    expect(await h.db.setAside.count()).toBe(0);
    expect(h.engine.status.setAsideTotal).toBe(0);
  });
});
