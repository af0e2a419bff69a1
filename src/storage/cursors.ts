import { z } from 'zod';
import { isValidId } from '../protocol/sync.ts';
import type { CursorRow, LotseDatabase } from './db.ts';

const CursorRowSchema = z.object({
  teamId: z.string().refine(isValidId, 'not a valid team id'),
  seq: z.number().int().nonnegative(),
  syncedAt: z.number().nullable(),
  epoch: z.string().refine(isValidId, 'not a valid epoch id').nullable().default(null),
});

/** A stored cursor, validated; `epoch` is null for one stored before the relay named epochs. */
export type StoredCursor = z.infer<typeof CursorRowSchema>;

/**
 * How far this device has stored each team's relay log. The sync engine sets a cursor only after the
 * updates up to it are stored, so a crash in between costs a repeated delivery, never a gap.
 */
export class CursorStore {
  readonly #db: LotseDatabase;

  constructor(db: LotseDatabase) {
    this.#db = db;
  }

  /** Every readable cursor by team id. A row that fails validation is ignored: the team starts from 0. */
  async all(): Promise<Map<string, StoredCursor>> {
    const rows: unknown[] = await this.#db.cursors.toArray();
    const cursors = new Map<string, StoredCursor>();
    for (const raw of rows) {
      const parsed = CursorRowSchema.safeParse(raw);
      if (parsed.success) cursors.set(parsed.data.teamId, parsed.data);
      else console.error('A stored sync cursor is unreadable; that team syncs from the start', raw);
    }
    return cursors;
  }

  /**
   * Sets the team's cursor to `seq`, reached under the relay's log `epoch` (kept as stored when not given),
   * keeping its `syncedAt`.
   */
  async set(teamId: string, seq: number, epoch?: string): Promise<void> {
    await this.#db.transaction('rw', this.#db.cursors, async () => {
      const current = CursorRowSchema.safeParse(await this.#db.cursors.get(teamId));
      const row: CursorRow = {
        teamId,
        seq,
        syncedAt: current.success ? current.data.syncedAt : null,
        epoch: epoch ?? (current.success ? current.data.epoch : null),
      };
      await this.#db.cursors.put(row);
    });
  }

  /** Records that every one of `teamIds` was in sync at `at`, keeping their cursors. */
  async markSynced(teamIds: readonly string[], at: number): Promise<void> {
    await this.#db.transaction('rw', this.#db.cursors, async () => {
      for (const teamId of teamIds) {
        const current = CursorRowSchema.safeParse(await this.#db.cursors.get(teamId));
        const { seq, epoch } = current.success ? current.data : { seq: 0, epoch: null };
        await this.#db.cursors.put({ teamId, seq, syncedAt: at, epoch });
      }
    });
  }
}

/**
 * When all of `teamIds` were last in sync together: the oldest of their `syncedAt`, or null when one of
 * them never was. With no team ids, the cursors stored decide.
 */
export function lastSyncedOf(
  cursors: ReadonlyMap<string, Pick<CursorRow, 'syncedAt'>>,
  teamIds: readonly string[],
): number | null {
  const ids = teamIds.length > 0 ? teamIds : [...cursors.keys()];
  if (ids.length === 0) return null;
  let oldest = Number.POSITIVE_INFINITY;
  for (const teamId of ids) {
    const syncedAt = cursors.get(teamId)?.syncedAt ?? null;
    if (syncedAt === null) return null;
    oldest = Math.min(oldest, syncedAt);
  }
  return oldest;
}
