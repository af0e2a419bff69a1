import { afterEach, describe, expect, it } from 'vitest';
import { FRAME_PUSH, type PushFrame } from '../../../src/protocol/sync.ts';
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

describe('pushing the outbox', () => {
  it('sends every outbox row with its id as ref and drops a row only on its ack', async () => {
    const h = harness();
    await h.docs.assignTeam('case-1', 'team-a');
    await h.docs.append('case-1', fieldUpdate('city', 'Köln'));
    await h.docs.append('case-1', fieldUpdate('phone', '0221'));
    const ids = (await h.db.outbox.toArray()).map((row) => row.id);

    const socket = await h.connect();
    await until(() => pushes(socket).length === 2, 'two pushes');
    expect(pushes(socket).map((push) => push.ref)).toEqual(ids);
    expect(pushes(socket)[0]).toMatchObject({ teamId: 'team-a', docId: 'case-1' });
    await until(() => h.engine.status.pendingTotal === 2, 'two pending');
    expect(h.engine.status.pendingByDoc.get('case-1')).toBe(2);

    socket.control({ type: 'ack', ref: ids[0]!, seq: 1 });
    await until(() => h.engine.status.pendingTotal === 1, 'one pending');
    expect((await h.db.outbox.toArray()).map((row) => row.id)).toEqual([ids[1]]);

    // A change written while connected goes out at once.
    await h.docs.append('case-1', fieldUpdate('mail', 'a@b.de'));
    await until(() => pushes(socket).length === 3, 'the new change pushed');
    socket.control({ type: 'ack', ref: ids[1]!, seq: 2 });
    socket.control({ type: 'ack', ref: pushes(socket)[2]!.ref, seq: 3 });
    await until(() => h.engine.status.pendingTotal === 0, 'outbox empty');
    expect(await h.db.outbox.count()).toBe(0);
    expect(h.engine.status.pendingByDoc.size).toBe(0);
  });

  it('sends again on the next connection whatever was not acknowledged', async () => {
    const h = harness();
    await h.docs.assignTeam('case-1', 'team-a');
    await h.docs.append('case-1', fieldUpdate('city', 'Köln'));
    await h.docs.append('case-1', fieldUpdate('phone', '0221'));
    const socket = await h.connect();
    await until(() => pushes(socket).length === 2, 'two pushes');
    socket.control({ type: 'ack', ref: pushes(socket)[0]!.ref, seq: 1 });
    await until(() => h.engine.status.pendingTotal === 1, 'one acked');

    socket.drop(1006);
    const next = await h.nextSocket(1);
    expect(h.engine.status.connection).not.toBe('online');
    next.open();
    next.control({ type: 'welcome', teams: [{ id: 'team-a', latest: 1 }] });
    await until(() => pushes(next).length === 1, 'the unacknowledged push again');
    expect(pushes(next)[0]!.ref).toBe(pushes(socket)[1]!.ref);
  });

  it('keeps a change refused for now in the outbox, says why, and does not offer it again on this connection', async () => {
    const h = harness();
    await h.docs.assignTeam('case-x', 'team-b');
    await h.docs.append('case-x', fieldUpdate('city', 'Köln'));
    const socket = await h.connect();
    await until(() => pushes(socket).length === 1, 'one push');
    const ref = pushes(socket)[0]!.ref;
    socket.control({
      type: 'error',
      code: 'internal',
      message: 'The relay could not store the update.',
      ref,
      teamId: 'team-b',
      docId: 'case-x',
    });
    await until(() => h.engine.status.refusal?.code === 'internal', 'the refusal in the status');
    expect(h.engine.status.connection).toBe('online');
    expect(await h.db.outbox.count()).toBe(1);

    h.engine.nudge();
    await h.docs.assignTeam('case-y', 'team-a');
    await h.docs.append('case-y', fieldUpdate('city', 'Bonn'));
    await until(() => pushes(socket).length === 2, 'the next change pushed');
    expect(pushes(socket).map((push) => push.docId)).toEqual(['case-x', 'case-y']);
  });

  it('keeps no more than the window in flight', async () => {
    const h = harness({ pushLimits: { maxInFlight: 3, maxBytesInFlight: 1024 * 1024 } });
    await h.docs.assignTeam('case-1', 'team-a');
    for (let index = 0; index < 7; index += 1) await h.docs.append('case-1', fieldUpdate(`k${index}`, 'v'));
    const socket = await h.connect();
    await until(() => pushes(socket).length === 3, 'three pushes');
    for (const push of pushes(socket).slice(0, 2))
      socket.control({ type: 'ack', ref: push.ref, seq: push.ref });
    await until(() => pushes(socket).length === 5, 'two more after two acks');
    socket.control({ type: 'caught-up', teamId: 'team-a', seq: 2 });
    await until(async () => (await h.cursors()).get('team-a') === 2, 'a later frame handled');
    expect(pushes(socket)).toHaveLength(5);
    expect(new Set(pushes(socket).map((push) => push.ref)).size).toBe(5);
  });

  it('does not store its own pushes again when the log sends them back', async () => {
    const remote: string[] = [];
    const h = harness({ onRemoteUpdates: (docId) => remote.push(docId) });
    await h.docs.assignTeam('case-1', 'team-a');
    const mine = fieldUpdate('city', 'Köln');
    const other = fieldUpdate('phone', '0221');
    await h.docs.append('case-1', mine);
    await h.docs.append('case-1', other);
    const socket = await h.connect([{ id: 'team-a', latest: 0 }]);
    socket.control({ type: 'caught-up', teamId: 'team-a', seq: 0 });
    await until(() => pushes(socket).length === 2, 'two pushes');
    const [first, second] = pushes(socket);
    // The first comes back before its ack, the second after it.
    socket.log('team-a', [{ seq: 1, docId: 'case-1', update: first!.update }]);
    socket.control({ type: 'ack', ref: first!.ref, seq: 1 });
    socket.control({ type: 'ack', ref: second!.ref, seq: 2 });
    socket.log('team-a', [{ seq: 2, docId: 'case-1', update: second!.update }]);
    await until(async () => (await h.cursors()).get('team-a') === 2, 'cursor 2');
    expect(await h.db.updates.count()).toBe(2);
    expect(remote).toEqual([]);
    await until(() => h.engine.status.lastSyncedAt !== null, 'synced');
  });
});
