import 'fake-indexeddb/auto';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { vi } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { plainCodec } from '../../../src/storage/codec.ts';
import { LotseDatabase } from '../../../src/storage/db.ts';
import { DocStore } from '../../../src/storage/doc-store.ts';
import { SyncEngine } from '../../../src/sync/engine.ts';
import { SYNC_ORIGIN } from '../../../src/protocol/origin.ts';
import type { RelayConfig } from '../../../sync-server/src/config.ts';
import { SQLITE_FILE_NAME } from '../../../sync-server/src/storage/sqlite.ts';
import { startTestRelay, type TestRelay } from '../../support/relay.ts';

export const TEAM = 'team-nord';

/** Waits for a condition; tests wait on state, never on time. */
export async function until(condition: () => boolean, timeout = 10_000): Promise<void> {
  await vi.waitFor(
    () => {
      if (!condition()) throw new Error('condition not reached');
    },
    { timeout, interval: 10 },
  );
}
const USER = 'user-ayse';

let databases = 0;

/** One device of the case manager: its own database, doc store and sync engine, and the docs it has open. */
export class TestDevice {
  readonly name: string;
  readonly db: LotseDatabase;
  readonly docs: DocStore;
  readonly engine: SyncEngine;
  /** Remote updates that reached this device's open docs, per doc. */
  readonly remoteApplied = new Map<string, number>();
  readonly #open = new Map<string, Y.Doc>();
  readonly #stops: (() => void)[] = [];

  constructor(world: ClientWorld, name: string) {
    this.name = name;
    this.db = new LotseDatabase(`client-${process.pid}-${++databases}-${name}`);
    this.docs = new DocStore(this.db, plainCodec);
    const deviceId = `device-${name}`;
    this.engine = new SyncEngine({
      relayUrl: world.url,
      db: this.db,
      codec: plainCodec,
      docs: this.docs,
      teamIds: () => [TEAM],
      getAccessToken: async ({ forceRefresh }) => {
        world.tokenRequests.push({ device: name, forceRefresh });
        return (await world.relay.tokens.issueAccess({ userId: USER, deviceId, role: 'case-manager' })).token;
      },
      // As the app does: remote updates go into the open doc with the sync origin, so they are not stored twice.
      onRemoteUpdates: (docId, _teamId, updates) => {
        const doc = this.#open.get(docId);
        if (!doc) return;
        Y.transact(
          doc,
          () => updates.forEach((update) => Y.applyUpdate(doc, update, SYNC_ORIGIN)),
          SYNC_ORIGIN,
        );
        this.remoteApplied.set(docId, (this.remoteApplied.get(docId) ?? 0) + 1);
      },
      WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
      backoff: { baseMs: 10, maxMs: 80, random: Math.random },
    });
    this.#stops.push(this.docs.onOutbox(() => this.engine.nudge()));
  }

  /** Opens a case of the team as the app does: loaded from the device, every change stored as it happens. */
  async open(docId: string): Promise<Y.Doc> {
    const existing = this.#open.get(docId);
    if (existing) return existing;
    await this.docs.assignTeam(docId, TEAM);
    const { doc } = await this.docs.load(docId);
    this.#open.set(docId, doc);
    this.#stops.push(this.docs.track(docId, doc));
    return doc;
  }

  doc(docId: string): Y.Doc {
    const doc = this.#open.get(docId);
    if (!doc) throw new Error(`${this.name} has not opened ${docId}`);
    return doc;
  }

  online(): void {
    this.engine.start();
  }

  async offline(): Promise<void> {
    await this.engine.stop();
  }

  /** Online, nothing left to push, nothing left to catch up. */
  get settled(): boolean {
    const { connection, pendingTotal, catchingUp } = this.engine.status;
    return connection === 'online' && pendingTotal === 0 && catchingUp === null;
  }

  async close(): Promise<void> {
    for (const stop of this.#stops.splice(0)) stop();
    await this.engine.stop();
    await this.docs.flush();
    await this.db.delete();
  }
}

/** The content the tests compare: the prose, the fields, and which updates made them. */
export interface DocSnapshot {
  note: string;
  fields: Record<string, unknown>;
  stateVector: Record<number, number>;
}

export function snapshot(doc: Y.Doc): DocSnapshot {
  return {
    note: doc.getText('note').toString(),
    // Sorted, so that two docs with the same content compare equal whatever order their keys arrived in.
    fields: Object.fromEntries(
      Object.entries(doc.getMap('fields').toJSON()).sort(([x], [y]) => x.localeCompare(y)),
    ),
    stateVector: Object.fromEntries(
      [...Y.decodeStateVector(Y.encodeStateVector(doc))].sort(([x], [y]) => x - y),
    ),
  };
}

/**
 * A real relay with one team and one case manager, whose data directory and port survive a restart, and
 * the devices the test adds.
 */
export class ClientWorld {
  relay: TestRelay;
  readonly url: string;
  readonly devices: TestDevice[] = [];
  /** Every access token the devices asked for, in order. */
  readonly tokenRequests: { device: string; forceRefresh: boolean }[] = [];
  readonly #dataDir: string;
  readonly #overrides: Partial<RelayConfig>;

  private constructor(relay: TestRelay, dataDir: string, overrides: Partial<RelayConfig>) {
    this.relay = relay;
    this.url = relay.url;
    this.#dataDir = dataDir;
    this.#overrides = overrides;
  }

  static async start(overrides: Partial<RelayConfig> = {}): Promise<ClientWorld> {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'lotse-client-'));
    const relay = await startTestRelay({ ...overrides, dataDir });
    await relay.store.createTeam({ id: TEAM, name: 'Support-Center Nord', kind: 'support-center' });
    await relay.store.createUser({
      id: USER,
      login: 'ayse',
      displayName: 'Ayşe',
      role: 'case-manager',
      passwordHash: 'scrypt$test',
      mustChangePassword: false,
    });
    await relay.store.addMembership(USER, TEAM);
    for (const name of ['a', 'b', 'c']) {
      await relay.store.registerDevice({ id: `device-${name}`, userId: USER, name: `Tablet ${name}` });
    }
    return new ClientWorld(relay, dataDir, overrides);
  }

  device(name: 'a' | 'b' | 'c'): TestDevice {
    const device = new TestDevice(this, name);
    this.devices.push(device);
    return device;
  }

  /** Stops the relay; its sockets are closed with 1001 and its data stays. */
  async stopRelay(): Promise<void> {
    await this.relay.close();
  }

  /** Starts the stopped relay again, on the same port and data directory. */
  async startRelay(): Promise<void> {
    this.relay = await startTestRelay({ ...this.#overrides, dataDir: this.#dataDir, port: this.relay.port });
  }

  /**
   * Copies the stopped relay's database file aside, as an operator's backup would. Closing the store
   * checkpointed the write-ahead log into the file, so the file alone is the whole database.
   */
  async backUpRelay(): Promise<string> {
    const copy = path.join(this.#dataDir, 'backup.sqlite3');
    await copyFile(path.join(this.#dataDir, SQLITE_FILE_NAME), copy);
    return copy;
  }

  /** Puts a backup made by `backUpRelay` back in place of the stopped relay's database. */
  async restoreRelay(backup: string): Promise<void> {
    const file = path.join(this.#dataDir, SQLITE_FILE_NAME);
    await rm(`${file}-wal`, { force: true });
    await rm(`${file}-shm`, { force: true });
    await copyFile(backup, file);
  }

  async restartRelay(): Promise<void> {
    await this.stopRelay();
    await this.startRelay();
  }

  /** The relay's stored state of a doc of the team. */
  async relayDoc(docId: string): Promise<Y.Doc> {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, await this.relay.store.docState(`${TEAM}/${docId}`));
    return doc;
  }

  /**
   * Waits until every device is online with an empty outbox, and the relay, each device's stored doc and
   * each device's open doc hold the same state. Resolves that state.
   */
  async converged(
    docId: string,
    devices: TestDevice[] = this.devices,
    timeout = 15_000,
  ): Promise<DocSnapshot> {
    return vi.waitFor(
      async () => {
        for (const device of devices) {
          if (!device.settled)
            throw new Error(`${device.name} is not settled: ${JSON.stringify(device.engine.status)}`);
        }
        const expected = snapshot(await this.relayDoc(docId));
        for (const device of devices) {
          await device.docs.flush();
          const stored = snapshot((await device.docs.load(docId)).doc);
          const open = snapshot(device.doc(docId));
          if (
            JSON.stringify(stored) !== JSON.stringify(expected) ||
            JSON.stringify(open) !== JSON.stringify(expected)
          ) {
            throw new Error(
              `${device.name} differs from the relay:\n${JSON.stringify({ expected, stored, open }, null, 1)}`,
            );
          }
        }
        return expected;
      },
      { timeout, interval: 20 },
    );
  }

  async close(): Promise<void> {
    for (const device of this.devices.splice(0)) await device.close();
    await this.relay.close();
    await rm(this.#dataDir, { recursive: true, force: true });
  }
}
