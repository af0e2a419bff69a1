import { describe, expect, it } from 'vitest';
import { ERRORS } from '../../../src/protocol/errors.ts';
import { disableUser } from '../../../sync-server/src/auth/accounts.ts';
import { useSyncRelay } from '../sync/support/fixture.ts';
import { WORLD } from '../sync/support/world.ts';
import { openDocSocket } from './support.ts';

const sync = useSyncRelay();
const A = WORLD.teamA;
const closedWith = (code: keyof typeof ERRORS) => ({ code: ERRORS[code].ws, reason: code });

describe('disabling a user on the relay', () => {
  it('closes every open socket of theirs at once, on every device and both endpoints', async () => {
    const tablet = await sync.connect(WORLD.anna);
    const laptop = await sync.connect(WORLD.annaSecond);
    await Promise.all([tablet.control('caught-up'), laptop.control('caught-up')]);
    const doc = await openDocSocket(sync.relay.url, await sync.token(WORLD.anna), A, 'case-1');
    const colleague = await sync.connect(WORLD.bert);
    await colleague.control('caught-up');

    await disableUser(sync.relay.store, WORLD.anna.userId, sync.relay.access);

    expect(await tablet.closed).toEqual(closedWith('account-disabled'));
    expect(await laptop.closed).toEqual(closedWith('account-disabled'));
    expect(await doc.closed).toEqual(closedWith('account-disabled'));
    // Someone else's socket is untouched.
    expect(colleague.isOpen).toBe(true);
    await sync.relay.audit.flush();
    const ended = await sync.relay.store.listAudit({ kind: 'access-refused', limit: 10 });
    expect(ended.events).toHaveLength(3);
    for (const event of ended.events) {
      expect(event).toMatchObject({
        userId: WORLD.anna.userId,
        code: 'account-disabled',
        detail: { stage: 'access-ended' },
      });
    }
  });

  it('refuses a push that arrives after the moment of disabling, before the socket has closed', async () => {
    const anna = await sync.connect(WORLD.anna);
    await anna.control('caught-up');
    const before = await sync.relay.store.latestSeq(A);
    // The push is on the wire when access ends; the relay reads it only afterwards.
    anna.sendPush(A, 'case-1', anna.edit(A, 'case-1', 'nach der Sperre '));
    sync.relay.access.publish({ kind: 'user-disabled', userId: WORLD.anna.userId });

    expect(await anna.closed).toEqual(closedWith('account-disabled'));
    expect(anna.controls().filter((frame) => frame.type === 'ack')).toEqual([]);
    expect(await sync.relay.store.latestSeq(A)).toBe(before);
  });
});
