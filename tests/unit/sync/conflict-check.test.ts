import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { readCase } from '../../../src/domain/case-read.ts';
import { setPersonField, setProse } from '../../../src/domain/case-write.ts';
import { decodeJson, type Codec } from '../../../src/storage/codec.ts';
import { LotseDatabase } from '../../../src/storage/db.ts';
import { DocStore } from '../../../src/storage/doc-store.ts';
import {
  createConflictCheck,
  type ConflictCheck,
  type OpenConflict,
} from '../../../src/sync/conflict-check.ts';
import { STORAGE_ORIGIN, SYNC_ORIGIN } from '../../../src/protocol/origin.ts';
import { newCase, NOW } from '../domain/case-fixtures.ts';

/** Flips every byte: stored content is unreadable without the codec, so a bypass would show. */
const flipCodec: Codec = {
  name: 'flip',
  async encode(plain) {
    return plain.map((byte) => byte ^ 0xff);
  },
  async decode(stored) {
    return stored.map((byte) => byte ^ 0xff);
  },
};

const ARRIVED = new Date('2025-06-02T12:00:00.000Z');
let counter = 0;
let db: LotseDatabase;
let docs: DocStore;
let check: ConflictCheck;
let base: Y.Doc;
/** This device's open case, stored and recorded as the app does it. */
let mine: Y.Doc;
let stopRecording: () => void;
/** The other device, offline with its own edits. */
let other: Y.Doc;
let otherUpdates: Uint8Array[];

async function rowsOf<T>(table: 'fieldEdits' | 'conflicts'): Promise<{ raw: Uint8Array; value: T }[]> {
  const rows = await db[table].toArray();
  return Promise.all(
    rows.map(async (row) => ({
      raw: row.data,
      value: (await decodeJson(flipCodec, row.data, { kind: 'conflict', key: row.docId })) as T,
    })),
  );
}

function otherWrites(city: string, minute = 2): void {
  const now = new Date(NOW.getTime() + minute * 60_000);
  expect(setPersonField(other, 'city', city, { actor: 'Bea', now }).ok).toBe(true);
}

/** What the sync engine does after the hook: store the remote updates, then apply them to the open doc. */
async function engineStores(updates: Uint8Array[]): Promise<void> {
  for (const update of updates) await docs.append('case-1', update);
  for (const update of updates) Y.applyUpdate(mine, update, SYNC_ORIGIN);
  await docs.flush();
}

async function opened(): Promise<OpenConflict[]> {
  return check.list('case-1');
}

beforeEach(async () => {
  db = new LotseDatabase(`conflict-check-${++counter}`);
  await db.open();
  docs = new DocStore(db, flipCodec);
  base = newCase({ person: { familyName: 'Haddad', city: 'Duisburg' } });
  await docs.append('case-1', Y.encodeStateAsUpdate(base));
  check = createConflictCheck({ db, codec: flipCodec, docs, now: () => ARRIVED });

  const loaded = await docs.load('case-1');
  mine = loaded.doc;
  mine.clientID = 1;
  stopRecording = docs.track('case-1', mine, {}, check.editsOf);

  other = new Y.Doc();
  other.clientID = 2;
  Y.applyUpdate(other, Y.encodeStateAsUpdate(base));
  otherUpdates = [];
  other.on('update', (update: Uint8Array) => otherUpdates.push(update));
});

afterEach(async () => {
  stopRecording();
  await docs.flush();
  db.close();
  await db.delete();
});

describe('recording local edits', () => {
  it('writes a record per changed field through the codec, its path included', async () => {
    setPersonField(mine, 'city', 'Essen', { actor: 'Anna' });
    await docs.flush();

    const rows = await rowsOf<{ value: unknown; item: unknown }>('fieldEdits');
    const stored = await db.fieldEdits.toArray();
    expect(stored).toMatchObject([{ docId: 'case-1' }]);
    expect(Object.keys(stored[0]!).sort()).toEqual(['at', 'data', 'docId', 'id']);
    expect(rows[0]!.value).toEqual({
      path: 'person/city',
      value: 'Essen',
      item: { client: 1, clock: expect.any(Number) },
    });
    expect(new TextDecoder().decode(rows[0]!.raw)).not.toContain('Essen');
    expect(new TextDecoder().decode(rows[0]!.raw)).not.toContain('person/city');
  });

  it('keeps the latest value when a field is changed twice', async () => {
    setPersonField(mine, 'city', 'Essen');
    setPersonField(mine, 'city', 'Bottrop');
    await docs.flush();

    expect((await rowsOf<{ value: unknown }>('fieldEdits')).map((row) => row.value.value)).toEqual([
      'Bottrop',
    ]);
  });

  it('does not record remote or stored updates, nor prose', async () => {
    otherWrites('Oberhausen');
    Y.applyUpdate(mine, otherUpdates[0]!, SYNC_ORIGIN);
    setPersonField(other, 'phone', '0203 1', { actor: 'Bea' });
    Y.applyUpdate(mine, otherUpdates[1]!, STORAGE_ORIGIN);
    setProse(mine, { part: 'notes' }, 'Erstgespräch');
    await docs.flush();

    expect(readCase(mine).file.person).toMatchObject({ city: 'Oberhausen', phone: '0203 1' });
    expect(await db.fieldEdits.count()).toBe(0);
  });

  it('stops recording when told to', async () => {
    stopRecording();
    setPersonField(mine, 'city', 'Essen');
    await docs.flush();
    expect(await db.fieldEdits.count()).toBe(0);
  });
});

describe('checking remote updates before they are stored', () => {
  it('stores a conflict notice through the codec when a remote update writes an unsynced field', async () => {
    setPersonField(mine, 'city', 'Essen', { actor: 'Anna' });
    otherWrites('Oberhausen');
    await docs.flush();

    await check.beforeRemoteStore('case-1', otherUpdates);

    const [stored] = await rowsOf<Record<string, unknown>>('conflicts');
    expect(new TextDecoder().decode(stored!.raw)).not.toContain('Oberhausen');
    expect(await opened()).toEqual([
      {
        id: expect.any(Number),
        docId: 'case-1',
        path: 'person/city',
        label: { de: 'Ort', en: 'Town' },
        mine: 'Essen',
        theirs: 'Oberhausen',
        who: 'Bea',
        when: '2025-06-02T10:02:00.000Z',
        whenSource: 'written',
        detectedAt: ARRIVED.toISOString(),
      },
    ]);
  });

  it('does nothing for a doc without unsynced edits', async () => {
    otherWrites('Oberhausen');
    const load = vi.spyOn(docs, 'load');
    await check.beforeRemoteStore('case-1', otherUpdates);
    expect(load).not.toHaveBeenCalled();
    expect(await db.conflicts.count()).toBe(0);
  });

  it('does nothing for an echo of its own update', async () => {
    const own: Uint8Array[] = [];
    mine.on('update', (update: Uint8Array) => own.push(update));
    setPersonField(mine, 'city', 'Essen');
    await docs.flush();

    await check.beforeRemoteStore('case-1', own);
    expect(await db.conflicts.count()).toBe(0);
  });

  it('updates the open notice of a field instead of adding a second one', async () => {
    setPersonField(mine, 'city', 'Essen');
    otherWrites('Oberhausen');
    await docs.flush();
    await check.beforeRemoteStore('case-1', otherUpdates);
    await engineStores(otherUpdates);

    otherUpdates.length = 0;
    otherWrites('Bottrop', 5);
    await check.beforeRemoteStore('case-1', otherUpdates);

    expect((await opened()).map((c) => [c.path, c.mine, c.theirs, c.when])).toEqual([
      ['person/city', 'Essen', 'Bottrop', '2025-06-02T10:05:00.000Z'],
    ]);
  });

  it('uses the open doc when one is given, with edits not yet stored', async () => {
    const live = createConflictCheck({ db, codec: flipCodec, docs, liveDoc: () => mine, now: () => ARRIVED });
    const load = vi.spyOn(docs, 'load');
    setPersonField(mine, 'city', 'Essen');
    otherWrites('Oberhausen');
    await docs.flush();

    await live.beforeRemoteStore('case-1', otherUpdates);
    expect(load).not.toHaveBeenCalled();
    expect((await live.list('case-1')).map((c) => c.theirs)).toEqual(['Oberhausen']);
  });

  it('logs a failing check, lets the sync go on, and tells the person', async () => {
    setPersonField(mine, 'city', 'Essen');
    otherWrites('Oberhausen');
    await docs.flush();
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    vi.spyOn(docs, 'load').mockRejectedValue(new Error('disk gone'));

    await expect(check.beforeRemoteStore('case-1', otherUpdates)).resolves.toBeUndefined();
    expect(error).toHaveBeenCalledWith(expect.stringContaining('case-1'), expect.any(Error));
    error.mockRestore();
    // Not in silence: the case gets a notice that its remote changes were stored unchecked.
    expect(await check.listUnchecked('case-1')).toEqual([
      {
        id: expect.any(Number),
        docId: 'case-1',
        reason: 'Error: disk gone',
        detectedAt: ARRIVED.toISOString(),
      },
    ]);
    expect(await check.list('case-1')).toEqual([]);
  });

  it('tells a watcher about new notices', async () => {
    const seen: OpenConflict[][] = [];
    const stop = check.watch('case-1', (notices) => seen.push(notices.conflicts));
    await vi.waitFor(() => expect(seen).toEqual([[]]));

    setPersonField(mine, 'city', 'Essen');
    otherWrites('Oberhausen');
    await check.beforeRemoteStore('case-1', otherUpdates);

    await vi.waitFor(() => expect(seen.at(-1)?.map((c) => c.theirs)).toEqual(['Oberhausen']));
    stop();
  });
});

describe('resolving a notice', () => {
  async function conflictOnCity(): Promise<OpenConflict> {
    setPersonField(mine, 'city', 'Essen', { actor: 'Anna' });
    otherWrites('Oberhausen');
    await docs.flush();
    await check.beforeRemoteStore('case-1', otherUpdates);
    await engineStores(otherUpdates);
    const [conflict] = await opened();
    return conflict!;
  }

  it('"keep mine" writes this device\'s value again as a local edit and removes the notice', async () => {
    const conflict = await conflictOnCity();
    expect(readCase(mine).file.person.city).toBe('Oberhausen');

    const result = await check.resolve(mine, 'case-1', conflict.id, 'mine', { actor: 'Anna' });
    expect(result.ok).toBe(true);
    expect(readCase(mine).file.person).toMatchObject({ city: 'Essen' });
    expect(readCase(mine).file.meta.updatedBy).toBe('Anna');
    expect(await db.conflicts.count()).toBe(0);
    await docs.flush();
    expect((await rowsOf<{ value: unknown }>('fieldEdits')).map((row) => row.value.value)).toEqual(['Essen']);
  });

  it('"take theirs" writes nothing when the doc holds their value, and forgets the pending edit', async () => {
    const conflict = await conflictOnCity();
    const before = Y.encodeStateVector(mine);

    expect((await check.resolve(mine, 'case-1', conflict.id, 'theirs')).ok).toBe(true);
    expect(Y.encodeStateVector(mine)).toEqual(before);
    expect(readCase(mine).file.person.city).toBe('Oberhausen');
    expect(await db.conflicts.count()).toBe(0);
    expect(await db.fieldEdits.count()).toBe(0);
  });

  it('"take theirs" writes their value when the doc holds another one', async () => {
    const conflict = await conflictOnCity();
    setPersonField(mine, 'city', 'Moers');

    expect((await check.resolve(mine, 'case-1', conflict.id, 'theirs')).ok).toBe(true);
    expect(readCase(mine).file.person.city).toBe('Oberhausen');
    expect(await db.conflicts.count()).toBe(0);
  });

  it('keeps the notice when the value cannot be written', async () => {
    const conflict = await conflictOnCity();
    await db.conflicts.clear();
    const stored = await db.conflicts.add({
      docId: 'case-1',
      data: await flipCodec.encode(
        new TextEncoder().encode(
          JSON.stringify({
            ...conflict,
            id: undefined,
            docId: undefined,
            label: undefined,
            mine: 'x'.repeat(500),
          }),
        ),
        { kind: 'conflict', key: 'case-1' },
      ),
      at: 0,
    });

    const result = await check.resolve(mine, 'case-1', stored, 'mine');
    expect(result.ok).toBe(false);
    expect(readCase(mine).file.person.city).toBe('Oberhausen');
    expect(await db.conflicts.count()).toBe(1);
  });

  it('refuses a notice of another doc or one already resolved', async () => {
    const conflict = await conflictOnCity();
    expect((await check.resolve(mine, 'case-2', conflict.id, 'mine')).ok).toBe(false);
    expect((await check.resolve(mine, 'case-1', conflict.id, 'theirs')).ok).toBe(true);
    expect((await check.resolve(mine, 'case-1', conflict.id, 'theirs')).ok).toBe(false);
  });
});
