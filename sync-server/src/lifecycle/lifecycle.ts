import type { Logger } from 'pino';
import type * as Y from 'yjs';
import { anonymousContribution } from '../../../src/domain/case-contribution.ts';
import { caseFacts, caseFactsSchema, dayOf } from '../../../src/domain/case-facts.ts';
import { COORDINATION_LOG_ID } from '../../../src/domain/coordination-doc.ts';
import type { IsoDate } from '../../../src/domain/dates.ts';
import {
  DEFAULT_RETENTION,
  isDue,
  isDueWithin,
  retentionOf,
  type RetentionRule,
  type RetentionRules,
} from '../../../src/domain/retention.ts';
import {
  ACCESS_KINDS,
  ACCESS_LIST_MAX,
  type AccessAnswer,
  type CaseLifecycle,
  type PendingAnswer,
} from '../../../src/protocol/lifecycle.ts';
import type { AuditTrail } from '../audit/audit-trail.ts';
import { catchUpFacts } from '../reports/facts-projector.ts';
import { isStoreError, type ErasureRecord, type RelayStore } from '../storage/contract.ts';
import { clientDocId, docKey } from '../sync/doc-key.ts';
import type { SyncCore } from '../sync/sync-core.ts';

/**
 * The relay's side of the data lifecycle (docs/architecture.md#data-lifecycle): which cases are due, their
 * erasure when their retention period has ended (a sweep at start and periodically), the Löschsperre, and
 * erasure on request with a second person's confirmation. Who may do what is checked by the callers (HTTP
 * routes, the admin CLI) with the rules below; this class records every step in the audit log.
 */

/** Who acts: a signed-in person, the relay's own sweep, or an operator at the admin CLI. */
export type Actor =
  | { kind: 'person'; userId: string; login: string; role: string; teamIds: ReadonlySet<string> }
  | { kind: 'relay' }
  | { kind: 'operator' };

/** A case whose retention period ends within the window asked for (or has ended). */
export interface DueCase {
  teamId: string;
  /** The client's doc id within the team. */
  docId: string;
  rule: RetentionRule;
  keepUntil: IsoDate;
  dueOn: IsoDate;
  /** A Löschsperre keeps it. */
  held: boolean;
}

export interface LifecycleOptions {
  retention: RetentionRules;
  /** Days an audit event is kept. */
  auditRetentionDays: number;
  /** How often the sweep runs, besides at start. */
  sweepMs: number;
  now: () => number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The calendar day in Germany at `now`: a period ends at midnight where the case managers work. */
export function berlinToday(now: number): IsoDate {
  const day = dayOf(new Date(now).toISOString());
  if (day === undefined) throw new Error(`no calendar day for ${now}`);
  return day;
}

/** Why an erasure on request or a hold change is refused, as a stable code and an English message. */
export class LifecycleRefusal extends Error {
  override name = 'LifecycleRefusal';
  constructor(
    readonly code: 'forbidden' | 'not-found' | 'conflict' | 'on-hold' | 'doc-erased' | 'bad-request',
    message: string,
  ) {
    super(message);
  }
}

// ── Who may do what (docs/architecture.md#data-lifecycle) ──────────────────────────────────────────────

const isMember = (actor: Actor, teamId: string) => actor.kind === 'person' && actor.teamIds.has(teamId);
const isCoordinationOf = (actor: Actor, teamId: string) =>
  actor.kind === 'person' && actor.role === 'coordination' && actor.teamIds.has(teamId);
const isAdmin = (actor: Actor) =>
  actor.kind === 'operator' || (actor.kind === 'person' && actor.role === 'admin');

/** A Löschsperre may be set by the team's case managers and coordination, and by admins. */
export const maySetHold = (actor: Actor, teamId: string): boolean =>
  isAdmin(actor) ||
  (actor.kind === 'person' && actor.role === 'case-manager' && isMember(actor, teamId)) ||
  isCoordinationOf(actor, teamId);
/** Lifting it lets the erasure run again: the team's coordination and admins, not case managers. */
export const mayLiftHold = (actor: Actor, teamId: string): boolean =>
  isAdmin(actor) || isCoordinationOf(actor, teamId);
/** Erasure on request is asked for by a case manager of the team, who knows the person. */
export const mayRequestErasure = (actor: Actor, teamId: string): boolean =>
  actor.kind === 'person' && actor.role === 'case-manager' && isMember(actor, teamId);
/** …and confirmed by a second person: the team's coordination or an admin, never the one who asked. */
export const mayConfirmErasure = (actor: Actor, teamId: string, requestedBy: string): boolean =>
  (isAdmin(actor) || isCoordinationOf(actor, teamId)) &&
  !(actor.kind === 'person' && actor.userId === requestedBy);
/** The due list: coordination sees counts of its teams, admins see doc ids and dates, nobody content. */
export const maySeeDueCounts = (actor: Actor, teamId: string): boolean =>
  isAdmin(actor) || isCoordinationOf(actor, teamId);

const actorId = (actor: Actor): string | null => (actor.kind === 'person' ? actor.userId : null);
const actorLogin = (actor: Actor): string | null =>
  actor.kind === 'person' ? actor.login : actor.kind === 'operator' ? 'admin-cli' : null;

export class Lifecycle {
  readonly #core: SyncCore;
  readonly #store: RelayStore;
  readonly #audit: AuditTrail;
  readonly #log: Logger;
  readonly #options: LifecycleOptions;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<unknown> | undefined;
  #closed = false;

  constructor(core: SyncCore, audit: AuditTrail, log: Logger, options: Partial<LifecycleOptions> = {}) {
    this.#core = core;
    this.#store = core.store;
    this.#audit = audit;
    this.#log = log;
    this.#options = {
      retention: DEFAULT_RETENTION,
      auditRetentionDays: 730,
      sweepMs: 60 * 60 * 1000,
      now: Date.now,
      ...options,
    };
  }

  /** Sweeps once now (what fell due while the relay was down) and then every `sweepMs`. */
  start(): void {
    this.#timer = setInterval(() => void this.#sweepInBackground(), this.#options.sweepMs);
    this.#timer.unref();
    void this.#sweepInBackground();
  }

  /** Stops the timer and waits for a sweep in flight; the erasure under way finishes, the rest waits. */
  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    await this.#running;
  }

  /**
   * Cases of the teams whose retention period ends within `withinDays` of today (or has ended), from
   * facts brought up to date first. Held ones are listed as such.
   */
  async due(teamIds: readonly string[], withinDays = 30): Promise<DueCase[]> {
    await catchUpFacts(this.#store, this.#log);
    return dueCases(
      this.#store,
      teamIds,
      this.#options.retention,
      berlinToday(this.#options.now()),
      withinDays,
    );
  }

  /**
   * Erases every case of every team whose period has ended and that no Löschsperre holds, one after the
   * other, letting sockets in between; then cuts the audit log to its retention. Resolves what it did.
   */
  async sweep(): Promise<{ erased: number; held: number; failed: number; auditCut: number }> {
    const teams = (await this.#store.listTeams())
      .map((team) => team.id)
      .filter((id) => id !== COORDINATION_LOG_ID);
    const result = { erased: 0, held: 0, failed: 0, auditCut: 0 };
    for (const entry of await this.due(teams, 0)) {
      if (this.#closed) break;
      if (entry.held) {
        result.held += 1;
        continue;
      }
      try {
        const record = await this.eraseDue(entry.teamId, entry.docId);
        if (record) result.erased += 1;
      } catch (error) {
        if (isStoreError(error, 'on-hold')) result.held += 1;
        else {
          result.failed += 1;
          this.#log.error({ err: error, team: entry.teamId }, 'erasing a due case failed');
        }
      }
      // Erasures share the event loop with the pushes: one at a time, with I/O let in after each.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    result.auditCut = await this.cutAudit();
    return result;
  }

  /**
   * Erases one case whose retention period has ended, checked again on the doc with every append so far
   * (a case reopened since the facts were projected is kept). Resolves the record, or `undefined` when it
   * was not due after all.
   */
  async eraseDue(teamId: string, docId: string): Promise<ErasureRecord | undefined> {
    const today = berlinToday(this.#options.now());
    let rule: RetentionRule | undefined;
    const record = await this.#core.erase(teamId, docId, (doc) => {
      const facts = caseFacts(doc);
      if (facts === undefined) return undefined;
      const retention = retentionOf(facts, this.#options.retention);
      if (retention.state !== 'period' || !isDue(retention, today)) return undefined;
      rule = retention.rule;
      return {
        erasedAt: this.#options.now(),
        reason: 'retention',
        rule: retention.rule,
        requestedBy: null,
        confirmedBy: null,
        contribution: JSON.stringify(anonymousContribution(facts)),
      };
    });
    if (record === undefined) {
      this.#audit.record({ kind: 'erasure-skipped', teamId, docId, detail: { why: 'not-due-any-more' } });
      return undefined;
    }
    this.#audit.record({
      kind: 'case-erased',
      teamId,
      docId,
      detail: { reason: 'retention', rule: rule ?? '', seq: record.seq },
    });
    return record;
  }

  /** A case's retention, Löschsperre and open request, as its team's case managers see it. */
  async caseStatus(teamId: string, docId: string): Promise<CaseLifecycle> {
    const key = docKey(teamId, docId);
    if ((await this.#store.erasureOf(key)) !== undefined) {
      throw new LifecycleRefusal('doc-erased', 'The case was erased.');
    }
    if ((await this.#store.teamOfDoc(key)) !== teamId)
      throw new LifecycleRefusal('not-found', 'There is no such case.');
    await catchUpFacts(this.#store, this.#log);
    const [row] = await this.#store.factsOfDocs([key]);
    const parsed = row === undefined ? undefined : caseFactsSchema.safeParse(safeJson(row.facts));
    const retention = parsed?.success ? retentionOf(parsed.data, this.#options.retention) : undefined;
    const hold = await this.#store.holdOf(key);
    const request = await this.#store.erasureRequestOf(key);
    return {
      retention:
        retention?.state === 'period'
          ? { rule: retention.rule, keepUntil: retention.keepUntil, dueOn: retention.dueOn }
          : null,
      hold: hold ? { reason: hold.reason, setBy: hold.setBy, setAt: hold.setAt } : null,
      request: request
        ? { reason: request.reason, requestedBy: request.requestedBy, requestedAt: request.requestedAt }
        : null,
    };
  }

  /**
   * Who received or changed the case on the relay, and when, from the audit log: for the Auskunft
   * (Art. 15 DSGVO). Only the case managers of its team may read it; the reading is audited too.
   */
  async accessList(actor: Actor, teamId: string, docId: string): Promise<AccessAnswer> {
    if (!(actor.kind === 'person' && actor.role === 'case-manager' && isMember(actor, teamId))) {
      throw new LifecycleRefusal('forbidden', 'Only the case managers of the team see who accessed a case.');
    }
    const key = docKey(teamId, docId);
    if ((await this.#store.erasureOf(key)) !== undefined) {
      throw new LifecycleRefusal('doc-erased', 'The case was erased.');
    }
    if ((await this.#store.teamOfDoc(key)) !== teamId)
      throw new LifecycleRefusal('not-found', 'There is no such case.');
    await this.#audit.flush();
    const kinds: ReadonlySet<string> = new Set(ACCESS_KINDS);
    const entries: AccessAnswer['entries'] = [];
    let beforeId: number | undefined;
    let truncated = false;
    for (;;) {
      const batch = await this.#store.listAudit({
        teamId,
        docId,
        limit: 500,
        ...(beforeId === undefined ? {} : { beforeId }),
      });
      for (const event of batch.events) {
        if (!kinds.has(event.kind)) continue;
        if (entries.length === ACCESS_LIST_MAX) {
          truncated = true;
          break;
        }
        entries.push({
          at: event.at,
          userId: event.userId,
          login: event.login,
          kind: event.kind as (typeof ACCESS_KINDS)[number],
        });
      }
      if (truncated || !batch.more) break;
      beforeId = batch.events.at(-1)?.id;
      if (beforeId === undefined) break;
    }
    this.#record(actor, 'case-access-listed', teamId, docId, { entries: entries.length });
    return { entries, truncated };
  }

  /** Open erasure requests and Löschsperren of the teams: what coordination or an admin decides on. */
  async pending(teamIds: readonly string[]): Promise<PendingAnswer> {
    const named = <T extends { teamId: string; docId: string }>(rows: T[]) =>
      rows.flatMap((row) => {
        const docId = clientDocId(row.teamId, row.docId);
        return docId === undefined ? [] : [{ ...row, docId }];
      });
    const requests = named(await this.#store.erasureRequestsOfTeams(teamIds));
    const holds = named(await this.#store.holdsOfTeams(teamIds));
    const names = new Map<string, string | null>();
    for (const id of [...requests.map((r) => r.requestedBy), ...holds.map((h) => h.setBy)]) {
      if (!names.has(id)) names.set(id, (await this.#store.userById(id))?.displayName ?? null);
    }
    return {
      requests: requests.map(({ teamId, docId, reason, requestedBy, requestedAt }) => ({
        teamId,
        docId,
        reason,
        requestedBy,
        requestedByName: names.get(requestedBy) ?? null,
        requestedAt,
      })),
      holds: holds.map(({ teamId, docId, reason, setBy, setAt }) => ({
        teamId,
        docId,
        reason,
        setBy,
        setByName: names.get(setBy) ?? null,
        setAt,
      })),
    };
  }

  /** Sets (or replaces) a case's Löschsperre. */
  async setHold(actor: Actor, teamId: string, docId: string, reason: string): Promise<void> {
    if (!maySetHold(actor, teamId))
      throw new LifecycleRefusal('forbidden', 'You may not set a Löschsperre here.');
    const text = reason.trim();
    if (text.length === 0 || text.length > 500) {
      throw new LifecycleRefusal('bad-request', 'A Löschsperre needs a reason of 1–500 characters.');
    }
    await this.#refused(() =>
      this.#store.setHold({
        docId: docKey(teamId, docId),
        teamId,
        reason: text,
        setBy: actorId(actor) ?? 'admin-cli',
        setAt: this.#options.now(),
      }),
    );
    this.#record(actor, 'legal-hold-set', teamId, docId, { reason: text });
  }

  /** Lifts a case's Löschsperre; resolves whether there was one. */
  async liftHold(actor: Actor, teamId: string, docId: string): Promise<boolean> {
    if (!mayLiftHold(actor, teamId)) {
      throw new LifecycleRefusal(
        'forbidden',
        'Only coordination of the team or an admin lifts a Löschsperre.',
      );
    }
    const lifted = await this.#store.liftHold(docKey(teamId, docId));
    if (lifted) this.#record(actor, 'legal-hold-lifted', teamId, docId, {});
    return lifted;
  }

  /** The first step of an erasure on request (Art. 17 DSGVO). */
  async requestErasure(actor: Actor, teamId: string, docId: string, reason: string): Promise<void> {
    if (!mayRequestErasure(actor, teamId)) {
      throw new LifecycleRefusal('forbidden', 'Erasure is requested by a case manager of the team.');
    }
    const text = reason.trim();
    if (text.length === 0 || text.length > 500) {
      throw new LifecycleRefusal('bad-request', 'A request needs a reason of 1–500 characters.');
    }
    await this.#refused(() =>
      this.#store.requestErasure({
        docId: docKey(teamId, docId),
        teamId,
        reason: text,
        requestedBy: actorId(actor) ?? '',
        requestedAt: this.#options.now(),
      }),
    );
    this.#record(actor, 'erasure-requested', teamId, docId, { reason: text });
  }

  /** The second step: another person with the right confirms, and the case is erased at once. */
  async confirmErasure(actor: Actor, teamId: string, docId: string): Promise<ErasureRecord> {
    const request = await this.#store.erasureRequestOf(docKey(teamId, docId));
    if (request === undefined || request.teamId !== teamId) {
      throw new LifecycleRefusal('not-found', 'There is no open erasure request for this case.');
    }
    if (!mayConfirmErasure(actor, teamId, request.requestedBy)) {
      throw new LifecycleRefusal(
        'forbidden',
        'A second person confirms: coordination of the team or an admin, not the one who asked.',
      );
    }
    const record = await this.#refused(() =>
      this.#core.erase(teamId, docId, (doc) => {
        const facts = caseFacts(doc);
        return {
          erasedAt: this.#options.now(),
          reason: 'request',
          rule: null,
          requestedBy: request.requestedBy,
          confirmedBy: actorId(actor) ?? 'admin-cli',
          contribution: facts === undefined ? null : contributionOf(doc),
        };
      }),
    );
    if (record === undefined) throw new Error('an erasure on request was not carried out');
    this.#record(actor, 'case-erased', teamId, docId, {
      reason: 'request',
      requestedBy: request.requestedBy,
      seq: record.seq,
    });
    return record;
  }

  /** Withdraws (the requester) or refuses (who could confirm) an open request. */
  async dropRequest(actor: Actor, teamId: string, docId: string): Promise<boolean> {
    const request = await this.#store.erasureRequestOf(docKey(teamId, docId));
    if (request === undefined || request.teamId !== teamId) return false;
    const own = actor.kind === 'person' && actor.userId === request.requestedBy;
    if (!own && !mayConfirmErasure(actor, teamId, request.requestedBy)) {
      throw new LifecycleRefusal('forbidden', 'You may not withdraw this request.');
    }
    const dropped = await this.#store.dropErasureRequest(docKey(teamId, docId));
    if (dropped) this.#record(actor, 'erasure-request-dropped', teamId, docId, {});
    return dropped;
  }

  /** Removes audit events older than the retention behind an anchor; resolves how many. */
  async cutAudit(): Promise<number> {
    await this.#audit.flush();
    const now = this.#options.now();
    const cut = await this.#store.cutAudit(now - this.#options.auditRetentionDays * DAY_MS, now);
    if (cut > 0) {
      this.#audit.record({
        kind: 'audit-cut',
        detail: { removed: cut, days: this.#options.auditRetentionDays },
      });
    }
    return cut;
  }

  #record(
    actor: Actor,
    kind:
      | 'legal-hold-set'
      | 'legal-hold-lifted'
      | 'erasure-requested'
      | 'erasure-request-dropped'
      | 'case-erased'
      | 'case-access-listed',
    teamId: string,
    docId: string,
    detail: Record<string, string | number>,
  ): void {
    this.#audit.record({ kind, userId: actorId(actor), login: actorLogin(actor), teamId, docId, detail });
  }

  /** Turns the store's refusals into the lifecycle's. */
  async #refused<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (isStoreError(error, 'not-found')) throw new LifecycleRefusal('not-found', 'There is no such case.');
      if (isStoreError(error, 'doc-in-other-team'))
        throw new LifecycleRefusal('not-found', 'There is no such case.');
      if (isStoreError(error, 'doc-erased')) throw new LifecycleRefusal('doc-erased', 'The case was erased.');
      if (isStoreError(error, 'on-hold')) {
        throw new LifecycleRefusal('on-hold', 'A Löschsperre keeps the case; lift it first.');
      }
      if (isStoreError(error, 'conflict')) {
        throw new LifecycleRefusal('conflict', 'An erasure of this case was requested already.');
      }
      throw error;
    }
  }

  #sweepInBackground(): Promise<unknown> {
    if (this.#closed || this.#running !== undefined) return this.#running ?? Promise.resolve();
    this.#running = this.sweep()
      .then(
        (result) => {
          if (result.erased + result.failed + result.auditCut > 0) this.#log.info(result, 'lifecycle sweep');
        },
        (error: unknown) => this.#log.error({ err: error }, 'the lifecycle sweep failed'),
      )
      .finally(() => (this.#running = undefined));
    return this.#running;
  }
}

/**
 * The cases of the teams whose retention period ends within `withinDays` of `today` (or has ended), from
 * their stored facts, oldest due first. The caller brings the facts up to date first.
 */
export async function dueCases(
  store: RelayStore,
  teamIds: readonly string[],
  rules: RetentionRules,
  today: IsoDate,
  withinDays: number,
): Promise<DueCase[]> {
  const held = new Set((await store.holdsOfTeams(teamIds)).map((hold) => hold.docId));
  const due: DueCase[] = [];
  for (const row of await store.factsOfTeams(teamIds)) {
    const parsed = caseFactsSchema.safeParse(safeJson(row.facts));
    if (!parsed.success) continue;
    const retention = retentionOf(parsed.data, rules);
    if (retention.state !== 'period' || !isDueWithin(retention, today, withinDays)) continue;
    const docId = clientDocId(row.teamId, row.docId);
    if (docId === undefined) continue;
    due.push({
      teamId: row.teamId,
      docId,
      rule: retention.rule,
      keepUntil: retention.keepUntil,
      dueOn: retention.dueOn,
      held: held.has(row.docId),
    });
  }
  return due.sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.docId.localeCompare(b.docId));
}

/**
 * What an erasure stores for the reports, from the doc's state: the anonymous contribution of its facts,
 * or `null` for a doc that is no case file.
 */
export function contributionOf(doc: Y.Doc): string | null {
  const facts = caseFacts(doc);
  return facts === undefined ? null : JSON.stringify(anonymousContribution(facts));
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
