import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { decodeBinaryFrame, FRAME_LOG } from '../../../src/protocol/sync.ts';
import type { RelayStore } from '../../../sync-server/src/storage/contract.ts';
import { openSqliteStore } from '../../../sync-server/src/storage/sqlite.ts';
import type { Connection } from '../../../sync-server/src/sync/connection.ts';
import { docKey } from '../../../sync-server/src/sync/doc-key.ts';
import { TeamChannel } from '../../../sync-server/src/sync/team-channel.ts';
import { seedWorld, WORLD } from './support/world.ts';

const A = WORLD.teamA;
const KEY = docKey(A, 'case-1');

let dir: string;
let store: RelayStore;
const writer = new Y.Doc();

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lotse-channel-'));
  store = await openSqliteStore(path.join(dir, 'lotse.sqlite3'));
  await seedWorld(store);
  await store.registerDoc(KEY, A);
});

afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

/** Appends one edit to the log and returns what the hub would publish for it. */
async function append(text: string) {
  let update: Uint8Array = new Uint8Array();
  writer.once('update', (next: Uint8Array) => (update = next));
  writer.getText('body').insert(writer.getText('body').length, text);
  const { seq } = await store.appendUpdate({ teamId: A, docId: KEY, update, ...WORLD.anna });
  return { teamId: A, docId: 'case-1', seq, update };
}

/** What a device socket would receive, as `log <seq>` and `caught-up <seq>` lines. */
function fakeConnection(): { conn: Connection; seen: string[] } {
  const seen: string[] = [];
  const record = (data: Uint8Array | string) => {
    if (typeof data === 'string') {
      const frame = JSON.parse(data) as { type: string; seq: number };
      seen.push(`${frame.type} ${frame.seq}`);
      return;
    }
    const frame = decodeBinaryFrame(data);
    if (frame.kind === FRAME_LOG) for (const entry of frame.entries) seen.push(`log ${entry.seq}`);
  };
  const conn = { open: true, send: record, sendPaced: async (data: Uint8Array | string) => record(data) };
  return { conn: conn as unknown as Connection, seen };
}

/**
 * The store, with the catch-up's log read held until `release` either before or after it reads; `reached`
 * resolves when the read has got that far.
 */
function heldStore(when: 'before-read' | 'after-read') {
  let release = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  let reach = () => {};
  const reached = new Promise<void>((resolve) => (reach = resolve));
  const held = new Proxy(store, {
    get(target, property, receiver) {
      if (property !== 'updatesSince') return Reflect.get(target, property, receiver) as unknown;
      return async (teamId: string, after: number, limit: number) => {
        if (when === 'before-read') {
          reach();
          await gate;
        }
        const batch = await target.updatesSince(teamId, after, limit);
        if (when === 'after-read') {
          reach();
          await gate;
        }
        return batch;
      };
    },
  });
  return { held, reached, release };
}

describe('a team channel catching up', () => {
  it('sends an update published after its log read once the catch-up is done, after caught-up', async () => {
    for (const text of ['a', 'b', 'c']) await append(text);
    const { held, reached, release } = heldStore('after-read');
    const { conn, seen } = fakeConnection();
    const channel = new TeamChannel(A, conn, held);

    const catchingUp = channel.catchUp(0, 3);
    await reached;
    // The read has its snapshot (rows 1–3); this row comes after it and reaches the channel only live.
    channel.onPublished([await append('d')]);
    release();
    await catchingUp;
    channel.onPublished([await append('e')]);

    expect(seen).toEqual(['log 1', 'log 2', 'log 3', 'caught-up 3', 'log 4', 'log 5']);
  });

  it('sends an update that is both read and published only once', async () => {
    for (const text of ['a', 'b']) await append(text);
    const { held, reached, release } = heldStore('before-read');
    const { conn, seen } = fakeConnection();
    const channel = new TeamChannel(A, conn, held);

    const catchingUp = channel.catchUp(0, 2);
    await reached;
    // Published before the read runs: the read sees it as well.
    channel.onPublished([await append('c')]);
    release();
    await catchingUp;
    channel.onPublished([await append('d')]);

    expect(seen).toEqual(['log 1', 'log 2', 'log 3', 'caught-up 3', 'log 4']);
  });
});
