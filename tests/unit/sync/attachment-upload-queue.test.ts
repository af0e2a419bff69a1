import 'fake-indexeddb/auto';
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UPLOAD_HEADERS } from '../../../src/protocol/attachments.ts';
import { AttachmentStore } from '../../../src/storage/attachment-store.ts';
import { openAttachment, sealAttachment } from '../../../src/storage/attachment-seal.ts';
import { plainCodec } from '../../../src/storage/codec.ts';
import { LotseDatabase } from '../../../src/storage/db.ts';
import { DocErasedError } from '../../../src/storage/erasures.ts';
import { AttachmentUploader } from '../../../src/sync/attachment-uploads.ts';

/**
 * A stand-in for the relay's attachment endpoints, kept to what the queue relies on: offsets, the hash
 * check on completion, a switch that cuts the connection after some chunks, and refusals by code.
 */
class FakeRelay {
  readonly uploads = new Map<string, { length: number; bytes: Buffer[] }>();
  readonly stored = new Map<string, Buffer>();
  online = true;
  /** Chunks accepted before the connection drops (then every request fails until `online`). */
  cutAfterChunks = Infinity;
  refuseWith: string | undefined;
  requests: string[] = [];

  fetch: typeof fetch = async (input, init) => {
    const method = init?.method ?? 'GET';
    this.requests.push(method);
    if (!this.online) throw new TypeError('Failed to fetch');
    const hash = String(input).split('/').pop() ?? '';
    const headers = new Headers(init?.headers);
    if (this.refuseWith) return json(413, { error: this.refuseWith, message: 'no' });
    const stored = this.stored.get(hash);
    const upload = this.uploads.get(hash);
    if (method === 'POST') {
      if (stored) return json(200, { offset: stored.length, length: stored.length, complete: true });
      const length = Number(headers.get(UPLOAD_HEADERS.length));
      if (!upload) this.uploads.set(hash, { length, bytes: [] });
      return json(201, { offset: received(this.uploads.get(hash)), length, complete: false });
    }
    if (method === 'PATCH' && upload) {
      if (this.cutAfterChunks <= 0) {
        this.online = false;
        throw new TypeError('network connection lost');
      }
      this.cutAfterChunks -= 1;
      const offset = Number(headers.get(UPLOAD_HEADERS.offset));
      if (offset !== received(upload)) return json(409, { error: 'upload-offset-mismatch', message: '' });
      upload.bytes.push(Buffer.from(init?.body as Uint8Array));
      const reached = received(upload);
      if (reached < upload.length)
        return json(200, { offset: reached, length: upload.length, complete: false });
      const whole = Buffer.concat(upload.bytes);
      this.uploads.delete(hash);
      if (createHash('sha256').update(whole).digest('hex') !== hash) {
        return json(422, { error: 'attachment-hash-mismatch', message: '' });
      }
      this.stored.set(hash, whole);
      return json(200, { offset: reached, length: reached, complete: true });
    }
    return json(404, { error: 'not-found', message: '' });
  };
}

const received = (upload: { bytes: Buffer[] } | undefined) =>
  (upload?.bytes ?? []).reduce((sum, chunk) => sum + chunk.length, 0);

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

let counter = 0;
let db: LotseDatabase;
let store: AttachmentStore;
let relay: FakeRelay;
const settled: [string, string][] = [];
const progress: number[] = [];

function uploader(): AttachmentUploader {
  return new AttachmentUploader({
    store,
    baseUrl: 'http://relay.test',
    getAccessToken: async () => 'token',
    fetchImpl: relay.fetch,
    chunkBytes: 10_000,
    // No waiting between attempts in tests: each retry is started by the test's own nudge.
    backoff: { baseMs: 60_000, maxMs: 60_000, random: () => 0.999 },
    onProgress: (_hash, sent) => progress.push(sent),
    onSettled: (hash, outcome) => settled.push([hash, outcome]),
  });
}

async function attach(size: number, docId = 'case-1') {
  const plain = new Uint8Array(size).map((_, i) => i % 251);
  const sealed = await sealAttachment(plain);
  await store.put({ hash: sealed.hash, docId, teamId: 'team-1', state: 'waiting' }, sealed.sealed);
  return { plain, ...sealed };
}

beforeEach(async () => {
  db = new LotseDatabase(`attachment-queue-${++counter}`);
  await db.open();
  store = new AttachmentStore(db, plainCodec);
  relay = new FakeRelay();
  settled.length = 0;
  progress.length = 0;
});

afterEach(async () => {
  db.close();
  await db.delete();
});

describe('the attachment upload queue', () => {
  it('uploads waiting attachments in chunks, oldest first, and marks them uploaded', async () => {
    const first = await attach(25_000);
    const second = await attach(5_000);
    const queue = uploader();
    await queue.nudge();
    expect(settled).toEqual([
      [first.hash, 'uploaded'],
      [second.hash, 'uploaded'],
    ]);
    expect(progress).toEqual([10_000, 20_000, first.sealed.length, second.sealed.length]);
    expect(await store.waiting()).toEqual([]);
    expect((await store.state(first.hash))?.state).toBe('uploaded');
    // What arrived opens with the key in the doc to the very file attached.
    const arrived = relay.stored.get(first.hash);
    expect(arrived && (await openAttachment(arrived, first.key))).toEqual(first.plain);
    queue.stop();
  });

  it('pauses when the connection is cut and resumes at the offset the relay reached', async () => {
    const photo = await attach(45_000);
    relay.cutAfterChunks = 2;
    const queue = uploader();
    await queue.nudge();
    expect(settled).toEqual([]);
    expect(relay.uploads.get(photo.hash)?.bytes.length).toBe(2);
    expect((await store.state(photo.hash))?.state).toBe('waiting');

    relay.online = true;
    relay.cutAfterChunks = Infinity;
    const patchesBefore = relay.requests.filter((method) => method === 'PATCH').length;
    await queue.nudge();
    expect(settled).toEqual([[photo.hash, 'uploaded']]);
    // The two chunks the relay had were not sent again: three more complete 45,028 bytes.
    expect(relay.requests.filter((method) => method === 'PATCH').length - patchesBefore).toBe(3);
    expect(relay.stored.get(photo.hash)?.equals(Buffer.from(photo.sealed))).toBe(true);
    queue.stop();
  });

  it('sets an attachment aside with the relay’s code when it is refused for good, and goes on with the next', async () => {
    const big = await attach(1_000);
    relay.refuseWith = 'attachment-too-large';
    const queue = uploader();
    await queue.nudge();
    expect(settled).toEqual([[big.hash, 'attachment-too-large']]);
    expect(await store.state(big.hash)).toEqual({ state: 'refused', cause: 'attachment-too-large' });

    relay.refuseWith = undefined;
    const small = await attach(1_000);
    await queue.nudge();
    expect(settled.at(-1)).toEqual([small.hash, 'uploaded']);
    expect(relay.stored.has(big.hash)).toBe(false);
    queue.stop();
  });

  it('keeps an attachment waiting while the relay is unreachable', async () => {
    const photo = await attach(1_000);
    relay.online = false;
    const queue = uploader();
    await queue.nudge();
    expect(settled).toEqual([]);
    expect(await store.waiting()).toEqual([
      { hash: photo.hash, docId: 'case-1', teamId: 'team-1', bytes: photo.sealed.length },
    ]);
    queue.stop();
  });
});

describe('attachments kept on the device', () => {
  it('evicts fetched attachments, oldest opened first, and never one made here', async () => {
    const own = await attach(3_000);
    const fetched: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const sealed = await sealAttachment(new Uint8Array(2_000).fill(i + 1));
      await store.put(
        { hash: sealed.hash, docId: 'case-2', teamId: 'team-1', state: 'fetched' },
        sealed.sealed,
        1_000 + i,
      );
      fetched.push(sealed.hash);
    }
    // The oldest is opened again, so the second is now the least recently used.
    await store.sealed(fetched[0] ?? '', 5_000);
    expect(await store.evictFetched(4_100)).toBe(1);
    expect(await store.state(fetched[1] ?? '')).toBeUndefined();
    expect((await store.state(fetched[0] ?? ''))?.state).toBe('fetched');
    expect((await store.state(own.hash))?.state).toBe('waiting');
  });

  it('keeps the fetched attachments of a case kept offline beyond the limit, until it is no longer kept', async () => {
    const put = async (docId: string, fill: number, at: number) => {
      const sealed = await sealAttachment(new Uint8Array(2_000).fill(fill));
      await store.put({ hash: sealed.hash, docId, teamId: 'team-1', state: 'fetched' }, sealed.sealed, at);
      return sealed.hash;
    };
    const visit = [await put('case-visit', 1, 1_000), await put('case-visit', 2, 1_001)];
    const other = [await put('case-2', 3, 2_000), await put('case-2', 4, 2_001)];
    await store.setKeptOffline('case-visit', true);
    expect(await store.keptOffline()).toEqual(new Set(['case-visit']));

    // Room for one attachment: the other case keeps its most recent one, the kept case all of its own.
    expect(await store.evictFetched(2_100)).toBe(1);
    for (const hash of visit) expect((await store.state(hash))?.state).toBe('fetched');
    expect(await store.state(other[0] ?? '')).toBeUndefined();
    expect((await store.state(other[1] ?? ''))?.state).toBe('fetched');

    await store.setKeptOffline('case-visit', false);
    expect(await store.keptOffline()).toEqual(new Set());
    expect(await store.evictFetched(2_100)).toBe(2);
    expect((await store.state(other[1] ?? ''))?.state).toBe('fetched');
  });

  it('reads a damaged kept-offline mark as not kept, and keeps nothing of an erased case', async () => {
    await db.meta.put({ key: 'keep-offline:case-1', value: { at: 'yesterday' } });
    await store.setKeptOffline('case-2', true);
    expect(await store.keptOffline()).toEqual(new Set(['case-2']));

    await db.erasures.put({
      docId: 'case-3',
      teamId: 'team-1',
      seq: 1,
      erasedAt: null,
      reason: null,
      at: 1,
    });
    await expect(store.setKeptOffline('case-3', true)).rejects.toThrow(DocErasedError);
    expect(await store.keptOffline()).toEqual(new Set(['case-2']));
  });
});
