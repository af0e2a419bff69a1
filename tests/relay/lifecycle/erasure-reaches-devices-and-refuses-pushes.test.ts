import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ERRORS } from '../../../src/protocol/errors.ts';
import { DOC_PATH_PREFIX, FEATURE_ERASURES } from '../../../src/protocol/sync.ts';
import { DeviceClient, wsUrl } from '../sync/support/device-client.ts';
import { useSyncRelay } from '../sync/support/fixture.ts';
import { WORLD, type Person } from '../sync/support/world.ts';
import { caseUpdate } from './support.ts';

const sync = useSyncRelay();
const A = WORLD.teamA;

/** Erases the case as a confirmed request would (Anna asks, Carla confirms). */
async function erase(docId: string) {
  const lifecycle = sync.relay.lifecycle;
  const anna = {
    kind: 'person',
    userId: WORLD.anna.userId,
    login: 'anna',
    role: 'case-manager',
    teamIds: new Set([A]),
  } as const;
  const carla = {
    kind: 'person',
    userId: WORLD.carla.userId,
    login: 'carla',
    role: 'coordination',
    teamIds: new Set([A]),
  } as const;
  await lifecycle.requestErasure(anna, A, docId, 'Antrag der Person');
  return lifecycle.confirmErasure(carla, A, docId);
}

async function connectWithErasures(person: Person, cursors: Record<string, number>) {
  const client = sync.track(await DeviceClient.open(sync.relay.url, await sync.token(person)));
  client.hello(cursors, [FEATURE_ERASURES]);
  return client;
}

describe('an erasure in the team log', () => {
  it('reaches a device that was offline during it when it catches up from its old cursor', async () => {
    const anna = await sync.connect(WORLD.anna);
    await anna.control('caught-up', (f) => f.teamId === A);
    await anna.push(
      A,
      'case-1',
      caseUpdate({ id: 'case-1', teamId: A, marker: 'Eins', openedOn: '2025-01-10' }),
    );
    await anna.push(
      A,
      'case-2',
      caseUpdate({ id: 'case-2', teamId: A, marker: 'Zwei', openedOn: '2025-01-10' }),
    );
    const before = await sync.relay.store.latestSeq(A);

    // The second tablet stored everything up to here, then went offline for months.
    const offlineCursor = before;
    const record = await erase('case-1');
    expect(record.seq).toBe(before + 1);
    await anna.write(A, 'case-2', ' Neuer Termin.');

    const back = await connectWithErasures(WORLD.annaSecond, { [A]: offlineCursor });
    const erased = await back.control('erased', (f) => f.teamId === A);
    expect(erased.entries).toEqual([
      {
        seq: record.seq,
        docId: 'case-1',
        erasedAt: new Date(record.erasedAt).toISOString(),
        reason: 'request',
      },
    ]);
    const caughtUp = await back.control('caught-up', (f) => f.teamId === A);
    expect(caughtUp.seq).toBe(await sync.relay.store.latestSeq(A));
    expect(back.logEntries(A).map((entry) => entry.docId)).toEqual(['case-2']);

    // A device whose app does not name the feature is sent no erasure, and its session goes on.
    const old = await sync.connect(WORLD.annaThird, { [A]: offlineCursor });
    await old.control('caught-up', (f) => f.teamId === A);
    expect(old.controls().some((frame) => frame.type === 'erased')).toBe(false);
  });

  it('reaches a device whose cursor passed it before its app handled erasures, when it asks from 0', async () => {
    const anna = await sync.connect(WORLD.anna);
    await anna.control('caught-up', (f) => f.teamId === A);
    await anna.push(
      A,
      'case-1',
      caseUpdate({ id: 'case-1', teamId: A, marker: 'Eins', openedOn: '2025-01-10' }),
    );
    const record = await erase('case-1');
    await anna.write(A, 'case-2', 'danach');
    // An older app caught up past the erasure without hearing of it.
    const latest = await sync.relay.store.latestSeq(A);

    const upgraded = sync.track(await DeviceClient.open(sync.relay.url, await sync.token(WORLD.annaSecond)));
    upgraded.hello({ [A]: latest }, [FEATURE_ERASURES], { [A]: 0 });
    const erased = await upgraded.control('erased', (f) => f.teamId === A);
    expect(erased.entries.map((entry) => [entry.docId, entry.seq])).toEqual([['case-1', record.seq]]);
    expect((await upgraded.control('caught-up', (f) => f.teamId === A)).seq).toBe(latest);
    // Nothing of the log below its cursor is sent again: only the erasures.
    expect(upgraded.logEntries(A)).toEqual([]);

    // Without asking, a device at that cursor hears of no earlier erasure.
    const plain = await connectWithErasures(WORLD.annaThird, { [A]: latest });
    await plain.control('caught-up', (f) => f.teamId === A);
    expect(plain.controls().some((frame) => frame.type === 'erased')).toBe(false);
  });

  it('reaches a connected device as it happens, also when the log ends with it', async () => {
    const anna = await sync.connect(WORLD.anna);
    await anna.control('caught-up', (f) => f.teamId === A);
    await anna.push(
      A,
      'case-1',
      caseUpdate({ id: 'case-1', teamId: A, marker: 'Eins', openedOn: '2025-01-10' }),
    );
    const watcher = await connectWithErasures(WORLD.annaSecond, {});
    await watcher.control('caught-up', (f) => f.teamId === A);
    const record = await erase('case-1');
    const erased = await watcher.control('erased', (f) => f.entries.some((e) => e.docId === 'case-1'));
    expect(erased.entries.map((e) => e.seq)).toEqual([record.seq]);

    // From nothing, a device learns of the erasure too and catches up to the erasure's seq.
    const fresh = await connectWithErasures(WORLD.annaThird, {});
    expect((await fresh.control('erased')).entries.map((e) => e.docId)).toEqual(['case-1']);
    expect((await fresh.control('caught-up', (f) => f.teamId === A)).seq).toBe(record.seq);
  });

  it('refuses pushes and reads of the erased doc with doc-erased, and they never appear', async () => {
    const anna = await sync.connect(WORLD.anna);
    await anna.control('caught-up', (f) => f.teamId === A);
    await anna.push(
      A,
      'case-1',
      caseUpdate({ id: 'case-1', teamId: A, marker: 'Eins', openedOn: '2025-01-10' }),
    );
    const observer = await sync.connect(WORLD.annaSecond);
    await observer.control('caught-up', (f) => f.teamId === A);
    await erase('case-1');
    const latest = await sync.relay.store.latestSeq(A);

    // Unsynced edits of a device that was offline: refused for good, before anything is appended.
    const refused = await anna.push(A, 'case-1', anna.edit(A, 'case-1', 'Nachtrag von unterwegs'));
    expect(refused).toMatchObject({ type: 'error', code: 'doc-erased', docId: 'case-1' });
    // A device that never had it cannot create a doc under the erased id either.
    const third = await sync.connect(WORLD.annaThird);
    await third.control('caught-up', (f) => f.teamId === A);
    expect(await third.push(A, 'case-1', third.edit(A, 'case-1', 'neu'))).toMatchObject({
      code: 'doc-erased',
    });
    third.sendStep1(A, 'case-1');
    expect((await third.control('error', (f) => f.docId === 'case-1' && f.ref === undefined)).code).toBe(
      'doc-erased',
    );

    expect(await sync.relay.store.latestSeq(A)).toBe(latest);
    // The socket stays open and serves other docs.
    const seq = await anna.write(A, 'case-2', 'anderer Fall');
    await observer.logged(A, seq);
    expect(
      observer
        .logEntries(A)
        .filter((entry) => entry.seq > latest)
        .map((entry) => entry.docId),
    ).toEqual(['case-2']);

    // y-websocket has no error frame: the doc socket closes with the code's close code.
    const socket = new WebSocket(
      wsUrl(sync.relay.url, `${DOC_PATH_PREFIX}${A}/case-1`, { token: await sync.token(WORLD.anna) }),
    );
    const code = await new Promise<number>((resolve) =>
      socket.once('close', (closeCode) => resolve(closeCode)),
    );
    expect(code).toBe(ERRORS['doc-erased'].ws);
  });
});
