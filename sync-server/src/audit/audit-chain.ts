import { createHash } from 'node:crypto';
import type { AuditDetail } from '../../../src/protocol/admin.ts';
import type { ChainedAuditEvent, NewAuditEvent, RelayStore } from '../storage/contract.ts';

/** The `prevHash` of the first event of a chain that was never cut. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields of an event the chain covers: all of them, with the id that orders them. */
export interface ChainedFields {
  id: number;
  at: number;
  kind: string;
  login: string | null;
  userId: string | null;
  deviceId: string | null;
  teamId: string | null;
  docId: string | null;
  code: string | null;
  address: string | null;
  detail: AuditDetail;
}

/** A new event's fields as the chain covers them, under the id it is stored with (absent fields as null). */
export function chainedFieldsOf(id: number, event: NewAuditEvent): ChainedFields {
  return {
    id,
    at: event.at,
    kind: event.kind,
    login: event.login ?? null,
    userId: event.userId ?? null,
    deviceId: event.deviceId ?? null,
    teamId: event.teamId ?? null,
    docId: event.docId ?? null,
    code: event.code ?? null,
    address: event.address ?? null,
    detail: event.detail ?? {},
  };
}

/**
 * The hash of one event: SHA-256 over the previous event's hash and the event's fields in a fixed order.
 * Changing any field, removing an event or putting one in between changes the hash of every event after it,
 * so a check from the anchor on finds the first place the log was touched.
 */
export function auditEventHash(prevHash: string, event: ChainedFields): string {
  const fields = [
    event.id,
    event.at,
    event.kind,
    event.login,
    event.userId,
    event.deviceId,
    event.teamId,
    event.docId,
    event.code,
    event.address,
    JSON.stringify(event.detail),
  ];
  return createHash('sha256').update(prevHash).update('\n').update(JSON.stringify(fields)).digest('hex');
}

/** What `verifyAuditChain` found. */
export interface ChainReport {
  /** Events whose hash was checked. */
  checked: number;
  /** Events written before the chain began (by a relay without it), at the start of the log. */
  unchained: number;
  /** Where the chain starts: the anchor of the last retention cut, if any. */
  anchor: { lastDroppedId: number; cutAt: number } | undefined;
  /** The first event at which the chain does not hold, and why; absent when all of it holds. */
  firstBreak?: { id: number; problem: string };
  /**
   * The newest event the chain reached intact, with its hash: recorded by an operator, it shows later
   * whether events were cut from the end (which leaves no gap in what remains). Absent for an empty chain.
   */
  head?: { id: number; hash: string };
}

const PAGE = 1_000;

/**
 * Walks the audit log from its anchor and checks each event against the one before it: the stored
 * `prevHash` must be the previous hash, the ids must follow without a gap, and the stored `hash` must be
 * what the fields hash to. A removed event shows as a gap or a `prevHash` that does not match; an altered
 * one as a hash that does not match its fields.
 */
export async function verifyAuditChain(store: RelayStore): Promise<ChainReport> {
  const anchor = await store.auditAnchor();
  let prevHash = anchor?.lastDroppedHash ?? GENESIS_HASH;
  let prevId = anchor?.lastDroppedId;
  let checked = 0;
  let unchained = 0;
  let chainStarted = false;
  let after = 0;
  const report = (firstBreak?: ChainReport['firstBreak']): ChainReport => ({
    checked,
    unchained,
    anchor: anchor && { lastDroppedId: anchor.lastDroppedId, cutAt: anchor.cutAt },
    ...(firstBreak ? { firstBreak } : {}),
    ...(prevId !== undefined && prevHash !== GENESIS_HASH ? { head: { id: prevId, hash: prevHash } } : {}),
  });
  for (;;) {
    const events: ChainedAuditEvent[] = await store.auditChain(after, PAGE);
    for (const event of events) {
      after = event.id;
      if (!chainStarted && event.hash === '' && anchor === undefined) {
        unchained += 1;
        prevId = event.id;
        continue;
      }
      if (!chainStarted && prevId === undefined && anchor === undefined && event.prevHash === GENESIS_HASH) {
        prevId = event.id - 1;
      }
      chainStarted = true;
      if (prevId !== undefined && event.id !== prevId + 1) {
        return report({ id: event.id, problem: `events ${prevId + 1} to ${event.id - 1} are missing` });
      }
      if (event.prevHash !== prevHash) {
        return report({ id: event.id, problem: 'it does not follow the event before it' });
      }
      const expected = auditEventHash(prevHash, event);
      if (event.hash !== expected) {
        return report({ id: event.id, problem: 'its content was changed after it was written' });
      }
      checked += 1;
      prevHash = event.hash;
      prevId = event.id;
    }
    if (events.length < PAGE) return report();
  }
}
