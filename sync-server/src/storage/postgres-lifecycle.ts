import type {
  ErasureRecord,
  LifecycleMethods,
  NewErasure,
  RelayStore,
  StoredContribution,
} from './contract.ts';
import { StoreError } from './errors.ts';
import { notifyLog, type PgContext, type PgQueries } from './postgres.ts';
import { lockTeamLog, nextSeq, requireDocOf } from './postgres-log.ts';
import {
  text,
  toErasure,
  toHold,
  toRequest,
  type ErasureRow,
  type HoldRow,
  type RequestRow,
} from './sqlite-lifecycle.ts';

/**
 * The PostgreSQL engine's part of the data lifecycle (docs/architecture.md#data-lifecycle). An erasure takes
 * its team's lock like an append, so it gets the next number in commit order. Unlike SQLite, PostgreSQL keeps
 * the bytes of deleted rows in the table's pages until VACUUM reuses them, and in its write-ahead log and
 * archives until they are recycled: the operator's vacuum and WAL settings decide how long (README).
 */
export function pgLifecycleOn({ run, write, channel }: PgContext): Pick<RelayStore, LifecycleMethods> {
  const erasure = async (db: PgQueries, docId: string) => {
    const row = await db.one<ErasureRow>('SELECT * FROM erasures WHERE doc_id = $1', [docId]);
    return row && toErasure(row);
  };

  return {
    eraseDoc: (input: NewErasure) =>
      write(`erase doc ${input.docId}`, async (db): Promise<ErasureRecord> => {
        if (!Number.isSafeInteger(input.erasedAt)) {
          throw new StoreError('invalid-input', 'erasedAt must be a time in ms');
        }
        await requireDocOf(db, input.docId, input.teamId);
        if ((await lockTeamLog(db, input.teamId)) === undefined) {
          throw new StoreError('not-found', `team ${input.teamId} does not exist`);
        }
        // Again under the lock: an erasure of the same doc by another instance may have committed meanwhile.
        await requireDocOf(db, input.docId, input.teamId);
        if (await db.one('SELECT 1 FROM legal_holds WHERE doc_id = $1', [input.docId])) {
          throw new StoreError('on-hold', `doc ${input.docId} is under a Löschsperre and is not erased`);
        }
        await db.change('DELETE FROM push_refs WHERE doc_id = $1', [input.docId]);
        await db.change('DELETE FROM updates WHERE doc_id = $1', [input.docId]);
        await db.change('DELETE FROM case_facts WHERE doc_id = $1', [input.docId]);
        await db.change('DELETE FROM legal_holds WHERE doc_id = $1', [input.docId]);
        await db.change('DELETE FROM erasure_requests WHERE doc_id = $1', [input.docId]);
        await db.change('DELETE FROM docs WHERE id = $1', [input.docId]);
        if (input.contribution !== null) {
          await db.change('INSERT INTO case_contributions (team_id, facts) VALUES ($1, $2)', [
            input.teamId,
            input.contribution,
          ]);
        }
        const seq = await nextSeq(db, input.teamId);
        const record: ErasureRecord = {
          docId: input.docId,
          teamId: input.teamId,
          seq,
          erasedAt: input.erasedAt,
          reason: input.reason,
          rule: input.rule,
          requestedBy: input.requestedBy,
          confirmedBy: input.confirmedBy,
        };
        await db.change(
          `INSERT INTO erasures (doc_id, team_id, seq, erased_at, reason, rule, requested_by, confirmed_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [
            record.docId,
            record.teamId,
            seq,
            record.erasedAt,
            record.reason,
            record.rule,
            record.requestedBy,
            record.confirmedBy,
          ],
        );
        await notifyLog(db, channel, record.teamId, seq);
        return record;
      }),

    erasureOf: (docId) => run(`read erasure of doc ${docId}`, (db) => erasure(db, docId)),

    erasuresSince: (teamId, afterSeq, limit) =>
      run(`read erasures of team ${teamId}`, async (db) => {
        if (!Number.isSafeInteger(afterSeq) || afterSeq < 0 || !Number.isSafeInteger(limit) || limit < 1) {
          throw new StoreError('invalid-input', 'afterSeq must be a whole number >= 0 and limit one >= 1');
        }
        const rows = await db.rows<ErasureRow>(
          'SELECT * FROM erasures WHERE team_id = $1 AND seq > $2 ORDER BY seq LIMIT $3',
          [teamId, afterSeq, limit],
        );
        return rows.map(toErasure);
      }),

    setHold: (hold) =>
      write(`set Löschsperre on doc ${hold.docId}`, async (db) => {
        const teamId = await requireDocOf(db, hold.docId, hold.teamId);
        await db.change(
          `INSERT INTO legal_holds (doc_id, team_id, reason, set_by, set_at) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (doc_id) DO UPDATE SET reason = excluded.reason, set_by = excluded.set_by,
             set_at = excluded.set_at`,
          [hold.docId, teamId, text(hold.reason, 'a reason', 500), hold.setBy, hold.setAt],
        );
      }),

    liftHold: (docId) =>
      run(
        `lift Löschsperre of doc ${docId}`,
        async (db) => (await db.change('DELETE FROM legal_holds WHERE doc_id = $1', [docId])) > 0,
      ),

    holdOf: (docId) =>
      run(`read Löschsperre of doc ${docId}`, async (db) => {
        const row = await db.one<HoldRow>('SELECT * FROM legal_holds WHERE doc_id = $1', [docId]);
        return row && toHold(row);
      }),

    holdsOfTeams: (teamIds) =>
      run('read Löschsperren of teams', async (db) =>
        (
          await db.rows<HoldRow>(
            'SELECT * FROM legal_holds WHERE team_id = ANY ($1::text[]) ORDER BY doc_id',
            [teamIds],
          )
        ).map(toHold),
      ),

    requestErasure: (request) =>
      write(`request erasure of doc ${request.docId}`, async (db) => {
        const teamId = await requireDocOf(db, request.docId, request.teamId);
        await db.change(
          `INSERT INTO erasure_requests (doc_id, team_id, reason, requested_by, requested_at)
           VALUES ($1, $2, $3, $4, $5)`,
          [
            request.docId,
            teamId,
            text(request.reason, 'a reason', 500),
            request.requestedBy,
            request.requestedAt,
          ],
        );
      }),

    erasureRequestOf: (docId) =>
      run(`read erasure request of doc ${docId}`, async (db) => {
        const row = await db.one<RequestRow>('SELECT * FROM erasure_requests WHERE doc_id = $1', [docId]);
        return row && toRequest(row);
      }),

    dropErasureRequest: (docId) =>
      run(
        `drop erasure request of doc ${docId}`,
        async (db) => (await db.change('DELETE FROM erasure_requests WHERE doc_id = $1', [docId])) > 0,
      ),

    erasureRequestsOfTeams: (teamIds) =>
      run('read erasure requests of teams', async (db) =>
        (
          await db.rows<RequestRow>(
            `SELECT * FROM erasure_requests WHERE team_id = ANY ($1::text[]) ORDER BY requested_at, doc_id`,
            [teamIds],
          )
        ).map(toRequest),
      ),

    contributionsOfTeams: (teamIds) =>
      run('read contributions of teams', async (db): Promise<StoredContribution[]> =>
        (
          await db.rows<{ id: number; team_id: string; facts: string }>(
            'SELECT id, team_id, facts FROM case_contributions WHERE team_id = ANY ($1::text[]) ORDER BY id',
            [teamIds],
          )
        ).map((row) => ({ id: row.id, teamId: row.team_id, facts: row.facts })),
      ),
  };
}
