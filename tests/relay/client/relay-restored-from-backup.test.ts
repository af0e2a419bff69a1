import { afterEach, describe, expect, it } from 'vitest';
import { CursorStore } from '../../../src/storage/cursors.ts';
import { ClientWorld, TEAM } from './support.ts';

let world: ClientWorld | undefined;

afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe('a relay restored from an earlier copy of its database', () => {
  it('gets back from a device what it lost, even after others wrote past the device’s cursor', async () => {
    world = await ClientWorld.start();
    const a = world.device('a');
    const doc = await a.open('case-1');
    doc.getText('note').insert(0, 'Erstgespräch.');
    a.online();
    await world.converged('case-1');

    // The operator's backup, taken with the relay stopped.
    await world.stopRelay();
    const backup = await world.backUpRelay();
    await world.startRelay();

    // After the backup, the device's change is acknowledged (its outbox is empty again) and its cursor moves.
    doc.getText('note').insert(doc.getText('note').length, ' Termin am Dienstag.');
    await world.converged('case-1');
    await a.offline();
    const cursor = (await new CursorStore(a.db).all()).get(TEAM);
    expect(cursor?.seq).toBeGreaterThan(1);

    // The relay is restored from the backup; a colleague's new device writes until the log is past the cursor.
    await world.stopRelay();
    await world.restoreRelay(backup);
    await world.startRelay();
    expect(await world.relay.store.latestSeq(TEAM)).toBeLessThan(cursor?.seq ?? 0);
    const c = world.device('c');
    const other = await c.open('case-2');
    c.online();
    for (const city of ['Bochum', 'Herne', 'Witten']) other.getMap('fields').set('city', city);
    await world.converged('case-2', [c]);
    expect(await world.relay.store.latestSeq(TEAM)).toBeGreaterThanOrEqual(cursor?.seq ?? 0);

    // The device comes back: it notices the lost entries, sends its whole case again and catches up anew.
    a.online();
    const state = await world.converged('case-1', [a]);
    expect(state.note).toBe('Erstgespräch. Termin am Dienstag.');
    const onC = await c.open('case-1');
    await world.converged('case-1', [a, c]);
    expect(onC.getText('note').toString()).toBe('Erstgespräch. Termin am Dienstag.');
    await a.open('case-2');
    expect((await world.converged('case-2', [a, c])).fields).toEqual({ city: 'Witten' });
  });
});
