import { z } from 'zod';
import { isValidId } from '../protocol/sync.ts';
import type { CursorRow, LotseDatabase } from './db.ts';

const CursorRowSchema = z.object({
  teamId: z.string().refine(isValidId, 'not a valid team id'),
  seq: z.number().int().nonnegative(),
  syncedAt: z.number().nullable(),
});

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
  async all(): Promise<Map<string, CursorRow>> {
    const rows: unknown[] = await this.#db.cursors.toArray();
    const cursors = new Map<string, CursorRow>();
    for (const raw of rows) {
      const parsed = CursorRowSchema.safeParse(raw);
      if (parsed.success) cursors.set(parsed.data.teamId, parsed.data);
      else console.error('A stored sync cursor is unreadable; that team syncs from the start', raw);
    }
    return cursors;
  }

  /** Sets the team's cursor to `seq`, keeping its `syncedAt` unless one is given. */
  async set(teamId: string, seq: number, syncedAt?: number): Promise<void> {
    await this.#db.transaction('rw', this.#db.cursors, async () => {
      const current = CursorRowSchema.safeParse(await this.#db.cursors.get(teamId));
      const keep = current.success ? current.data.syncedAt : null;
      await this.#db.cursors.put({ teamId, seq, syncedAt: syncedAt ?? keep });
    });
  }

  /** Records that every one of `teamIds` was in sync at `at`, keeping their cursors. */
  async markSynced(teamIds: readonly string[], at: number): Promise<void> {
    await this.#db.transaction('rw', this.#db.cursors, async () => {
      for (const teamId of teamIds) {
        const current = CursorRowSchema.safeParse(await this.#db.cursors.get(teamId));
        await this.#db.cursors.put({ teamId, seq: current.success ? current.data.seq : 0, syncedAt: at });
      }
    });
  }
}

/**
 * When all of `teamIds` were last in sync together: the oldest of their `syncedAt`, or null when one of
 * them never was. With no team ids, the cursors stored decide.
 */
export function lastSyncedOf(
  cursors: ReadonlyMap<string, CursorRow>,
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
