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
import { notifyLog, type PgContext, type PgQueries } from './postgres.ts';
import { newEpochId, pushDigest } from './sqlite-log.ts';
import { toBytes } from './sqlite-rows.ts';

/** The team owning a doc, or a `doc-erased` / `not-found` refusal; `doc-in-other-team` when not `teamId`. */
export async function requireDocOf(db: PgQueries, docId: string, teamId?: string): Promise<string> {
  const row = await db.one<{ team_id: string | null; erased: boolean }>(
    `SELECT (SELECT team_id FROM docs WHERE id = $1) AS team_id,
            EXISTS (SELECT 1 FROM erasures WHERE doc_id = $1) AS erased`,
    [docId],
  );
  const owner = row?.team_id ?? undefined;
  if (owner === undefined && row?.erased) throw new StoreError('doc-erased', `doc ${docId} was erased`);
  if (owner === undefined) throw new StoreError('not-found', `doc ${docId} is not registered`);
  if (teamId !== undefined && owner !== teamId) {
    throw new StoreError('doc-in-other-team', `doc ${docId} belongs to team ${owner}, not ${teamId}`);
  }
  return owner;
}

/**
 * Locks the team's counter row for the rest of the transaction and answers it. Every append, erasure,
 * compaction and epoch start of a team takes this lock first, so they run one after the other per team,
 * across connections and relay instances, and commit in the order of the numbers they took.
 */
export async function lockTeamLog(
  db: PgQueries,
  teamId: string,
): Promise<{ last_seq: number; horizon: number } | undefined> {
  return db.one('SELECT last_seq, horizon FROM team_logs WHERE team_id = $1 FOR UPDATE', [teamId]);
}

/** Hands out the team's next number; the caller holds the team's lock (`lockTeamLog`). */
export async function nextSeq(db: PgQueries, teamId: string): Promise<number> {
  const row = await db.one<{ last_seq: number }>(
    'UPDATE team_logs SET last_seq = last_seq + 1 WHERE team_id = $1 RETURNING last_seq',
    [teamId],
  );
  if (row === undefined) throw new StoreError('not-found', `team ${teamId} does not exist`);
  return row.last_seq;
}

const pushKey = (deviceId: string, ref: number) => `${deviceId}\0${ref}`;

/** Why `appendUpdate` would refuse this update of a batch, from its doc as read in the batch's transaction. */
function appendRefusal(
  { teamId, docId, update, deviceId, ref }: NewUpdate,
  doc: { team_id: string | null; erased: boolean } | undefined,
  teamExists: boolean,
): StoreError | undefined {
  if (!(update instanceof Uint8Array) || update.byteLength === 0) {
    return new StoreError('invalid-input', 'an update must be a non-empty Uint8Array');
  }
  if (ref !== undefined && (!Number.isSafeInteger(ref) || ref < 0 || deviceId === null)) {
    return new StoreError('invalid-input', 'a push ref must be a whole number >= 0, from a device');
  }
  const owner = doc?.team_id ?? undefined;
  if (owner === undefined && doc?.erased) return new StoreError('doc-erased', `doc ${docId} was erased`);
  if (owner === undefined) return new StoreError('not-found', `doc ${docId} is not registered`);
  if (owner !== teamId) {
    return new StoreError('doc-in-other-team', `doc ${docId} belongs to team ${owner}, not ${teamId}`);
  }
  if (!teamExists) return new StoreError('not-found', `team ${teamId} does not exist`);
  return undefined;
}

const mergeAll = (updates: Uint8Array[]): Uint8Array => {
  const [only] = updates;
  // A compacted doc is usually one row: hand it out as stored instead of re-encoding it.
  return updates.length === 1 && only ? only : Y.mergeUpdates(updates);
};

/** The PostgreSQL engine's doc registry and per-team update log. */
export function pgLogOn({ run, read, write, now, channel }: PgContext): Pick<RelayStore, LogMethods> {
  const teamLog = async (db: PgQueries, teamId: string) => {
    const log = await db.one<{ last_seq: number; horizon: number }>(
      'SELECT last_seq, horizon FROM team_logs WHERE team_id = $1',
      [teamId],
    );
    if (log === undefined) throw new StoreError('not-found', `team ${teamId} does not exist`);
    return log;
  };

  /** The doc's rows in one statement (one snapshot), or the refusal for an unknown or erased doc. */
  const docRows = async (db: PgQueries, docId: string) => {
    const rows = await db.rows<{ team_id: string; seq: number | null; data: Buffer | null }>(
      `SELECT d.team_id, u.seq, u.data FROM docs d LEFT JOIN updates u ON u.doc_id = d.id
       WHERE d.id = $1 ORDER BY u.seq`,
      [docId],
    );
    if (rows.length === 0) await requireDocOf(db, docId);
    return rows.flatMap((row) =>
      row.seq === null || row.data === null ? [] : [{ seq: row.seq, data: toBytes(row.data) }],
    );
  };

  return {
    registerDoc: (docId, teamId) =>
      write(`register doc ${docId} in team ${teamId}`, async (db) => {
        if (await db.one('SELECT 1 FROM erasures WHERE doc_id = $1', [docId])) {
          throw new StoreError('doc-erased', `doc ${docId} was erased`);
        }
        // ON CONFLICT: a registration of the same doc by another instance at the same moment wins or loses
        // here without an error, and the owner is read back either way.
        await db.change(
          'INSERT INTO docs (id, team_id, created_at) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING',
          [docId, teamId, now()],
        );
        await requireDocOf(db, docId, teamId);
      }),

    teamOfDoc: (docId) =>
      run(
        `find team of doc ${docId}`,
        async (db) =>
          (await db.one<{ team_id: string }>('SELECT team_id FROM docs WHERE id = $1', [docId]))?.team_id,
      ),

    docsOfTeam: (teamId) =>
      run(`list docs of team ${teamId}`, async (db) =>
        (await db.rows<{ id: string }>('SELECT id FROM docs WHERE team_id = $1 ORDER BY id', [teamId])).map(
          (row) => row.id,
        ),
      ),

    appendUpdate: ({ teamId, docId, update, userId, deviceId, ref }: NewUpdate) =>
      write(`append update to doc ${docId}`, async (db): Promise<AppendResult> => {
        if (!(update instanceof Uint8Array) || update.byteLength === 0) {
          throw new StoreError('invalid-input', 'an update must be a non-empty Uint8Array');
        }
        if (ref !== undefined && (!Number.isSafeInteger(ref) || ref < 0 || deviceId === null)) {
          throw new StoreError('invalid-input', 'a push ref must be a whole number >= 0, from a device');
        }
        // The team's row lock first: from here on no other append, erasure or compaction of this team runs,
        // and every read below sees what those committed before (READ COMMITTED reads the latest commit).
        if ((await lockTeamLog(db, teamId)) === undefined) {
          await requireDocOf(db, docId, teamId);
          throw new StoreError('not-found', `team ${teamId} does not exist`);
        }
        await requireDocOf(db, docId, teamId);
        const digest = ref === undefined ? undefined : pushDigest(teamId, docId, update);
        if (ref !== undefined && digest !== undefined) {
          // A re-sent push to this team waits for the lock above, so it finds the first one's record here.
          const known = await db.one<{ seq: number; digest: Buffer }>(
            'SELECT seq, digest FROM push_refs WHERE device_id = $1 AND ref = $2',
            [deviceId, ref],
          );
          if (known !== undefined && Buffer.compare(known.digest, digest) === 0) {
            return { seq: known.seq, repeated: true };
          }
        }
        const seq = await nextSeq(db, teamId);
        await db.change(
          `INSERT INTO updates (team_id, seq, doc_id, data, user_id, device_id, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [teamId, seq, docId, update, userId, deviceId, now()],
        );
        if (ref !== undefined && digest !== undefined) {
          // The same ref may also arrive for another team's doc (a device whose database was recreated),
          // under another team's lock: the upsert then makes the record name whichever committed last.
          await db.change(
            `INSERT INTO push_refs (device_id, ref, team_id, seq, digest, created_at, doc_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (device_id, ref) DO UPDATE SET team_id = excluded.team_id, seq = excluded.seq,
               digest = excluded.digest, created_at = excluded.created_at, doc_id = excluded.doc_id`,
            [deviceId, ref, teamId, seq, digest, now(), docId],
          );
        }
        // Delivered with the commit to every instance listening (./postgres.ts, listenLog), in commit order.
        await notifyLog(db, channel, teamId, seq);
        return { seq, repeated: false };
      }),

    appendUpdates: (updates) =>
      write(`append ${updates.length} updates`, async (db): Promise<BatchAppendResult[]> => {
        if (updates.length === 0) return [];
        // Every team's counter is locked first, in one order, so that two batches never wait for each other
        // in a circle; from here on this transaction appends to these teams alone, as `appendUpdate` does.
        const teamIds = [...new Set(updates.map((update) => update.teamId))].sort();
        const locked = await db.rows<{ team_id: string; last_seq: number }>(
          'SELECT team_id, last_seq FROM team_logs WHERE team_id = ANY($1::text[]) ORDER BY team_id FOR UPDATE',
          [teamIds],
        );
        const lastSeq = new Map(locked.map((row) => [row.team_id, row.last_seq]));
        const docIds = [...new Set(updates.map((update) => update.docId))];
        const docs = await db.rows<{ id: string; team_id: string | null; erased: boolean }>(
          `SELECT q.id, d.team_id, EXISTS (SELECT 1 FROM erasures e WHERE e.doc_id = q.id) AS erased
           FROM unnest($1::text[]) AS q(id) LEFT JOIN docs d ON d.id = q.id`,
          [docIds],
        );
        const docOf = new Map(docs.map((row) => [row.id, row]));
        const pushes = updates.flatMap(({ deviceId, ref }) =>
          ref !== undefined && deviceId !== null && Number.isSafeInteger(ref) ? [{ deviceId, ref }] : [],
        );
        const recorded = await db.rows<{ device_id: string; ref: number; seq: number; digest: Buffer }>(
          `SELECT p.device_id, p.ref, p.seq, p.digest
           FROM push_refs p JOIN unnest($1::text[], $2::bigint[]) AS q(device_id, ref)
             ON p.device_id = q.device_id AND p.ref = q.ref`,
          [pushes.map((push) => push.deviceId), pushes.map((push) => push.ref)],
        );
        // The pushes as they stand after each update of the batch, so a push met twice in it is appended once.
        const known = new Map(recorded.map((row) => [pushKey(row.device_id, row.ref), row]));
        const at = now();
        const rows: {
          teamId: string;
          seq: number;
          docId: string;
          update: Uint8Array;
          userId: string | null;
          deviceId: string | null;
        }[] = [];
        const refs = new Map<
          string,
          { deviceId: string; ref: number; teamId: string; seq: number; digest: Buffer; docId: string }
        >();
        const results = updates.map((update): BatchAppendResult => {
          const { teamId, docId, deviceId, ref } = update;
          const refusal = appendRefusal(update, docOf.get(docId), lastSeq.has(teamId));
          if (refusal !== undefined) return { refused: refusal };
          const digest = ref === undefined ? undefined : pushDigest(teamId, docId, update.update);
          const key = ref === undefined || deviceId === null ? undefined : pushKey(deviceId, ref);
          const seen = key === undefined ? undefined : known.get(key);
          if (seen !== undefined && digest !== undefined && Buffer.compare(seen.digest, digest) === 0) {
            return { seq: seen.seq, repeated: true };
          }
          const seq = (lastSeq.get(teamId) ?? 0) + 1;
          lastSeq.set(teamId, seq);
          rows.push({ teamId, seq, docId, update: update.update, userId: update.userId, deviceId });
          if (key !== undefined && digest !== undefined && deviceId !== null && ref !== undefined) {
            known.set(key, { device_id: deviceId, ref, seq, digest });
            refs.set(key, { deviceId, ref, teamId, seq, digest, docId });
          }
          return { seq, repeated: false };
        });
        if (rows.length === 0) return results;
        const grown = [...new Set(rows.map((row) => row.teamId))];
        await db.change(
          `UPDATE team_logs SET last_seq = v.last_seq
           FROM unnest($1::text[], $2::bigint[]) AS v(team_id, last_seq) WHERE team_logs.team_id = v.team_id`,
          [grown, grown.map((teamId) => lastSeq.get(teamId))],
        );
        await db.change(
          `INSERT INTO updates (team_id, seq, doc_id, data, user_id, device_id, created_at)
           SELECT r.team_id, r.seq, r.doc_id, r.data, r.user_id, r.device_id, $7
           FROM unnest($1::text[], $2::bigint[], $3::text[], $4::bytea[], $5::text[], $6::text[])
             AS r(team_id, seq, doc_id, data, user_id, device_id)`,
          [
            rows.map((row) => row.teamId),
            rows.map((row) => row.seq),
            rows.map((row) => row.docId),
            rows.map((row) => row.update),
            rows.map((row) => row.userId),
            rows.map((row) => row.deviceId),
            at,
          ],
        );
        if (refs.size > 0) {
          // One row per push (the last append of a reused ref), since one statement may not upsert a row twice.
          const records = [...refs.values()];
          await db.change(
            `INSERT INTO push_refs (device_id, ref, team_id, seq, digest, created_at, doc_id)
             SELECT r.device_id, r.ref, r.team_id, r.seq, r.digest, $6, r.doc_id
             FROM unnest($1::text[], $2::bigint[], $3::text[], $4::bigint[], $5::bytea[], $7::text[])
               AS r(device_id, ref, team_id, seq, digest, doc_id)
             ON CONFLICT (device_id, ref) DO UPDATE SET team_id = excluded.team_id, seq = excluded.seq,
               digest = excluded.digest, created_at = excluded.created_at, doc_id = excluded.doc_id`,
            [
              records.map((record) => record.deviceId),
              records.map((record) => record.ref),
              records.map((record) => record.teamId),
              records.map((record) => record.seq),
              records.map((record) => record.digest),
              at,
              records.map((record) => record.docId),
            ],
          );
        }
        // One notice per team that grew, naming its last new seq, delivered with the commit.
        for (const teamId of grown) await notifyLog(db, channel, teamId, lastSeq.get(teamId) ?? 0);
        return results;
      }),

    updatesSince: (teamId, afterSeq, limit): Promise<UpdateBatch> =>
      read(`read log of team ${teamId}`, async (db) => {
        if (!Number.isSafeInteger(afterSeq) || afterSeq < 0 || !Number.isSafeInteger(limit) || limit < 1) {
          throw new StoreError('invalid-input', 'afterSeq must be a whole number >= 0 and limit one >= 1');
        }
        await teamLog(db, teamId);
        // One row more than asked tells whether another batch follows, without a second query.
        const rows = await db.rows<{ seq: number; doc_id: string; data: Buffer }>(
          'SELECT seq, doc_id, data FROM updates WHERE team_id = $1 AND seq > $2 ORDER BY seq LIMIT $3',
          [teamId, afterSeq, limit + 1],
        );
        return {
          updates: rows
            .slice(0, limit)
            .map((row) => ({ seq: row.seq, docId: row.doc_id, update: toBytes(row.data) })),
          more: rows.length > limit,
        };
      }),

    docState: (docId) =>
      run(`read state of doc ${docId}`, async (db) =>
        mergeAll((await docRows(db, docId)).map((row) => row.data)),
      ),

    latestSeq: (teamId) =>
      run(`read latest seq of team ${teamId}`, async (db) => (await teamLog(db, teamId)).last_seq),

    horizon: (teamId) =>
      run(`read horizon of team ${teamId}`, async (db) => (await teamLog(db, teamId)).horizon),

    startLogEpochs: () =>
      write('start new log epochs', async (db) => {
        // Locks every team's counter, so no append slips between reading last_seq and the epoch's start.
        const teams = await db.rows<{ team_id: string; last_seq: number }>(
          'SELECT team_id, last_seq FROM team_logs ORDER BY team_id FOR UPDATE',
        );
        const at = now();
        for (const team of teams) {
          await db.change(
            `INSERT INTO log_epochs (team_id, number, epoch, first_seq, started_at)
             SELECT $1, coalesce(max(number), 0) + 1, $2, $3, $4 FROM log_epochs WHERE team_id = $1`,
            [team.team_id, newEpochId(), team.last_seq + 1, at],
          );
        }
      }),

    logEpochs: (teamId, limit): Promise<LogEpoch[]> =>
      run(`read log epochs of team ${teamId}`, async (db) => {
        if (!Number.isSafeInteger(limit) || limit < 1) {
          throw new StoreError('invalid-input', 'limit must be a whole number >= 1');
        }
        const rows = await db.rows<{ epoch: string; first_seq: number }>(
          'SELECT epoch, first_seq FROM log_epochs WHERE team_id = $1 ORDER BY number DESC LIMIT $2',
          [teamId, limit],
        );
        return rows.map((row) => ({ id: row.epoch, firstSeq: row.first_seq }));
      }),

    compactDoc: (docId, options = {}): Promise<CompactionResult> =>
      write(`compact doc ${docId}`, async (db) => {
        const keepNewest = options.keepNewest ?? 0;
        if (!Number.isSafeInteger(keepNewest) || keepNewest < 0) {
          throw new StoreError('invalid-input', 'keepNewest must be a whole number >= 0');
        }
        const teamId = await requireDocOf(db, docId);
        const log = await lockTeamLog(db, teamId);
        if (log === undefined) throw new StoreError('not-found', `team ${teamId} does not exist`);
        const rows = await docRows(db, docId);
        const folded = rows.slice(0, Math.max(0, rows.length - keepNewest));
        const top = folded.at(-1);
        if (folded.length < 2 || top === undefined) return { merged: 0, horizon: log.horizon };
        // The merge takes the place of the newest row it contains, so that no cursor can pass it unseen.
        const merged = Y.mergeUpdates(folded.map((row) => row.data));
        await db.change('DELETE FROM updates WHERE doc_id = $1 AND seq < $2', [docId, top.seq]);
        await db.change(
          'UPDATE updates SET data = $1, user_id = NULL, device_id = NULL WHERE team_id = $2 AND seq = $3',
          [merged, teamId, top.seq],
        );
        const raised = await db.one<{ horizon: number }>(
          'UPDATE team_logs SET horizon = greatest(horizon, $1) WHERE team_id = $2 RETURNING horizon',
          [top.seq, teamId],
        );
        return { merged: folded.length, horizon: raised?.horizon ?? top.seq };
      }),
  };
}
