import * as Y from 'yjs';
import type { RelayStore, StaleFacts, StoredFacts } from './contract.ts';
import { StoreError } from './errors.ts';
import type { SqliteContext } from './sqlite.ts';
import { toBytes } from './sqlite-rows.ts';

type FactsMethods = 'staleFacts' | 'docSnapshot' | 'putFacts' | 'factsOfTeams' | 'clearFacts';

/** The SQLite engine's facts projection (docs/architecture.md#reports). */
export function factsOn({ run, read, write, sql, now }: SqliteContext): Pick<RelayStore, FactsMethods> {
  const requireTeamOf = (docId: string): string => {
    const teamId = sql<[string], string>('SELECT team_id FROM docs WHERE id = ?').pluck().get(docId);
    if (teamId === undefined) throw new StoreError('not-found', `doc ${docId} is not registered`);
    return teamId;
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

    putFacts: (docId, seq, facts) =>
      write(`store facts of doc ${docId}`, () => {
        if (!Number.isSafeInteger(seq) || seq < 0) {
          throw new StoreError('invalid-input', 'seq must be a whole number >= 0');
        }
        const teamId = requireTeamOf(docId);
        sql(
          `INSERT INTO case_facts (doc_id, team_id, source_seq, facts, updated_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (doc_id) DO UPDATE SET source_seq = excluded.source_seq, facts = excluded.facts,
             updated_at = excluded.updated_at
           WHERE excluded.source_seq >= case_facts.source_seq`,
        ).run(docId, teamId, seq, facts, now());
      }),

    factsOfTeams: (teamIds) =>
      run('read facts of teams', (): StoredFacts[] => {
        if (teamIds.length === 0) return [];
        const marks = teamIds.map(() => '?').join(', ');
        return sql<string[], { doc_id: string; team_id: string; facts: string }>(
          `SELECT doc_id, team_id, facts FROM case_facts
           WHERE facts IS NOT NULL AND team_id IN (${marks}) ORDER BY doc_id`,
        )
          .all(...teamIds)
          .map((row) => ({ docId: row.doc_id, teamId: row.team_id, facts: row.facts }));
      }),

    clearFacts: () => write('clear facts', () => sql('DELETE FROM case_facts').run().changes),
  };
}
