import { SvelteMap, SvelteSet } from 'svelte/reactivity';
import { readCase } from '../domain/case-read.ts';
import { addItem } from '../domain/case-write-items.ts';
import { admitFile, photoName, sizeRefusal, typeOf, type AttachmentRefusal } from '../domain/attachments.ts';
import type { Attachment, AttachmentLinkPart } from '../domain/schema/attachments.ts';
import type { ErrorCode } from '../protocol/errors.ts';
import { AttachmentStore, isQuotaExceeded } from '../storage/attachment-store.ts';
import { openAttachment, sealAttachment, SealError } from '../storage/attachment-seal.ts';
import { fetchSealed } from '../sync/attachment-fetch.ts';
import { AttachmentUploader } from '../sync/attachment-uploads.ts';
import { KeyedQueue } from '../util/keyed-queue.ts';
import type { CaseSession } from './case-session.svelte.ts';
import { cases } from './cases.svelte.ts';
import type { DeviceStore } from './device-store.ts';
import { downscaleImage } from './image-downscale.ts';
import { session } from './session.svelte.ts';

/** Why attaching or opening did not work; the screen says each in German and English. */
export type AttachmentProblem =
  | AttachmentRefusal['code']
  | 'image-unreadable'
  | 'storage-full'
  | 'not-on-device-offline'
  | 'not-uploaded-yet'
  | 'damaged'
  | 'no-access'
  | 'failed';

export type AttachResult =
  { ok: true; id: string } | { ok: false; problem: AttachmentProblem; refusal?: AttachmentRefusal };

export type OpenResult = { ok: true; url: string; type: string } | { ok: false; problem: AttachmentProblem };

/** Where keeping a case's attachments on this device stands. */
export interface KeepState {
  /** Fetching what is missing is under way. */
  running: boolean;
  /** Attachments of the case this device does not hold yet (after the last attempt). */
  missing: number;
  /** Why some are missing: no connection, or not uploaded yet by the device they were made on. */
  problem?: AttachmentProblem;
}

/** Where an attachment stands on this device. */
export interface LocalAttachment {
  state: 'waiting' | 'uploaded' | 'fetched' | 'refused' | 'absent';
  cause?: string;
  sent?: number;
  total?: number;
}

/**
 * The case files' photos and documents on this device (docs/architecture.md#attachments): attaching (a
 * photo downscaled in a worker, sealed under its own key, stored encrypted, then described in the case
 * doc), the background upload queue with its progress, and opening one (from the device, or fetched from
 * the relay and kept for offline use, bounded).
 */
class AttachmentLibrary {
  #device: DeviceStore | undefined;
  #store: AttachmentStore | undefined;
  #uploader: AttachmentUploader | undefined;
  readonly #local = new SvelteMap<string, LocalAttachment>();
  readonly #kept = new SvelteSet<string>();
  readonly #keepStates = new SvelteMap<string, KeepState>();
  readonly #keeping = new KeyedQueue();
  #listening = false;

  /** Where the attachment stands here; `undefined` until `refresh` has looked. */
  local(hash: string): LocalAttachment | undefined {
    return this.#local.get(hash);
  }

  /** Reads from the device where the given attachments stand, e.g. when a case's list is shown. */
  async refresh(hashes: readonly string[]): Promise<void> {
    const store = this.#ensure();
    if (!store) return;
    for (const hash of hashes) {
      const stored = await store.state(hash);
      const current = this.#local.get(hash);
      const next: LocalAttachment = stored ? { ...stored } : { state: 'absent' };
      if (current?.sent !== undefined && next.state === 'waiting') {
        next.sent = current.sent;
        if (current.total !== undefined) next.total = current.total;
      }
      this.#local.set(hash, next);
    }
  }

  /**
   * Attaches a file to the case: checks type and size, downscales a photo, seals it, stores it on this
   * device and only then describes it in the case doc, so a failure at any step leaves the case as it was.
   */
  async attach(
    caseSession: CaseSession,
    file: File,
    options: { link?: { part: AttachmentLinkPart; id?: string }; fromCamera?: boolean } = {},
  ): Promise<AttachResult> {
    const store = this.#ensure();
    const device = this.#device;
    if (!store || !device) return { ok: false, problem: 'failed' };
    const admitted = admitFile(file);
    if (!admitted.ok) return { ok: false, problem: admitted.refusal.code, refusal: admitted.refusal };

    let plain: Uint8Array;
    let type: Attachment['type'];
    let dimensions: { width?: number; height?: number } = {};
    let name = file.name.trim() || photoName(new Date());
    if (admitted.kind === 'image') {
      try {
        const started = performance.now();
        const image = await downscaleImage(file);
        // Named so a benchmark or a DevTools trace can read how long a photo took in the worker.
        performance.measure('lotse:attachment-downscale', { start: started, end: performance.now() });
        plain = image.bytes;
        type = image.type;
        dimensions = { width: image.width, height: image.height };
      } catch (error) {
        console.error('An image could not be read', error);
        return { ok: false, problem: 'image-unreadable' };
      }
      if (options.fromCamera || !/\.jpe?g$/i.test(name)) {
        name = options.fromCamera ? photoName(new Date()) : `${name.replace(/\.[a-z0-9]+$/i, '')}.jpg`;
      }
    } else {
      plain = new Uint8Array(await file.arrayBuffer());
      type = typeOf(file) as Attachment['type'];
    }
    const held = caseSession.file.attachments.reduce((sum, item) => sum + item.storedSize, 0);
    const refusal = sizeRefusal(plain.length, held);
    if (refusal) return { ok: false, problem: refusal.code, refusal };

    const teamId = await device.docs.teamOf(caseSession.id);
    if (!teamId) return { ok: false, problem: 'failed' };
    const sealed = await sealAttachment(plain);
    try {
      await store.put({ hash: sealed.hash, docId: caseSession.id, teamId, state: 'waiting' }, sealed.sealed);
    } catch (error) {
      if (isQuotaExceeded(error)) return { ok: false, problem: 'storage-full' };
      console.error('Storing an attachment failed', error);
      return { ok: false, problem: 'failed' };
    }
    const link = options.link;
    const written = addItem(
      caseSession.doc,
      'attachments',
      {
        name: name.slice(0, 200),
        type,
        size: plain.length,
        storedSize: sealed.sealed.length,
        hash: sealed.hash,
        key: sealed.key,
        ...dimensions,
        ...(link ? { linkPart: link.part, ...(link.id ? { linkId: link.id } : {}) } : {}),
        addedAt: new Date().toISOString(),
        ...(caseSession.writeOptions.actor ? { addedBy: caseSession.writeOptions.actor } : {}),
      },
      caseSession.writeOptions,
    );
    if (!written.ok) return { ok: false, problem: 'failed' };
    this.#local.set(sealed.hash, { state: 'waiting' });
    void this.#uploader?.nudge();
    return { ok: true, id: written.value };
  }

  /** Opens an attachment: an object URL of the plain file, to show and release (`URL.revokeObjectURL`). */
  async open(caseId: string, attachment: Attachment): Promise<OpenResult> {
    const store = this.#ensure();
    const device = this.#device;
    if (!store || !device) return { ok: false, problem: 'failed' };
    let sealed = await store.sealed(attachment.hash);
    if (!sealed) {
      const teamId = await device.docs.teamOf(caseId);
      if (!teamId) return { ok: false, problem: 'failed' };
      const fetched = await fetchFromRelay(teamId, caseId, attachment.hash);
      if (!fetched.ok) return { ok: false, problem: problemOfFetch(fetched.error) };
      sealed = fetched.sealed;
      try {
        await store.put({ hash: attachment.hash, docId: caseId, teamId, state: 'fetched' }, sealed);
        await store.evictFetched();
        this.#local.set(attachment.hash, { state: 'fetched' });
      } catch (error) {
        // Shown all the same; it is fetched again next time.
        console.error('Keeping a fetched attachment on this device failed', error);
      }
    }
    try {
      const plain = await openAttachment(sealed, attachment.key);
      const blob = new Blob([plain as Uint8Array<ArrayBuffer>], { type: attachment.type });
      return { ok: true, url: URL.createObjectURL(blob), type: attachment.type };
    } catch (error) {
      if (error instanceof SealError) return { ok: false, problem: 'damaged' };
      throw error;
    }
  }

  /** Whether this device keeps the attachments of case `caseId` (as read by `loadKept`). */
  keptOffline(caseId: string): boolean {
    return this.#kept.has(caseId);
  }

  /** Where keeping the attachments of case `caseId` stands; `undefined` before the first attempt. */
  keepState(caseId: string): KeepState | undefined {
    return this.#keepStates.get(caseId);
  }

  /** Reads which cases this device keeps the attachments of. */
  async loadKept(): Promise<void> {
    const store = this.#ensure();
    if (!store) return;
    const kept = await store.keptOffline();
    for (const caseId of this.#kept) if (!kept.has(caseId)) this.#kept.delete(caseId);
    for (const caseId of kept) this.#kept.add(caseId);
  }

  /**
   * Keeps the attachments of a case on this device (for a home visit without a network) and fetches the
   * ones it does not hold yet, or lets them be evicted again like any fetched attachment.
   */
  async setKeptOffline(caseId: string, list: readonly Attachment[], keep: boolean): Promise<void> {
    const store = this.#ensure();
    if (!store) return;
    await store.setKeptOffline(caseId, keep);
    if (keep) {
      this.#kept.add(caseId);
      await this.keepUp(caseId, list);
    } else {
      this.#kept.delete(caseId);
      this.#keepStates.delete(caseId);
      await store.evictFetched();
    }
  }

  /**
   * Fetches the attachments of a kept case that this device does not hold, one after another. Without a
   * connection it stops at the first and says so; one not uploaded yet is skipped and tried next time.
   * Runs of one case follow each other, so a list that grew while one ran is looked at again after it.
   */
  keepUp(caseId: string, list: readonly Attachment[]): Promise<KeepState> {
    return this.#keeping.run(caseId, () => this.#fetchMissing(caseId, list));
  }

  /** Keeps up every kept case: at the start of the workspace and when the connection returns. */
  async keepUpAll(): Promise<void> {
    const device = this.#device;
    if (!this.#ensure() || !device) return;
    await this.loadKept();
    for (const caseId of [...this.#kept]) {
      try {
        const { doc } = await device.docs.load(caseId);
        const list = readCase(doc).file.attachments;
        doc.destroy();
        const state = await this.keepUp(caseId, list);
        if (state.problem === 'not-on-device-offline') return;
      } catch (error) {
        console.error('Keeping the attachments of a case on this device failed', error);
      }
    }
  }

  async #fetchMissing(caseId: string, list: readonly Attachment[]): Promise<KeepState> {
    const store = this.#ensure();
    const device = this.#device;
    if (!store || !device) return { running: false, missing: 0 };
    const absent: Attachment[] = [];
    for (const attachment of list)
      if ((await store.state(attachment.hash)) === undefined) absent.push(attachment);
    this.#keepStates.set(caseId, { running: absent.length > 0, missing: absent.length });
    const teamId = await device.docs.teamOf(caseId);
    let missing = absent.length;
    let problem: AttachmentProblem | undefined;
    for (const attachment of absent) {
      if (!teamId || !this.#kept.has(caseId)) break;
      const fetched = await fetchFromRelay(teamId, caseId, attachment.hash);
      if (!fetched.ok) {
        problem = problemOfFetch(fetched.error);
        // Without a connection the rest would fail the same way; one not uploaded yet is tried next time.
        if (problem === 'not-on-device-offline') break;
        continue;
      }
      try {
        await store.put({ hash: attachment.hash, docId: caseId, teamId, state: 'fetched' }, fetched.sealed);
      } catch (error) {
        problem = isQuotaExceeded(error) ? 'storage-full' : 'failed';
        if (problem === 'failed') console.error('Keeping an attachment on this device failed', error);
        break;
      }
      missing -= 1;
      this.#local.set(attachment.hash, { state: 'fetched' });
      this.#keepStates.set(caseId, { running: true, missing });
    }
    const state: KeepState = { running: false, missing, ...(missing > 0 && problem ? { problem } : {}) };
    if (this.#kept.has(caseId)) this.#keepStates.set(caseId, state);
    return state;
  }

  /** Queues an attachment the relay refused again, e.g. after space was freed. */
  async retry(hash: string): Promise<void> {
    const store = this.#ensure();
    if (!store) return;
    await store.retry(hash);
    this.#local.set(hash, { state: 'waiting' });
    void this.#uploader?.nudge();
  }

  /**
   * Starts uploading what waits from an earlier session, and fetching what kept cases miss; called once
   * the workspace is open.
   */
  start(): void {
    if (!this.#ensure()) return;
    void this.#uploader?.nudge();
    void this.keepUpAll();
  }

  #ensure(): AttachmentStore | undefined {
    const device = cases.store;
    if (!device) return undefined;
    if (device === this.#device && this.#store) return this.#store;
    this.#uploader?.stop();
    this.#device = device;
    this.#store = new AttachmentStore(device.db, device.codec);
    this.#uploader = new AttachmentUploader({
      store: this.#store,
      baseUrl: location.origin,
      getAccessToken: session.getAccessToken,
      onProgress: (hash, sent, total) => this.#local.set(hash, { state: 'waiting', sent, total }),
      // Paused (no connection): what was under way shows as waiting again, not as stuck at some percent.
      onPaused: () => {
        for (const [hash, local] of this.#local) {
          if (local.state === 'waiting' && local.sent !== undefined)
            this.#local.set(hash, { state: 'waiting' });
        }
      },
      onSettled: (hash, outcome) =>
        this.#local.set(
          hash,
          outcome === 'uploaded' ? { state: 'uploaded' } : { state: 'refused', cause: outcome },
        ),
    });
    if (!this.#listening && typeof window !== 'undefined') {
      this.#listening = true;
      window.addEventListener('online', () => {
        void this.#uploader?.nudge();
        void this.keepUpAll();
      });
    }
    return this.#store;
  }

  reset(): void {
    this.#uploader?.stop();
    this.#uploader = undefined;
    this.#store = undefined;
    this.#device = undefined;
    this.#local.clear();
    this.#kept.clear();
    this.#keepStates.clear();
  }
}

/** The sealed bytes of an attachment from the relay, for the signed-in person. */
function fetchFromRelay(teamId: string, caseId: string, hash: string): ReturnType<typeof fetchSealed> {
  return fetchSealed({
    baseUrl: location.origin,
    teamId,
    caseId,
    hash,
    getAccessToken: session.getAccessToken,
  });
}

function problemOfFetch(error: ErrorCode | 'network' | 'damaged' | 'no-session'): AttachmentProblem {
  switch (error) {
    case 'network':
    case 'no-session':
      return 'not-on-device-offline';
    case 'not-found':
      return 'not-uploaded-yet';
    case 'damaged':
      return 'damaged';
    case 'forbidden':
    case 'not-in-team':
      return 'no-access';
    default:
      return 'failed';
  }
}

export const attachments = new AttachmentLibrary();
