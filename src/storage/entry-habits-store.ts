import { z } from 'zod';
import { lifeDomainSchema } from '../domain/vocabulary.ts';
import { decodeJson, encodeJson, entryHabitsRecord, type Codec } from './codec.ts';
import type { LotseDatabase } from './db.ts';

/**
 * What this person last entered for each kind of contact (duration, topics), offered again on the next
 * quick entry. Kept in the user's database, sealed like every record: the topics of a last contact say
 * something about a client, so they never sit in plain storage. A convenience only: a record that cannot
 * be read is ignored.
 */

const KEY = 'entry-habits';

const StoredRowSchema = z.object({
  key: z.literal(KEY),
  value: z.object({ data: z.instanceof(Uint8Array) }),
});

export const ContactHabitSchema = z.object({
  durationMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .optional(),
  topics: z.array(lifeDomainSchema).max(10).default([]),
});
export type ContactHabit = z.output<typeof ContactHabitSchema>;

const StoredHabitsSchema = z.object({ contacts: z.record(z.string(), ContactHabitSchema) });
export type StoredHabits = z.output<typeof StoredHabitsSchema>;

export async function saveEntryHabits(
  db: LotseDatabase,
  codec: Codec,
  userId: string,
  value: StoredHabits,
): Promise<void> {
  const data = await encodeJson(codec, value, entryHabitsRecord(userId));
  await db.meta.put({ key: KEY, value: { data } });
}

/** The stored habits, or `undefined` when none are stored or the record cannot be read. */
export async function readEntryHabits(
  db: LotseDatabase,
  codec: Codec,
  userId: string,
): Promise<StoredHabits | undefined> {
  const row = StoredRowSchema.safeParse(await db.meta.get(KEY));
  if (!row.success) return undefined;
  try {
    const parsed = StoredHabitsSchema.safeParse(
      await decodeJson(codec, row.data.value.data, entryHabitsRecord(userId)),
    );
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
