import type { Logger } from 'pino';
import type * as Y from 'yjs';
import type { Principal } from '../auth/principal.ts';
import {
  isStoreError,
  type ErasureRecord,
  type NewErasure,
  type NewUpdate,
  type RelayStore,
} from '../storage/contract.ts';
import { GroupCommit } from './group-commit.ts';
import { COORDINATION_LOG_ID } from '../../../src/domain/coordination-doc.ts';
import { teamDocId } from '../../../src/domain/team-directory.ts';
import { vocabularyChangesOfUpdate } from '../../../src/domain/team-vocabulary-doc.ts';
import { isThemenFeedDocId } from '../../../src/domain/themen-feed.ts';
import { KeyedQueue } from '../../../src/util/keyed-queue.ts';
import { AwarenessRooms } from './awareness-rooms.ts';
import { DocCache } from './doc-cache.ts';
import { clientDocId, docKey } from './doc-key.ts';
import { SyncError } from './sync-error.ts';
import { TeamHub, type PublishedUpdate } from './team-hub.ts';
import { addsToDoc, checkUpdate } from './update-check.ts';

export interface SyncCoreOptions {
  /** How long a doc nobody uses stays in memory. */
  docIdleMs: number;
  /** After this many appends to one doc, its older rows are compacted in the background. */
  compactEvery: number;
  /** How many of the newest rows compaction leaves as they are. */
  compactKeepNewest: number;
  /**
   * Group commit (`APPEND_BATCH`): the pushes waiting for the store are appended together, in one
   * transaction with one durable commit (`RelayStore.appendUpdates`). Off, each push is a commit of its own.
   */
  appendBatch: boolean;
}

export const DEFAULT_SYNC_OPTIONS: SyncCoreOptions = {
  docIdleMs: 60_000,
  compactEvery: 200,
  compactKeepNewest: 20,
  appendBatch: true,
};

/** How many rows of another instance's appends one read of the log takes. */
const FOLLOW_BATCH_ROWS = 500;

const erasedError = () =>
  new SyncError('doc-erased', 'The case was erased on the relay; changes to it are not accepted.');

const drainingError = () =>
  new SyncError('shutting-down', 'The relay is shutting down; send the change again after reconnecting.');

/**
 * Who an append is from: a signed-in device (`Principal`), or the relay itself (`RELAY_AUTHOR`) for docs
 * it derives from others, such as each team's Themen feed (docs/architecture.md#themen). The relay's own
 * appends carry no user or device in the log.
 */
export const RELAY_AUTHOR = { role: 'relay', userId: null, deviceId: null } as const;
export type Author = Principal | typeof RELAY_AUTHOR;

/** A push waiting in its team's queue for the next group commit. */
interface WaitingAppend {
  principal: Principal;
  docId: string;
  key: string;
  update: Uint8Array;
  ref: number | undefined;
  resolve(result: { seq: number; repeated: boolean }): void;
  reject(error: unknown): void;
}

export interface AcceptOptions {
  /**
   * Skip the append when the cached doc already has everything the update holds (sync step 2 and updates
   * that carry no ack). Resolves `{ seq: null }` then.
   */
  skipIfKnown?: boolean;
  /**
   * The device's reference of a push it re-sends until acknowledged. A push seen before is not appended
   * or published again: it resolves the `seq` it got the first time.
   */
  ref?: number;
}

/**
 * The one per-doc sync handler both endpoints share (docs/architecture.md#y-websocket-compatibility): it
 * checks an update, appends it durably to its team's log, and only then publishes it to the team's sockets
 * and applies it to the cached doc. Callers have checked that the principal may write to the team.
 */
export class SyncCore {
  readonly hub: TeamHub;
  readonly docs: DocCache;
  readonly awareness = new AwarenessRooms();
  readonly #store: RelayStore;
  readonly #log: Logger;
  readonly #options: SyncCoreOptions;
  /** Appends and publishes of one team happen one at a time, keyed by team id. */
  readonly #appends = new KeyedQueue<string>();
  readonly #registered = new Set<string>();
  readonly #appendsSinceCompaction = new Map<string, number>();
  readonly #compactions = new Map<string, Promise<void>>();
  readonly #appendListeners = new Set<(teamId: string, key: string) => void>();
  /** With group commit: per team, the pushes that arrived since its queue last took them. */
  readonly #waiting = new Map<string, WaitingAppend[]>();
  readonly #commits: GroupCommit;
  /** Doc keys this process erased or was refused as erased: pushes to them are refused before the store. */
  readonly #erased = new Set<string>();
  readonly #erasedListeners = new Set<(teamId: string, key: string) => Promise<void> | void>();
  /**
   * With several relay instances on one database (`followLog`): the highest `seq` of each team this process
   * has published, so that entries other instances appended are published here too, in order, before any
   * later one. `undefined` for a relay that is the log's only writer (SQLite).
   */
  #publishedUpTo: Map<string, number> | undefined;
  /** Set by `drain`: new updates are refused, those taken before are stored and acknowledged. */
  #draining = false;

  constructor(store: RelayStore, log: Logger, options: Partial<SyncCoreOptions> = {}) {
    this.#store = store;
    this.#log = log;
    this.#options = { ...DEFAULT_SYNC_OPTIONS, ...options };
    this.hub = new TeamHub(log);
    this.docs = new DocCache(store, log, { idleMs: this.#options.docIdleMs });
    this.#commits = new GroupCommit(store);
  }

  get store(): RelayStore {
    return this.#store;
  }

  /**
   * Calls `listener` after every new update is durably appended and published (not for a repeated push).
   * It runs on the append's path, so it must only schedule work. Returns the unsubscribe function.
   */
  /**
   * Calls `listener` after each erasure (with the team and the doc's store key), for what lives beside
   * the log: the attachments' blobs, the cached facts. Awaited by `erase`; a listener that fails is logged.
   */
  onErased(listener: (teamId: string, key: string) => Promise<void> | void): () => void {
    this.#erasedListeners.add(listener);
    return () => this.#erasedListeners.delete(listener);
  }

  onAppend(listener: (teamId: string, key: string) => void): () => void {
    this.#appendListeners.add(listener);
    return () => this.#appendListeners.delete(listener);
  }

  /**
   * Accepts one update to the doc (teamId, docId) from `principal`. Resolves with its `seq` once it is
   * durably in the log and has been published (`repeated` when a push with the same ref was stored
   * before, so nothing new was); rejects with a `SyncError` (`doc-too-large`, `malformed-frame`,
   * `not-allowed-for-role`, `internal`). A Themen feed (`themen:<teamId>`) takes no update from a device:
   * one that adds nothing resolves `{ seq: null }`, any other is `not-allowed-for-role`.
   */
  async accept(
    principal: Principal,
    teamId: string,
    docId: string,
    update: Uint8Array,
    options: AcceptOptions = {},
  ): Promise<{ seq: number | null; repeated: boolean }> {
    if (this.#draining) throw drainingError();
    const decoded = checkUpdate(update);
    const key = docKey(teamId, docId);
    if (this.#erased.has(key)) throw erasedError();
    if (options.skipIfKnown) {
      const cached = this.docs.peek(key);
      if (cached && !addsToDoc(cached, decoded)) return { seq: null, repeated: false };
    }
    // A Themen feed is the relay's reading of the coordination doc: only the relay writes it. What a device
    // sends back of it unchanged (a whole-state resend after a relay restore) adds nothing and is no write.
    if (isThemenFeedDocId(docId)) {
      let current: Y.Doc;
      try {
        current = await this.docs.get(key);
      } catch (error) {
        this.#log.error({ err: error, team: teamId }, 'loading a Themen feed for a push failed');
        throw new SyncError('internal', 'The relay could not check the update.');
      }
      if (!addsToDoc(current, decoded)) return { seq: null, repeated: false };
      throw new SyncError(
        'not-allowed-for-role',
        'The Themen feed is written by the relay from coordination’s Themen; devices only read it.',
      );
    }
    // Appends of one team run one after the other, so that they are published in `seq` order: a device
    // advances its cursor over a contiguous log and must never see seq 8 before seq 7.
    if (!this.#options.appendBatch) {
      return this.#appends.run(teamId, () =>
        this.#append(principal, teamId, docId, key, update, options.ref),
      );
    }
    return new Promise((resolve, reject) => {
      let waiting = this.#waiting.get(teamId);
      if (waiting === undefined) {
        waiting = [];
        this.#waiting.set(teamId, waiting);
        void this.#appends.run(teamId, () => this.#appendWaiting(teamId));
      }
      waiting.push({ principal, docId, key, update, ref: options.ref, resolve, reject });
    });
  }

  /**
   * Group commit, as one task of the team's queue: takes every push of the team that arrived meanwhile,
   * checks each, and appends those that pass in one commit shared with the other teams' (./group-commit.ts).
   * Only then are they published, in `seq` order, and answered; a push refused by a check is answered on
   * its own and does not hold back the others. Never rejects: every push gets its own answer.
   */
  async #appendWaiting(teamId: string): Promise<void> {
    const waiting = this.#waiting.get(teamId) ?? [];
    this.#waiting.delete(teamId);
    const run: WaitingAppend[] = [];
    for (const item of waiting) {
      try {
        if (this.#erased.has(item.key)) throw erasedError();
        if (item.principal.role === 'case-manager' && item.docId === teamDocId(teamId)) {
          // Checked against the team doc with every earlier push applied: those before it are committed first.
          if (run.length > 0) await this.#commitRun(teamId, run.splice(0));
          await this.#checkVocabulary(item.principal, teamId, item.key, item.update);
        }
        await this.#register(item.principal, teamId, item.key);
        run.push(item);
      } catch (error) {
        item.reject(error);
      }
    }
    if (run.length > 0) await this.#commitRun(teamId, run);
  }

  /** Appends the team's checked pushes in the next group commit, then publishes and answers them. */
  async #commitRun(teamId: string, run: WaitingAppend[]): Promise<void> {
    const updates = run.map((item): NewUpdate => ({
      teamId,
      docId: item.key,
      update: item.update,
      userId: item.principal.userId,
      deviceId: item.principal.deviceId,
      ...(item.ref === undefined ? {} : { ref: item.ref }),
    }));
    let results;
    try {
      results = await this.#commits.append(updates);
    } catch (error) {
      // Nothing of the batch was stored: no push of it is acknowledged, and the devices send them again.
      this.#log.error(
        { err: error, team: teamId, updates: run.length },
        'appending a batch of updates failed',
      );
      for (const item of run) item.reject(new SyncError('internal', 'The relay could not store the update.'));
      return;
    }
    const fresh: { item: WaitingAppend; seq: number }[] = [];
    for (const [i, item] of run.entries()) {
      const result = results[i];
      if (result === undefined || 'refused' in result) {
        item.reject(this.#refusal(result?.refused, item.principal, teamId, item.key));
      } else if (!result.repeated) {
        fresh.push({ item, seq: result.seq });
      }
    }
    // One transaction numbers the team's new entries consecutively: only the first can follow entries of
    // other instances this process has not published yet.
    const [first] = fresh;
    try {
      if (first !== undefined) await this.#publishOthersBefore(teamId, first.seq);
    } catch (error) {
      // Stored, but not published: a device must not see them before what other instances appended. The
      // devices send them again and are answered from the log; the next notice publishes them in order.
      this.#log.error({ err: error, team: teamId }, 'reading appends of other instances failed');
      for (const item of run)
        item.reject(new SyncError('internal', 'The relay could not publish the update.'));
      return;
    }
    this.hub.publishBatch(
      teamId,
      fresh.map(({ item, seq }) => {
        const entry: PublishedUpdate = { teamId, docId: item.docId, seq, update: item.update };
        return { key: item.key, entry };
      }),
    );
    for (const { item, seq } of fresh) {
      this.#publishedOwn(teamId, seq);
      this.docs.apply(item.key, item.update);
      this.#countAppend(item.key);
      for (const listener of this.#appendListeners) listener(teamId, item.key);
    }
    for (const [i, item] of run.entries()) {
      const result = results[i];
      if (result !== undefined && !('refused' in result)) item.resolve(result);
    }
  }

  /** Registers the doc in its team before its first append by this process. */
  async #register(principal: Author, teamId: string, key: string): Promise<void> {
    if (this.#registered.has(key)) return;
    try {
      // A doc registered before (by an earlier start or another instance) costs a read, not a commit: after
      // a restart every doc is new to this process, and a commit each would hold up its first pushes.
      if ((await this.#store.teamOfDoc(key)) !== teamId) await this.#store.registerDoc(key, teamId);
    } catch (error) {
      throw this.#refusal(error, principal, teamId, key);
    }
    this.#registered.add(key);
  }

  /** The `SyncError` for a store's refusal of an append; an erased doc is refused from now on. */
  #refusal(error: unknown, principal: Author, teamId: string, key: string): SyncError {
    // Refused before anything was appended: an erased doc's id is never used again.
    if (isStoreError(error, 'doc-erased')) {
      this.#erased.add(key);
      this.#registered.delete(key);
      return erasedError();
    }
    this.#log.error(
      { err: error, team: teamId, userId: principal.userId, deviceId: principal.deviceId },
      'appending an update failed',
    );
    return new SyncError('internal', 'The relay could not store the update.');
  }

  /**
   * A change the relay itself makes to a doc on behalf of `author` (coordination's edits of the team
   * vocabulary, or the relay's own, like the Themen feeds): `change` computes the update from the cached doc, inside the team's append queue, so it
   * sees every earlier append; the update is then appended, published and applied exactly like a push.
   * `change` must not modify the doc it gets. Resolves its value with the `seq` (null when there was no
   * update to append).
   */
  async changeDoc<T>(
    author: Author,
    teamId: string,
    docId: string,
    change: (current: Y.Doc) => { update: Uint8Array | undefined; value: T },
  ): Promise<{ value: T; seq: number | null }> {
    if (this.#draining) throw drainingError();
    const key = docKey(teamId, docId);
    return this.#appends.run(teamId, async () => {
      let current: Y.Doc;
      try {
        current = await this.docs.get(key);
      } catch (error) {
        this.#log.error({ err: error, team: teamId }, 'loading a doc for a change failed');
        throw new SyncError('internal', 'The relay could not read the doc.');
      }
      const { update, value } = change(current);
      if (update === undefined) return { value, seq: null };
      checkUpdate(update);
      const { seq } = await this.#append(author, teamId, docId, key, update, undefined);
      return { value, seq };
    });
  }

  async #append(
    principal: Author,
    teamId: string,
    docId: string,
    key: string,
    update: Uint8Array,
    ref: number | undefined,
  ): Promise<{ seq: number; repeated: boolean }> {
    if (principal.role === 'case-manager' && docId === teamDocId(teamId)) {
      await this.#checkVocabulary(principal, teamId, key, update);
    }
    await this.#register(principal, teamId, key);
    let seq: number;
    let repeated: boolean;
    try {
      ({ seq, repeated } = await this.#store.appendUpdate({
        teamId,
        docId: key,
        update,
        userId: principal.userId,
        deviceId: principal.deviceId,
        ...(ref === undefined ? {} : { ref }),
      }));
    } catch (error) {
      throw this.#refusal(error, principal, teamId, key);
    }
    // Published and applied the first time already; the device only lost the ack.
    if (repeated) return { seq, repeated };
    await this.#publishOthersBefore(teamId, seq);
    this.hub.publish(key, { teamId, docId, seq, update });
    this.docs.apply(key, update);
    this.#countAppend(key);
    for (const listener of this.#appendListeners) listener(teamId, key);
    return { seq, repeated };
  }

  /**
   * A case manager's push to the team doc may propose entries and change a partner's contact details, but
   * not rename, archive, restore or confirm what belongs to coordination
   * (docs/architecture.md#team-vocabulary). Checked inside the team's append queue, against the stored doc
   * with every earlier append applied, on a copy: the cached doc changes only after the durable append.
   */
  async #checkVocabulary(
    principal: Principal,
    teamId: string,
    key: string,
    update: Uint8Array,
  ): Promise<void> {
    let current;
    try {
      current = await this.docs.get(key);
    } catch (error) {
      this.#log.error({ err: error, team: teamId }, 'loading the team doc for a push failed');
      throw new SyncError('internal', 'The relay could not check the update.');
    }
    let changes;
    try {
      changes = vocabularyChangesOfUpdate(current, teamId, update, principal.userId);
    } catch {
      throw new SyncError('malformed-frame', 'The update does not apply to the team doc.');
    }
    const [first] = changes;
    if (first === undefined) return;
    throw new SyncError(
      'not-allowed-for-role',
      `Case managers may not ${first.kind} entry ${first.id} of ${first.list}; coordination does.`,
    );
  }

  /**
   * Erases the doc (teamId, docId) from the relay (docs/architecture.md#data-lifecycle), as `decide`
   * describes it from the doc's current state (`undefined`: not now). Inside the team's append queue, so that no append of the doc runs alongside and the erasure's `seq` is published in
   * order; after a compaction of it in flight. Then drops it from memory, refuses every later push to it,
   * and publishes the erasure to the team's sockets (device sockets pass it on as an `erased` frame,
   * `/ws/doc` sockets of the doc close with `doc-erased`). Rejects with the store's `StoreError`
   * (`on-hold`, `doc-erased`, `not-found`).
   */
  async erase(
    teamId: string,
    docId: string,
    decide: (current: Y.Doc) => Omit<NewErasure, 'docId' | 'teamId'> | undefined,
  ): Promise<ErasureRecord | undefined> {
    const key = docKey(teamId, docId);
    const record = await this.#appends.run(teamId, async () => {
      await this.#compactions.get(key);
      // Decided on the doc with every append so far: a case reopened a moment ago is not erased.
      const erasure = decide(await this.docs.get(key));
      if (erasure === undefined) return undefined;
      const record = await this.#store.eraseDoc({ ...erasure, docId: key, teamId });
      this.#erased.add(key);
      this.#registered.delete(key);
      this.#appendsSinceCompaction.delete(key);
      this.docs.forget(key);
      await this.#publishOthersBefore(teamId, record.seq);
      this.hub.publish(key, {
        kind: 'erasure',
        teamId,
        docId,
        seq: record.seq,
        erasedAt: record.erasedAt,
        reason: record.reason,
      });
      return record;
    });
    if (record === undefined) return undefined;
    for (const listener of this.#erasedListeners) {
      try {
        await listener(teamId, key);
      } catch (error) {
        this.#log.error({ err: error, doc: key }, 'removing what lived beside an erased doc failed');
      }
    }
    return record;
  }

  /**
   * Makes this process publish what other relay instances append to the same database: from now on, every
   * team's entries reach this process's sockets in `seq` order without gaps, whichever instance appended
   * them. Call it after listening for log notices has begun (so that none is missed between the two) and
   * before serving sync; then pass each notice to `noticeAppended`.
   */
  async followLog(): Promise<void> {
    const published = new Map<string, number>();
    const teams = [...(await this.#store.listTeams()).map((team) => team.id), COORDINATION_LOG_ID];
    for (const teamId of teams) published.set(teamId, await this.#store.latestSeq(teamId));
    this.#publishedUpTo = published;
  }

  /**
   * A notice that the team's log grew to `seq` on some instance (this one included): publishes what this
   * process has not yet, read from the log. Never rejects; a failed read is logged and retried with the next
   * notice or append of the team.
   */
  async noticeAppended(teamId: string, seq: number): Promise<void> {
    if (this.#publishedUpTo === undefined || seq <= (this.#publishedUpTo.get(teamId) ?? 0)) return;
    await this.#appends
      .run(teamId, () => this.#publishFromLog(teamId, Number.POSITIVE_INFINITY))
      .catch((error: unknown) =>
        this.#log.error({ err: error, team: teamId }, 'reading appends of other instances failed'),
      );
  }

  /**
   * After notices may have been lost or their reads failed (the connection to the database dropped): reads
   * every team's log and publishes what this process has not yet. Rejects when a read fails, so that the
   * caller tries again.
   */
  async noticesLost(): Promise<void> {
    const published = this.#publishedUpTo;
    if (published === undefined) return;
    const teams = new Set([...published.keys(), ...(await this.#store.listTeams()).map((team) => team.id)]);
    await Promise.all(
      [...teams].map((teamId) =>
        this.#appends.run(teamId, () => this.#publishFromLog(teamId, Number.POSITIVE_INFINITY)),
      ),
    );
  }

  /** Notes that this process published its own entry `seq` (after `#publishOthersBefore` for the first). */
  #publishedOwn(teamId: string, seq: number): void {
    const published = this.#publishedUpTo;
    if (published !== undefined) published.set(teamId, Math.max(published.get(teamId) ?? 0, seq));
  }

  /** Before publishing this process's own entry `seq`: publishes the team's entries other instances made. */
  async #publishOthersBefore(teamId: string, seq: number): Promise<void> {
    const published = this.#publishedUpTo;
    if (published === undefined) return;
    // Appends of a team commit in `seq` order (the store's contract), so everything below `seq` is readable.
    if ((published.get(teamId) ?? 0) < seq - 1) await this.#publishFromLog(teamId, seq - 1);
    published.set(teamId, Math.max(published.get(teamId) ?? 0, seq));
  }

  /**
   * Publishes the team's entries after what this process published, up to `upTo`, as other instances
   * appended them: updates and erasures in `seq` order, applied to the cached docs. Inside the team's queue.
   */
  async #publishFromLog(teamId: string, upTo: number): Promise<void> {
    const published = this.#publishedUpTo;
    if (published === undefined) return;
    let after = published.get(teamId) ?? 0;
    for (;;) {
      const batch = await this.#store.updatesSince(teamId, after, FOLLOW_BATCH_ROWS);
      const rows = batch.updates.filter((row) => row.seq <= upTo);
      const complete = !batch.more || rows.length < batch.updates.length;
      const bound = complete ? upTo : (rows.at(-1)?.seq ?? upTo);
      const erasures = (await this.#store.erasuresSince(teamId, after, FOLLOW_BATCH_ROWS)).filter(
        (erasure) => erasure.seq <= bound,
      );
      const entries = [
        ...rows.map((row) => ({ seq: row.seq, row, erasure: undefined })),
        ...erasures.map((erasure) => ({ seq: erasure.seq, row: undefined, erasure })),
      ].sort((a, b) => a.seq - b.seq);
      for (const { seq, row, erasure } of entries) {
        if (row !== undefined) this.#publishOthers(teamId, row.docId, seq, row.update);
        if (erasure !== undefined) this.#publishOthersErasure(erasure);
        after = seq;
        published.set(teamId, seq);
      }
      if (complete) return;
    }
  }

  #publishOthers(teamId: string, key: string, seq: number, update: Uint8Array): void {
    const docId = clientDocId(teamId, key);
    if (docId === undefined) return;
    this.hub.publish(key, { teamId, docId, seq, update });
    this.docs.apply(key, update);
  }

  #publishOthersErasure(erasure: ErasureRecord): void {
    const docId = clientDocId(erasure.teamId, erasure.docId);
    if (docId === undefined) return;
    const key = erasure.docId;
    this.#erased.add(key);
    this.#registered.delete(key);
    this.#appendsSinceCompaction.delete(key);
    this.docs.forget(key);
    this.hub.publish(key, {
      kind: 'erasure',
      teamId: erasure.teamId,
      docId,
      seq: erasure.seq,
      erasedAt: erasure.erasedAt,
      reason: erasure.reason,
    });
  }

  #countAppend(key: string): void {
    const count = (this.#appendsSinceCompaction.get(key) ?? 0) + 1;
    if (count < this.#options.compactEvery || this.#compactions.has(key)) {
      this.#appendsSinceCompaction.set(key, count);
      return;
    }
    this.#appendsSinceCompaction.delete(key);
    const running = this.#store
      .compactDoc(key, { keepNewest: this.#options.compactKeepNewest })
      .then(
        (result) => this.#log.debug({ doc: key, ...result }, 'doc compacted'),
        (error: unknown) => this.#log.error({ err: error, doc: key }, 'compacting a doc failed'),
      )
      .finally(() => this.#compactions.delete(key));
    this.#compactions.set(key, running);
  }

  /**
   * The first step of a shutdown: refuses every new update (`shutting-down`, a transient refusal the device
   * re-sends after reconnecting) and resolves once the appends already taken are durably stored, published
   * and acknowledged, while the sockets are still open to carry the acks.
   */
  async drain(): Promise<void> {
    this.#draining = true;
    await this.#appends.idleAll();
    // The acks follow their appends in promise callbacks: let those run before anyone closes a socket.
    await new Promise((resolve) => setImmediate(resolve));
  }

  /** Waits for appends and compactions in flight, then drops the caches. The store stays open. */
  async close(): Promise<void> {
    await Promise.all([this.#appends.idleAll(), ...this.#compactions.values()]);
    this.docs.close();
    this.awareness.close();
  }
}
