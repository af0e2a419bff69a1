import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readCase } from '../../../src/domain/case-read.ts';
import { setPersonField } from '../../../src/domain/case-write.ts';
import { plainCodec } from '../../../src/storage/codec.ts';
import { LotseDatabase } from '../../../src/storage/db.ts';
import { DocStore } from '../../../src/storage/doc-store.ts';
import { Outbox } from '../../../src/storage/outbox.ts';
import { createConflictCheck, type ConflictCheck } from '../../../src/sync/conflict-check.ts';
import { SYNC_ORIGIN } from '../../../src/protocol/origin.ts';
import { newCase, NOW } from '../domain/case-fixtures.ts';

/**
 * Two devices edit the same field without either having seen the other's value. Yjs keeps one of the two
 * values (the same on both devices); whichever it is, both people are told, with both values, even though
 * each device's own change had long been acknowledged by the relay when the other one arrived.
 */
let counter = 0;

class Device {
  readonly db: LotseDatabase;
  readonly docs: DocStore;
  readonly check: ConflictCheck;
  readonly doc: Y.Doc;
  /** Updates this device produced, in order: what the relay would pass on. */
  readonly sent: Uint8Array[] = [];
  readonly #stop: () => void;

  private constructor(db: LotseDatabase, doc: Y.Doc, clientId: number) {
    this.db = db;
    this.docs = new DocStore(db, plainCodec);
    this.check = createConflictCheck({ db, codec: plainCodec, docs: this.docs, liveDoc: () => this.doc });
    this.doc = doc;
    doc.clientID = clientId;
    this.#stop = this.docs.track('case-1', doc, {}, this.check.editsOf);
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== SYNC_ORIGIN) this.sent.push(update);
    });
  }

  static async open(base: Y.Doc, clientId: number): Promise<Device> {
    const db = new LotseDatabase(`both-sides-${++counter}`);
    await db.open();
    const docs = new DocStore(db, plainCodec);
    await docs.assignTeam('case-1', 'team-1');
    await docs.append('case-1', Y.encodeStateAsUpdate(base));
    const doc = (await docs.load('case-1')).doc;
    return new Device(db, doc, clientId);
  }

  write(city: string, actor: string, minute: number): void {
    const now = new Date(NOW.getTime() + minute * 60_000);
    expect(setPersonField(this.doc, 'city', city, { actor, now }).ok).toBe(true);
  }

  /** The relay stored everything this device queued: every outbox row is acknowledged. */
  async acknowledged(): Promise<void> {
    await this.docs.flush();
    const outbox = new Outbox(this.db, plainCodec);
    for (const row of await this.db.outbox.toArray()) await outbox.acknowledge(row.id!);
    expect(await this.db.outbox.count()).toBe(0);
  }

  /** What the sync engine does with remote updates: check, store, apply to the open doc. */
  async receives(updates: readonly Uint8Array[]): Promise<void> {
    await this.check.beforeRemoteStore('case-1', updates);
    await this.docs.storeRemote('case-1', updates);
    for (const update of updates) Y.applyUpdate(this.doc, update, SYNC_ORIGIN);
  }

  notices() {
    return this.check.list('case-1');
  }

  async close(): Promise<void> {
    this.#stop();
    await this.docs.flush();
    this.db.close();
    await this.db.delete();
  }
}

let anna: Device;
let bea: Device;

beforeEach(async () => {
  const base = newCase({ person: { familyName: 'Haddad', city: 'Duisburg' } });
  // Client ids decide Yjs' winner for concurrent writes; both orders are covered below.
  anna = await Device.open(base, 1);
  bea = await Device.open(base, 2);
});

afterEach(async () => {
  await anna.close();
  await bea.close();
});

describe('two devices online, writing one field a moment apart', () => {
  it('tell both people, the one whose value was replaced included', async () => {
    anna.write('Essen', 'Anna', 1);
    await anna.acknowledged();
    bea.write('Oberhausen', 'Bea', 2);
    await bea.acknowledged();
    const [fromAnna, fromBea] = [[...anna.sent], [...bea.sent]];

    await anna.receives(fromBea);
    await bea.receives(fromAnna);

    // Both converge on one value; which one is Yjs' choice.
    const kept = readCase(anna.doc).file.person.city;
    expect(readCase(bea.doc).file.person.city).toBe(kept);
    expect((await anna.notices()).map((n) => [n.path, n.mine, n.theirs, n.who])).toEqual([
      ['person/city', 'Essen', 'Oberhausen', 'Bea'],
    ]);
    expect((await bea.notices()).map((n) => [n.path, n.mine, n.theirs, n.who])).toEqual([
      ['person/city', 'Oberhausen', 'Essen', 'Anna'],
    ]);
    expect((await anna.notices())[0]?.when).toBe('2025-06-02T10:02:00.000Z');
    expect((await bea.notices())[0]?.when).toBe('2025-06-02T10:01:00.000Z');
  });

  it('tell both people when the updates cross in the other order', async () => {
    bea.write('Oberhausen', 'Bea', 1);
    anna.write('Essen', 'Anna', 1);
    await anna.acknowledged();
    await bea.acknowledged();
    const [fromAnna, fromBea] = [[...anna.sent], [...bea.sent]];

    await bea.receives(fromAnna);
    await anna.receives(fromBea);

    expect((await anna.notices()).map((n) => n.theirs)).toEqual(['Oberhausen']);
    expect((await bea.notices()).map((n) => n.theirs)).toEqual(['Essen']);
  });
});

describe('a device coming back from offline with an older value', () => {
  it('tells the device that was online all along too', async () => {
    bea.write('Oberhausen', 'Bea', 0); // offline, earlier
    anna.write('Essen', 'Anna', 30); // online, synced long ago
    await anna.acknowledged();
    const fromAnna = [...anna.sent];

    // Bea comes back: she pushes her outbox and receives Anna's change.
    await bea.receives(fromAnna);
    await bea.acknowledged();
    await anna.receives([...bea.sent]);

    expect((await bea.notices()).map((n) => [n.mine, n.theirs])).toEqual([['Oberhausen', 'Essen']]);
    expect((await anna.notices()).map((n) => [n.mine, n.theirs, n.who])).toEqual([
      ['Essen', 'Oberhausen', 'Bea'],
    ]);
  });
});

describe('a colleague who saw my value and changed it', () => {
  it('is no conflict, and my record of the field is settled', async () => {
    anna.write('Essen', 'Anna', 1);
    await anna.acknowledged();
    await bea.receives([...anna.sent]);
    bea.sent.length = 0;
    bea.write('Bottrop', 'Bea', 5);
    await bea.acknowledged();

    await anna.receives([...bea.sent]);

    expect(readCase(anna.doc).file.person.city).toBe('Bottrop');
    expect(await anna.notices()).toEqual([]);
    expect(await bea.notices()).toEqual([]);
    expect(await anna.docs.fieldEdits.read('case-1')).toEqual([]);
  });
});
