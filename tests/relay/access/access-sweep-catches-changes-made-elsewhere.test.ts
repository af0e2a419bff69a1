import { describe, expect, it } from 'vitest';
import { ERRORS } from '../../../src/protocol/errors.ts';
import { useSyncRelay } from '../sync/support/fixture.ts';
import { WORLD } from '../sync/support/world.ts';
import { openDocSocket } from './support.ts';

// Short, so the test waits little; the test waits for the close itself, never for a time.
const sync = useSyncRelay({ accessSweepMs: 100 });
const A = WORLD.teamA;
const B = WORLD.teamB;
const closedWith = (code: keyof typeof ERRORS) => ({ code: ERRORS[code].ws, reason: code });

/**
 * Changes written straight to the store, as the admin CLI writes them from its own process: nobody tells
 * the relay, so its access sweep must find them.
 */
describe('the access sweep, for changes the relay was not told of', () => {
  it('closes the sockets of a user disabled in the database', async () => {
    const anna = await sync.connect(WORLD.anna);
    await anna.control('caught-up');
    const doc = await openDocSocket(sync.relay.url, await sync.token(WORLD.anna), A, 'case-1');
    await sync.relay.store.setUserDisabled(WORLD.anna.userId, true);
    expect(await anna.closed).toEqual(closedWith('account-disabled'));
    expect(await doc.closed).toEqual(closedWith('account-disabled'));
  });

  it('closes the sockets of a device revoked in the database, and only those', async () => {
    const tablet = await sync.connect(WORLD.anna);
    const laptop = await sync.connect(WORLD.annaSecond);
    await Promise.all([tablet.control('caught-up'), laptop.control('caught-up')]);
    await sync.relay.store.revokeDevice(WORLD.anna.deviceId, Date.now());
    expect(await tablet.closed).toEqual(closedWith('device-revoked'));
    expect(laptop.isOpen).toBe(true);
    expect(await laptop.write(A, 'case-1', 'weiter ')).toBeGreaterThan(0);
  });

  it('closes the sockets that serve a team the user was removed from, and keeps the others', async () => {
    await sync.relay.store.addMembership(WORLD.anna.userId, B);
    const anna = await sync.connect(WORLD.anna);
    await anna.control('caught-up', (frame) => frame.teamId === B);
    const docA = await openDocSocket(sync.relay.url, await sync.token(WORLD.anna), A, 'case-1');
    const docB = await openDocSocket(sync.relay.url, await sync.token(WORLD.anna), B, 'case-9');

    await sync.relay.store.removeMembership(WORLD.anna.userId, A);

    expect(await anna.closed).toEqual(closedWith('not-in-team'));
    expect(await docA.closed).toEqual(closedWith('not-in-team'));
    expect(docB.isOpen()).toBe(true);
    docB.close();
    await docB.closed;
  });
});
