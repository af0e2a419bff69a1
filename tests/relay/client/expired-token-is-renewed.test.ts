import { afterEach, describe, expect, it } from 'vitest';
import { ClientWorld, until } from './support.ts';

let world: ClientWorld | undefined;

afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe('an access token that expires while the device is connected', () => {
  it('is renewed and the device reconnects without a refusal', async () => {
    // The relay closes a socket when its token runs out (after one second here).
    world = await ClientWorld.start({ accessTokenTtlSeconds: 1 });
    const a = world.device('a');
    const doc = await a.open('case-1');
    const refusals: string[] = [];
    a.engine.subscribe((status) => {
      if (status.refusal) refusals.push(status.refusal.code);
    });
    a.online();
    await until(() => a.settled);
    await until(() => world!.tokenRequests.some((request) => request.forceRefresh));
    doc.getMap('fields').set('city', 'Herne');
    const state = await world.converged('case-1');
    expect(state.fields).toEqual({ city: 'Herne' });
    expect(refusals).toEqual([]);
  });
});
