/**
 * The relay's storage contract. Every engine (SQLite embedded, PostgreSQL for scale-out) implements
 * `RelayStore` and passes the same test suite (tests/relay/storage/store-contract.ts).
 *
 * Conventions that hold for every method:
 * - Every method is async, so an engine that talks to a server over the network fits the same shape.
 * - A call either resolves after its writes are durable, or rejects with a `StoreError` (./errors.ts).
 * - Lookups by key (`userById`, `deviceById`, `teamOfDoc`, ...) resolve `undefined` when nothing matches;
 *   writes that need an existing record reject with `not-found`; lists filtered by an owner resolve `[]`.
 * - Times are milliseconds since the epoch. Ids, logins and hashes are compared exactly: the caller
 *   normalises (for example lower-cases a login) before storing and before looking up.
 * - Updates are returned as plain `Uint8Array`s that the caller owns.
 */
export type { StoreErrorCode } from './errors.ts';
export { StoreError, isStoreError, STORE_ERROR_CODES } from './errors.ts';
import type { StoreError } from './errors.ts';

/**
 * Team kinds and roles (Case-Manager*in, Koordination, Admin; docs/architecture.md#roles-and-access) are part
 * of the wire API.
 */
export { ROLES, TEAM_KINDS, type Role, type TeamKind } from '../../../src/protocol/auth.ts';
import type { Role, TeamKind } from '../../../src/protocol/auth.ts';
export { AUDIT_KINDS, type AuditKind, type AuditDetail } from '../../../src/protocol/admin.ts';
import type { AuditDetail, AuditKind } from '../../../src/protocol/admin.ts';

/** A Support-Center or a provider's site: the unit of access and of the update log's sequence. */
export interface Team {
  id: string;
  name: string;
  kind: TeamKind;
  createdAt: number;
}

export interface NewUser {
  id: string;
  login: string;
  displayName: string;
  role: Role;
  /** An scrypt or argon2 hash in its self-describing string form; the store never sees a password. */
  passwordHash: string;
  mustChangePassword: boolean;
}

export interface User extends NewUser {
  disabled: boolean;
  createdAt: number;
}

export interface NewDevice {
  id: string;
  userId: string;
  /** What the person calls it ("Tablet Büro"), shown in the admin's device list. */
  name: string;
}

export interface Device extends NewDevice {
  createdAt: number;
  /** When an admin or the user revoked it; `null` while it may sync. */
  revokedAt: number | null;
}

/** A device with when the relay last saw it (login, refresh or sync connection), for device lists. */
export interface DeviceOverview extends Device {
  lastSeenAt: number | null;
}

export interface NewRefreshToken {
  /** A hash of the token (for example SHA-256, hex). The token itself is never stored. */
  hash: string;
  deviceId: string;
  userId: string;
  /** Every token rotated from one login shares a family, so a replayed token can revoke all of them. */
  familyId: string;
  expiresAt: number;
}

export interface RefreshToken extends NewRefreshToken {
  createdAt: number;
  /** When it was exchanged for a new one; a second use is a replay, but for one retry (see below). */
  usedAt: number | null;
  revokedAt: number | null;
  /** The hash of the token its exchange issued. */
  replacedBy: string | null;
  /** When the one retry of its exchange was granted (`claimRefreshRetry`). */
  retriedAt: number | null;
}

export interface NewUpdate {
  teamId: string;
  docId: string;
  /** One Yjs update (v1 encoding), as received. */
  update: Uint8Array;
  /** Who wrote it; both `null` for what the relay writes itself (docs/architecture.md#themen). */
  userId: string | null;
  deviceId: string | null;
  /**
   * The device's reference for this push (its outbox row id), when the update came as a push the device
   * will re-send until it is acknowledged. With it, the append is exactly-once per (device, ref): see
   * `appendUpdate`.
   */
  ref?: number;
}

export interface AppendResult {
  /** The update's sequence number in its team's log. */
  seq: number;
  /**
   * `true` when (device, ref) had been stored before with the same team, doc and bytes: nothing was
   * appended and `seq` is the number the first append got (the device re-sent a push whose ack it lost).
   */
  repeated: boolean;
}

/** An update of a batch (`appendUpdates`) that was refused, with the refusal `appendUpdate` would reject with. */
export interface AppendRefusal {
  refused: StoreError;
}

/** What `appendUpdates` answers for each update of a batch: its result, or its refusal. */
export type BatchAppendResult = AppendResult | AppendRefusal;

/**
 * One epoch of a team's log: the stretch of the log between two relay starts. A log restored from a backup
 * continues under a new epoch from an older `seq`, so a device that stored a cursor under an epoch this log
 * does not know, or beyond where that epoch ended here, knows the relay lost entries it had seen.
 */
export interface LogEpoch {
  /** Random, never reused. */
  id: string;
  /** The first `seq` appended under this epoch (the team's latest seq + 1 when it began). */
  firstSeq: number;
}

/** One row of a team's log. After compaction a row may hold the merge of several updates. */
export interface LoggedUpdate {
  seq: number;
  docId: string;
  update: Uint8Array;
}

export interface UpdateBatch {
  /** Ordered by `seq`, ascending. */
  updates: LoggedUpdate[];
  /** Whether rows after the last one of this batch exist: ask again with its `seq`. */
  more: boolean;
}

export interface CompactionResult {
  /** How many rows were folded into one; 0 when there was nothing to merge. */
  merged: number;
  /** The team's compaction horizon after this call. */
  horizon: number;
}

/**
 * One entry of the append-only audit log. It names people, devices, teams and doc ids; it never holds case
 * content, passwords or tokens (the relay's audit writer is the one place that builds these).
 */
export interface NewAuditEvent {
  at: number;
  kind: AuditKind;
  login?: string | null;
  userId?: string | null;
  deviceId?: string | null;
  teamId?: string | null;
  /** The client's doc id within `teamId`. */
  docId?: string | null;
  /** The stable error code of a refusal. */
  code?: string | null;
  address?: string | null;
  detail?: AuditDetail;
}

export interface StoredAuditEvent {
  /** Assigned by the store, increasing in order of appending; never reused. */
  id: number;
  at: number;
  kind: AuditKind;
  login: string | null;
  userId: string | null;
  deviceId: string | null;
  teamId: string | null;
  docId: string | null;
  code: string | null;
  address: string | null;
  detail: AuditDetail;
}

/** Filters combine with AND; `from` is inclusive and `to` exclusive (ms since the epoch). */
export interface AuditFilter {
  from?: number;
  to?: number;
  kind?: AuditKind;
  login?: string;
  userId?: string;
  deviceId?: string;
  teamId?: string;
  docId?: string;
  /** Only events with an id below this one: the paging cursor. */
  beforeId?: number;
  limit: number;
}

export interface AuditBatch {
  /** Newest first (descending `id`). */
  events: StoredAuditEvent[];
  /** Whether older matching events exist: ask again with the last event's id as `beforeId`. */
  more: boolean;
}

/** A doc whose stored facts lag behind its log (docs/architecture.md#reports). */
export interface StaleFacts {
  docId: string;
  teamId: string;
}

/** Which version of a case doc's facts is stored: the highest `seq` of its log they were computed from. */
export interface FactsVersion {
  docId: string;
  teamId: string;
  seq: number;
}

/** The stored facts of one case doc, as the JSON text the relay wrote (validated when read). */
export interface StoredFacts extends FactsVersion {
  facts: string;
}

/** Why a case doc was erased: its retention period ended, or the person asked for it (Art. 17 DSGVO). */
export type ErasureReason = 'retention' | 'request';

/**
 * An erasure to carry out (`eraseDoc`). Everything but the ids is what the erasure record keeps: no content.
 */
export interface NewErasure {
  /** The relay's key of the doc (`teamId/docId`). */
  docId: string;
  teamId: string;
  erasedAt: number;
  reason: ErasureReason;
  /** The retention rule that made it due (`closed-case`, `short-counselling`), for `retention`. */
  rule: string | null;
  /** Who asked for it, for `request`. */
  requestedBy: string | null;
  /** Who confirmed the request (the second pair of eyes), or `null` when the relay erased on its own. */
  confirmedBy: string | null;
  /**
   * What the case leaves behind for reports of past periods (the anonymous contribution, JSON), or `null`
   * when the doc had no facts. Stored without the doc id (docs/architecture.md#data-lifecycle).
   */
  contribution: string | null;
}

/** The record an erasure leaves: which doc, in which team, when, why, who, and its entry in the team log. */
export interface ErasureRecord {
  docId: string;
  teamId: string;
  /** The erasure's own sequence number in its team's log. */
  seq: number;
  erasedAt: number;
  reason: ErasureReason;
  rule: string | null;
  requestedBy: string | null;
  confirmedBy: string | null;
}

/** A Löschsperre: while it is set, the doc is not erased, neither when due nor on request. */
export interface LegalHold {
  docId: string;
  teamId: string;
  /** What the hold is for (a pending request, a dispute); it names the matter, not the person. */
  reason: string;
  setBy: string;
  setAt: number;
}

/** A request to erase a case before its period ends, waiting for a second person to confirm it. */
export interface ErasureRequest {
  docId: string;
  teamId: string;
  reason: string;
  requestedBy: string;
  requestedAt: number;
}

/** An anonymous contribution of an erased case to the reports: no doc id, only its team and facts. */
export interface StoredContribution {
  /** Assigned by the store; stable, so a reader may cache the parsed facts under it. */
  id: number;
  teamId: string;
  facts: string;
}

/** An audit event as the hash chain covers it (docs/architecture.md#data-lifecycle). */
export interface ChainedAuditEvent extends StoredAuditEvent {
  /** The hash of the event before it (or of the anchor), hex. */
  prevHash: string;
  /** SHA-256 over `prevHash` and the event's fields, hex. */
  hash: string;
}

/** Where the chain starts after a retention cut: the last dropped event's id and hash. */
export interface AuditAnchor {
  lastDroppedId: number;
  lastDroppedHash: string;
  cutAt: number;
}

export interface RelayStore {
  // ── Teams ────────────────────────────────────────────────────────────────────────────────────────────

  /**
   * Creates a team with an empty log (sequence 0, horizon 0) and its first log epoch. Rejects with
   * `conflict` for a taken id, and with `invalid-input` for `COORDINATION_LOG_ID`.
   *
   * Besides the teams' logs, every store holds one more log from its creation on: the coordination log,
   * keyed `COORDINATION_LOG_ID` (src/domain/coordination-doc.ts; docs/architecture.md#themen). The log
   * methods take it like a team id; it is no team: `listTeams` and `teamsOf` never name it and
   * `addMembership` rejects it with `not-found`.
   */
  createTeam(team: { id: string; name: string; kind: TeamKind }): Promise<Team>;
  /** All teams, ordered by name (never the coordination log). */
  listTeams(): Promise<Team[]>;

  // ── Users and memberships ────────────────────────────────────────────────────────────────────────────

  /** Rejects with `conflict` when the id or the login is taken. A new user is enabled. */
  createUser(user: NewUser): Promise<User>;
  userByLogin(login: string): Promise<User | undefined>;
  userById(id: string): Promise<User | undefined>;
  /** All users, ordered by login. */
  listUsers(): Promise<User[]>;
  /**
   * A disabled user keeps their data and history but must not log in or refresh; the caller also revokes
   * their refresh tokens, because the store does not infer one from the other.
   */
  setUserDisabled(userId: string, disabled: boolean): Promise<void>;
  setPassword(userId: string, passwordHash: string, mustChangePassword: boolean): Promise<void>;
  /** Idempotent. Rejects with `not-found` when the user or the team does not exist. */
  addMembership(userId: string, teamId: string): Promise<void>;
  /** Resolves whether there was such a membership to remove; idempotent, unknown ids resolve `false`. */
  removeMembership(userId: string, teamId: string): Promise<boolean>;
  /** The user's teams, ordered by name. */
  teamsOf(userId: string): Promise<Team[]>;
  /** The team's members, disabled ones included, ordered by display name; `[]` for an unknown team. */
  membersOf(teamId: string): Promise<User[]>;
  /** 0 means a fresh database: the relay then creates the first admin. */
  countUsers(): Promise<number>;

  // ── Devices ──────────────────────────────────────────────────────────────────────────────────────────

  /** Rejects with `not-found` for an unknown user and `conflict` for a taken device id. */
  registerDevice(device: NewDevice): Promise<Device>;
  deviceById(id: string): Promise<Device | undefined>;
  /** Idempotent: revoking again keeps the first time. The caller also revokes the device's refresh tokens. */
  revokeDevice(id: string, at: number): Promise<void>;
  /** The user's devices, revoked ones included, oldest first. */
  devicesOf(userId: string): Promise<Device[]>;
  /** Every device (or the user's), revoked ones included, with when it was last seen; oldest first. */
  listDevices(filter?: { userId?: string }): Promise<DeviceOverview[]>;
  /** Records that the device was seen at `at` (never moves back in time). Unknown ids are ignored. */
  markDeviceSeen(id: string, at: number): Promise<void>;

  // ── Refresh tokens ───────────────────────────────────────────────────────────────────────────────────

  /** Rejects with `conflict` for a hash already stored and `not-found` for an unknown user or device. */
  storeRefreshToken(token: NewRefreshToken): Promise<RefreshToken>;
  refreshTokenByHash(hash: string): Promise<RefreshToken | undefined>;
  /**
   * Marks a token as exchanged for the token `replacedBy` (its hash), atomically: resolves `true` for the
   * one call that marked it and `false` if it had been used before, which means the token was replayed and
   * its family should be revoked. Two concurrent refreshes with the same token therefore cannot both
   * succeed.
   */
  markRefreshTokenUsed(hash: string, at: number, replacedBy?: string): Promise<boolean>;
  /**
   * Grants the one retry of an exchange whose answer never reached the device, atomically: when the token
   * was used at or after `usedSince`, was not retried before, and the token it was replaced by is neither
   * used nor revoked (so nobody has shown it yet), marks this one retried and that one used, and resolves
   * `true`; the caller then issues a new token in its place. Should the replaced successor ever be shown,
   * it is then a replay. Resolves `false` in every other case.
   */
  claimRefreshRetry(hash: string, usedSince: number, at: number): Promise<boolean>;
  /** Revokes every not yet revoked token of the family; resolves how many that were. */
  revokeRefreshFamily(familyId: string): Promise<number>;
  /** Revokes every not yet revoked token of the device; resolves how many that were. */
  revokeRefreshTokensOfDevice(deviceId: string): Promise<number>;

  // ── Doc registry ─────────────────────────────────────────────────────────────────────────────────────

  /**
   * Records that `docId` belongs to `teamId`. Idempotent for the same team; rejects with
   * `doc-in-other-team` when the doc already belongs to another team, and `not-found` for an unknown team.
   * The relay calls it after checking that the writer may create docs in that team.
   */
  registerDoc(docId: string, teamId: string): Promise<void>;
  teamOfDoc(docId: string): Promise<string | undefined>;
  /** The team's doc ids, sorted. */
  docsOfTeam(teamId: string): Promise<string[]>;

  // ── Update log ───────────────────────────────────────────────────────────────────────────────────────

  /**
   * Stores one update and assigns it the team's next sequence number in the same transaction, so numbers
   * never repeat or skip, also under concurrent appends from several relay processes. Resolves only after
   * the commit is durable: the relay acknowledges `seq` to the device after this, and drops nothing it
   * acknowledged on a crash. Rejects with `not-found` for an unregistered doc (or unknown user or device),
   * and `doc-in-other-team` when the doc belongs to a team other than `teamId`.
   *
   * With a `ref`, the push (deviceId, ref) is recorded in the same transaction, under a unique key on
   * (device, ref), together with a digest of team, doc and update. Appending the same push again resolves
   * the original `seq` with `repeated: true` and appends nothing, also after compaction folded that row
   * (the record outlives the row). A concurrent second append of the same push must not commit a second
   * row: an engine with several writers (PostgreSQL) inserts the record with `ON CONFLICT DO NOTHING` (or
   * catches the unique violation), rolls its append back and answers the first one's `seq`. A recorded ref
   * with a different digest is a ref reused by a device whose database was recreated under the same
   * device id: that is a new update, appended as usual, and the record then names the new `seq`.
   */
  appendUpdate(update: NewUpdate): Promise<AppendResult>;
  /**
   * Group commit: appends every update of the batch in one transaction, with one durable commit, exactly as
   * `appendUpdate` would one after the other in the batch's order, and answers each in that order. Updates of
   * one team take consecutive numbers in batch order; a push (deviceId, ref) met twice, in the batch or
   * against the log, is appended once and answers the first `seq`. An update `appendUpdate` would refuse
   * (`invalid-input`, `not-found`, `doc-in-other-team`, `doc-erased`) is answered with that refusal, takes
   * no number and does not hold back the others (an unknown user or device, which the relay never
   * appends for, fails the whole batch). Resolves only after the commit is durable; when the
   * transaction fails, rejects and nothing of the batch is appended. Teams' log notices, where the engine
   * sends them, go with the commit, one per team naming its last new `seq`.
   */
  appendUpdates(updates: readonly NewUpdate[]): Promise<BatchAppendResult[]>;
  /**
   * Up to `limit` rows of the team's log with `seq > afterSeq`, ascending, for a device catching up from
   * its cursor. Rejects with `not-found` for an unknown team.
   */
  updatesSince(teamId: string, afterSeq: number, limit: number): Promise<UpdateBatch>;
  /**
   * Every stored update of the doc merged into one (Y.mergeUpdates), for answering a sync step 1. A
   * registered doc without updates yields an empty update; an unregistered doc rejects with `not-found`.
   */
  docState(docId: string): Promise<Uint8Array>;
  /** The last sequence number assigned in the team (0 before the first append). */
  latestSeq(teamId: string): Promise<number>;
  /**
   * Folds the doc's rows, except the newest `keepNewest` (default 0), into one row with Y.mergeUpdates, in
   * one transaction. The merged row takes the highest seq it contains, so a cursor below it still receives
   * everything it lacks (plus parts it already has, which Yjs ignores). The team's horizon then rises to
   * at least that seq. `docState` is unchanged by compaction.
   */
  compactDoc(docId: string, options?: { keepNewest?: number }): Promise<CompactionResult>;
  /**
   * The team's compaction horizon: the lowest cursor from which replaying `updatesSince` yields exactly the
   * updates the device lacks. A device whose cursor is below it would be sent whole compacted doc states,
   * so the relay prefers a per-doc state-vector handshake there (docs/architecture.md#sync-protocol). 0 until
   * the team's first compaction.
   */
  horizon(teamId: string): Promise<number>;

  /**
   * Begins a new epoch, with a fresh random id, in every team's log, starting after its latest seq. The relay
   * calls it once at every start, before it serves sync, so that a log restored from a backup (which needs a
   * start) never continues under an epoch devices have seen beyond the restored entries.
   */
  startLogEpochs(): Promise<void>;
  /** The team's newest `limit` epochs, the current one first; `[]` for an unknown team. */
  logEpochs(teamId: string, limit: number): Promise<LogEpoch[]>;

  // ── Facts projection (docs/architecture.md#reports) ──────────────────────────────────────────────────

  /**
   * Up to `limit` docs whose log holds an update with a higher `seq` than the one their stored facts were
   * computed from, or that have no stored facts yet, ordered by doc id. The log itself is the dirty marker:
   * an append needs no second write, and no append can be missed, also not one made by another process.
   */
  staleFacts(limit: number): Promise<StaleFacts[]>;
  /**
   * The doc's state (as `docState`) together with the highest `seq` it holds, read in one snapshot, so facts
   * computed from the state may be stored under that `seq`. Rejects with `not-found` for an unregistered doc.
   */
  docSnapshot(docId: string): Promise<{ state: Uint8Array; seq: number }>;
  /**
   * Stores the facts computed from the doc's log up to `seq` (`null`: the doc is no case file). Facts stored
   * from a higher `seq` are never replaced by older ones; facts of an erased doc are not stored (a round
   * of the projector that read it before its erasure). Rejects with `not-found` for an unregistered doc.
   */
  putFacts(docId: string, seq: number, facts: string | null): Promise<void>;
  /**
   * `putFacts` for several docs in one transaction (one durable write for a round of the projector); all or
   * nothing, so an unregistered doc rejects the whole batch with `not-found`.
   */
  putManyFacts(entries: readonly { docId: string; seq: number; facts: string | null }[]): Promise<void>;
  /** The stored facts (not `null`) of the teams' docs, ordered by doc id; unknown teams yield nothing. */
  factsOfTeams(teamIds: readonly string[]): Promise<StoredFacts[]>;
  /**
   * Which facts `factsOfTeams` would answer, without the facts themselves: so a reader that keeps facts
   * parsed in memory reads only the rows that changed (`factsOfDocs`).
   */
  factsVersionsOfTeams(teamIds: readonly string[]): Promise<FactsVersion[]>;
  /** The stored facts (not `null`) of the docs named, ordered by doc id; unknown docs yield nothing. */
  factsOfDocs(docIds: readonly string[]): Promise<StoredFacts[]>;
  /** Drops every stored fact, so that every doc is stale; resolves how many rows were dropped. */
  clearFacts(): Promise<number>;

  // ── Data lifecycle (docs/architecture.md#data-lifecycle) ─────────────────────────────────────────────

  /**
   * Erases a doc in one transaction: every row of it in its team's log (compacted ones included), its
   * facts, its push records, its Löschsperre and erasure request, and its registration; stores the
   * anonymous contribution, if any, without the doc id; and appends the erasure to the team's log under
   * the team's next `seq`, so that devices learn of it when they catch up. Afterwards no byte of the doc's
   * content remains in the store's files (an engine overwrites freed space and truncates its journal).
   * Rejects with `on-hold` while a Löschsperre is set, `doc-erased` when it was erased before, `not-found`
   * for an unregistered doc and `doc-in-other-team` when it belongs to another team.
   */
  eraseDoc(erasure: NewErasure): Promise<ErasureRecord>;
  /** The erasure record of the doc, if it was erased. */
  erasureOf(docId: string): Promise<ErasureRecord | undefined>;
  /** The team's erasures with `seq > afterSeq`, ascending, at most `limit` (a device catching up). */
  erasuresSince(teamId: string, afterSeq: number, limit: number): Promise<ErasureRecord[]>;
  /**
   * Sets (or replaces) the doc's Löschsperre. Rejects with `not-found` for an unregistered doc and with
   * `doc-erased` for an erased one.
   */
  setHold(hold: LegalHold): Promise<void>;
  /** Lifts the doc's Löschsperre; resolves whether there was one. */
  liftHold(docId: string): Promise<boolean>;
  holdOf(docId: string): Promise<LegalHold | undefined>;
  /** The Löschsperren of the teams' docs, ordered by doc id. */
  holdsOfTeams(teamIds: readonly string[]): Promise<LegalHold[]>;
  /**
   * Records a request to erase the doc. Rejects with `conflict` while one is open, `not-found` for an
   * unregistered doc and `doc-erased` for an erased one.
   */
  requestErasure(request: ErasureRequest): Promise<void>;
  erasureRequestOf(docId: string): Promise<ErasureRequest | undefined>;
  /** Drops the doc's open request (withdrawn or refused); resolves whether there was one. */
  dropErasureRequest(docId: string): Promise<boolean>;
  /** The open requests of the teams' docs, oldest first. */
  erasureRequestsOfTeams(teamIds: readonly string[]): Promise<ErasureRequest[]>;
  /** The anonymous contributions of erased cases of the teams, by id. */
  contributionsOfTeams(teamIds: readonly string[]): Promise<StoredContribution[]>;

  // ── Audit log ────────────────────────────────────────────────────────────────────────────────────────

  /**
   * Appends events in one transaction, in the given order; all or none are stored. Each event is chained to
   * the one before by a hash (`ChainedAuditEvent`), so a removed or altered event is detectable. No method
   * changes an event; only `cutAudit` removes the oldest ones, leaving an anchor.
   */
  appendAudit(events: readonly NewAuditEvent[]): Promise<void>;
  /** Up to `limit` events matching the filter, newest first. */
  listAudit(filter: AuditFilter): Promise<AuditBatch>;
  /** Up to `limit` events with `id > afterId` with their hashes, oldest first: the chain to verify. */
  auditChain(afterId: number, limit: number): Promise<ChainedAuditEvent[]>;
  /** The anchor the chain starts from after the last retention cut, if there was one. */
  auditAnchor(): Promise<AuditAnchor | undefined>;
  /**
   * Removes every event older than `before` (by `at`, from the oldest id on, stopping at the first younger
   * one) and records the last removed event's id and hash as the new anchor; resolves how many it removed.
   */
  cutAudit(before: number, at: number): Promise<number>;

  /** Releases the engine's resources. Idempotent; every later call rejects with `closed`. */
  close(): Promise<void>;
}

/** The store's teams, users, memberships, devices and refresh tokens: each engine's accounts part. */
export type AccountMethods =
  | 'createTeam'
  | 'listTeams'
  | 'createUser'
  | 'userByLogin'
  | 'userById'
  | 'listUsers'
  | 'setUserDisabled'
  | 'setPassword'
  | 'addMembership'
  | 'removeMembership'
  | 'teamsOf'
  | 'membersOf'
  | 'countUsers'
  | 'registerDevice'
  | 'deviceById'
  | 'revokeDevice'
  | 'devicesOf'
  | 'listDevices'
  | 'markDeviceSeen'
  | 'storeRefreshToken'
  | 'refreshTokenByHash'
  | 'markRefreshTokenUsed'
  | 'claimRefreshRetry'
  | 'revokeRefreshFamily'
  | 'revokeRefreshTokensOfDevice';

/** The store's team logs: docs, appends, catch-up, compaction and log epochs. */
export type LogMethods =
  | 'registerDoc'
  | 'teamOfDoc'
  | 'docsOfTeam'
  | 'appendUpdate'
  | 'appendUpdates'
  | 'updatesSince'
  | 'docState'
  | 'latestSeq'
  | 'compactDoc'
  | 'horizon'
  | 'startLogEpochs'
  | 'logEpochs';

/** The store's case facts for reports: each engine's facts part. */
export type FactsMethods =
  | 'staleFacts'
  | 'docSnapshot'
  | 'putFacts'
  | 'putManyFacts'
  | 'factsOfTeams'
  | 'factsVersionsOfTeams'
  | 'factsOfDocs'
  | 'clearFacts';

/** The store's data lifecycle: erasures, Löschsperren, erasure requests and anonymous contributions. */
export type LifecycleMethods =
  | 'eraseDoc'
  | 'erasureOf'
  | 'erasuresSince'
  | 'setHold'
  | 'liftHold'
  | 'holdOf'
  | 'holdsOfTeams'
  | 'requestErasure'
  | 'erasureRequestOf'
  | 'dropErasureRequest'
  | 'erasureRequestsOfTeams'
  | 'contributionsOfTeams';
