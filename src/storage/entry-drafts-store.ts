import { z } from 'zod';
import { LIMITS } from '../domain/schema/primitives.ts';
import { contactKindSchema, interpreterKindSchema, lifeDomainSchema } from '../domain/vocabulary.ts';
import { decodeJson, encodeJson, entryDraftsRecord, type Codec } from './codec.ts';
import type { LotseDatabase } from './db.ts';
import { ENTRY_DRAFTS_PREFIX, entryDraftsKey } from './meta-keys.ts';

/**
 * What a person had typed into a case's entry forms and not saved yet, kept per case in the user's
 * database and sealed like every record (a half-typed note is case content), so that leaving the case or
 * locking the device never loses an entry. One row per case in `meta`, bound to the case's doc id. Read
 * back through a schema: a record that fails is dropped, never a reason to fail the form.
 */

const StoredRowSchema = z.object({
  key: z.string().startsWith(ENTRY_DRAFTS_PREFIX),
  value: z.object({ data: z.instanceof(Uint8Array) }),
});

/** The fields of the contact form as typed: plain strings, `null` for an empty duration. */
export const ContactDraftSchema = z.object({
  date: z.string().max(10),
  kind: contactKindSchema,
  /** As the number field holds it; an odd value is dropped rather than the whole draft. */
  duration: z
    .number()
    .min(0)
    .max(24 * 60)
    .nullable()
    .catch(null),
  topics: z.array(lifeDomainSchema).max(20),
  place: z.string().max(LIMITS.short),
  office: z.string().max(LIMITS.short),
  appointment: z.string().max(LIMITS.short),
  interpreterLanguage: z.string().max(20),
  interpreterKind: z.union([interpreterKindSchema, z.literal('')]),
  note: z.string().max(LIMITS.prose),
});
export type StoredContactDraft = z.output<typeof ContactDraftSchema>;

/** The drafts of one case, by form; `savedAt` is when the draft was last written (ms since the epoch). */
export const CaseDraftsSchema = z.object({
  contact: z.object({ savedAt: z.number().int(), fields: ContactDraftSchema }).optional(),
});
export type CaseDrafts = z.output<typeof CaseDraftsSchema>;

/**
 * Stores the drafts of a case; with no draft left the row is deleted. A case the relay erased keeps no
 * draft: what is stored then is nothing (docs/architecture.md#data-lifecycle).
 */
export async function saveCaseDrafts(
  db: LotseDatabase,
  codec: Codec,
  docId: string,
  drafts: CaseDrafts,
): Promise<void> {
  const empty = Object.values(drafts).every((draft) => draft === undefined);
  const data = empty ? undefined : await encodeJson(codec, drafts, entryDraftsRecord(docId));
  await db.transaction('rw', db.meta, db.erasures, async () => {
    if (data === undefined || (await db.erasures.get(docId)) !== undefined)
      await db.meta.delete(entryDraftsKey(docId));
    else await db.meta.put({ key: entryDraftsKey(docId), value: { data } });
  });
}

/** The stored drafts of a case, or `undefined` when none are stored or the record cannot be read. */
export async function readCaseDrafts(
  db: LotseDatabase,
  codec: Codec,
  docId: string,
): Promise<CaseDrafts | undefined> {
  const row = StoredRowSchema.safeParse(await db.meta.get(entryDraftsKey(docId)));
  if (!row.success) return undefined;
  try {
    const parsed = CaseDraftsSchema.safeParse(
      await decodeJson(codec, row.data.value.data, entryDraftsRecord(docId)),
    );
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
