import { z } from 'zod';
import { answerCacheRecord, decodeJson, encodeJson, type Codec } from './codec.ts';
import type { LotseDatabase } from './db.ts';

/**
 * The last answers the relay gave to questions a device may need to show again offline (coordination's
 * reports and its list of reported barriers, so they work in a meeting room without a network). Each is a
 * row of the `meta` table keyed `answer:<key>`, sealed by the codec like every other record and bound to
 * its key, so one answer cannot be passed off as another. A cache: a row that cannot be read, or whose
 * content no longer matches the schema the caller expects, reads as absent and is fetched again.
 */

const PREFIX = 'answer:';

const StoredRowSchema = z.object({
  key: z.string(),
  value: z.object({ data: z.instanceof(Uint8Array) }),
});

export interface CachedAnswer<T> {
  value: T;
  /** When the relay answered (ms since the epoch). */
  fetchedAt: number;
}

export async function saveCachedAnswer(
  db: LotseDatabase,
  codec: Codec,
  key: string,
  answer: CachedAnswer<unknown>,
): Promise<void> {
  const data = await encodeJson(codec, answer, answerCacheRecord(key));
  await db.meta.put({ key: `${PREFIX}${key}`, value: { data } });
}

/** The stored answer under `key` as `schema` reads it, or `undefined`. */
export async function readCachedAnswer<S extends z.ZodType>(
  db: LotseDatabase,
  codec: Codec,
  key: string,
  schema: S,
): Promise<CachedAnswer<z.output<S>> | undefined> {
  const row = StoredRowSchema.safeParse(await db.meta.get(`${PREFIX}${key}`));
  if (!row.success) return undefined;
  try {
    const decoded = await decodeJson(codec, row.data.value.data, answerCacheRecord(key));
    const parsed = z.object({ value: schema, fetchedAt: z.number().int().nonnegative() }).safeParse(decoded);
    return parsed.success ? (parsed.data as CachedAnswer<z.output<S>>) : undefined;
  } catch {
    return undefined;
  }
}

/** The keys of every stored answer whose key starts with `prefix` (e.g. every cached report). */
export async function cachedAnswerKeys(db: LotseDatabase, prefix: string): Promise<string[]> {
  const keys = await db.meta.where('key').startsWith(`${PREFIX}${prefix}`).primaryKeys();
  return keys.map((key) => String(key).slice(PREFIX.length));
}

/** Removes the stored answer under `key` (a cache keeps only so many). */
export async function forgetCachedAnswer(db: LotseDatabase, key: string): Promise<void> {
  await db.meta.delete(`${PREFIX}${key}`);
}
