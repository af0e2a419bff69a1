import { afterEach, describe, expect, it } from 'vitest';
import { ClientWorld, until } from './support.ts';

let world: ClientWorld | undefined;

afterEach(async () => {
  await world?.close();
  world = undefined;
});

const CASE = 'case-7f3a';

describe('two devices that edited the same case offline', () => {
  it.each([
    ['a first', ['a', 'b'] as const],
    ['b first', ['b', 'a'] as const],
  ])('converge when they reconnect, %s', async (_label, order) => {
    world = await ClientWorld.start();
    const a = world.device('a');
    const b = world.device('b');
    const docA = await a.open(CASE);
    const docB = await b.open(CASE);
    docA.getText('note').insert(0, 'Erstgespräch im Büro.');
    docA.getMap('fields').set('phone', '0201 123');
    a.online();
    b.online();
    await world.converged(CASE);
    expect(docB.getText('note').toString()).toBe('Erstgespräch im Büro.');

    await a.offline();
    await b.offline();
    // Prose in the same Y.Text, different map keys, and the same map key.
    docA.getText('note').insert(12, ' mit Dolmetscherin');
    docB.getText('note').insert(0, 'Termin 3: ');
    docB.getText('note').delete(docB.getText('note').length - 1, 1);
    docA.getMap('fields').set('city', 'Essen');
    docB.getMap('fields').set('mail', 'kontakt@example.org');
    docA.getMap('fields').set('phone', '0201 999');
    docB.getMap('fields').set('phone', '0208 555');
    await a.docs.flush();
    await b.docs.flush();
    expect(a.engine.status.pendingTotal).toBeGreaterThan(0);

    const devices = { a, b };
    devices[order[0]].online();
    await world.converged(CASE, [devices[order[0]]]);
    devices[order[1]].online();
    const state = await world.converged(CASE);

    expect(state.note).toBe('Termin 3: Erstgespräch mit Dolmetscherin im Büro');
    expect(state.fields).toMatchObject({ city: 'Essen', mail: 'kontakt@example.org' });
    // Both wrote the phone number; one value wins, the same on every device and on the relay.
    expect(['0201 999', '0208 555']).toContain(state.fields.phone);
    expect(await a.db.outbox.count()).toBe(0);
    expect(await b.db.outbox.count()).toBe(0);
    expect(b.remoteApplied.get(CASE)).toBeGreaterThan(0);
  });
});

describe('a relay restart between edits', () => {
  it('loses nothing that was acknowledged or still in the outbox', async () => {
    world = await ClientWorld.start();
    const a = world.device('a');
    const b = world.device('b');
    const docA = await a.open(CASE);
    await b.open(CASE);
    a.online();
    docA.getMap('fields').set('city', 'Bochum');
    docA.getText('note').insert(0, 'Vor dem Neustart.');
    await world.converged(CASE, [a]);

    await world.stopRelay();
    // While the relay is down the device keeps working; its changes wait in the outbox.
    docA.getMap('fields').set('phone', '0234 42');
    docA.getText('note').insert(docA.getText('note').length, ' Während er lief nicht.');
    await a.docs.flush();
    await until(() => a.engine.status.pendingTotal > 0 && a.engine.status.connection !== 'online');
    await world.startRelay();

    b.online();
    const state = await world.converged(CASE);
    expect(state.note).toBe('Vor dem Neustart. Während er lief nicht.');
    expect(state.fields).toEqual({ city: 'Bochum', phone: '0234 42' });
  });
});
