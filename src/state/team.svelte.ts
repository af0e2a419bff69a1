import type * as Y from 'yjs';
import type { WriteOptions } from '../domain/case-doc.ts';
import type { ReadProblem } from '../domain/case-file.ts';
import type { BarrierCategory, Partner, PartnerInput, PartnerPatch } from '../domain/schema/team.ts';
import {
  barrierCategoryLabel,
  EMPTY_TEAM,
  partnerDisplayName,
  pickable,
  teamDocId,
  type TeamDirectory,
} from '../domain/team-directory.ts';
import { vocabularyRights, type VocabularyList, type VocabularyRights } from '../domain/team-vocabulary.ts';
import { refused, type WriteResult } from '../domain/write-result.ts';
import { STORAGE_ORIGIN, SYNC_ORIGIN } from '../protocol/origin.ts';
import type { DeviceStore } from './device-store.ts';
import { docRuntime, loadDocRuntime } from './doc-runtime-loader.ts';
import { locale } from './locale.svelte.ts';

export type TeamStatus = 'loading' | 'ready' | 'failed';

/**
 * The team's shared data (partner directory, barrier categories): one Y.Doc per team, stored on the device
 * like a case file. Holds a validated plain reading of the doc that is renewed on every change, and the
 * mutators the screens call.
 */
class TeamState {
  #doc: Y.Doc | undefined;
  #id: string | undefined;
  #stopTracking: (() => void) | undefined;
  #writeOptions: WriteOptions = {};
  #team = $state.raw<TeamDirectory>(EMPTY_TEAM);
  #problems = $state.raw<ReadProblem[]>([]);
  #status = $state<TeamStatus>('loading');
  #error = $state<string | null>(null);
  #pendingWrites = $state(0);
  #saveError = $state<string | null>(null);

  readonly #partners = $derived(this.#team.partners);
  readonly #activePartners = $derived(pickable(this.#team.partners));
  readonly #categories = $derived(this.#team.barrierCategories);
  readonly #activeCategories = $derived(pickable(this.#team.barrierCategories));

  get status(): TeamStatus {
    return this.#status;
  }

  /** Why the team doc could not be opened. */
  get error(): string | null {
    return this.#error;
  }

  /** Values in the team doc that failed validation; shown, never hiding the rest. */
  get problems(): ReadProblem[] {
    return this.#problems;
  }

  /** Every partner, archived ones included, in the order of the doc. */
  get partners(): Partner[] {
    return this.#partners;
  }

  /** Partners to offer when a new referral or step is recorded. */
  get activePartners(): Partner[] {
    return this.#activePartners;
  }

  /** Every barrier category, archived ones included. */
  get categories(): BarrierCategory[] {
    return this.#categories;
  }

  /** Categories to offer when a barrier is recorded. */
  get activeCategories(): BarrierCategory[] {
    return this.#activeCategories;
  }

  /** The organisation's reviewed consent translations, imported by coordination. */
  get consentTranslations(): TeamDirectory['consentTranslations'] {
    return this.#team.consentTranslations;
  }

  /** Changes not yet on disk. */
  get pendingWrites(): number {
    return this.#pendingWrites;
  }

  /** Why the last write to disk failed; the change is still in memory. */
  get saveError(): string | null {
    return this.#saveError;
  }

  /** Opens the team doc of the device's user, creating and storing it on first use. */
  async init(store: DeviceStore): Promise<void> {
    this.#close();
    this.#status = 'loading';
    const id = teamDocId(store.user.teamId);
    this.#id = id;
    // The user id, as for case files: the member directory names it.
    this.#writeOptions = { actor: store.user.id };
    try {
      const { Y, teamDoc } = await loadDocRuntime();
      // The team's doc syncs with the team, like its cases; assigned before anything is appended.
      if (store.user.syncsTeam) await store.docs.assignTeam(id, store.user.teamId);
      const loaded = await store.docs.load(id);
      let doc: Y.Doc;
      if (loaded.seq === 0) {
        const created = teamDoc.createTeamDoc(store.user.teamId);
        if (!created.ok) throw new Error(created.error.issues.map((issue) => issue.message).join(' '));
        doc = created.value;
        // Only the seed, which every device derives alike: stored and sent, but no one's unsent change.
        await store.docs.appendSeed(id, Y.encodeStateAsUpdate(doc));
      } else {
        // The store hands out docs without a guid; the team doc is known by its id when it syncs.
        doc = new Y.Doc({ guid: id });
        Y.applyUpdate(doc, Y.encodeStateAsUpdate(loaded.doc), STORAGE_ORIGIN);
      }
      this.#doc = doc;
      this.#stopTracking = store.docs.track(id, doc, {
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
      });
      doc.on('update', this.#read);
      this.#read();
      this.#status = 'ready';
    } catch (error) {
      this.#status = 'failed';
      this.#error = error instanceof Error ? error.message : String(error);
      console.error('Opening the team directory failed', error);
    }
  }

  /** Updates from the relay, already stored by the sync engine, for the open team doc. */
  applyRemote(docId: string, updates: readonly Uint8Array[]): void {
    if (!this.#doc || docId !== this.#id || updates.length === 0) return;
    const { Y } = docRuntime();
    Y.applyUpdate(this.#doc, updates.length === 1 ? updates[0]! : Y.mergeUpdates([...updates]), SYNC_ORIGIN);
  }

  partner(id: string | undefined): Partner | undefined {
    return id === undefined ? undefined : this.#team.partners.find((partner) => partner.id === id);
  }

  /** Partners for a picker: the active ones, plus `chosen` when a record already holds an archived one. */
  partnerChoices(chosen?: string): Partner[] {
    return chosen ? pickable(this.#team.partners, chosen) : this.#activePartners;
  }

  /** Categories for a picker: the active ones, plus `chosen` when a barrier already holds an archived one. */
  categoryChoices(chosen?: string): BarrierCategory[] {
    return chosen ? pickable(this.#team.barrierCategories, chosen) : this.#activeCategories;
  }

  /** The name of a partner by id; an unknown id reads "Unbekannter Partner: …" with the stored value. */
  partnerName(id: string): string {
    return partnerDisplayName(this.#team, id, locale.current);
  }

  /** The label of a barrier category by id; an unknown id reads "Unbekannte Kategorie: …". */
  categoryLabel(id: string): string {
    return barrierCategoryLabel(this.#team, id, locale.current);
  }

  /** A case manager's new partner is a proposal: usable at once, confirmed by coordination. */
  addPartner(input: PartnerInput): WriteResult<string> {
    return this.#write((doc, opts) =>
      docRuntime().teamDoc.addPartner(doc, input, { ...opts, propose: true }),
    );
  }

  updatePartner(id: string, patch: PartnerPatch): WriteResult {
    return this.#write((doc, opts) => docRuntime().teamDoc.updatePartner(doc, id, patch, opts));
  }

  archivePartner(id: string): WriteResult {
    return this.#write((doc, opts) => docRuntime().teamDoc.archivePartner(doc, id, opts));
  }

  restorePartner(id: string): WriteResult {
    return this.#write((doc, opts) => docRuntime().teamDoc.restorePartner(doc, id, opts));
  }

  /** A case manager's new category is a proposal, like a new partner. */
  addCategory(label: string): WriteResult<string> {
    return this.#write((doc, opts) =>
      docRuntime().teamDoc.addBarrierCategory(doc, label, { ...opts, propose: true }),
    );
  }

  renameCategory(id: string, label: string): WriteResult {
    return this.#write((doc, opts) => docRuntime().teamDoc.renameBarrierCategory(doc, id, label, opts));
  }

  archiveCategory(id: string): WriteResult {
    return this.#write((doc, opts) => docRuntime().teamDoc.archiveBarrierCategory(doc, id, opts));
  }

  restoreCategory(id: string): WriteResult {
    return this.#write((doc, opts) => docRuntime().teamDoc.restoreBarrierCategory(doc, id, opts));
  }

  /** What the signed-in case manager may do to `entry`: rename, archive, restore (the relay's rule). */
  rights(list: VocabularyList, entry: Partner | BarrierCategory): VocabularyRights {
    return vocabularyRights(list, entry, this.#writeOptions.actor ?? '');
  }

  /**
   * Every write is a case manager's (only they open the team doc): tried on a copy first and refused, with
   * nothing written, when it needs coordination (docs/architecture.md#team-vocabulary).
   */
  #write<T>(fn: (doc: Y.Doc, opts: WriteOptions) => WriteResult<T>): WriteResult<T> {
    const actor = this.#writeOptions.actor;
    if (!this.#doc || actor === undefined) return refused('refused', 'team-not-ready');
    return docRuntime().writeAsCaseManager(this.#doc, actor, (draft) => fn(draft, this.#writeOptions));
  }

  #read = (): void => {
    if (!this.#doc) return;
    const { team, problems } = docRuntime().readTeam(this.#doc);
    this.#team = team;
    this.#problems = problems;
  };

  #close(): void {
    this.#stopTracking?.();
    this.#stopTracking = undefined;
    this.#doc?.off('update', this.#read);
    this.#doc = undefined;
    this.#id = undefined;
  }

  reset(): void {
    this.#close();
    this.#team = EMPTY_TEAM;
    this.#problems = [];
    this.#status = 'loading';
    this.#error = null;
    this.#pendingWrites = 0;
    this.#saveError = null;
  }
}

export const team = new TeamState();
