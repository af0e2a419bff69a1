import { afterEach, describe, expect, it } from 'vitest';
import { ClientWorld, TEAM, until } from './support.ts';

let world: ClientWorld | undefined;

afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe('a change the relay refuses for good', () => {
  it('is set aside with the relay’s reason and not offered again, while the other changes sync', async () => {
    world = await ClientWorld.start();
    const a = world.device('a');
    const doc = await a.open('case-1');
    // An outbox row whose content is not a Yjs update: the relay refuses it as malformed.
    await a.db.outbox.add({ docId: 'case-1', teamId: TEAM, data: new Uint8Array([0xff, 0xff, 0xff]), at: 1 });
    doc.getText('note').insert(0, 'Erstgespräch.');
    a.online();
    await until(() => a.engine.status.setAsideTotal === 1 && a.engine.status.pendingTotal === 0);
    const [row] = await a.db.setAside.toArray();
    expect(row).toMatchObject({ docId: 'case-1', teamId: TEAM, cause: 'malformed-frame' });
    expect(a.engine.status.refusal).toBeNull();
    expect((await world.converged('case-1')).note).toBe('Erstgespräch.');

    // After a reconnect nothing is pending and the relay's log holds only the good change.
    await world.restartRelay();
    await a.offline();
    a.online();
    doc.getText('note').insert(doc.getText('note').length, ' Termin.');
    expect((await world.converged('case-1')).note).toBe('Erstgespräch. Termin.');
    expect(a.engine.status.setAsideTotal).toBe(1);
    expect(await world.relay.store.latestSeq(TEAM)).toBe(2);
  });
});
