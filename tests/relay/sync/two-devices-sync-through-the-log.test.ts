import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { PROTOCOL_VERSION } from '../../../src/protocol/health.ts';
import { docKey } from '../../../sync-server/src/sync/doc-key.ts';
import { DeviceClient } from './support/device-client.ts';
import { useSyncRelay } from './support/fixture.ts';
import { WORLD } from './support/world.ts';

const sync = useSyncRelay();
const A = WORLD.teamA;

describe('two devices of one team', () => {
  it('acks a push with its seq and delivers it to the other device as a log frame', async () => {
    const first = await sync.connect(WORLD.anna);
    const second = await sync.connect(WORLD.annaSecond);
    await first.control('caught-up', (f) => f.teamId === A);
    await second.control('caught-up', (f) => f.teamId === A);

    const seq = await first.write(A, 'case-1', 'Erstgespräch am Montag. ');
    expect(seq).toBeGreaterThan(0);
    await second.logged(A, seq);
    expect(second.text(A, 'case-1')).toBe('Erstgespräch am Montag. ');
    // The pusher gets its own update back as well, so its cursor moves over a log without holes.
    await first.logged(A, seq);

    const next = await second.write(A, 'case-1', 'Termin Ausländerbehörde. ');
    expect(next).toBeGreaterThan(seq);
    await first.logged(A, next);
    expect(first.text(A, 'case-1')).toBe(second.text(A, 'case-1'));
    expect(await sync.relay.store.latestSeq(A)).toBe(next);
  });

  it('sends welcome first, and on reconnect only what is newer than the cursor, then caught-up', async () => {
    const writer = await sync.connect(WORLD.anna);
    const first = writer.edit(A, 'case-1', 'eins ');
    const ack = await writer.push(A, 'case-1', first);
    if (ack.type !== 'ack') throw new Error('push refused');
    const seqs = [ack.seq];
    for (const text of ['zwei ', 'drei ']) seqs.push(await writer.write(A, 'case-1', text));
    await writer.close();

    // The device comes back with what it had stored: the first update and its seq as the cursor.
    const back = sync.track(await DeviceClient.open(sync.relay.url, await sync.token(WORLD.anna)));
    Y.applyUpdate(back.doc(A, 'case-1'), first);
    back.hello({ [A]: ack.seq });
    const caughtUp = await back.control('caught-up', (f) => f.teamId === A);
    expect(back.received[0]).toEqual({
      kind: 'control',
      frame: {
        v: PROTOCOL_VERSION,
        type: 'welcome',
        // Anna is in team A only; the welcome lists the teams this socket carries.
        teams: [{ id: A, latest: seqs[2], epoch: expect.any(String) as string, earlier: [] }],
      },
    });
    expect(caughtUp.seq).toBe(seqs[2]);
    expect(back.logEntries(A).map((entry) => entry.seq)).toEqual([seqs[1], seqs[2]]);
    expect(back.text(A, 'case-1')).toBe('eins zwei drei ');
  });

  it('after compaction, answers a cursor below the horizon with resync and converges per doc', async () => {
    const writer = await sync.connect(WORLD.anna);
    const early = writer.edit(A, 'case-1', 'früh ');
    const earlyAck = await writer.push(A, 'case-1', early);
    if (earlyAck.type !== 'ack') throw new Error('push refused');
    for (const text of ['a ', 'b ', 'c ']) await writer.write(A, 'case-1', text);
    await writer.write(A, 'case-2', 'zweiter Fall ');
    await writer.write(A, 'case-1', 'd ');
    const { horizon } = await sync.relay.store.compactDoc(docKey(A, 'case-1'), { keepNewest: 1 });
    expect(horizon).toBeGreaterThan(earlyAck.seq);
    const latest = await sync.relay.store.latestSeq(A);

    // The second device stored only the first update and the cursor that goes with it.
    const device = sync.track(await DeviceClient.open(sync.relay.url, await sync.token(WORLD.annaSecond)));
    Y.applyUpdate(device.doc(A, 'case-1'), early);
    device.hello({ [A]: earlyAck.seq });
    const resync = await device.control('resync', (f) => f.teamId === A);
    expect(resync.seq).toBe(latest);
    expect([...resync.docIds].sort()).toEqual(['case-1', 'case-2']);
    expect(device.logEntries(A)).toEqual([]);

    for (const docId of resync.docIds) device.sendStep1(A, docId);
    for (const docId of resync.docIds) {
      await device.waitFor((e) => e.kind === 'doc' && e.frame.docId === docId, `step 2 of ${docId}`);
    }
    expect(device.text(A, 'case-1')).toBe(writer.text(A, 'case-1'));
    expect(device.text(A, 'case-2')).toBe('zweiter Fall ');

    // Afterwards the log goes on from the resync's seq.
    const after = await writer.write(A, 'case-2', 'weiter ');
    await device.logged(A, after);
    expect(device.logEntries(A).map((entry) => entry.seq)).toEqual([after]);
    expect(device.text(A, 'case-2')).toBe('zweiter Fall weiter ');
  });

  it('after compaction, gives a fresh device every doc whole (seq 0) and caught-up at the latest seq', async () => {
    const writer = await sync.connect(WORLD.anna);
    for (const text of ['a ', 'b ', 'c ']) await writer.write(A, 'case-1', text);
    await writer.write(A, 'case-2', 'x ');
    await sync.relay.store.compactDoc(docKey(A, 'case-1'));
    expect(await sync.relay.store.horizon(A)).toBeGreaterThan(0);
    const latest = await sync.relay.store.latestSeq(A);

    const fresh = await sync.connect(WORLD.annaThird);
    const caughtUp = await fresh.control('caught-up', (f) => f.teamId === A);
    expect(caughtUp.seq).toBe(latest);
    const entries = fresh.logEntries(A);
    expect(entries.map((entry) => [entry.seq, entry.docId])).toEqual([
      [0, 'case-1'],
      [0, 'case-2'],
    ]);
    expect(fresh.text(A, 'case-1')).toBe('a b c ');
    expect(fresh.text(A, 'case-2')).toBe('x ');
  });
});
