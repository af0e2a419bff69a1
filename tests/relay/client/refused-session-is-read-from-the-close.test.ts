import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ErrorCode } from '../../../src/protocol/errors.ts';
import { ClientWorld, until, type TestDevice } from './support.ts';

let world: ClientWorld | undefined;

afterEach(async () => {
  vi.restoreAllMocks();
  await world?.close();
  world = undefined;
});

/** Every refusal code the device's engine reported, in order. */
function refusalsOf(device: TestDevice): ErrorCode[] {
  const codes: ErrorCode[] = [];
  device.engine.subscribe((status) => {
    if (status.refusal && status.refusal.code !== codes.at(-1)) codes.push(status.refusal.code);
  });
  return codes;
}

describe('a session the relay refuses on /sync', () => {
  it.each([
    ['device-revoked', async (w: ClientWorld) => w.relay.store.revokeDevice('device-a', Date.now())],
    [
      'account-disabled',
      async (w: ClientWorld) => {
        const user = await w.relay.store.userByLogin('ayse');
        await w.relay.store.setUserDisabled(user!.id, true);
      },
    ],
  ] as const)('ends in the refused state with %s when the device reconnects', async (code, refuse) => {
    world = await ClientWorld.start();
    const a = world.device('a');
    await a.open('case-1');
    const refusals = refusalsOf(a);
    a.online();
    await until(() => a.settled);

    await refuse(world);
    await a.offline();
    a.online();
    await until(() => a.engine.status.connection === 'refused');

    expect(a.engine.status.refusal?.code).toBe(code);
    expect(refusals).toEqual([code]);
    // Read from the close code at the first attempt: no renewal of the token was needed to find out.
    expect(world.tokenRequests.map((request) => request.forceRefresh)).toEqual([false, false]);
  });
});

describe('an access token that has expired when the device connects', () => {
  it('is renewed at once, and the device connects without a refusal', async () => {
    world = await ClientWorld.start();
    const tokens = world.relay.tokens;
    const issue = tokens.issueAccess.bind(tokens);
    // The first token the device gets ran out an hour ago, as after a night with the tablet off.
    vi.spyOn(tokens, 'issueAccess').mockImplementationOnce((claims) => issue(claims, Date.now() - 3_600_000));
    const a = world.device('a');
    const doc = await a.open('case-1');
    const refusals = refusalsOf(a);
    a.online();
    await until(() => a.settled);

    expect(world.tokenRequests.map((request) => request.forceRefresh)).toEqual([false, true]);
    doc.getMap('fields').set('city', 'Gelsenkirchen');
    expect((await world.converged('case-1')).fields).toEqual({ city: 'Gelsenkirchen' });
    expect(refusals).toEqual([]);
  });
});
