import * as Y from 'yjs';
import type { FactsMethods, FactsVersion, RelayStore, StaleFacts, StoredFacts } from './contract.ts';
import { StoreError } from './errors.ts';
import type { SqliteContext } from './sqlite.ts';
import { toBytes } from './sqlite-rows.ts';

/** How many ids one query binds (well under SQLite's limit on bound parameters). */
const IDS_PER_QUERY = 500;

export type FactsRow = { doc_id: string; team_id: string; source_seq: number; facts: string };
export const storedFacts = (row: FactsRow): StoredFacts => ({
  docId: row.doc_id,
  teamId: row.team_id,
  seq: row.source_seq,
  facts: row.facts,
});

/** The SQLite engine's facts projection (docs/architecture.md#reports). */
export function factsOn({ run, read, write, sql, now }: SqliteContext): Pick<RelayStore, FactsMethods> {
  const requireTeamOf = (docId: string): string => {
    const teamId = sql<[string], string>('SELECT team_id FROM docs WHERE id = ?').pluck().get(docId);
    if (teamId === undefined) throw new StoreError('not-found', `doc ${docId} is not registered`);
    return teamId;
  };

  /** Stores one doc's facts, inside the caller's write transaction. */
  const putOne = (docId: string, seq: number, facts: string | null): void => {
    if (!Number.isSafeInteger(seq) || seq < 0) {
      throw new StoreError('invalid-input', 'seq must be a whole number >= 0');
    }
    // A doc erased since its facts were computed (a projection round in flight) leaves no facts behind;
    // the rest of the batch is stored.
    if (sql('SELECT 1 FROM erasures WHERE doc_id = ?').pluck().get(docId) !== undefined) return;
    const teamId = requireTeamOf(docId);
    sql(
      `INSERT INTO case_facts (doc_id, team_id, source_seq, facts, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (doc_id) DO UPDATE SET source_seq = excluded.source_seq, facts = excluded.facts,
         updated_at = excluded.updated_at
       WHERE excluded.source_seq >= case_facts.source_seq`,
    ).run(docId, teamId, seq, facts, now());
  };

  return {
    staleFacts: (limit) =>
      read('list stale facts', (): StaleFacts[] => {
        if (!Number.isSafeInteger(limit) || limit < 1) {
          throw new StoreError('invalid-input', 'limit must be a whole number >= 1');
        }
        // updates_by_doc (doc_id, seq) answers each max() with one index probe.
        return sql<[number], { doc_id: string; team_id: string }>(
          `SELECT d.id AS doc_id, d.team_id AS team_id FROM docs d
           LEFT JOIN case_facts f ON f.doc_id = d.id
           WHERE (SELECT max(u.seq) FROM updates u WHERE u.doc_id = d.id) > coalesce(f.source_seq, 0)
           ORDER BY d.id LIMIT ?`,
        )
          .all(limit)
          .map((row) => ({ docId: row.doc_id, teamId: row.team_id }));
      }),

    docSnapshot: (docId) =>
      read(`read snapshot of doc ${docId}`, () => {
        requireTeamOf(docId);
        const rows = sql<[string], { seq: number; data: Buffer }>(
          'SELECT seq, data FROM updates WHERE doc_id = ? ORDER BY seq',
        ).all(docId);
        const updates = rows.map((row) => toBytes(row.data));
        const [only] = updates;
        const state = updates.length === 1 && only ? only : Y.mergeUpdates(updates);
        return { state, seq: rows.at(-1)?.seq ?? 0 };
      }),

    putFacts: (docId, seq, facts) => write(`store facts of doc ${docId}`, () => putOne(docId, seq, facts)),

    putManyFacts: (entries) =>
      write(`store facts of ${entries.length} docs`, () => {
        for (const { docId, seq, facts } of entries) putOne(docId, seq, facts);
      }),

    factsOfTeams: (teamIds) =>
      run('read facts of teams', (): StoredFacts[] => {
        if (teamIds.length === 0) return [];
        const marks = teamIds.map(() => '?').join(', ');
        return sql<string[], FactsRow>(
          `SELECT doc_id, team_id, source_seq, facts FROM case_facts
           WHERE facts IS NOT NULL AND team_id IN (${marks}) ORDER BY doc_id`,
        )
          .all(...teamIds)
          .map(storedFacts);
      }),

    factsVersionsOfTeams: (teamIds) =>
      run('read versions of facts of teams', (): FactsVersion[] => {
        if (teamIds.length === 0) return [];
        const marks = teamIds.map(() => '?').join(', ');
        return sql<string[], { doc_id: string; team_id: string; source_seq: number }>(
          `SELECT doc_id, team_id, source_seq FROM case_facts
           WHERE facts IS NOT NULL AND team_id IN (${marks}) ORDER BY doc_id`,
        )
          .all(...teamIds)
          .map((row) => ({ docId: row.doc_id, teamId: row.team_id, seq: row.source_seq }));
      }),

    factsOfDocs: (docIds) =>
      run('read facts of docs', (): StoredFacts[] => {
        const found: StoredFacts[] = [];
        for (let from = 0; from < docIds.length; from += IDS_PER_QUERY) {
          const ids = docIds.slice(from, from + IDS_PER_QUERY);
          const marks = ids.map(() => '?').join(', ');
          const rows = sql<string[], FactsRow>(
            `SELECT doc_id, team_id, source_seq, facts FROM case_facts
             WHERE facts IS NOT NULL AND doc_id IN (${marks})`,
          ).all(...ids);
          for (const row of rows) found.push(storedFacts(row));
        }
        return found.sort((a, b) => (a.docId < b.docId ? -1 : a.docId > b.docId ? 1 : 0));
      }),

    clearFacts: () => write('clear facts', () => sql('DELETE FROM case_facts').run().changes),
  };
}
