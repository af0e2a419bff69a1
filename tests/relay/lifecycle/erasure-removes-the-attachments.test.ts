import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BLOB_DIR_NAME } from '../../../sync-server/src/blobs/file-blob-store.ts';
import { begin, blob, chunk, download, head, upload, type Target } from '../attachments/support.ts';
import { useSyncRelay } from '../sync/support/fixture.ts';
import { WORLD } from '../sync/support/world.ts';
import { caseUpdate } from './support.ts';

const sync = useSyncRelay();
const A = WORLD.teamA;

/** Every file under `dir`, with its path relative to it. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)));
}

describe('an erased case’s attachments', () => {
  it('are removed from the blob store, uploads begun included, and are neither served nor stored again', async () => {
    const anna = await sync.connect(WORLD.anna);
    await anna.control('caught-up', (f) => f.teamId === A);
    for (const id of ['case-1', 'case-2']) {
      const pushed = await anna.push(
        A,
        id,
        caseUpdate({ id, teamId: A, marker: id, openedOn: '2025-02-03' }),
      );
      expect(pushed.type).toBe('ack');
    }
    const token = await sync.token(WORLD.anna);
    const at = (caseId: string, hash: string): Target => ({
      url: sync.relay.url,
      token,
      teamId: A,
      caseId,
      hash,
    });
    const photo = blob(40_000);
    const letter = blob(20_000);
    const unfinished = blob(30_000);
    const kept = blob(10_000);
    expect((await upload(at('case-1', photo.hash), photo.bytes)).body).toMatchObject({ complete: true });
    expect((await upload(at('case-1', letter.hash), letter.bytes)).body).toMatchObject({ complete: true });
    expect((await begin(at('case-1', unfinished.hash), unfinished.bytes.length)).status).toBe(201);
    expect((await chunk(at('case-1', unfinished.hash), 0, unfinished.bytes.subarray(0, 1000))).status).toBe(
      200,
    );
    expect((await upload(at('case-2', kept.hash), kept.bytes)).body).toMatchObject({ complete: true });

    const root = path.join(sync.relay.dataDir, BLOB_DIR_NAME);
    const before = await filesUnder(root);
    expect(before.filter((file) => file.includes('c_case-1'))).toHaveLength(3);

    const carla = {
      kind: 'person',
      userId: WORLD.carla.userId,
      login: 'carla',
      role: 'coordination',
      teamIds: new Set([A]),
    } as const;
    const annaActor = {
      kind: 'person',
      userId: WORLD.anna.userId,
      login: 'anna',
      role: 'case-manager',
      teamIds: new Set([A]),
    } as const;
    await sync.relay.lifecycle.requestErasure(annaActor, A, 'case-1', 'Antrag der Person');
    await sync.relay.lifecycle.confirmErasure(carla, A, 'case-1');

    // Nothing of case 1 is left under the blob directory: no file, no directory, none of its bytes.
    const after = await filesUnder(root);
    expect(after.filter((file) => file.includes('case-1'))).toEqual([]);
    expect(after).toEqual(before.filter((file) => !file.includes('c_case-1')));
    for (const file of after) {
      const bytes = await readFile(path.join(root, file));
      for (const gone of [photo, letter]) expect(bytes.includes(gone.bytes.subarray(0, 64))).toBe(false);
    }
    expect(await readdir(path.join(root, `t_${A}`))).toEqual(['c_case-2']);

    // Neither served nor stored again under the erased case; the other case's attachment is served.
    const fetched = await download(at('case-1', photo.hash));
    expect(fetched.status).toBe(410);
    expect(fetched.body).toMatchObject({ error: 'doc-erased' });
    expect((await head(at('case-1', photo.hash))).status).toBe(410);
    expect((await begin(at('case-1', photo.hash), photo.bytes.length)).status).toBe(410);
    expect((await filesUnder(root)).filter((file) => file.includes('case-1'))).toEqual([]);
    expect((await download(at('case-2', kept.hash))).bytes.equals(kept.bytes)).toBe(true);
  });
});
