import { AuditDetailSchema } from '../../../src/protocol/admin.ts';
import { auditEventHash, chainedFieldsOf, GENESIS_HASH } from '../audit/audit-chain.ts';
import type {
  AuditAnchor,
  AuditBatch,
  AuditFilter,
  AuditKind,
  ChainedAuditEvent,
  RelayStore,
  StoredAuditEvent,
} from './contract.ts';
import { StoreError } from './errors.ts';
import type { SqliteContext } from './sqlite.ts';

/** An audit event as both engines store it. */
export interface AuditRow {
  id: number;
  at: number;
  kind: AuditKind;
  login: string | null;
  user_id: string | null;
  device_id: string | null;
  team_id: string | null;
  doc_id: string | null;
  code: string | null;
  address: string | null;
  detail: string;
  prev_hash: string | null;
  hash: string | null;
}

/** A detail column that does not parse (hand-edited database) reads as empty rather than failing the page. */
function parseDetail(text: string): StoredAuditEvent['detail'] {
  try {
    const parsed = AuditDetailSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

export const toEvent = (row: AuditRow): StoredAuditEvent => ({
  id: row.id,
  at: row.at,
  kind: row.kind,
  login: row.login,
  userId: row.user_id,
  deviceId: row.device_id,
  teamId: row.team_id,
  docId: row.doc_id,
  code: row.code,
  address: row.address,
  detail: parseDetail(row.detail),
});

/** Filter fields and the column each compares equal. */
export const EQUALS = [
  ['kind', 'kind'],
  ['login', 'login'],
  ['userId', 'user_id'],
  ['deviceId', 'device_id'],
  ['teamId', 'team_id'],
  ['docId', 'doc_id'],
] as const satisfies readonly (readonly [keyof AuditFilter, string])[];

/** The SQLite engine's append-only audit log. */
export function auditOn({
  run,
  write,
  sql,
}: SqliteContext): Pick<RelayStore, 'appendAudit' | 'listAudit' | 'auditChain' | 'auditAnchor' | 'cutAudit'> {
  const anchor = (): AuditAnchor | undefined => {
    const row = sql<[], { last_dropped_id: number; last_dropped_hash: string; cut_at: number }>(
      'SELECT last_dropped_id, last_dropped_hash, cut_at FROM audit_anchor WHERE one = 1',
    ).get();
    return (
      row && { lastDroppedId: row.last_dropped_id, lastDroppedHash: row.last_dropped_hash, cutAt: row.cut_at }
    );
  };

  return {
    appendAudit: (events) =>
      write(`append ${events.length} audit events`, () => {
        const insert = sql(
          `INSERT INTO audit_events
             (id, at, kind, login, user_id, device_id, team_id, doc_id, code, address, detail, prev_hash, hash)
           VALUES (@id, @at, @kind, @login, @user_id, @device_id, @team_id, @doc_id, @code, @address, @detail,
             @prev_hash, @hash)`,
        );
        // The write lock is held, so the last event and the next id cannot change under this transaction.
        // Ids are assigned here rather than by SQLite, because an event's hash covers its id.
        const last = sql<[], { id: number; hash: string | null }>(
          'SELECT id, hash FROM audit_events ORDER BY id DESC LIMIT 1',
        ).get();
        const handedOut =
          sql<[], number>("SELECT seq FROM sqlite_sequence WHERE name = 'audit_events'").pluck().get() ?? 0;
        let prevHash =
          last === undefined ? (anchor()?.lastDroppedHash ?? GENESIS_HASH) : (last.hash ?? GENESIS_HASH);
        let id = Math.max(handedOut, last?.id ?? 0, anchor()?.lastDroppedId ?? 0);
        for (const event of events) {
          if (!Number.isSafeInteger(event.at))
            throw new StoreError('invalid-input', 'at must be a time in ms');
          id += 1;
          const fields = chainedFieldsOf(id, event);
          const hash = auditEventHash(prevHash, fields);
          insert.run({
            id,
            at: fields.at,
            kind: fields.kind,
            login: fields.login,
            user_id: fields.userId,
            device_id: fields.deviceId,
            team_id: fields.teamId,
            doc_id: fields.docId,
            code: fields.code,
            address: fields.address,
            detail: JSON.stringify(fields.detail),
            prev_hash: prevHash,
            hash,
          });
          prevHash = hash;
        }
      }),

    auditChain: (afterId, limit) =>
      run('read the audit chain', (): ChainedAuditEvent[] => {
        if (!Number.isSafeInteger(afterId) || !Number.isSafeInteger(limit) || limit < 1) {
          throw new StoreError('invalid-input', 'afterId must be a whole number and limit one >= 1');
        }
        return sql<[number, number], AuditRow>('SELECT * FROM audit_events WHERE id > ? ORDER BY id LIMIT ?')
          .all(afterId, limit)
          .map((row) => ({ ...toEvent(row), prevHash: row.prev_hash ?? '', hash: row.hash ?? '' }));
      }),

    auditAnchor: () => run('read the audit anchor', anchor),

    cutAudit: (before, at) =>
      write('cut the audit log', () => {
        if (!Number.isSafeInteger(before) || !Number.isSafeInteger(at)) {
          throw new StoreError('invalid-input', 'before and at must be times in ms');
        }
        const stop = sql<[number], number | null>('SELECT min(id) FROM audit_events WHERE at >= ?')
          .pluck()
          .get(before);
        const lastDropped = sql<[number], { id: number; hash: string | null }>(
          'SELECT id, hash FROM audit_events WHERE id < ? ORDER BY id DESC LIMIT 1',
        ).get(stop ?? Number.MAX_SAFE_INTEGER);
        if (lastDropped === undefined) return 0;
        sql('INSERT INTO audit_cut_permit (one) VALUES (1)').run();
        const dropped = sql('DELETE FROM audit_events WHERE id <= ?').run(lastDropped.id).changes;
        sql('DELETE FROM audit_cut_permit').run();
        sql(
          `INSERT INTO audit_anchor (one, last_dropped_id, last_dropped_hash, cut_at) VALUES (1, ?, ?, ?)
           ON CONFLICT (one) DO UPDATE SET last_dropped_id = excluded.last_dropped_id,
             last_dropped_hash = excluded.last_dropped_hash, cut_at = excluded.cut_at`,
        ).run(lastDropped.id, lastDropped.hash ?? GENESIS_HASH, at);
        return dropped;
      }),

    listAudit: (filter): Promise<AuditBatch> =>
      run('list audit events', () => {
        if (!Number.isSafeInteger(filter.limit) || filter.limit < 1) {
          throw new StoreError('invalid-input', 'limit must be a whole number >= 1');
        }
        // The statement text depends only on which filters are set, so the statement cache stays small.
        const where: string[] = [];
        const params: Record<string, string | number> = { limit: filter.limit + 1 };
        for (const [field, column] of EQUALS) {
          const value = filter[field];
          if (value === undefined) continue;
          where.push(`${column} = @${field}`);
          params[field] = value;
        }
        if (filter.from !== undefined) {
          where.push('at >= @from');
          params.from = filter.from;
        }
        if (filter.to !== undefined) {
          where.push('at < @to');
          params.to = filter.to;
        }
        if (filter.beforeId !== undefined) {
          where.push('id < @beforeId');
          params.beforeId = filter.beforeId;
        }
        const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
        const rows = sql<[Record<string, string | number>], AuditRow>(
          `SELECT * FROM audit_events ${clause} ORDER BY id DESC LIMIT @limit`,
        ).all(params);
        return { events: rows.slice(0, filter.limit).map(toEvent), more: rows.length > filter.limit };
      }),
  };
}
