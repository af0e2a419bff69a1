import { createHash, randomUUID } from 'node:crypto';
import * as Y from 'yjs';
import type {
  AppendResult,
  BatchAppendResult,
  CompactionResult,
  LogEpoch,
  LogMethods,
  NewUpdate,
  RelayStore,
  UpdateBatch,
} from './contract.ts';
import { StoreError } from './errors.ts';
import type { SqliteContext } from './sqlite.ts';
import { toBytes } from './sqlite-rows.ts';

/** The SQLite engine's doc registry and per-team update log. */
export function logOn({ run, read, write, sql, now }: SqliteContext): Pick<RelayStore, LogMethods> {
  const teamOfDoc = (docId: string): string | undefined =>
    sql<[string], string>('SELECT team_id FROM docs WHERE id = ?').pluck().get(docId);

  const refuseErased = (docId: string): void => {
    const erased = sql<[string], number>('SELECT seq FROM erasures WHERE doc_id = ?').pluck().get(docId);
    if (erased !== undefined) throw new StoreError('doc-erased', `doc ${docId} was erased`);
  };

  const requireDocOf = (docId: string, teamId?: string): string => {
    const owner = teamOfDoc(docId);
    if (owner === undefined) refuseErased(docId);
    if (owner === undefined) throw new StoreError('not-found', `doc ${docId} is not registered`);
    if (teamId !== undefined && owner !== teamId) {
      throw new StoreError('doc-in-other-team', `doc ${docId} belongs to team ${owner}, not ${teamId}`);
    }
    return owner;
  };

  const teamLog = (teamId: string): { last_seq: number; horizon: number } => {
    const log = sql<[string], { last_seq: number; horizon: number }>(
      'SELECT last_seq, horizon FROM team_logs WHERE team_id = ?',
    ).get(teamId);
    if (log === undefined) throw new StoreError('not-found', `team ${teamId} does not exist`);
    return log;
  };

  const updatesOfDoc = (docId: string): { seq: number; data: Uint8Array }[] =>
    sql<[string], { seq: number; data: Buffer }>(
      'SELECT seq, data FROM updates WHERE doc_id = ? ORDER BY seq',
    )
      .all(docId)
      .map((row) => ({ seq: row.seq, data: toBytes(row.data) }));

  /**
   * One append inside the caller's write transaction. Every refusal comes before the first write, so a
   * refused update of a batch leaves the transaction as it found it.
   */
  const appendOne = ({ teamId, docId, update, userId, deviceId, ref }: NewUpdate): AppendResult => {
    if (!(update instanceof Uint8Array) || update.byteLength === 0) {
      throw new StoreError('invalid-input', 'an update must be a non-empty Uint8Array');
    }
    if (ref !== undefined && (!Number.isSafeInteger(ref) || ref < 0 || deviceId === null)) {
      throw new StoreError('invalid-input', 'a push ref must be a whole number >= 0, from a device');
    }
    requireDocOf(docId, teamId);
    const digest = ref === undefined ? undefined : pushDigest(teamId, docId, update);
    if (ref !== undefined && digest !== undefined && deviceId !== null) {
      // The write lock is held from the start of this transaction, so no other append of the same push
      // can slip in between this lookup and the insert below.
      const known = sql<[string, number], { seq: number; digest: Buffer }>(
        'SELECT seq, digest FROM push_refs WHERE device_id = ? AND ref = ?',
      ).get(deviceId, ref);
      if (known !== undefined && Buffer.compare(known.digest, digest) === 0) {
        return { seq: known.seq, repeated: true };
      }
    }
    // Bumping the counter and storing the row share this transaction and its write lock, so a number
    // is never handed out twice, never skipped, and never handed out for an update that was not stored.
    const seq = sql<[string], number>(
      'UPDATE team_logs SET last_seq = last_seq + 1 WHERE team_id = ? RETURNING last_seq',
    )
      .pluck()
      .get(teamId);
    if (seq === undefined) throw new StoreError('not-found', `team ${teamId} does not exist`);
    sql(
      `INSERT INTO updates (team_id, seq, doc_id, data, user_id, device_id, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(teamId, seq, docId, update, userId, deviceId, now());
    if (ref !== undefined && digest !== undefined && deviceId !== null) {
      sql(
        `INSERT INTO push_refs (device_id, ref, team_id, seq, digest, created_at, doc_id)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (device_id, ref) DO UPDATE SET team_id = excluded.team_id, seq = excluded.seq,
           digest = excluded.digest, created_at = excluded.created_at, doc_id = excluded.doc_id`,
      ).run(deviceId, ref, teamId, seq, digest, now(), docId);
    }
    return { seq, repeated: false };
  };

  return {
    registerDoc: (docId, teamId) =>
      write(`register doc ${docId} in team ${teamId}`, () => {
        refuseErased(docId);
        const owner = teamOfDoc(docId);
        if (owner === teamId) return;
        if (owner !== undefined) {
          throw new StoreError('doc-in-other-team', `doc ${docId} belongs to team ${owner}, not ${teamId}`);
        }
        sql('INSERT INTO docs (id, team_id, created_at) VALUES (?, ?, ?)').run(docId, teamId, now());
      }),

    teamOfDoc: (docId) => run(`find team of doc ${docId}`, () => teamOfDoc(docId)),

    docsOfTeam: (teamId) =>
      run(`list docs of team ${teamId}`, () =>
        sql<[string], string>('SELECT id FROM docs WHERE team_id = ? ORDER BY id').pluck().all(teamId),
      ),

    appendUpdate: (update: NewUpdate) =>
      write(`append update to doc ${update.docId}`, () => appendOne(update)),

    appendUpdates: (updates) =>
      write(`append ${updates.length} updates`, (): BatchAppendResult[] =>
        updates.map((update) => {
          try {
            return appendOne(update);
          } catch (error) {
            if (error instanceof StoreError) return { refused: error };
            throw error;
          }
        }),
      ),

    updatesSince: (teamId, afterSeq, limit): Promise<UpdateBatch> =>
      read(`read log of team ${teamId}`, () => {
        if (!Number.isSafeInteger(afterSeq) || afterSeq < 0 || !Number.isSafeInteger(limit) || limit < 1) {
          throw new StoreError('invalid-input', 'afterSeq must be a whole number >= 0 and limit one >= 1');
        }
        teamLog(teamId);
        // One row more than asked tells whether another batch follows, without a second query.
        const rows = sql<[string, number, number], { seq: number; doc_id: string; data: Buffer }>(
          'SELECT seq, doc_id, data FROM updates WHERE team_id = ? AND seq > ? ORDER BY seq LIMIT ?',
        ).all(teamId, afterSeq, limit + 1);
        return {
          updates: rows
            .slice(0, limit)
            .map((row) => ({ seq: row.seq, docId: row.doc_id, update: toBytes(row.data) })),
          more: rows.length > limit,
        };
      }),

    docState: (docId) =>
      read(`read state of doc ${docId}`, () => {
        requireDocOf(docId);
        const updates = updatesOfDoc(docId).map((row) => row.data);
        const [only] = updates;
        // A compacted doc is usually one row: hand it out as stored instead of re-encoding it.
        return updates.length === 1 && only ? only : Y.mergeUpdates(updates);
      }),

    latestSeq: (teamId) => run(`read latest seq of team ${teamId}`, () => teamLog(teamId).last_seq),

    horizon: (teamId) => run(`read horizon of team ${teamId}`, () => teamLog(teamId).horizon),

    startLogEpochs: () =>
      write('start new log epochs', () => {
        const teams = sql<[], { team_id: string; last_seq: number; number: number | null }>(
          `SELECT team_id, last_seq, (SELECT max(number) FROM log_epochs e WHERE e.team_id = l.team_id) AS number
           FROM team_logs l`,
        ).all();
        const insert = sql(
          'INSERT INTO log_epochs (team_id, number, epoch, first_seq, started_at) VALUES (?, ?, ?, ?, ?)',
        );
        const at = now();
        for (const team of teams)
          insert.run(team.team_id, (team.number ?? 0) + 1, newEpochId(), team.last_seq + 1, at);
      }),

    logEpochs: (teamId, limit): Promise<LogEpoch[]> =>
      run(`read log epochs of team ${teamId}`, () => {
        if (!Number.isSafeInteger(limit) || limit < 1) {
          throw new StoreError('invalid-input', 'limit must be a whole number >= 1');
        }
        return sql<[string, number], { epoch: string; first_seq: number }>(
          'SELECT epoch, first_seq FROM log_epochs WHERE team_id = ? ORDER BY number DESC LIMIT ?',
        )
          .all(teamId, limit)
          .map((row) => ({ id: row.epoch, firstSeq: row.first_seq }));
      }),

    compactDoc: (docId, options = {}): Promise<CompactionResult> =>
      write(`compact doc ${docId}`, () => {
        const keepNewest = options.keepNewest ?? 0;
        if (!Number.isSafeInteger(keepNewest) || keepNewest < 0) {
          throw new StoreError('invalid-input', 'keepNewest must be a whole number >= 0');
        }
        const teamId = requireDocOf(docId);
        const rows = updatesOfDoc(docId);
        const folded = rows.slice(0, Math.max(0, rows.length - keepNewest));
        const top = folded.at(-1);
        if (folded.length < 2 || top === undefined) return { merged: 0, horizon: teamLog(teamId).horizon };
        // The merge takes the place of the newest row it contains, so that no cursor can pass it unseen:
        // a cursor below it receives the whole merge, of which Yjs ignores the parts it already has.
        const merged = Y.mergeUpdates(folded.map((row) => row.data));
        sql('DELETE FROM updates WHERE doc_id = ? AND seq < ?').run(docId, top.seq);
        sql(
          'UPDATE updates SET data = ?, user_id = NULL, device_id = NULL WHERE team_id = ? AND seq = ?',
        ).run(merged, teamId, top.seq);
        const horizon = sql<[number, string], number>(
          'UPDATE team_logs SET horizon = max(horizon, ?) WHERE team_id = ? RETURNING horizon',
        )
          .pluck()
          .get(top.seq, teamId);
        return { merged: folded.length, horizon: horizon ?? top.seq };
      }),
  };
}

/** What identifies a push's content: its team, doc and bytes (ids cannot contain NUL). */
export function pushDigest(teamId: string, docId: string, update: Uint8Array): Buffer {
  return createHash('sha256').update(teamId).update('\0').update(docId).update('\0').update(update).digest();
}

/** A fresh log epoch id: random, so that no two logs (or two starts of one) share one. */
export function newEpochId(): string {
  return randomUUID().replaceAll('-', '');
}
