import * as Y from 'yjs';
import { isValidId } from '../protocol/sync.ts';
import { isAlreadyStored, STORAGE_ORIGIN } from '../protocol/origin.ts';
import { KeyedQueue } from '../util/keyed-queue.ts';
import { docUpdateRecord, type Codec } from './codec.ts';
import type { LotseDatabase, OutboxRow, UpdateRow } from './db.ts';
import { DocErasedError, ErasureStore, type ErasedOnDevice, type Erasure } from './erasures.ts';
import { FieldEditLog, type FieldEdit, type PreparedEdits } from './field-edits.ts';
import { Quarantine } from './quarantine.ts';
import { describeIssues, UpdateRowSchema } from './records.ts';

/** A doc's stored updates are merged into one once there are more than this many. */
export const DEFAULT_COMPACT_AFTER = 100;

/**
 * When a doc is opened, its log is worth compacting (`compactionDue`) with more rows than this, or when its
 * rows hold this many times the bytes of the doc's encoded state (many small edits of the same text).
 */
export const COMPACT_ON_OPEN = { rows: 50, ratio: 4 } as const;

interface DecodedUpdate {
  seq: number;
  update: Uint8Array;
  row: unknown;
}

/**
 * Builds a doc from its updates. The fast path applies them all at once; only if Yjs rejects that does it
 * check each update on its own, so one bad record cannot leave the doc half-applied and costs nothing when
 * every record is fine (the usual case, and the one that decides how fast 1,000 docs load).
 */
function applyAll(updates: DecodedUpdate[]): {
  doc: Y.Doc;
  applied: DecodedUpdate[];
  rejected: (DecodedUpdate & { reason: string })[];
} {
  const doc = new Y.Doc();
  if (updates.length === 0) return { doc, applied: [], rejected: [] };
  try {
    const merged = updates.length === 1 ? updates[0]!.update : Y.mergeUpdates(updates.map((u) => u.update));
    Y.applyUpdate(doc, merged, STORAGE_ORIGIN);
    return { doc, applied: updates, rejected: [] };
  } catch {
    const { valid: applied, rejected } = splitValid(updates);
    const clean = new Y.Doc();
    if (applied.length > 0)
      Y.applyUpdate(clean, Y.mergeUpdates(applied.map((u) => u.update)), STORAGE_ORIGIN);
    return { doc: clean, applied, rejected };
  }
}

/** Splits updates into those Yjs can read and those it cannot, with its reason. */
function splitValid<T extends { update: Uint8Array }>(
  updates: T[],
): { valid: T[]; rejected: (T & { reason: string })[] } {
  const valid: T[] = [];
  const rejected: (T & { reason: string })[] = [];
  for (const entry of updates) {
    try {
      Y.decodeUpdate(entry.update);
      valid.push(entry);
    } catch (error) {
      rejected.push({ ...entry, reason: String(error) });
    }
  }
  return { valid, rejected };
}

/** The size of a doc's stored log, as it was loaded. */
export interface LogSize {
  /** Stored update rows applied. */
  rows: number;
  /** Their bytes, decoded. */
  bytes: number;
}

/** What a compaction did: how many rows it merged into one (0: nothing to do, or another tab did it). */
export interface CompactionResult {
  merged: number;
  /** Rows it left alone because they could not be read; the next load quarantines them with a reason. */
  unreadable: number;
}

/**
 * `bytes` in a buffer of its own. IndexedDB stores a typed array with its whole underlying buffer, so a
 * view into a larger one (an update decoded from a network frame) would store the whole frame.
 */
function ownBuffer(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
}

/** A doc already belongs to one team and was to be stored or assigned under another. */
export class DocTeamMismatchError extends Error {
  override name = 'DocTeamMismatchError';

  constructor(docId: string, current: string, requested: string) {
    super(`${docId} belongs to team ${current}; it cannot be stored under team ${requested}.`);
  }
}

/** What `DocStore.track` reports about the writes it makes. */
export interface TrackListener {
  queued?: () => void;
  stored?: (seq: number) => void;
  failed?: (error: unknown) => void;
}

export interface LoadedDoc {
  doc: Y.Doc;
  /** The highest update sequence number applied, 0 for a doc with no stored updates. */
  seq: number;
  /** How many stored records of this doc were corrupt and moved to quarantine. */
  quarantined: number;
  /** How long its stored log is (see `compactionDue`). */
  log: LogSize;
}

/**
 * Yjs docs kept as update logs in one Dexie table, instead of one IndexedDB database per doc. Every local
 * change is appended as it happens, so nothing typed is lost to a crash; a doc's log is compacted with
 * `Y.mergeUpdates` when it grows. A record that cannot be read is quarantined and the doc loads without it.
 */
export class DocStore {
  readonly #db: LotseDatabase;
  readonly #codec: Codec;
  readonly #quarantine: Quarantine;
  readonly #compactAfter: number;
  readonly #compactOnOpen: { rows: number; ratio: number };
  /** Appended-but-not-compacted counts per doc, to decide on compaction without counting rows each time. */
  readonly #pending = new Map<string, number>();
  /** Writes per doc, in order, so a compaction never runs halfway through an append of the same doc. */
  readonly #writes = new KeyedQueue<string>();
  /**
   * Known doc teams. Only positive answers are cached: a doc's team never changes once set, but another tab
   * may set it at any time, so a doc without a team is looked up again in each write's transaction.
   */
  readonly #teams = new Map<string, string>();
  readonly #outboxListeners = new Set<(docId: string) => void>();
  /** The fields this device wrote, stored with the updates that wrote them. */
  readonly fieldEdits: FieldEditLog;
  /** Docs the relay erased: nothing of them is written again (docs/architecture.md#data-lifecycle). */
  readonly erasures: ErasureStore;

  constructor(
    db: LotseDatabase,
    codec: Codec,
    options: { compactAfter?: number; compactOnOpen?: { rows: number; ratio: number } } = {},
  ) {
    this.#db = db;
    this.#codec = codec;
    this.fieldEdits = new FieldEditLog(db, codec);
    this.erasures = new ErasureStore(db, codec);
    this.#quarantine = new Quarantine(db);
    this.#compactAfter = options.compactAfter ?? DEFAULT_COMPACT_AFTER;
    this.#compactOnOpen = options.compactOnOpen ?? COMPACT_ON_OPEN;
  }

  /**
   * Whether a doc's log, as loaded, is worth compacting now that `doc` (the doc it loaded) is open: more
   * rows than allowed, or far more bytes than the doc's state needs. Encodes the state for the second
   * question, so ask it while the device is idle.
   */
  compactionDue(log: LogSize, doc: Y.Doc): boolean {
    if (log.rows < 2) return false;
    if (log.rows > this.#compactOnOpen.rows) return true;
    return log.bytes > this.#compactOnOpen.ratio * Y.encodeStateAsUpdate(doc).byteLength;
  }

  /** Ids of every doc that has stored updates. */
  async docIds(): Promise<string[]> {
    return (await this.#db.updates.orderBy('docId').uniqueKeys()).map(String);
  }

  /** The highest stored update sequence number of every doc, read from the index alone (no content). */
  async latestSeqs(): Promise<Map<string, number>> {
    const byDoc = this.#db.updates.orderBy('docId');
    const [docIds, seqs] = await Promise.all([byDoc.keys(), byDoc.primaryKeys()]);
    const latest = new Map<string, number>();
    docIds.forEach((docId, index) => {
      const seq = seqs[index] ?? 0;
      const key = String(docId);
      if (seq > (latest.get(key) ?? 0)) latest.set(key, seq);
    });
    return latest;
  }

  /** Loads one doc from its stored updates. A doc never stored loads empty. */
  async load(docId: string): Promise<LoadedDoc> {
    const rows = await this.#db.updates.where('docId').equals(docId).toArray();
    const [loaded] = await this.#apply(new Map([[docId, rows]]));
    return loaded ?? { doc: new Y.Doc(), seq: 0, quarantined: 0, log: { rows: 0, bytes: 0 } };
  }

  /** Loads every stored doc in one read: what a device does at start, and what makes 1,000 docs cheap. */
  async loadAll(): Promise<Map<string, LoadedDoc>> {
    const rows = await this.#db.updates.toArray();
    const byDoc = new Map<string, UpdateRow[]>();
    for (const row of rows) {
      const key = typeof row?.docId === 'string' ? row.docId : '';
      const list = byDoc.get(key);
      if (list) list.push(row);
      else byDoc.set(key, [row]);
    }
    const loaded = await this.#apply(byDoc);
    return new Map(loaded.map((entry) => [entry.docId, entry]));
  }

  /**
   * Stores one local update of `docId` (as produced by Yjs) and compacts the doc's log when it is due. When
   * the doc belongs to a team, the same transaction also puts the update into the outbox, so a change is
   * either stored and queued for the relay, or neither. `edits` (the fields the update wrote) are recorded
   * in the same transaction too: a crash can never leave a change queued without what the conflict check
   * needs to notice a concurrent one.
   */
  append(docId: string, update: Uint8Array, edits: readonly FieldEdit[] = []): Promise<number> {
    return this.#append(docId, update, edits, false);
  }

  /**
   * Stores a team doc's seed, the update every device and the relay derive byte for byte, like `append`,
   * but its outbox row is marked as no person's change: it is still sent (the relay's log then holds the
   * whole doc for every reader), yet opening the team directory leaves nothing counted as unsent.
   */
  appendSeed(docId: string, update: Uint8Array): Promise<number> {
    return this.#append(docId, update, [], true);
  }

  #append(docId: string, update: Uint8Array, edits: readonly FieldEdit[], seed: boolean): Promise<number> {
    return this.#writes.run(docId, async () => {
      const data = ownBuffer(await this.#codec.encode(update, docUpdateRecord(docId)));
      const prepared: PreparedEdits | undefined =
        edits.length > 0 ? await this.fieldEdits.prepare(docId, edits) : undefined;
      const at = Date.now();
      const { seq, queued, recorded } = await this.#db.transaction(
        'rw',
        [this.#db.updates, this.#db.outbox, this.#db.docTeams, this.#db.fieldEdits, this.#db.erasures],
        async () => {
          await this.#refuseErased(docId);
          const seq = await this.#db.updates.add({ docId, data, at });
          const teamId = await this.#teamInTransaction(docId);
          if (teamId !== undefined) {
            await this.#db.outbox.add(
              seed ? { docId, teamId, data, at, seed: true } : { docId, teamId, data, at },
            );
          }
          const recorded = prepared ? await this.fieldEdits.write(prepared, at) : undefined;
          return { seq, queued: teamId !== undefined, recorded };
        },
      );
      recorded?.();
      if (queued) this.#notifyOutbox(docId);
      await this.#countAppended(docId, 1);
      return seq;
    });
  }

  /**
   * Stores updates that came from the relay, merged into one record, in one transaction and without an
   * outbox entry: the relay has them already. With `teamId`, a doc not yet assigned to a team is assigned
   * to it in the same transaction (see `assignTeam`). Resolves the stored record's sequence number.
   */
  storeRemote(docId: string, updates: readonly Uint8Array[], teamId?: string): Promise<number> {
    return this.#writes.run(docId, async () => {
      if (updates.length === 0) throw new Error(`No remote updates to store for ${docId}.`);
      const merged = updates.length === 1 ? updates[0]! : Y.mergeUpdates([...updates]);
      const data = ownBuffer(await this.#codec.encode(merged, docUpdateRecord(docId)));
      const at = Date.now();
      const { seq, queued } = await this.#db.transaction(
        'rw',
        [this.#db.updates, this.#db.outbox, this.#db.docTeams, this.#db.erasures],
        async () => {
          await this.#refuseErased(docId);
          const queued = teamId === undefined ? 0 : await this.#assignInTransaction(docId, teamId);
          const seq = await this.#db.updates.add({ docId, data, at });
          return { seq, queued };
        },
      );
      if (teamId !== undefined) this.#teams.set(docId, teamId);
      if (queued > 0) this.#notifyOutbox(docId);
      await this.#countAppended(docId, 1);
      return seq;
    });
  }

  /**
   * Keeps remote updates that the relay sent for `docId` under `teamId` while this device holds the doc under
   * another team. A device keys docs by id alone, so they cannot join the doc; they are set aside in the
   * quarantine instead, encoded like every stored update, where the person sees them among the entries set
   * aside. Nothing the relay sent is lost, and the doc stays as it is.
   */
  async setAsideRemote(
    docId: string,
    teamId: string,
    updates: readonly Uint8Array[],
    reason: string,
  ): Promise<void> {
    if (updates.length === 0) return;
    const merged = updates.length === 1 ? updates[0]! : Y.mergeUpdates([...updates]);
    const data = ownBuffer(await this.#codec.encode(merged, docUpdateRecord(docId)));
    await this.#quarantine.keep('updates', `remote:${teamId}`, docId, reason, { docId, teamId, data });
  }

  /**
   * Records that `docId` belongs to `teamId`. The first time, everything already stored of the doc is put
   * into the outbox in the same transaction, so a case written before it had a team reaches the relay too.
   * Assigning the same team again does nothing; a doc never moves to another team (that rejects).
   */
  assignTeam(docId: string, teamId: string): Promise<void> {
    return this.#writes.run(docId, async () => {
      const queued = await this.#db.transaction(
        'rw',
        [this.#db.updates, this.#db.outbox, this.#db.docTeams, this.#db.erasures],
        async () => {
          await this.#refuseErased(docId);
          return this.#assignInTransaction(docId, teamId);
        },
      );
      // Cached only now: an aborted transaction must not leave a team behind in memory.
      this.#teams.set(docId, teamId);
      if (queued > 0) this.#notifyOutbox(docId);
    });
  }

  /**
   * For a team whose log the relay lost entries of (it was restored from a backup, see `cursorHolds`): puts
   * the whole state of each of the team's docs on this device into the outbox, one merged update per doc,
   * and sets the team's cursor back to 0 under the relay's current `epoch`, both in one transaction, so the
   * device catches up from the start and the relay gets back whatever this device had received or sent
   * that it lost. Yjs ignores what the relay has already. Resolves how many docs were queued.
   */
  async resendTeam(teamId: string, epoch: string | null): Promise<number> {
    const docIds = (await this.#db.docTeams.where('teamId').equals(teamId).primaryKeys()).map(String);
    const at = Date.now();
    const queued: OutboxRow[] = [];
    for (const docId of docIds) {
      const { doc } = await this.load(docId);
      const update = Y.encodeStateAsUpdate(doc);
      doc.destroy();
      // An empty doc encodes as two zero bytes: there is nothing to send.
      if (update.byteLength <= 2) continue;
      queued.push({
        docId,
        teamId,
        data: ownBuffer(await this.#codec.encode(update, docUpdateRecord(docId))),
        at,
      });
    }
    await this.#db.transaction('rw', [this.#db.outbox, this.#db.cursors], async () => {
      if (queued.length > 0) await this.#db.outbox.bulkAdd(queued);
      const current = (await this.#db.cursors.get(teamId)) as { syncedAt?: unknown } | undefined;
      const syncedAt = typeof current?.syncedAt === 'number' ? current.syncedAt : null;
      await this.#db.cursors.put({ teamId, seq: 0, syncedAt, epoch });
    });
    for (const row of queued) this.#notifyOutbox(row.docId);
    return queued.length;
  }

  /**
   * Erases everything this device holds of a doc the relay erased, after the doc's writes queued so far
   * and before any queued later (see `ErasureStore.erase`); from then on every write of it is refused with
   * `DocErasedError`.
   */
  erase(erasure: Erasure): Promise<ErasedOnDevice> {
    const { docId } = erasure;
    return this.#writes.run(docId, async () => {
      const result = await this.erasures.erase(erasure);
      this.#pending.delete(docId);
      this.#teams.delete(docId);
      this.fieldEdits.dropCached(docId);
      return result;
    });
  }

  /** The team a doc belongs to, if it has one. */
  async teamOf(docId: string): Promise<string | undefined> {
    const cached = this.#teams.get(docId);
    if (cached !== undefined) return cached;
    return this.#db.transaction('r', this.#db.docTeams, () => this.#teamInTransaction(docId));
  }

  /**
   * Calls `listener` after a write put something into the outbox (a local change of a doc with a team, or a
   * doc's first team assignment). Returns a function that stops it.
   */
  onOutbox(listener: (docId: string) => void): () => void {
    this.#outboxListeners.add(listener);
    return () => this.#outboxListeners.delete(listener);
  }

  /**
   * Merges all of a doc's stored updates that it can read into one record, which keeps the highest sequence
   * number among them. Only the rows read are replaced, in one transaction: a row written meanwhile (by
   * another tab; this one's writes of the doc wait in line) stays, and so does a row that cannot be read.
   * The outbox is not touched: compaction is this device's own business.
   */
  compact(docId: string): Promise<CompactionResult> {
    return this.#writes.run(docId, () => this.#compact(docId));
  }

  /** Resolves when every write of `docId` queued so far has settled (stored or failed). */
  async settled(docId: string): Promise<void> {
    await this.#writes.idle(docId);
  }

  /** Resolves when every write queued so far has reached IndexedDB. */
  async flush(): Promise<void> {
    await this.#writes.idleAll();
  }

  /**
   * Keeps `doc` stored: every update not coming from storage itself or from the relay (`SYNC_ORIGIN`: the
   * sync engine stored it before handing it over) is appended, with the field edits `editsOf` finds in its
   * local transaction (none without it). Returns a function that stops it. The listener hears when a write
   * is queued, when it is stored, and when it failed; a failed write is never dropped silently.
   */
  track(
    docId: string,
    doc: Y.Doc,
    listener: TrackListener = {},
    editsOf?: (transaction: Y.Transaction, docId: string) => FieldEdit[],
  ): () => void {
    const handler = (update: Uint8Array, origin: unknown, _doc: Y.Doc, transaction: Y.Transaction) => {
      if (isAlreadyStored(origin)) return;
      const edits = editsOf && transaction.local ? editsOf(transaction, docId) : [];
      listener.queued?.();
      this.append(docId, update, edits).then(
        (seq) => listener.stored?.(seq),
        (error: unknown) => {
          console.error(`Storing a change of ${docId} failed`, error);
          listener.failed?.(error);
        },
      );
    };
    doc.on('update', handler);
    return () => doc.off('update', handler);
  }

  async #apply(byDoc: Map<string, UpdateRow[]>): Promise<(LoadedDoc & { docId: string })[]> {
    const results: (LoadedDoc & { docId: string })[] = [];
    for (const [docId, rows] of byDoc) {
      const updates: { seq: number; update: Uint8Array; row: unknown }[] = [];
      let quarantined = 0;
      // Every row of the doc goes to the codec at once (WebCrypto decrypts them in parallel); what cannot
      // be read is quarantined afterwards, one after another, in the rows' order.
      const decoded = await Promise.all(
        rows.map(async (raw): Promise<DecodedUpdate | { raw: unknown; problem: string }> => {
          const parsed = UpdateRowSchema.safeParse(raw);
          if (!parsed.success) return { raw, problem: describeIssues(parsed.error) };
          try {
            const update = await this.#codec.decode(parsed.data.data, docUpdateRecord(docId));
            return { seq: parsed.data.seq, update, row: raw };
          } catch (error) {
            return { raw, problem: (error as Error).message };
          }
        }),
      );
      for (const entry of decoded) {
        if ('problem' in entry) {
          quarantined += 1;
          await this.#quarantine.move('updates', entry.raw, entry.problem);
        } else {
          updates.push(entry);
        }
      }
      if (!docId) continue; // Rows without a usable doc id were quarantined above.
      const { doc, applied, rejected } = applyAll(updates);
      for (const bad of rejected) {
        quarantined += 1;
        await this.#quarantine.move('updates', bad.row, `not a Yjs update: ${bad.reason}`);
      }
      const seq = applied.reduce((max, entry) => Math.max(max, entry.seq), 0);
      this.#pending.set(docId, applied.length);
      const bytes = applied.reduce((sum, entry) => sum + entry.update.byteLength, 0);
      results.push({ docId, doc, seq, quarantined, log: { rows: applied.length, bytes } });
    }
    return results;
  }

  async #compact(docId: string): Promise<CompactionResult> {
    // Decoding and encoding happen outside the transaction: IndexedDB commits a transaction as soon as it
    // waits on anything else, and an encrypting codec waits on WebCrypto.
    const rows = await this.#db.updates.where('docId').equals(docId).toArray();
    const decoded = await Promise.all(
      rows.map(async (raw) => {
        const parsed = UpdateRowSchema.safeParse(raw);
        if (!parsed.success) return undefined;
        try {
          const update = await this.#codec.decode(parsed.data.data, docUpdateRecord(docId));
          return { seq: parsed.data.seq, update };
        } catch {
          return undefined;
        }
      }),
    );
    const readable = decoded.filter((entry) => entry !== undefined);
    // Unreadable rows (and updates Yjs cannot read) stay where they are; the next load quarantines them.
    const { valid } = splitValid(readable);
    const unreadable = rows.length - valid.length;
    if (valid.length < 2) return { merged: 0, unreadable };
    const keys = valid.map((entry) => entry.seq);
    const seq = Math.max(...keys);
    // The state of a doc built from them, not just their merge: Yjs joins a run of typed letters into
    // one item only in a doc, so this is what makes many small edits small.
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.mergeUpdates(valid.map((entry) => entry.update)), STORAGE_ORIGIN);
    const state = Y.encodeStateAsUpdate(doc);
    doc.destroy();
    const merged = ownBuffer(await this.#codec.encode(state, docUpdateRecord(docId)));
    const done = await this.#db.transaction('rw', this.#db.updates, async () => {
      // Another tab may have compacted meanwhile; then its result stands.
      const still = await this.#db.updates.bulkGet(keys);
      if (still.some((row) => row === undefined)) return false;
      await this.#db.updates.bulkDelete(keys.filter((key) => key !== seq));
      // The merged record takes the place of the newest one: the doc's latest sequence number stays what
      // its summary was written at, so compaction never makes a summary look stale.
      await this.#db.updates.put({ seq, docId, data: merged, at: Date.now() });
      return true;
    });
    if (!done) return { merged: 0, unreadable };
    this.#pending.set(docId, 1);
    return { merged: keys.length, unreadable };
  }

  /** Inside a transaction that includes `erasures`: rejects when the relay erased `docId`. */
  async #refuseErased(docId: string): Promise<void> {
    if (await this.erasures.isErased(docId)) throw new DocErasedError(docId);
  }

  /** The doc's team, read inside a transaction that includes `docTeams`. */
  async #teamInTransaction(docId: string): Promise<string | undefined> {
    const cached = this.#teams.get(docId);
    if (cached !== undefined) return cached;
    const row: unknown = await this.#db.docTeams.get(docId);
    const teamId = (row as { teamId?: unknown } | undefined)?.teamId;
    if (typeof teamId !== 'string' || !isValidId(teamId)) {
      if (row !== undefined) console.error(`The stored team of ${docId} is not a valid id; ignoring it`);
      return undefined;
    }
    this.#teams.set(docId, teamId);
    return teamId;
  }

  /**
   * Inside a transaction over updates, outbox and docTeams: assigns the team unless the doc has one, and
   * copies the doc's stored records into the outbox as they are (still codec output, nothing to decode).
   * Resolves how many outbox rows it added.
   */
  async #assignInTransaction(docId: string, teamId: string): Promise<number> {
    if (!isValidId(teamId)) throw new Error(`${JSON.stringify(teamId)} is not a valid team id.`);
    const current = await this.#teamInTransaction(docId);
    if (current === teamId) return 0;
    if (current !== undefined) throw new DocTeamMismatchError(docId, current, teamId);
    await this.#db.docTeams.put({ docId, teamId });
    const rows = await this.#db.updates.where('docId').equals(docId).toArray();
    const at = Date.now();
    const queued: OutboxRow[] = [];
    for (const raw of rows) {
      const parsed = UpdateRowSchema.safeParse(raw);
      // An unreadable record is quarantined by the next load; it would be refused by the relay anyway.
      if (parsed.success) queued.push({ docId, teamId, data: parsed.data.data, at });
    }
    if (queued.length > 0) await this.#db.outbox.bulkAdd(queued);
    return queued.length;
  }

  async #countAppended(docId: string, count: number): Promise<void> {
    const pending = (this.#pending.get(docId) ?? 0) + count;
    this.#pending.set(docId, pending);
    if (pending > this.#compactAfter) await this.#compact(docId);
  }

  #notifyOutbox(docId: string): void {
    for (const listener of this.#outboxListeners) {
      try {
        listener(docId);
      } catch (error) {
        console.error('An outbox listener failed', error);
      }
    }
  }
}
