import { describe, expect, it } from 'vitest';
import type { RelayControl } from '../../../src/protocol/sync.ts';
import { StoreError } from '../../../sync-server/src/storage/errors.ts';
import { useSyncRelay } from './support/fixture.ts';
import { WORLD } from './support/world.ts';

const A = WORLD.teamA;

type Answer = Extract<RelayControl, { type: 'ack' | 'error' }>;

describe('a group commit that fails', () => {
  const sync = useSyncRelay();

  it('acknowledges none of its pushes, and stores them when the devices send them again', async () => {
    const anna = await sync.connect(WORLD.anna);
    const second = await sync.connect(WORLD.annaSecond);
    await Promise.all([anna, second].map((device) => device.control('caught-up', (f) => f.teamId === A)));
    const store = sync.relay.store;
    const before = await store.latestSeq(A);
    const appendUpdates = store.appendUpdates.bind(store);
    let failing = true;
    store.appendUpdates = (updates) =>
      failing ? Promise.reject(new StoreError('storage-failed', 'disk full')) : appendUpdates(updates);

    const pushes = [anna, second].flatMap((device, d) =>
      ['case-1', 'case-2'].map((docId) => {
        const update = device.edit(A, docId, `Gerät ${d + 1}. `);
        return { device, docId, update, ref: device.sendPush(A, docId, update) };
      }),
    );
    const answers = await Promise.all(
      pushes.map(async ({ device, ref }) => {
        const event = await device.waitFor(
          (e) =>
            e.kind === 'control' &&
            (e.frame.type === 'ack' || e.frame.type === 'error') &&
            e.frame.ref === ref,
          `the answer to push ${ref}`,
        );
        return event.frame as Answer;
      }),
    );
    expect(answers.map((answer) => (answer.type === 'error' ? answer.code : answer.type))).toEqual(
      pushes.map(() => 'internal'),
    );
    expect(await store.latestSeq(A)).toBe(before);
    expect([anna, second].flatMap((device) => device.logEntries(A))).toEqual([]);

    // The devices keep the pushes and send them again on the next connection; now the commit succeeds.
    failing = false;
    const acks = await Promise.all(
      pushes.map(async ({ device, docId, update, ref }) => {
        device.sendPush(A, docId, update, ref);
        const event = await device.waitFor(
          (e) => e.kind === 'control' && e.frame.type === 'ack' && e.frame.ref === ref,
          `the ack of push ${ref}`,
        );
        return (event.frame as Answer & { type: 'ack' }).seq;
      }),
    );
    expect(new Set(acks)).toEqual(new Set(pushes.map((_, i) => before + i + 1)));
    await Promise.all([anna, second].map((device) => device.logged(A, before + pushes.length)));
    expect(second.text(A, 'case-1')).toBe(anna.text(A, 'case-1'));
  });
});
