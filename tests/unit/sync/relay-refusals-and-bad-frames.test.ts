import { afterEach, describe, expect, it, vi } from 'vitest';
import { ERRORS } from '../../../src/protocol/errors.ts';
import { FRAME_LOG } from '../../../src/protocol/sync.ts';
import { createHarness, fieldUpdate, until, type Harness } from './engine-harness.ts';

const harnesses: Harness[] = [];
function harness(...args: Parameters<typeof createHarness>): Harness {
  const created = createHarness(...args);
  harnesses.push(created);
  return created;
}

afterEach(async () => {
  vi.useRealTimers();
  for (const h of harnesses.splice(0)) await h.close();
});

describe('when the relay ends the session', () => {
  it('renews an expired token and reconnects at once', async () => {
    const h = harness();
    const socket = await h.connect();
    socket.drop(ERRORS['token-expired'].ws, 'token-expired');
    const next = await h.nextSocket(1);
    expect(h.tokenRequests.at(-1)).toEqual({ forceRefresh: true });
    next.open();
    expect(next.controls()[0]).toMatchObject({ type: 'hello', token: 'token-2' });
    expect(h.engine.status.refusal).toBeNull();
  });

  it('stays refused after a revoked device, without retrying, until reconnectNow', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const h = harness();
    const socket = await h.connect();
    socket.drop(ERRORS['device-revoked'].ws, 'device-revoked');
    await until(() => h.engine.status.connection === 'refused', 'refused');
    expect(h.engine.status.refusal).toEqual({ code: 'device-revoked', message: 'device-revoked' });
    expect(vi.getTimerCount()).toBe(0);
    expect(h.sockets).toHaveLength(1);

    h.engine.reconnectNow();
    await h.nextSocket(1);
  });

  it('goes offline and retries with backoff when the network drops', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const h = harness();
    const socket = await h.connect();
    socket.drop(1006);
    expect(h.engine.status.connection).toBe('offline');
    expect(vi.getTimerCount()).toBe(1);
    vi.runOnlyPendingTimers();
    await h.nextSocket(1);
  });

  for (const code of ['storage-unavailable', 'shutting-down'] as const) {
    it(`goes offline and reconnects with backoff when the relay closes with ${code}`, async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      const h = harness();
      const socket = await h.connect();
      socket.drop(ERRORS[code].ws, code);
      expect(h.engine.status.connection).toBe('offline');
      expect(h.engine.status.refusal).toBeNull();
      expect(vi.getTimerCount()).toBe(1);
      vi.runOnlyPendingTimers();
      await h.nextSocket(1);
    });
  }

  it('renews the token after repeated failed handshakes (an HTTP refusal a browser cannot read)', async () => {
    const h = harness();
    h.engine.start();
    for (let count = 0; count < 3; count += 1) (await h.nextSocket(count)).drop(1006);
    await h.nextSocket(3);
    expect(h.tokenRequests.map((request) => request.forceRefresh)).toEqual([false, false, false, true]);
  });

  it('stays offline without a session', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const h = harness({ getAccessToken: async () => null });
    h.engine.start();
    await until(() => h.engine.status.connection === 'offline', 'offline');
    expect(h.sockets).toHaveLength(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('refuses a relay that speaks a newer protocol', async () => {
    const h = harness();
    h.engine.start();
    const socket = await h.nextSocket(0);
    socket.open();
    socket.deliver(JSON.stringify({ v: 99, type: 'welcome', teams: [] }));
    await until(() => h.engine.status.connection === 'refused', 'refused');
    expect(h.engine.status.refusal?.code).toBe('protocol-unsupported');
  });
});

describe('a bad frame from the relay', () => {
  it('ends the session and stores nothing of a log frame with one garbled update', async () => {
    const h = harness();
    const socket = await h.connect([{ id: 'team-a', latest: 2 }]);
    socket.log('team-a', [
      { seq: 1, docId: 'case-1', update: fieldUpdate('city', 'Köln') },
      { seq: 2, docId: 'case-2', update: new Uint8Array([1, 200, 3, 9, 9]) },
    ]);
    await h.nextSocket(1);
    expect(socket.closedWith?.code).toBe(4401);
    expect(await h.db.updates.count()).toBe(0);
    expect(await h.cursors()).toEqual(new Map());
  });

  it('ends the session on bytes that are no frame and on control frames that fail their schema', async () => {
    const h = harness();
    const socket = await h.connect();
    socket.deliver(new Uint8Array([7, 1, 2]));
    const next = await h.nextSocket(1);
    expect(socket.closedWith?.code).toBe(4401);

    next.open();
    next.control({ type: 'welcome', teams: [{ id: 'team-a', latest: 0 }] });
    next.deliver(JSON.stringify({ v: 1, type: 'caught-up', teamId: '../etc', seq: -1 }));
    await h.nextSocket(2);
    expect(next.closedWith?.code).toBe(4401);
    expect(await h.cursors()).toEqual(new Map());
  });

  it('ends the session on a frame with an invalid team id', async () => {
    const h = harness();
    const socket = await h.connect();
    // Hand-made: an empty log frame of team "team a" (a space is not allowed in ids).
    socket.deliver(new Uint8Array([FRAME_LOG, 6, ...new TextEncoder().encode('team a'), 0]));
    await h.nextSocket(1);
    expect(socket.closedWith?.code).toBe(4401);
  });
});

describe('catch-up progress', () => {
  it('counts entries against what the welcome announced and never passes it', async () => {
    const h = harness();
    await h.db.cursors.put({ teamId: 'team-a', seq: 10, syncedAt: null });
    const socket = await h.connect([{ id: 'team-a', latest: 13 }]);
    expect(h.engine.status.catchingUp).toEqual({ done: 0, total: 3 });
    socket.log('team-a', [
      { seq: 11, docId: 'case-1', update: fieldUpdate('a', '1') },
      { seq: 12, docId: 'case-1', update: fieldUpdate('b', '2') },
    ]);
    await until(() => h.engine.status.catchingUp?.done === 2, 'two of three');
    socket.log('team-a', [
      { seq: 13, docId: 'case-1', update: fieldUpdate('c', '3') },
      { seq: 14, docId: 'case-1', update: fieldUpdate('d', '4') },
    ]);
    await until(async () => (await h.cursors()).get('team-a') === 14, 'cursor 14');
    expect(h.engine.status.catchingUp).toEqual({ done: 3, total: 3 });
    socket.control({ type: 'caught-up', teamId: 'team-a', seq: 14 });
    await until(() => h.engine.status.catchingUp === null, 'done');
  });
});
