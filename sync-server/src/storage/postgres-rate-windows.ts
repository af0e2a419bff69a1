import type { PgContext } from './postgres.ts';
import type { RateWindow, RateWindows } from './rate-windows.ts';

/** After this many counts, one instance deletes the windows that have ended. */
const SWEEP_EVERY = 1_000;

/**
 * The rate limits' windows in the `rate_limit_windows` table (migration 2), shared by every instance on the
 * database: one upsert counts an event atomically, starting a new window where the old one ended.
 */
export function pgRateWindowsOn({ run, now }: PgContext): RateWindows {
  let counted = 0;
  return {
    take: (scope, key, max, windowMs) =>
      run('count a rate-limited event', async (db): Promise<RateWindow> => {
        const at = now();
        if (++counted % SWEEP_EVERY === 0) {
          await db.change('DELETE FROM rate_limit_windows WHERE reset_at <= $1', [at]);
        }
        const row = await db.one<{ count: number; reset_at: number }>(
          `INSERT INTO rate_limit_windows AS w (scope, key, count, reset_at)
             VALUES ($1, $2, 1, $3::bigint + $4::bigint)
           ON CONFLICT (scope, key) DO UPDATE SET
             count = CASE WHEN w.reset_at <= $3::bigint THEN 1 ELSE LEAST(w.count + 1, $5::integer + 1) END,
             reset_at = CASE WHEN w.reset_at <= $3::bigint THEN $3::bigint + $4::bigint ELSE w.reset_at END
           RETURNING count, reset_at`,
          [scope, key, at, windowMs, max],
        );
        if (row === undefined) throw new Error('the upsert of a rate-limit window returned no row');
        return { count: row.count, resetAt: row.reset_at };
      }),
    clear: (scope, key) =>
      run('clear a rate-limit window', async (db) => {
        await db.change('DELETE FROM rate_limit_windows WHERE scope = $1 AND key = $2', [scope, key]);
      }),
  };
}
