import { describe, expect, it } from 'vitest';
import type { RelayConfig } from '../../../sync-server/src/config.ts';
import type { DeviceClient } from './support/device-client.ts';
import { useSyncRelay, type SyncFixture } from './support/fixture.ts';
import type { RelayControl } from '../../../src/protocol/sync.ts';
import { WORLD, type Person } from './support/world.ts';

const A = WORLD.teamA;
const DEVICES = 8;
const PUSHES = 10;
const DOCS = ['case-1', 'case-2', 'case-3'];

type Ack = Extract<RelayControl, { type: 'ack' }>;

/** Anna's devices: the seeded three and more registered for this test, each with its own socket. */
async function annasDevices(sync: SyncFixture): Promise<DeviceClient[]> {
  const people: Person[] = [WORLD.anna, WORLD.annaSecond, WORLD.annaThird];
  for (let i = people.length + 1; i <= DEVICES; i += 1) {
    const deviceId = `device-anna-${i}`;
    await sync.relay.store.registerDevice({ id: deviceId, userId: WORLD.anna.userId, name: deviceId });
    people.push({ ...WORLD.anna, deviceId });
  }
  const devices = await Promise.all(people.map((person) => sync.connect(person)));
  await Promise.all(devices.map((device) => device.control('caught-up', (f) => f.teamId === A)));
  return devices;
}

/**
 * Every device sends all its pushes at once, the fourth one twice (a re-send whose ack was lost), and
 * waits for every answer. Resolves each device's acks in the order of its refs.
 */
async function pushAtOnce(devices: DeviceClient[]): Promise<Ack[][]> {
  const sent = devices.map((device, d) => {
    const refs: number[] = [];
    for (let i = 0; i < PUSHES; i += 1) {
      const docId = DOCS[(d + i) % DOCS.length]!;
      const update = device.edit(A, docId, `Gerät ${d + 1} Notiz ${i + 1}. `);
      const ref = device.sendPush(A, docId, update);
      refs.push(ref);
      if (i === 3) device.sendPush(A, docId, update, ref);
    }
    return refs;
  });
  return Promise.all(
    devices.map(async (device, d) => {
      const acks = await Promise.all(
        sent[d]!.map(async (ref) => {
          const answer = await device.waitFor(
            (e) => e.kind === 'control' && e.frame.type === 'ack' && e.frame.ref === ref,
            `the ack of push ${ref}`,
          );
          return answer.frame as Ack;
        }),
      );
      // Both answers to the re-sent push name one seq.
      const resent = sent[d]![3]!;
      const answersTo = () =>
        device.controls().filter((frame): frame is Ack => frame.type === 'ack' && frame.ref === resent);
      await device.waitFor(() => answersTo().length >= 2, `both acks of push ${resent}`);
      expect(new Set(answersTo().map((ack) => ack.seq)).size).toBe(1);
      return acks;
    }),
  );
}

function describePushingAtOnce(mode: string, overrides: Partial<RelayConfig>) {
  describe(`many devices pushing at once (${mode})`, () => {
    const sync = useSyncRelay(overrides);

    it('acks each push once stored, with increasing seqs, and every device receives every entry once, in order', async () => {
      const devices = await annasDevices(sync);
      const before = await sync.relay.store.latestSeq(A);
      const acks = await pushAtOnce(devices);

      for (const deviceAcks of acks) {
        const seqs = deviceAcks.map((ack) => ack.seq);
        expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
        expect(new Set(seqs).size).toBe(PUSHES);
      }
      const allSeqs = acks.flat().map((ack) => ack.seq);
      const latest = before + DEVICES * PUSHES;
      expect(new Set(allSeqs)).toEqual(
        new Set(Array.from({ length: DEVICES * PUSHES }, (_, i) => before + i + 1)),
      );
      expect(await sync.relay.store.latestSeq(A)).toBe(latest);

      for (const device of devices) {
        await device.logged(A, latest);
        const received = device.logEntries(A).map((entry) => entry.seq);
        expect(received).toEqual(Array.from({ length: DEVICES * PUSHES }, (_, i) => before + i + 1));
      }
      // Every device holds every edit: all replicas of each doc agree.
      for (const docId of DOCS) {
        const texts = new Set(devices.map((device) => device.text(A, docId)));
        expect(texts.size).toBe(1);
      }
      for (const [d, device] of devices.entries()) {
        expect(device.text(A, DOCS[d % DOCS.length]!)).toContain(`Gerät ${d + 1} Notiz 1. `);
      }
    });
  });
}

describePushingAtOnce('group commit', {});
describePushingAtOnce('one commit per push', { appendBatch: false });

describe('group commit under a burst of pushes', () => {
  const sync = useSyncRelay();

  it('stores the burst in fewer commits than pushes and sends devices frames of several entries', async () => {
    const devices = await annasDevices(sync);
    const store = sync.relay.store;
    const appendUpdates = store.appendUpdates.bind(store);
    let commits = 0;
    store.appendUpdates = (updates) => {
      commits += 1;
      return appendUpdates(updates);
    };
    const acks = await pushAtOnce(devices);
    const pushes = acks.flat().length;
    expect(commits).toBeGreaterThan(0);
    expect(commits).toBeLessThan(pushes);
    const frames = devices[0]!.received.filter((e) => e.kind === 'log' && e.frame.teamId === A);
    expect(frames.some((e) => e.kind === 'log' && e.frame.entries.length > 1)).toBe(true);
  });
});
