import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { cachedAnswerKeys, readCachedAnswer, saveCachedAnswer } from '../../../src/storage/answer-cache.ts';
import type { Codec } from '../../../src/storage/codec.ts';
import { LotseDatabase } from '../../../src/storage/db.ts';
import { createVault, keyIdOf, vaultCodec } from '../../../src/storage/vault.ts';

const Answer = z.object({ total: z.number() });
let counter = 0;
let db: LotseDatabase;
let codec: Codec;

beforeEach(async () => {
  db = new LotseDatabase(`answer-cache-${++counter}`);
  await db.open();
  const opened = await createVault('271828', { iterations: 100_000 });
  codec = vaultCodec(opened.key, { keyId: keyIdOf(opened.record) });
});

afterEach(async () => {
  await db.delete();
});

describe('answers kept for offline use', () => {
  it('read back as saved, stored sealed (no plain text in the row)', async () => {
    await saveCachedAnswer(db, codec, 'report:team-1:2026-Q3', { value: { total: 1234 }, fetchedAt: 42 });
    expect(await readCachedAnswer(db, codec, 'report:team-1:2026-Q3', Answer)).toEqual({
      value: { total: 1234 },
      fetchedAt: 42,
    });
    const row = await db.meta.get('answer:report:team-1:2026-Q3');
    expect(new TextDecoder().decode((row?.value as { data: Uint8Array }).data)).not.toContain('1234');
    expect(await cachedAnswerKeys(db, 'report:')).toEqual(['report:team-1:2026-Q3']);
  });

  it('read as absent when missing, moved to another key, or no longer matching the schema', async () => {
    expect(await readCachedAnswer(db, codec, 'none', Answer)).toBeUndefined();
    await saveCachedAnswer(db, codec, 'a', { value: { total: 1 }, fetchedAt: 1 });
    const row = await db.meta.get('answer:a');
    await db.meta.put({ key: 'answer:b', value: row?.value });
    expect(await readCachedAnswer(db, codec, 'b', Answer)).toBeUndefined();
    expect(await readCachedAnswer(db, codec, 'a', z.object({ total: z.string() }))).toBeUndefined();
  });
});
