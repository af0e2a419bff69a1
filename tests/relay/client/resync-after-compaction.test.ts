import { afterEach, describe, expect, it, vi } from 'vitest';
import { CursorStore } from '../../../src/storage/cursors.ts';
import { ClientWorld, TEAM, until } from './support.ts';

let world: ClientWorld | undefined;

afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe('a device whose cursor fell behind the compaction horizon', () => {
  it('catches up per doc with its state vector and keeps its own offline changes', async () => {
    world = await ClientWorld.start();
    const a = world.device('a');
    const b = world.device('b');
    const docA = await a.open('case-1');
    const docB = await b.open('case-1');
    docA.getText('note').insert(0, 'Anamnese');
    a.online();
    b.online();
    await world.converged('case-1');
    await b.offline();
    const cursorBefore = (await new CursorStore(b.db).all()).get(TEAM)?.seq ?? 0;
    expect(cursorBefore).toBeGreaterThan(0);

    // While b is away: many small changes on a, a case b never saw, and a compaction on the relay.
    for (const word of [' und', ' Ziele', ' vereinbart']) {
      docA.getText('note').insert(docA.getText('note').length, word);
    }
    const other = await a.open('case-2');
    other.getMap('fields').set('city', 'Gelsenkirchen');
    docB.getMap('fields').set('phone', '0209 77');
    await world.converged('case-1', [a]);
    await world.converged('case-2', [a]);
    await world.relay.store.compactDoc(`${TEAM}/case-1`);
    await world.relay.store.compactDoc(`${TEAM}/case-2`);
    expect(await world.relay.store.horizon(TEAM)).toBeGreaterThan(cursorBefore);

    b.online();
    const state = await world.converged('case-1');
    expect(state.note).toBe('Anamnese und Ziele vereinbart');
    expect(state.fields).toEqual({ phone: '0209 77' });
    expect((await b.docs.load('case-2')).doc.getMap('fields').get('city')).toBe('Gelsenkirchen');
    expect(await b.docs.teamOf('case-2')).toBe(TEAM);
    await until(() => b.engine.status.lastSyncedAt !== null);
    const latest = await world.relay.store.latestSeq(TEAM);
    await vi.waitFor(async () => expect((await new CursorStore(b.db).all()).get(TEAM)?.seq).toBe(latest));
  });
});
