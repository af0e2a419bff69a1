import * as Y from 'yjs';
import type { FactsMethods, FactsVersion, RelayStore, StaleFacts } from './contract.ts';
import { StoreError } from './errors.ts';
import type { PgContext, PgQueries } from './postgres.ts';
import { storedFacts, type FactsRow } from './sqlite-facts.ts';
import { toBytes } from './sqlite-rows.ts';

/** The PostgreSQL engine's facts projection (docs/architecture.md#reports). Ids travel as one array. */
export function pgFactsOn({ run, write, now }: PgContext): Pick<RelayStore, FactsMethods> {
  /** Stores one doc's facts, inside the caller's transaction. */
  const putOne = async (db: PgQueries, docId: string, seq: number, facts: string | null): Promise<void> => {
    if (!Number.isSafeInteger(seq) || seq < 0) {
      throw new StoreError('invalid-input', 'seq must be a whole number >= 0');
    }
    const row = await db.one<{ team_id: string | null; erased: boolean }>(
      `SELECT (SELECT team_id FROM docs WHERE id = $1) AS team_id,
              EXISTS (SELECT 1 FROM erasures WHERE doc_id = $1) AS erased`,
      [docId],
    );
    // A doc erased since its facts were computed leaves no facts behind; the rest of the batch is stored.
    if (row?.erased) return;
    const teamId = row?.team_id;
    if (teamId == null) throw new StoreError('not-found', `doc ${docId} is not registered`);
    await db.change(
      `INSERT INTO case_facts (doc_id, team_id, source_seq, facts, updated_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (doc_id) DO UPDATE SET source_seq = excluded.source_seq, facts = excluded.facts,
         updated_at = excluded.updated_at
       WHERE excluded.source_seq >= case_facts.source_seq`,
      [docId, teamId, seq, facts, now()],
    );
  };

  return {
    staleFacts: (limit) =>
      run('list stale facts', async (db): Promise<StaleFacts[]> => {
        if (!Number.isSafeInteger(limit) || limit < 1) {
          throw new StoreError('invalid-input', 'limit must be a whole number >= 1');
        }
        const rows = await db.rows<{ doc_id: string; team_id: string }>(
          `SELECT d.id AS doc_id, d.team_id AS team_id FROM docs d
           LEFT JOIN case_facts f ON f.doc_id = d.id
           WHERE (SELECT max(u.seq) FROM updates u WHERE u.doc_id = d.id) > coalesce(f.source_seq, 0)
           ORDER BY d.id LIMIT $1`,
          [limit],
        );
        return rows.map((row) => ({ docId: row.doc_id, teamId: row.team_id }));
      }),

    docSnapshot: (docId) =>
      run(`read snapshot of doc ${docId}`, async (db) => {
        // One statement, so one snapshot: the state and the seq it holds cannot disagree.
        const rows = await db.rows<{ seq: number | null; data: Buffer | null }>(
          `SELECT u.seq, u.data FROM docs d LEFT JOIN updates u ON u.doc_id = d.id
           WHERE d.id = $1 ORDER BY u.seq`,
          [docId],
        );
        if (rows.length === 0) throw new StoreError('not-found', `doc ${docId} is not registered`);
        const updates = rows.flatMap((row) => (row.data === null ? [] : [toBytes(row.data)]));
        const [only] = updates;
        const state = updates.length === 1 && only ? only : Y.mergeUpdates(updates);
        return { state, seq: rows.at(-1)?.seq ?? 0 };
      }),

    putFacts: (docId, seq, facts) =>
      write(`store facts of doc ${docId}`, (db) => putOne(db, docId, seq, facts)),

    putManyFacts: (entries) =>
      write(`store facts of ${entries.length} docs`, async (db) => {
        for (const { docId, seq, facts } of entries) await putOne(db, docId, seq, facts);
      }),

    factsOfTeams: (teamIds) =>
      run('read facts of teams', async (db) =>
        (
          await db.rows<FactsRow>(
            `SELECT doc_id, team_id, source_seq, facts FROM case_facts
             WHERE facts IS NOT NULL AND team_id = ANY ($1::text[]) ORDER BY doc_id`,
            [teamIds],
          )
        ).map(storedFacts),
      ),

    factsVersionsOfTeams: (teamIds) =>
      run('read versions of facts of teams', async (db): Promise<FactsVersion[]> =>
        (
          await db.rows<{ doc_id: string; team_id: string; source_seq: number }>(
            `SELECT doc_id, team_id, source_seq FROM case_facts
             WHERE facts IS NOT NULL AND team_id = ANY ($1::text[]) ORDER BY doc_id`,
            [teamIds],
          )
        ).map((row) => ({ docId: row.doc_id, teamId: row.team_id, seq: row.source_seq })),
      ),

    factsOfDocs: (docIds) =>
      run('read facts of docs', async (db) =>
        (
          await db.rows<FactsRow>(
            `SELECT doc_id, team_id, source_seq, facts FROM case_facts
             WHERE facts IS NOT NULL AND doc_id = ANY ($1::text[]) ORDER BY doc_id`,
            [docIds],
          )
        ).map(storedFacts),
      ),

    clearFacts: () => run('clear facts', (db) => db.change('DELETE FROM case_facts')),
  };
}
