import type {
  ErasureRecord,
  ErasureRequest,
  LegalHold,
  LifecycleMethods,
  NewErasure,
  RelayStore,
  StoredContribution,
} from './contract.ts';
import { StoreError } from './errors.ts';
import type { SqliteContext } from './sqlite.ts';

/** Rows of the lifecycle tables, as both engines read them. */
export interface ErasureRow {
  doc_id: string;
  team_id: string;
  seq: number;
  erased_at: number;
  reason: 'retention' | 'request';
  rule: string | null;
  requested_by: string | null;
  confirmed_by: string | null;
}

export const toErasure = (row: ErasureRow): ErasureRecord => ({
  docId: row.doc_id,
  teamId: row.team_id,
  seq: row.seq,
  erasedAt: row.erased_at,
  reason: row.reason,
  rule: row.rule,
  requestedBy: row.requested_by,
  confirmedBy: row.confirmed_by,
});

export type HoldRow = { doc_id: string; team_id: string; reason: string; set_by: string; set_at: number };
export const toHold = (row: HoldRow): LegalHold => ({
  docId: row.doc_id,
  teamId: row.team_id,
  reason: row.reason,
  setBy: row.set_by,
  setAt: row.set_at,
});

export type RequestRow = {
  doc_id: string;
  team_id: string;
  reason: string;
  requested_by: string;
  requested_at: number;
};
export const toRequest = (row: RequestRow): ErasureRequest => ({
  docId: row.doc_id,
  teamId: row.team_id,
  reason: row.reason,
  requestedBy: row.requested_by,
  requestedAt: row.requested_at,
});

const marks = (ids: readonly unknown[]) => ids.map(() => '?').join(', ');

/** A reason of a hold or request: refused when empty or longer than `max`. */
export const text = (value: string, what: string, max: number): string => {
  if (typeof value !== 'string' || value.trim().length === 0 || value.length > max) {
    throw new StoreError('invalid-input', `${what} must be 1–${max} characters`);
  }
  return value;
};

/**
 * The SQLite engine's part of the data lifecycle (docs/architecture.md#data-lifecycle). The connection runs
 * with `secure_delete`, so the pages an erasure frees are overwritten with zeros, and `eraseDoc` checkpoints
 * the write-ahead log and truncates it afterwards, so the erased rows survive in neither file.
 */
export function lifecycleOn(
  { run, read, write, sql }: SqliteContext,
  checkpoint: () => void,
): Pick<RelayStore, LifecycleMethods> {
  const erasure = (docId: string): ErasureRecord | undefined => {
    const row = sql<[string], ErasureRow>('SELECT * FROM erasures WHERE doc_id = ?').get(docId);
    return row && toErasure(row);
  };

  /** The team of a registered doc that may be held or requested: not erased, registered. */
  const liveDoc = (docId: string, teamId?: string): string => {
    if (erasure(docId) !== undefined) throw new StoreError('doc-erased', `doc ${docId} was erased`);
    const owner = sql<[string], string>('SELECT team_id FROM docs WHERE id = ?').pluck().get(docId);
    if (owner === undefined) throw new StoreError('not-found', `doc ${docId} is not registered`);
    if (teamId !== undefined && owner !== teamId) {
      throw new StoreError('doc-in-other-team', `doc ${docId} belongs to team ${owner}, not ${teamId}`);
    }
    return owner;
  };

  return {
    eraseDoc: async (input: NewErasure) => {
      const record = await write(`erase doc ${input.docId}`, (): ErasureRecord => {
        if (!Number.isSafeInteger(input.erasedAt)) {
          throw new StoreError('invalid-input', 'erasedAt must be a time in ms');
        }
        liveDoc(input.docId, input.teamId);
        const hold = sql<[string], string>('SELECT reason FROM legal_holds WHERE doc_id = ?')
          .pluck()
          .get(input.docId);
        if (hold !== undefined) {
          throw new StoreError('on-hold', `doc ${input.docId} is under a Löschsperre and is not erased`);
        }
        // Push records of the doc: by doc id, and for records written before they named it, by the seqs of
        // the doc's rows that still exist.
        sql(
          `DELETE FROM push_refs WHERE doc_id = ?
             OR (doc_id IS NULL AND team_id = ? AND seq IN (SELECT seq FROM updates WHERE doc_id = ?))`,
        ).run(input.docId, input.teamId, input.docId);
        sql('DELETE FROM updates WHERE doc_id = ?').run(input.docId);
        sql('DELETE FROM case_facts WHERE doc_id = ?').run(input.docId);
        sql('DELETE FROM legal_holds WHERE doc_id = ?').run(input.docId);
        sql('DELETE FROM erasure_requests WHERE doc_id = ?').run(input.docId);
        sql('DELETE FROM docs WHERE id = ?').run(input.docId);
        if (input.contribution !== null) {
          sql('INSERT INTO case_contributions (team_id, facts) VALUES (?, ?)').run(
            input.teamId,
            input.contribution,
          );
        }
        const seq = sql<[string], number>(
          'UPDATE team_logs SET last_seq = last_seq + 1 WHERE team_id = ? RETURNING last_seq',
        )
          .pluck()
          .get(input.teamId);
        if (seq === undefined) throw new StoreError('not-found', `team ${input.teamId} does not exist`);
        sql(
          `INSERT INTO erasures (doc_id, team_id, seq, erased_at, reason, rule, requested_by, confirmed_by)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(
          input.docId,
          input.teamId,
          seq,
          input.erasedAt,
          input.reason,
          input.rule,
          input.requestedBy,
          input.confirmedBy,
        );
        return {
          docId: input.docId,
          teamId: input.teamId,
          seq,
          erasedAt: input.erasedAt,
          reason: input.reason,
          rule: input.rule,
          requestedBy: input.requestedBy,
          confirmedBy: input.confirmedBy,
        };
      });
      await run(`checkpoint after erasing doc ${input.docId}`, checkpoint);
      return record;
    },

    erasureOf: (docId) => run(`read erasure of doc ${docId}`, () => erasure(docId)),

    erasuresSince: (teamId, afterSeq, limit) =>
      read(`read erasures of team ${teamId}`, () => {
        if (!Number.isSafeInteger(afterSeq) || afterSeq < 0 || !Number.isSafeInteger(limit) || limit < 1) {
          throw new StoreError('invalid-input', 'afterSeq must be a whole number >= 0 and limit one >= 1');
        }
        return sql<[string, number, number], ErasureRow>(
          'SELECT * FROM erasures WHERE team_id = ? AND seq > ? ORDER BY seq LIMIT ?',
        )
          .all(teamId, afterSeq, limit)
          .map(toErasure);
      }),

    setHold: (hold) =>
      write(`set Löschsperre on doc ${hold.docId}`, () => {
        const teamId = liveDoc(hold.docId, hold.teamId);
        sql(
          `INSERT INTO legal_holds (doc_id, team_id, reason, set_by, set_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (doc_id) DO UPDATE SET reason = excluded.reason, set_by = excluded.set_by,
             set_at = excluded.set_at`,
        ).run(hold.docId, teamId, text(hold.reason, 'a reason', 500), hold.setBy, hold.setAt);
      }),

    liftHold: (docId) =>
      write(
        `lift Löschsperre of doc ${docId}`,
        () => sql('DELETE FROM legal_holds WHERE doc_id = ?').run(docId).changes > 0,
      ),

    holdOf: (docId) =>
      run(`read Löschsperre of doc ${docId}`, () => {
        const row = sql<[string], HoldRow>('SELECT * FROM legal_holds WHERE doc_id = ?').get(docId);
        return row && toHold(row);
      }),

    holdsOfTeams: (teamIds) =>
      run('read Löschsperren of teams', () =>
        teamIds.length === 0
          ? []
          : sql<string[], HoldRow>(
              `SELECT * FROM legal_holds WHERE team_id IN (${marks(teamIds)}) ORDER BY doc_id`,
            )
              .all(...teamIds)
              .map(toHold),
      ),

    requestErasure: (request) =>
      write(`request erasure of doc ${request.docId}`, () => {
        const teamId = liveDoc(request.docId, request.teamId);
        sql(
          `INSERT INTO erasure_requests (doc_id, team_id, reason, requested_by, requested_at)
           VALUES (?, ?, ?, ?, ?)`,
        ).run(
          request.docId,
          teamId,
          text(request.reason, 'a reason', 500),
          request.requestedBy,
          request.requestedAt,
        );
      }),

    erasureRequestOf: (docId) =>
      run(`read erasure request of doc ${docId}`, () => {
        const row = sql<[string], RequestRow>('SELECT * FROM erasure_requests WHERE doc_id = ?').get(docId);
        return row && toRequest(row);
      }),

    dropErasureRequest: (docId) =>
      write(
        `drop erasure request of doc ${docId}`,
        () => sql('DELETE FROM erasure_requests WHERE doc_id = ?').run(docId).changes > 0,
      ),

    erasureRequestsOfTeams: (teamIds) =>
      run('read erasure requests of teams', () =>
        teamIds.length === 0
          ? []
          : sql<string[], RequestRow>(
              `SELECT * FROM erasure_requests WHERE team_id IN (${marks(teamIds)})
               ORDER BY requested_at, doc_id`,
            )
              .all(...teamIds)
              .map(toRequest),
      ),

    contributionsOfTeams: (teamIds) =>
      run('read contributions of teams', (): StoredContribution[] =>
        teamIds.length === 0
          ? []
          : sql<string[], { id: number; team_id: string; facts: string }>(
              `SELECT id, team_id, facts FROM case_contributions WHERE team_id IN (${marks(teamIds)})
               ORDER BY id`,
            )
              .all(...teamIds)
              .map((row) => ({ id: row.id, teamId: row.team_id, facts: row.facts })),
      ),
  };
}
