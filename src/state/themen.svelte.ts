import type * as Y from 'yjs';
import type { WriteOptions } from '../domain/case-doc.ts';
import type { CoordinationView } from '../domain/coordination-doc.ts';
import { COORDINATION_DOC_ID, COORDINATION_LOG_ID } from '../domain/doc-kinds.ts';
import type { ThemaInput } from '../domain/schema/coordination.ts';
import type { ThemaStatus } from '../domain/vocabulary.ts';
import { ok, refused, type WriteResult } from '../domain/write-result.ts';
import { LOCAL_ORIGIN, STORAGE_ORIGIN, SYNC_ORIGIN } from '../protocol/origin.ts';
import type { ConflictCheck, ConflictChoice, OpenConflict, UncheckedNotice } from '../sync/conflict-check.ts';
import type { DeviceStore } from './device-store.ts';
import { docRuntime, loadDocRuntime } from './doc-runtime-loader.ts';

export type ThemenStatus = 'loading' | 'ready' | 'failed';

/** A title or report link written on this device and another at the same time (see `conflicts`). */
export type ThemenConflict = OpenConflict;

/** A barrier report as a Thema links it: which report, of which team, from which case (its pseudonym). */
export interface ReportRef {
  reportId: string;
  teamId: string;
  caseKey: string;
}

const EMPTY: CoordinationView = { meta: {}, themen: [], links: new Map(), unreadable: 0 };

/**
 * Coordination's Themen on the coordinator's device (docs/architecture.md#themen): the coordination doc,
 * stored like a case file in the person's encrypted database and synced in the coordination log, so the
 * screen works offline and edits go out when the device is back online. Holds a validated plain reading
 * of the doc, renewed on every change, and the mutators the screen calls.
 */
class ThemenState {
  #store: DeviceStore | undefined;
  #doc: Y.Doc | undefined;
  #stopTracking: (() => void) | undefined;
  #writeOptions: WriteOptions = {};
  #view = $state.raw<CoordinationView>(EMPTY);
  #status = $state<ThemenStatus>('loading');
  #error = $state<string | null>(null);
  #pendingWrites = $state(0);
  #saveError = $state<string | null>(null);
  #conflictCheck: ConflictCheck | undefined;
  #stopConflicts: (() => void) | undefined;
  #conflicts = $state.raw<OpenConflict[]>([]);
  #unchecked = $state.raw<UncheckedNotice[]>([]);

  get status(): ThemenStatus {
    return this.#status;
  }

  /** The person's device store, once open (the screen keeps the relay's answers in it). */
  get store(): DeviceStore | undefined {
    return this.#store;
  }

  get error(): string | null {
    return this.#error;
  }

  /** The Themen, their history and the reports linked to them, as read from the doc. */
  get view(): CoordinationView {
    return this.#view;
  }

  /** Changes not yet on disk. */
  get pendingWrites(): number {
    return this.#pendingWrites;
  }

  /** Why the last write to disk failed; the change is still in memory. */
  get saveError(): string | null {
    return this.#saveError;
  }

  /**
   * Titles and report links written on this device and, at the same time, on another coordinator's: the
   * doc keeps one value, the person decides (docs/architecture.md#themen).
   */
  get conflicts(): OpenConflict[] {
    return this.#conflicts;
  }

  /** Changes from the relay stored without the conflict check, because the check failed. */
  get unchecked(): UncheckedNotice[] {
    return this.#unchecked;
  }

  /** Settles a notice: writes the chosen value again unless the doc holds it already. */
  async resolveConflict(conflictId: number, choice: ConflictChoice): Promise<WriteResult> {
    if (!this.#doc || !this.#conflictCheck) return refused('refused', 'themen-not-ready');
    const result = await this.#conflictCheck.resolve(
      this.#doc,
      COORDINATION_DOC_ID,
      conflictId,
      choice,
      this.#writeOptions,
    );
    if (result.ok) this.#conflicts = this.#conflicts.filter((conflict) => conflict.id !== conflictId);
    return result;
  }

  async dismissUnchecked(noticeId: number): Promise<void> {
    await this.#conflictCheck?.dismissUnchecked(COORDINATION_DOC_ID, noticeId);
  }

  /**
   * Opens the coordination doc from the device store (empty until the first Thema or the first sync). With
   * `conflicts`, the titles and links this device writes are recorded for the conflict check, and its
   * notices are watched.
   */
  async init(store: DeviceStore, conflicts?: ConflictCheck): Promise<void> {
    this.#close();
    this.#status = 'loading';
    this.#store = store;
    this.#conflictCheck = conflicts;
    this.#writeOptions = { actor: store.user.id };
    try {
      const { Y } = await loadDocRuntime();
      // Assigned before anything is appended, so every change also lands in the outbox.
      await store.docs.assignTeam(COORDINATION_DOC_ID, COORDINATION_LOG_ID);
      const loaded = await store.docs.load(COORDINATION_DOC_ID);
      const doc = new Y.Doc({ guid: COORDINATION_DOC_ID });
      if (loaded.seq > 0) Y.applyUpdate(doc, Y.encodeStateAsUpdate(loaded.doc), STORAGE_ORIGIN);
      this.#doc = doc;
      this.#stopTracking = store.docs.track(
        COORDINATION_DOC_ID,
        doc,
        {
          queued: () => {
            this.#pendingWrites += 1;
          },
          stored: () => {
            this.#pendingWrites -= 1;
            this.#saveError = null;
          },
          failed: (error) => {
            this.#pendingWrites -= 1;
            this.#saveError = error instanceof Error ? error.message : String(error);
          },
        },
        conflicts?.editsOf,
      );
      this.#stopConflicts = conflicts?.watch(COORDINATION_DOC_ID, (notices) => {
        this.#conflicts = notices.conflicts;
        this.#unchecked = notices.unchecked;
      });
      doc.on('update', this.#read);
      this.#read();
      this.#status = 'ready';
    } catch (error) {
      this.#status = 'failed';
      this.#error = error instanceof Error ? error.message : String(error);
      console.error('Opening the Themen failed', error);
    }
  }

  /** The device database could not be opened (private mode, storage blocked, disk full). */
  fail(error: unknown): void {
    this.#status = 'failed';
    this.#error = error instanceof Error ? error.message : String(error);
    console.error('Opening the device database for the Themen failed', error);
  }

  /** Updates from the relay, already stored by the sync engine. */
  applyRemote(docId: string, updates: readonly Uint8Array[]): void {
    if (!this.#doc || docId !== COORDINATION_DOC_ID || updates.length === 0) return;
    const { Y } = docRuntime();
    Y.applyUpdate(this.#doc, updates.length === 1 ? updates[0]! : Y.mergeUpdates([...updates]), SYNC_ORIGIN);
  }

  /** Starts a Thema and links `reports` to it, in one change. */
  create(input: ThemaInput, reports: readonly ReportRef[] = []): WriteResult<string> {
    return this.#write((doc, opts) => {
      const { createThema, linkReport } = docRuntime().coordinationDoc;
      let result: WriteResult<string> = refused('refused', 'item-not-found');
      doc.transact(() => {
        result = createThema(doc, input, opts);
        if (!result.ok) return;
        for (const report of reports) {
          const linked = linkReport(doc, result.value, report, opts);
          if (!linked.ok) {
            result = linked;
            return;
          }
        }
      }, LOCAL_ORIGIN);
      return result;
    });
  }

  update(themaId: string, input: ThemaInput): WriteResult {
    return this.#write((doc, opts) => docRuntime().coordinationDoc.updateThema(doc, themaId, input, opts));
  }

  move(themaId: string, move: { status: ThemaStatus; on: string; text?: string }): WriteResult {
    return this.#write((doc, opts) => docRuntime().coordinationDoc.moveThema(doc, themaId, move, opts));
  }

  addEntry(themaId: string, entry: { kind: 'note' | 'decision'; on: string; text: string }): WriteResult {
    return this.#write((doc, opts) => {
      const added = docRuntime().coordinationDoc.addThemaEntry(doc, themaId, entry, opts);
      return added.ok ? ok(undefined) : added;
    });
  }

  /** Links reports to a Thema (moving any that fed another one), in one change. */
  link(themaId: string, reports: readonly ReportRef[]): WriteResult {
    return this.#write((doc, opts) => {
      let result: WriteResult = ok(undefined);
      doc.transact(() => {
        for (const report of reports) {
          result = docRuntime().coordinationDoc.linkReport(doc, themaId, report, opts);
          if (!result.ok) return;
        }
      }, LOCAL_ORIGIN);
      return result;
    });
  }

  unlink(reportId: string): WriteResult {
    return this.#write((doc, opts) => docRuntime().coordinationDoc.unlinkReport(doc, reportId, opts));
  }

  #write<T>(fn: (doc: Y.Doc, opts: WriteOptions) => WriteResult<T>): WriteResult<T> {
    if (!this.#doc) return refused('refused', 'themen-not-ready');
    return fn(this.#doc, this.#writeOptions);
  }

  #read = (): void => {
    if (!this.#doc) return;
    this.#view = docRuntime().coordinationDoc.readCoordination(this.#doc);
  };

  #close(): void {
    this.#stopTracking?.();
    this.#stopTracking = undefined;
    this.#stopConflicts?.();
    this.#stopConflicts = undefined;
    this.#conflictCheck = undefined;
    this.#conflicts = [];
    this.#unchecked = [];
    this.#doc?.off('update', this.#read);
    this.#doc = undefined;
  }

  reset(): void {
    this.#close();
    this.#store = undefined;
    this.#view = EMPTY;
    this.#status = 'loading';
    this.#error = null;
    this.#pendingWrites = 0;
    this.#saveError = null;
  }
}

export const themen = new ThemenState();
