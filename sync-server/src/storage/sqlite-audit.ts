import { AuditDetailSchema } from '../../../src/protocol/admin.ts';
import type { AuditBatch, AuditFilter, AuditKind, RelayStore, StoredAuditEvent } from './contract.ts';
import { StoreError } from './errors.ts';
import type { SqliteContext } from './sqlite.ts';

interface AuditRow {
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

const toEvent = (row: AuditRow): StoredAuditEvent => ({
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
const EQUALS = [
  ['kind', 'kind'],
  ['login', 'login'],
  ['userId', 'user_id'],
  ['deviceId', 'device_id'],
  ['teamId', 'team_id'],
  ['docId', 'doc_id'],
] as const satisfies readonly (readonly [keyof AuditFilter, string])[];

/** The SQLite engine's append-only audit log. */
export function auditOn({ run, write, sql }: SqliteContext): Pick<RelayStore, 'appendAudit' | 'listAudit'> {
  return {
    appendAudit: (events) =>
      write(`append ${events.length} audit events`, () => {
        const insert = sql(
          `INSERT INTO audit_events (at, kind, login, user_id, device_id, team_id, doc_id, code, address, detail)
           VALUES (@at, @kind, @login, @user_id, @device_id, @team_id, @doc_id, @code, @address, @detail)`,
        );
        for (const event of events) {
          if (!Number.isSafeInteger(event.at))
            throw new StoreError('invalid-input', 'at must be a time in ms');
          insert.run({
            at: event.at,
            kind: event.kind,
            login: event.login ?? null,
            user_id: event.userId ?? null,
            device_id: event.deviceId ?? null,
            team_id: event.teamId ?? null,
            doc_id: event.docId ?? null,
            code: event.code ?? null,
            address: event.address ?? null,
            detail: JSON.stringify(event.detail ?? {}),
          });
        }
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
