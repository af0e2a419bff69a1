import { COORDINATION_DOC_ID, isCaseDocId } from '../domain/doc-kinds.ts';
import { isTeamDocId } from '../domain/team-directory.ts';
import { isErrorCode, type ErrorCode } from '../protocol/errors.ts';

export type ConnectionState = 'offline' | 'connecting' | 'online' | 'refused';

/** What the sync engine tells the screens. A new object on every change, so it can be compared by identity. */
export interface SyncStatus {
  connection: ConnectionState;
  /** While a device loads what it lacks after connecting: log entries/docs received vs announced; null otherwise. */
  catchingUp: { done: number; total: number } | null;
  /** Outbox rows not yet acknowledged, all docs. */
  pendingTotal: number;
  /** Outbox rows per doc id. */
  pendingByDoc: ReadonlyMap<string, number>;
  /** Changes the relay refused for good (or this device cannot read), set aside and not counted as pending. */
  setAsideTotal: number;
  /** Last time every team was caught up and the outbox empty (persisted in cursors.syncedAt). */
  lastSyncedAt: number | null;
  /**
   * Why the relay refused the session (`connection` is then 'refused'; token-expired is handled silently by
   * refreshing), or, while `connection` stays 'online', why it refused a push for now (a transient code):
   * that change stays in the outbox and is retried on the next connection. Pushes refused for good are set
   * aside instead (`setAsideTotal`).
   */
  refusal: { code: ErrorCode; message: string } | null;
}

export const INITIAL_STATUS: SyncStatus = Object.freeze({
  connection: 'offline',
  catchingUp: null,
  pendingTotal: 0,
  pendingByDoc: new Map<string, number>(),
  setAsideTotal: 0,
  lastSyncedAt: null,
  refusal: null,
});

/**
 * What waits to be sent, as a person thinks of it: in how many cases, and whether the team directory
 * (partners, barrier categories) has changes too. Every pause in typing is one outbox row, so "42
 * Änderungen" after three edits would say nothing; the number of cases does.
 */
export interface UnsentScope {
  cases: number;
  teamDirectory: boolean;
  /** Coordination's Themen (the coordination doc). */
  themen: boolean;
}

export function unsentScope(pendingByDoc: ReadonlyMap<string, number>): UnsentScope {
  let cases = 0;
  let teamDirectory = false;
  let themen = false;
  for (const [docId, count] of pendingByDoc) {
    if (count <= 0) continue;
    if (isTeamDocId(docId)) teamDirectory = true;
    else if (docId === COORDINATION_DOC_ID) themen = true;
    else if (isCaseDocId(docId)) cases += 1;
  }
  return { cases, teamDirectory, themen };
}

/** A status as it crosses a BroadcastChannel: structured clone keeps a Map, but a plain shape is sturdier. */
export interface SerialisedStatus extends Omit<SyncStatus, 'pendingByDoc'> {
  pendingByDoc: [string, number][];
}

export function serialiseStatus(status: SyncStatus): SerialisedStatus {
  return { ...status, pendingByDoc: [...status.pendingByDoc] };
}

const CONNECTION_STATES: readonly ConnectionState[] = ['offline', 'connecting', 'online', 'refused'];

/** Reads a status another tab sent; anything malformed yields `undefined` (another app version, say). */
export function deserialiseStatus(value: unknown): SyncStatus | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const raw = value as Record<string, unknown>;
  if (!CONNECTION_STATES.includes(raw.connection as ConnectionState)) return undefined;
  if (typeof raw.pendingTotal !== 'number' || !Array.isArray(raw.pendingByDoc)) return undefined;
  const pendingByDoc = new Map<string, number>();
  for (const entry of raw.pendingByDoc as unknown[]) {
    if (!Array.isArray(entry) || typeof entry[0] !== 'string' || typeof entry[1] !== 'number')
      return undefined;
    pendingByDoc.set(entry[0], entry[1]);
  }
  const catchingUp = raw.catchingUp as SyncStatus['catchingUp'];
  const refusal = raw.refusal as SyncStatus['refusal'];
  return {
    connection: raw.connection as ConnectionState,
    catchingUp:
      catchingUp && typeof catchingUp.done === 'number' && typeof catchingUp.total === 'number'
        ? { done: catchingUp.done, total: catchingUp.total }
        : null,
    pendingTotal: raw.pendingTotal,
    pendingByDoc,
    setAsideTotal: typeof raw.setAsideTotal === 'number' ? raw.setAsideTotal : 0,
    lastSyncedAt: typeof raw.lastSyncedAt === 'number' ? raw.lastSyncedAt : null,
    refusal:
      refusal && isErrorCode(refusal.code) && typeof refusal.message === 'string'
        ? { code: refusal.code, message: refusal.message }
        : null,
  };
}
