import { describe, expect, it } from 'vitest';
import { DeviceClient } from './support/device-client.ts';
import { useSyncRelay } from './support/fixture.ts';
import { WORLD } from './support/world.ts';

const sync = useSyncRelay();
const A = WORLD.teamA;

describe('a push re-sent after its ack was lost', () => {
  it('is stored once and acknowledged with the seq it got the first time', async () => {
    const observer = await sync.connect(WORLD.annaSecond);
    await observer.control('caught-up', (f) => f.teamId === A);
    const device = await sync.connect(WORLD.anna);
    await device.control('caught-up', (f) => f.teamId === A);

    // The outbox row 41 goes out; the relay stores it (the other device receives it), but the connection
    // drops before this device reads the ack, so the row stays in its outbox.
    const update = device.edit(A, 'case-1', 'Erstgespräch am Montag. ');
    device.sendPush(A, 'case-1', update, 41);
    await observer.waitFor((e) => e.kind === 'log' && e.frame.entries.length > 0, 'the pushed update');
    const [stored] = observer.logEntries(A);
    await device.close();

    // The device reconnects with nothing stored from the log and re-sends the row under the same ref.
    const back = sync.track(await DeviceClient.open(sync.relay.url, await sync.token(WORLD.anna)));
    back.hello({});
    await back.control('caught-up', (f) => f.teamId === A);
    back.sendPush(A, 'case-1', update, 41);
    const ack = await back.control('ack', (f) => f.ref === 41);
    expect(ack.seq).toBe(stored?.seq);

    // Nothing was appended: the next push gets the next number and the other device sees no copy.
    const next = await back.write(A, 'case-1', 'Termin vereinbart. ');
    expect(next).toBe(ack.seq + 1);
    await observer.logged(A, next);
    expect(observer.logEntries(A).map((entry) => entry.seq)).toEqual([ack.seq, next]);
    expect(await sync.relay.store.latestSeq(A)).toBe(next);
    expect(observer.text(A, 'case-1')).toBe('Erstgespräch am Montag. Termin vereinbart. ');
  });
});
