import { auditEventHash, chainedFieldsOf, GENESIS_HASH } from '../audit/audit-chain.ts';
import type { AuditAnchor, AuditBatch, ChainedAuditEvent, RelayStore } from './contract.ts';
import { StoreError } from './errors.ts';
import type { PgContext, PgQueries } from './postgres.ts';
import { EQUALS, toEvent, type AuditRow } from './sqlite-audit.ts';

/** The PostgreSQL engine's append-only audit log, chained by hash like SQLite's. */
export function pgAuditOn({
  run,
  write,
}: PgContext): Pick<RelayStore, 'appendAudit' | 'listAudit' | 'auditChain' | 'auditAnchor' | 'cutAudit'> {
  const anchor = async (db: PgQueries): Promise<AuditAnchor | undefined> => {
    const row = await db.one<{ last_dropped_id: number; last_dropped_hash: string; cut_at: number }>(
      'SELECT last_dropped_id, last_dropped_hash, cut_at FROM audit_anchor WHERE one = 1',
    );
    return (
      row && { lastDroppedId: row.last_dropped_id, lastDroppedHash: row.last_dropped_hash, cutAt: row.cut_at }
    );
  };

  /**
   * Takes the audit log for this transaction: appends and cuts of every instance run one after the other,
   * so each event's id and hash follow the one committed before it. Reads go on meanwhile.
   */
  const lockAudit = (db: PgQueries) => db.change('LOCK TABLE audit_events IN SHARE ROW EXCLUSIVE MODE');

  return {
    appendAudit: (events) =>
      write(`append ${events.length} audit events`, async (db) => {
        for (const event of events) {
          if (!Number.isSafeInteger(event.at))
            throw new StoreError('invalid-input', 'at must be a time in ms');
        }
        await lockAudit(db);
        const last = await db.one<{ id: number; hash: string | null }>(
          'SELECT id, hash FROM audit_events ORDER BY id DESC LIMIT 1',
        );
        const cut = await anchor(db);
        // After a cut that removed every event, the anchor keeps the last id, so no id is handed out twice.
        let prevHash =
          last === undefined ? (cut?.lastDroppedHash ?? GENESIS_HASH) : (last.hash ?? GENESIS_HASH);
        let id = Math.max(last?.id ?? 0, cut?.lastDroppedId ?? 0);
        for (const event of events) {
          id += 1;
          const fields = chainedFieldsOf(id, event);
          const hash = auditEventHash(prevHash, fields);
          await db.change(
            `INSERT INTO audit_events
               (id, at, kind, login, user_id, device_id, team_id, doc_id, code, address, detail, prev_hash, hash)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
            [
              id,
              fields.at,
              fields.kind,
              fields.login,
              fields.userId,
              fields.deviceId,
              fields.teamId,
              fields.docId,
              fields.code,
              fields.address,
              JSON.stringify(fields.detail),
              prevHash,
              hash,
            ],
          );
          prevHash = hash;
        }
      }),

    auditChain: (afterId, limit) =>
      run('read the audit chain', async (db): Promise<ChainedAuditEvent[]> => {
        if (!Number.isSafeInteger(afterId) || !Number.isSafeInteger(limit) || limit < 1) {
          throw new StoreError('invalid-input', 'afterId must be a whole number and limit one >= 1');
        }
        const rows = await db.rows<AuditRow>(
          'SELECT * FROM audit_events WHERE id > $1 ORDER BY id LIMIT $2',
          [afterId, limit],
        );
        return rows.map((row) => ({ ...toEvent(row), prevHash: row.prev_hash ?? '', hash: row.hash ?? '' }));
      }),

    auditAnchor: () => run('read the audit anchor', anchor),

    cutAudit: (before, at) =>
      write('cut the audit log', async (db) => {
        if (!Number.isSafeInteger(before) || !Number.isSafeInteger(at)) {
          throw new StoreError('invalid-input', 'before and at must be times in ms');
        }
        await lockAudit(db);
        const stop = await db.one<{ id: number | null }>(
          'SELECT min(id) AS id FROM audit_events WHERE at >= $1',
          [before],
        );
        const lastDropped = await db.one<{ id: number; hash: string | null }>(
          'SELECT id, hash FROM audit_events WHERE id < $1 ORDER BY id DESC LIMIT 1',
          [stop?.id ?? Number.MAX_SAFE_INTEGER],
        );
        if (lastDropped === undefined) return 0;
        // The append-only trigger lets this one DELETE through: the setting lasts until this transaction ends.
        await db.one("SELECT set_config('lotse.audit_cut', 'on', true)");
        const dropped = await db.change('DELETE FROM audit_events WHERE id <= $1', [lastDropped.id]);
        await db.one("SELECT set_config('lotse.audit_cut', 'off', true)");
        await db.change(
          `INSERT INTO audit_anchor (one, last_dropped_id, last_dropped_hash, cut_at) VALUES (1, $1, $2, $3)
           ON CONFLICT (one) DO UPDATE SET last_dropped_id = excluded.last_dropped_id,
             last_dropped_hash = excluded.last_dropped_hash, cut_at = excluded.cut_at`,
          [lastDropped.id, lastDropped.hash ?? GENESIS_HASH, at],
        );
        return dropped;
      }),

    listAudit: (filter): Promise<AuditBatch> =>
      run('list audit events', async (db) => {
        if (!Number.isSafeInteger(filter.limit) || filter.limit < 1) {
          throw new StoreError('invalid-input', 'limit must be a whole number >= 1');
        }
        // The statement text depends only on which filters are set, so the prepared statements stay few.
        const where: string[] = [];
        const values: (string | number)[] = [];
        const add = (condition: (mark: string) => string, value: string | number) => {
          values.push(value);
          where.push(condition(`$${values.length}`));
        };
        for (const [field, column] of EQUALS) {
          const value = filter[field];
          if (value !== undefined) add((mark) => `${column} = ${mark}`, value);
        }
        if (filter.from !== undefined) add((mark) => `at >= ${mark}`, filter.from);
        if (filter.to !== undefined) add((mark) => `at < ${mark}`, filter.to);
        if (filter.beforeId !== undefined) add((mark) => `id < ${mark}`, filter.beforeId);
        values.push(filter.limit + 1);
        const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
        const rows = await db.rows<AuditRow>(
          `SELECT * FROM audit_events ${clause} ORDER BY id DESC LIMIT $${values.length}`,
          values,
        );
        return { events: rows.slice(0, filter.limit).map(toEvent), more: rows.length > filter.limit };
      }),
  };
}
