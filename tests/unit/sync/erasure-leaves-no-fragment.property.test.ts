import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { plainCodec } from '../../../src/storage/codec.ts';
import { CursorStore } from '../../../src/storage/cursors.ts';
import { LotseDatabase } from '../../../src/storage/db.ts';
import { DocStore } from '../../../src/storage/doc-store.ts';
import { DocErasedError } from '../../../src/storage/erasures.ts';
import { SyncEngine } from '../../../src/sync/engine.ts';
import { whereFound } from './device-scan.ts';
import { fieldUpdate, type FakeSocket } from './engine-harness.ts';
import { FakeRelay } from './fake-relay.ts';

const SECRET = 'Fragment';
const CASES = ['case-1', 'case-2', 'case-3'] as const;
const DEVICES = 3;

let counter = 0;

interface Device {
  db: LotseDatabase;
  docs: DocStore;
  engine: SyncEngine;
  sockets: FakeSocket[];
  online: boolean;
}

function device(relay: FakeRelay): Device {
  const db = new LotseDatabase(`erasure-property-${process.pid}-${++counter}`);
  const docs = new DocStore(db, plainCodec);
  const sockets: FakeSocket[] = [];
  const created: Device = { db, docs, sockets, online: true } as Device;
  created.engine = new SyncEngine({
    relayUrl: 'https://relay.example',
    db,
    codec: plainCodec,
    docs,
    teamIds: () => [relay.teamId],
    // Offline, nobody asks for a connection: the engine waits for `reconnectNow`.
    getAccessToken: async () => (created.online ? 'token' : null),
    WebSocket: relay.socketClass(() => created.online, sockets),
    backoff: { baseMs: 1, maxMs: 4, random: () => 0.5 },
  });
  docs.onOutbox(() => created.engine.nudge());
  return created;
}

const caseId = fc.constantFrom(...CASES);
const deviceIndex = fc.integer({ min: 0, max: DEVICES - 1 });
const operation = fc.oneof(
  fc.record({ op: fc.constant('edit' as const), device: deviceIndex, doc: caseId }),
  fc.record({ op: fc.constant('close' as const), device: deviceIndex, doc: caseId }),
  fc.record({ op: fc.constant('reopen' as const), device: deviceIndex, doc: caseId }),
  fc.record({ op: fc.constant('hold' as const), doc: caseId }),
  fc.record({ op: fc.constant('lift' as const), doc: caseId }),
  fc.record({
    op: fc.constantFrom('erase' as const),
    doc: caseId,
    reason: fc.constantFrom('retention', 'request'),
  }),
  fc.record({ op: fc.constant('offline' as const), device: deviceIndex }),
  fc.record({ op: fc.constant('online' as const), device: deviceIndex }),
);
type Operation = typeof operation extends fc.Arbitrary<infer T> ? T : never;

const running: Device[] = [];

afterEach(async () => {
  for (const dev of running.splice(0)) {
    await dev.engine.stop();
    await dev.db.delete();
  }
});

/** Writes on a device as the case file would; a case this device knows to be erased refuses it. */
async function write(dev: Device, docId: string, key: string, value: string): Promise<void> {
  try {
    await dev.docs.assignTeam(docId, 'team-a');
    await dev.docs.append(docId, fieldUpdate(key, value));
  } catch (error) {
    if (!(error instanceof DocErasedError)) throw error;
  }
}

async function run(operations: Operation[]): Promise<void> {
  const relay = new FakeRelay();
  const devices = Array.from({ length: DEVICES }, () => device(relay));
  running.push(...devices);
  for (const dev of devices) dev.engine.start();
  let edits = 0;
  for (const step of operations) {
    switch (step.op) {
      case 'edit':
        await write(devices[step.device]!, step.doc, 'note', `${SECRET}-${step.doc}-${++edits}`);
        break;
      case 'close':
        await write(devices[step.device]!, step.doc, 'phase', 'closed');
        break;
      case 'reopen':
        await write(devices[step.device]!, step.doc, 'phase', 'open');
        break;
      case 'hold':
        relay.held.add(step.doc);
        break;
      case 'lift':
        relay.held.delete(step.doc);
        break;
      case 'erase':
        relay.erase(step.doc, step.reason);
        break;
      case 'offline': {
        const dev = devices[step.device]!;
        dev.online = false;
        relay.cut(dev.sockets);
        break;
      }
      case 'online': {
        const dev = devices[step.device]!;
        dev.online = true;
        dev.engine.reconnectNow();
        break;
      }
    }
  }
  // Everyone comes back online and catches up: every change is acknowledged or dropped with its case.
  for (const dev of devices) {
    dev.online = true;
    dev.engine.reconnectNow();
  }
  await vi.waitFor(
    async () => {
      for (const dev of devices) {
        const { status } = dev.engine;
        const cursor = (await new CursorStore(dev.db).all()).get('team-a')?.seq ?? 0;
        if (status.connection !== 'online' || status.pendingTotal > 0 || cursor !== relay.latest) {
          throw new Error(
            `a device is not caught up (${status.connection}, ${status.pendingTotal}, ${cursor})`,
          );
        }
      }
    },
    { timeout: 20_000, interval: 5 },
  );
  for (const docId of relay.erased) {
    expect(relay.doc(docId)).toBeUndefined();
    for (const [index, dev] of devices.entries()) {
      expect(await whereFound(dev.db, docId), `device ${index}, ${docId}`).toEqual([]);
      expect(await whereFound(dev.db, `${SECRET}-${docId}-`), `device ${index}, ${docId}`).toEqual([]);
    }
  }
  for (const dev of devices) await dev.engine.stop();
}

describe('erasure across devices', () => {
  it('never leaves a fragment of an erased case on any device, whatever the interleaving', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 5, maxLength: 30 }), async (operations) => {
        try {
          await run(operations);
        } finally {
          for (const dev of running.splice(0)) {
            await dev.engine.stop();
            await dev.db.delete();
          }
        }
      }),
      { numRuns: 20 },
    );
  }, 180_000);
});
