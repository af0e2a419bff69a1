import { z } from 'zod';
import { TeamMembersSchema, type TeamMembers } from '../protocol/team-members.ts';
import { decodeJson, encodeJson, teamMembersRecord, type Codec } from './codec.ts';
import type { LotseDatabase } from './db.ts';

/**
 * The last known names of the people in the user's teams, kept in the user's database sealed by the codec
 * like every other record, so names show offline. A cache of what the relay answered: a record that cannot
 * be read is dropped (and asked for again), never a reason to fail.
 */

const KEY = 'team-members';

const StoredRowSchema = z.object({
  key: z.literal(KEY),
  value: z.object({ data: z.instanceof(Uint8Array) }),
});
const StoredTeamsSchema = z.object({ teams: z.array(TeamMembersSchema), fetchedAt: z.number().int() });

export interface StoredTeamMembers {
  teams: TeamMembers[];
  /** When the relay answered (ms since the epoch). */
  fetchedAt: number;
}

export async function saveTeamMembers(
  db: LotseDatabase,
  codec: Codec,
  userId: string,
  value: StoredTeamMembers,
): Promise<void> {
  const data = await encodeJson(codec, value, teamMembersRecord(userId));
  await db.meta.put({ key: KEY, value: { data } });
}

/** The stored names, or `undefined` when none are stored or the record cannot be read. */
export async function readTeamMembers(
  db: LotseDatabase,
  codec: Codec,
  userId: string,
): Promise<StoredTeamMembers | undefined> {
  const row = StoredRowSchema.safeParse(await db.meta.get(KEY));
  if (!row.success) return undefined;
  try {
    const parsed = StoredTeamsSchema.safeParse(
      await decodeJson(codec, row.data.value.data, teamMembersRecord(userId)),
    );
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
