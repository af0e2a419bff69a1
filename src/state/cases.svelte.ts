import { SvelteMap } from 'svelte/reactivity';
import type * as Y from 'yjs';
import { buildSearchKey, type SearchKey } from '../domain/search.ts';
import { isCurrentSummary, type CaseSummary } from '../domain/summary.ts';
import { isCaseDocId } from '../domain/doc-kinds.ts';
import type { ItemInput } from '../domain/case-parts.ts';
import { addDays, localToday } from '../domain/dates.ts';
import type { CaseKind, ContactKind } from '../domain/vocabulary.ts';
import { invalidInput, ok, type WriteResult } from '../domain/write-result.ts';
import { SYNC_ORIGIN } from '../protocol/origin.ts';
import type { LogSize } from '../storage/doc-store.ts';
import type { QuarantinedRecord } from '../storage/quarantine.ts';
import type { ConflictCheck } from '../sync/conflict-check.ts';
import type { CaseSession } from './case-session.svelte.ts';
import type { DeviceStore, DeviceUser } from './device-store.ts';
import { docRuntime, loadDocRuntime } from './doc-runtime-loader.ts';
import { markStart } from './start-marks.ts';

export type { QuarantinedRecord };

export type LibraryStatus = 'loading' | 'ready' | 'failed';

/** What "Neuer Fall" asks for: the minimum to start, in under 30 seconds. */
export interface NewCaseInput {
  kind: CaseKind;
  familyName: string;
  givenNames: string;
  /**
   * The first contact, recorded as the first entry of the Beratungsverlauf. `note` is what it documents;
   * a contact without a note or topic is refused, so the screen says at least that the case was opened.
   */
  firstContact: { date: string; kind: ContactKind; note: string };
  /**
   * The decision on consent to case management, always explicit: given (the consent record, made from the
   * case management template, with its form and proof), not yet (a Wiedervorlage to obtain it is set), or
   * refused (then only a Kurzberatung is possible). Nothing is implied, no data category in particular.
   */
  consent: IntakeConsent;
}

export type IntakeConsent =
  { decision: 'given'; record: ItemInput<'consents'> } | { decision: 'not-yet' } | { decision: 'refused' };

/** Why a new case without any name is refused. */
export const NAME_MISSING = 'Bitte einen Namen eingeben.';

/**
 * How many case files no screen shows stay open: returning to one of the last few is instant, and a day of
 * opening cases on a tablet does not keep every doc of the day in memory.
 */
export const KEEP_OPEN = 5;

/** How many days after intake the Wiedervorlage to obtain a consent not yet given falls due. */
export const CONSENT_REMINDER_DAYS = 7;

/**
 * Every case on this device: summaries for the list, search and "Heute", and the open case files.
 * Summaries load in one read at start; a case's doc is read only when it is opened.
 */
class CaseLibrary {
  #store: DeviceStore | undefined;
  #conflicts: ConflictCheck | undefined;
  #status = $state<LibraryStatus>('loading');
  #error = $state<string | null>(null);
  #summaries = new SvelteMap<string, CaseSummary>();
  #quarantined = $state(0);
  #keys = new Map<string, SearchKey>();
  /** Open case files by id, the one opened longest ago first. */
  #sessions = new Map<string, Promise<CaseSession | undefined>>();
  /** Sessions already resolved, for synchronous questions such as "is anything unsaved?". */
  #openSessions = new Set<CaseSession>();
  /** How many screens show each case file now (`open` … `release`); a shown one is never closed. */
  #shown = new Map<string, number>();
  /** Cases the relay changed that are not open: their summaries are rebuilt one after another. */
  #staleSummaries = new Set<string>();
  #rebuilding: Promise<void> | undefined;

  get status(): LibraryStatus {
    return this.#status;
  }

  get error(): string | null {
    return this.#error;
  }

  get summaries(): ReadonlyMap<string, CaseSummary> {
    return this.#summaries;
  }

  /** Stored records that could not be read and were set aside (see Einstellungen). */
  get quarantined(): number {
    return this.#quarantined;
  }

  /** The records behind `quarantined`, with what was wrong with each. */
  async listQuarantined(): Promise<QuarantinedRecord[]> {
    return (await this.#store?.quarantine.list()) ?? [];
  }

  get user(): DeviceUser | undefined {
    return this.#store?.user;
  }

  get store(): DeviceStore | undefined {
    return this.#store;
  }

  searchKey(id: string): SearchKey {
    let key = this.#keys.get(id);
    if (!key) {
      const summary = this.#summaries.get(id);
      key = buildSearchKey(summary ?? { familyName: null, givenNames: null, aliases: [], caseNumber: null });
      this.#keys.set(id, key);
    }
    return key;
  }

  /**
   * Loads the summaries from the device store, then brings any that lag behind their doc up to date. With
   * `conflicts` (a device that syncs), open case files record their unsynced edits and show conflict notices.
   */
  async init(
    store: DeviceStore,
    options: { conflicts?: ConflictCheck; summaryRows?: Promise<unknown[]> } = {},
  ): Promise<void> {
    this.#store = store;
    this.#conflicts = options.conflicts;
    this.#status = 'loading';
    try {
      // The summaries may have been read already while the vault was unlocked; if that failed, again now.
      const rows = options.summaryRows?.catch(() => store.summaries.readRows()) ?? store.summaries.readRows();
      const [, { summaries, quarantined }] = await Promise.all([
        loadDocRuntime().then(() => markStart('doc-runtime')),
        rows.then((read) => store.summaries.decodeRows(read)),
      ]);
      markStart('summaries-read');
      this.#summaries.clear();
      this.#keys.clear();
      for (const [id, stored] of summaries) this.#summaries.set(id, stored.value);
      this.#status = 'ready';
      markStart('cases-ready');
      this.#warmSearchKeys();
      // A summary made by an earlier version counts as older than any change, so it is rebuilt.
      await this.#refreshStale(
        new Map([...summaries].map(([id, stored]) => [id, isCurrentSummary(stored.value) ? stored.seq : -1])),
      );
      this.#quarantined = await store.quarantine.count();
      if (quarantined > 0) console.warn(`${quarantined} unreadable case summaries were set aside`);
    } catch (error) {
      this.#status = 'failed';
      this.#error = error instanceof Error ? error.message : String(error);
      console.error('Loading the cases failed', error);
    }
  }

  /** The device database could not be opened (private mode, storage blocked, disk full). */
  fail(error: unknown): void {
    this.#status = 'failed';
    this.#error = error instanceof Error ? error.message : String(error);
    console.error('Opening the device database failed', error);
  }

  /** Opens a new case and stores it before returning; nothing is stored when the input is refused. */
  async create(input: NewCaseInput): Promise<WriteResult<string>> {
    const store = this.#requireStore();
    const built = this.#build(input);
    if (!built.ok) return built;
    const doc = built.value;
    const { Y } = docRuntime();
    const id = doc.guid;
    // Assigned before the first append, so that the append also lands in the outbox and is pushed.
    if (store.user.syncsTeam) await store.docs.assignTeam(id, store.user.teamId);
    const seq = await store.docs.append(id, Y.encodeStateAsUpdate(doc));
    await this.#saveSummary(id, doc, seq);
    this.#remember(id, this.#session(id, doc, seq));
    return ok(id);
  }

  /**
   * Whether `create` would accept `input`, storing nothing: the new-case screen asks before the client
   * signs, so that nobody signs for a case that is then refused for a missing name.
   */
  check(input: NewCaseInput): WriteResult<undefined> {
    const built = this.#build(input);
    if (!built.ok) return built;
    built.value.destroy();
    return ok(undefined);
  }

  #build(input: NewCaseInput): WriteResult<Y.Doc> {
    const store = this.#requireStore();
    const { createCaseDoc, addContact, addConsent, addReminder } = docRuntime();
    const actor = actorOf(store.user);
    if (!input.familyName.trim() && !input.givenNames.trim()) {
      return invalidInput([{ path: 'person.familyName', message: NAME_MISSING }]);
    }
    if (input.consent.decision === 'refused' && input.kind === 'case') {
      return invalidInput([
        {
          path: 'consent',
          message: 'Ohne Einwilligung in das Case-Management ist nur eine Kurzberatung möglich.',
        },
      ]);
    }
    const created = createCaseDoc({
      kind: input.kind,
      teamId: store.user.teamId,
      // The id, not the name: "Meine Fälle" must keep finding the case when the name is changed.
      createdBy: store.user.id,
      person: { familyName: input.familyName.trim(), givenNames: input.givenNames.trim() },
    });
    if (!created.ok) return created;
    const doc = created.value;
    const contact = addContact(
      doc,
      { date: input.firstContact.date, kind: input.firstContact.kind, note: input.firstContact.note },
      { actor },
    );
    if (!contact.ok) return prefixed(contact, 'firstContact');
    if (input.consent.decision === 'given') {
      const consent = addConsent(doc, input.consent.record, { actor });
      if (!consent.ok) return prefixed(consent, 'consent');
    } else if (input.consent.decision === 'not-yet') {
      const reminder = addReminder(
        doc,
        {
          due: addDays(localToday(), CONSENT_REMINDER_DAYS),
          text: 'Einwilligung in das Case-Management einholen',
        },
        { actor },
      );
      if (!reminder.ok) return prefixed(reminder, 'consent');
    }
    return ok(doc);
  }

  /**
   * The open case file `id`, loading it on first use; undefined when no such case is on this device. The
   * caller shows it until it calls `release(id)`; until then it stays open.
   */
  open(id: string): Promise<CaseSession | undefined> {
    // Team docs and Themen docs share the store with the cases but are none; a URL naming one finds no case.
    if (!isCaseDocId(id)) return Promise.resolve(undefined);
    let session = this.#sessions.get(id);
    // Opened again: it moves to the end, as the case file used most recently.
    this.#sessions.delete(id);
    if (!session) session = this.#load(id);
    this.#sessions.set(id, session);
    this.#shown.set(id, (this.#shown.get(id) ?? 0) + 1);
    return session;
  }

  /**
   * A screen no longer shows case `id`. The case file stays open for a quick return; of those no screen
   * shows, only the {@link KEEP_OPEN} used most recently do, and older ones close — never one with a change
   * not yet on disk, which closes at a later release once it is stored.
   */
  release(id: string): void {
    const shown = (this.#shown.get(id) ?? 0) - 1;
    if (shown > 0) this.#shown.set(id, shown);
    else this.#shown.delete(id);
    this.#closeLeastRecent();
  }

  /** How many case files are open now (shown, kept for a quick return, or loading). */
  get openCount(): number {
    return this.#sessions.size;
  }

  #closeLeastRecent(): void {
    let surplus = this.#sessions.size - this.#shown.size - KEEP_OPEN;
    for (const session of [...this.#openSessions].sort((a, b) => this.#age(a.id) - this.#age(b.id))) {
      if (surplus <= 0) return;
      if (this.#shown.has(session.id) || session.pendingWrites > 0 || session.saveError !== null) continue;
      session.close();
      this.#openSessions.delete(session);
      this.#sessions.delete(session.id);
      surplus -= 1;
    }
  }

  /** Where a case file stands in the order of use: 0 for the one opened longest ago. */
  #age(id: string): number {
    let index = 0;
    for (const key of this.#sessions.keys()) {
      if (key === id) return index;
      index += 1;
    }
    return index;
  }

  /** The live doc of an open case file, e.g. for the conflict check; undefined when the case is not open. */
  liveDoc(id: string): Y.Doc | undefined {
    for (const session of this.#openSessions) if (session.id === id) return session.doc;
    return undefined;
  }

  /** Writes every pending summary now, e.g. when the page is being hidden. */
  async flush(): Promise<void> {
    for (const pending of this.#sessions.values()) (await pending)?.flushSummary();
    await this.#store?.docs.flush();
  }

  async #load(id: string): Promise<CaseSession | undefined> {
    const store = this.#requireStore();
    const loaded = await store.docs.load(id);
    if (loaded.quarantined > 0) this.#quarantined = await store.quarantine.count();
    if (loaded.seq === 0) {
      this.#sessions.delete(id);
      return undefined;
    }
    const session = this.#session(id, loaded.doc, loaded.seq);
    this.#openSessions.add(session);
    if (loaded.log.rows > 1) this.#compactWhenIdle(store, session, loaded.log);
    return session;
  }

  /**
   * Merges a long log of an opened case into one record once the case is shown and the device is idle, so
   * the next opening decrypts and applies one record instead of hundreds. Only what was read is replaced
   * (see `DocStore.compact`), so nothing written meanwhile is lost; a failure leaves the log as it was.
   */
  #compactWhenIdle(store: DeviceStore, session: CaseSession, log: LogSize): void {
    const run = () => {
      if (store !== this.#store || !store.docs.compactionDue(log, session.doc)) return;
      store.docs.compact(session.id).catch((error: unknown) => {
        console.error(`Compacting the stored changes of case ${session.id} failed`, error);
      });
    };
    if (typeof globalThis.requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 5_000 });
    else setTimeout(run, 1_000);
  }

  #remember(id: string, session: CaseSession): void {
    this.#openSessions.add(session);
    this.#sessions.set(id, Promise.resolve(session));
  }

  #session(id: string, doc: Y.Doc, seq: number): CaseSession {
    const store = this.#requireStore();
    const { CaseSession } = docRuntime();
    const session: CaseSession = new CaseSession({
      id,
      doc,
      seq,
      actor: actorOf(store.user),
      track: (tracked, listener, editsOf) => store.docs.track(id, tracked, listener, editsOf),
      ...(this.#conflicts ? { conflicts: this.#conflicts } : {}),
      onSummaryDue: () => {
        void store.docs
          .flush()
          // The library may have been reset meanwhile (locked, another person): the summary is rebuilt from
          // the stored doc at the next start, which finds it lagging behind.
          .then(() => (store === this.#store ? this.#saveSummary(id, doc, session.lastSeq) : undefined))
          .catch((error: unknown) => console.error(`Saving the summary of case ${id} failed`, error));
      },
    });
    return session;
  }

  /**
   * Updates from the relay, already stored by the sync engine: an open case file applies them (with
   * SYNC_ORIGIN, so they are neither stored nor pushed again) and refreshes its summary itself; for every
   * other case the summary is rebuilt from the store, which is how a case new to this device enters the
   * list.
   */
  applyRemote(docId: string, updates: readonly Uint8Array[]): void {
    if (!isCaseDocId(docId) || updates.length === 0 || !this.#store) return;
    const pending = this.#sessions.get(docId);
    if (!pending) {
      this.#markStale(docId);
      return;
    }
    void pending.then(
      (session) => {
        if (!session) return this.#markStale(docId);
        const { Y } = docRuntime();
        const update = updates.length === 1 ? updates[0]! : Y.mergeUpdates([...updates]);
        Y.applyUpdate(session.doc, update, SYNC_ORIGIN);
      },
      (error: unknown) => console.error(`Applying remote changes to case ${docId} failed`, error),
    );
  }

  #markStale(docId: string): void {
    this.#staleSummaries.add(docId);
    this.#rebuilding ??= this.#rebuildStale().finally(() => {
      this.#rebuilding = undefined;
      if (this.#staleSummaries.size > 0) this.#markStale([...this.#staleSummaries][0]!);
    });
  }

  /** Rebuilds stale summaries one case at a time, yielding between cases so typing stays responsive. */
  async #rebuildStale(): Promise<void> {
    const store = this.#store;
    while (store && store === this.#store && this.#staleSummaries.size > 0) {
      const id = this.#staleSummaries.values().next().value as string;
      this.#staleSummaries.delete(id);
      // The case may have been opened meanwhile; its session keeps its own summary up to date then.
      if (this.#sessions.has(id)) continue;
      try {
        const loaded = await store.docs.load(id);
        if (loaded.quarantined > 0) this.#quarantined = await store.quarantine.count();
        if (loaded.seq > 0 && store === this.#store) await this.#saveSummary(id, loaded.doc, loaded.seq);
      } catch (error) {
        console.error(`The summary of case ${id} could not be rebuilt`, error);
      }
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  }

  /**
   * Cases the relay erased and the sync engine erased from the device: they leave the list and search, and
   * an open one is closed (it no longer writes anything; the store would refuse it anyway).
   */
  forget(ids: readonly string[]): void {
    for (const id of ids) {
      this.#summaries.delete(id);
      this.#keys.delete(id);
      this.#staleSummaries.delete(id);
      for (const session of this.#openSessions) {
        if (session.id !== id) continue;
        session.close({ discard: true });
        this.#openSessions.delete(session);
      }
      this.#sessions.delete(id);
    }
  }

  /** Resolves when every summary the relay's changes made stale is written again (tests, flush). */
  async settled(): Promise<void> {
    while (this.#rebuilding) await this.#rebuilding;
  }

  /** Writes a case whose last change failed to store once more, whole. */
  retrySave(session: CaseSession): Promise<void> {
    const store = this.#requireStore();
    return session.retrySave((update) => store.docs.append(session.id, update));
  }

  /** Changes of open cases not yet on disk; leaving the page now would lose them. */
  get pendingWrites(): number {
    let pending = 0;
    for (const session of this.#openSessions) pending += session.pendingWrites;
    return pending;
  }

  async #saveSummary(id: string, doc: Y.Doc, seq: number): Promise<void> {
    const store = this.#requireStore();
    const runtime = docRuntime();
    const summary = runtime.summarizeCase(runtime.readCase(doc), localToday());
    await store.summaries.put(id, summary, seq);
    this.#upsert(summary);
  }

  #upsert(summary: CaseSummary): void {
    this.#keys.delete(summary.id);
    this.#summaries.set(summary.id, summary);
  }

  /**
   * Builds the search keys in small slices while the device is idle, so the first keystroke of a search
   * does not pay for 1,000 of them at once.
   */
  #warmSearchKeys(): void {
    const ids = [...this.#summaries.keys()];
    const slice = (start: number) => {
      for (const id of ids.slice(start, start + 100)) this.searchKey(id);
      if (start + 100 < ids.length) setTimeout(() => slice(start + 100), 0);
    };
    setTimeout(() => slice(0), 0);
  }

  /** Summaries missing or older than their doc's last stored change are rebuilt from the doc. */
  async #refreshStale(summarySeqs: Map<string, number>): Promise<void> {
    const store = this.#requireStore();
    const latest = await store.docs.latestSeqs();
    for (const [id, seq] of latest) {
      // Team docs and Themen docs live in the same store but are not cases (src/domain/doc-kinds.ts).
      if (!isCaseDocId(id)) continue;
      if ((summarySeqs.get(id) ?? -1) >= seq) continue;
      // One unreadable doc must never keep the other cases from showing.
      try {
        const loaded = await store.docs.load(id);
        if (loaded.seq === 0) {
          // Nothing of this doc was readable; its records are in quarantine, its stale summary goes.
          await store.summaries.delete(id);
          this.#summaries.delete(id);
          continue;
        }
        await this.#saveSummary(id, loaded.doc, loaded.seq);
      } catch (error) {
        console.error(`The summary of case ${id} could not be rebuilt`, error);
      }
    }
  }

  #requireStore(): DeviceStore {
    if (!this.#store) throw new Error('The case library is used before the device store was opened.');
    return this.#store;
  }

  reset(): void {
    this.#store = undefined;
    this.#conflicts = undefined;
    this.#status = 'loading';
    this.#error = null;
    this.#summaries.clear();
    this.#quarantined = 0;
    this.#keys.clear();
    for (const session of this.#openSessions) session.close();
    this.#openSessions.clear();
    this.#sessions.clear();
    this.#shown.clear();
    this.#staleSummaries.clear();
  }
}

/**
 * Who a change is recorded as: the user id, which stays true when a name changes; screens show the name
 * from the team's member directory (`teamMembers.nameOf`). Changes recorded by earlier versions carry the
 * display name itself, which the directory shows as it is.
 */
function actorOf(user: DeviceUser): string {
  return user.id;
}

function prefixed<T>(result: WriteResult<unknown>, prefix: string): WriteResult<T> {
  if (result.ok) throw new Error('only refusals are prefixed');
  return invalidInput(
    result.error.issues.map((issue) => ({ ...issue, path: issue.path ? `${prefix}.${issue.path}` : prefix })),
  );
}

export const cases = new CaseLibrary();
