import {
  attachmentPath,
  UPLOAD_CHUNK_BYTES,
  UPLOAD_CHUNK_CONTENT_TYPE,
  UPLOAD_HEADERS,
  UploadStateSchema,
  type UploadState,
} from '../protocol/attachments.ts';
import { isErrorCode, isPermanent, type ErrorCode } from '../protocol/errors.ts';
import type { AttachmentStore } from '../storage/attachment-store.ts';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.ts';

/** What the queue needs of the device's attachments. */
export type UploadQueueStore = Pick<AttachmentStore, 'waiting' | 'sealed' | 'markUploaded' | 'markRefused'>;

export interface UploaderOptions {
  store: UploadQueueStore;
  baseUrl: string;
  /** The session's token source: `forceRefresh` renews a token the relay did not accept. */
  getAccessToken: (options?: { forceRefresh?: boolean }) => Promise<string | null>;
  fetchImpl?: typeof fetch;
  chunkBytes?: number;
  backoff?: BackoffOptions;
  /** Told after every chunk the relay accepted. */
  onProgress?: (hash: string, sent: number, total: number) => void;
  /** Told when an attachment is stored on the relay, or refused for good (with the relay's code). */
  onSettled?: (hash: string, outcome: 'uploaded' | ErrorCode) => void;
  /** Told when an attempt failed for now (no connection, relay busy); the queue tries again later. */
  onPaused?: (reason: string) => void;
}

/** Refusals after which the same upload would be refused again: the attachment is set aside with its cause. */
const SET_ASIDE: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['case-attachments-full']);

class Pause extends Error {
  override name = 'Pause';
}

class Refused extends Error {
  override name = 'Refused';
  constructor(readonly code: ErrorCode) {
    super(code);
  }
}

/**
 * The background queue that uploads attachments (docs/architecture.md#attachments): one at a time, in
 * chunks, each resumed at the offset the relay reports, so a cut connection costs at most one chunk. It
 * runs on its own HTTP requests, apart from the sync socket: a photo never waits for doc sync, nor doc sync
 * for a photo. A failure for now (offline, relay restarting) pauses the queue with backoff; `nudge` (a new
 * attachment, the browser back online) starts it again at once.
 */
export class AttachmentUploader {
  readonly #options: UploaderOptions;
  readonly #fetch: typeof fetch;
  #draining: Promise<void> | undefined;
  #again = false;
  #attempt = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;

  constructor(options: UploaderOptions) {
    this.#options = options;
    this.#fetch = options.fetchImpl ?? ((input, init) => fetch(input, init));
  }

  /** Uploads what is waiting, now; a drain already running goes on with whatever was added. */
  nudge(): Promise<void> {
    this.#attempt = 0;
    return this.#start();
  }

  #start(): Promise<void> {
    if (this.#stopped) return Promise.resolve();
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#draining) {
      this.#again = true;
      return this.#draining;
    }
    this.#draining = this.#drain().finally(() => {
      this.#draining = undefined;
      if (this.#again) {
        this.#again = false;
        void this.#start();
      }
    });
    return this.#draining;
  }

  /** Whether an upload is under way. */
  get busy(): boolean {
    return this.#draining !== undefined;
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
  }

  async #drain(): Promise<void> {
    for (;;) {
      if (this.#stopped) return;
      const [next] = await this.#options.store.waiting();
      if (!next) return;
      try {
        await this.#upload(next.hash, next.docId, next.teamId);
        this.#attempt = 0;
      } catch (error) {
        if (error instanceof Refused) {
          await this.#options.store.markRefused(next.hash, error.code);
          this.#options.onSettled?.(next.hash, error.code);
          continue;
        }
        const reason = error instanceof Error ? error.message : String(error);
        this.#options.onPaused?.(reason);
        const delay = backoffDelay(this.#attempt, this.#options.backoff ?? DEFAULT_BACKOFF);
        this.#attempt += 1;
        this.#timer = setTimeout(() => void this.#start(), delay);
        return;
      }
    }
  }

  async #upload(hash: string, docId: string, teamId: string): Promise<void> {
    const sealed = await this.#options.store.sealed(hash);
    if (!sealed) throw new Refused('not-found');
    const path = attachmentPath(teamId, docId, hash);
    let state = await this.#call(path, 'POST', { [UPLOAD_HEADERS.length]: String(sealed.length) });
    const chunkBytes = this.#options.chunkBytes ?? UPLOAD_CHUNK_BYTES;
    while (!state.complete) {
      const chunk = sealed.subarray(state.offset, state.offset + chunkBytes);
      try {
        state = await this.#call(
          path,
          'PATCH',
          { [UPLOAD_HEADERS.offset]: String(state.offset), 'content-type': UPLOAD_CHUNK_CONTENT_TYPE },
          chunk,
        );
      } catch (error) {
        // Another tab or an earlier attempt got further (or less far) than we thought: ask where it stands.
        if (!(error instanceof Refused) || error.code !== 'upload-offset-mismatch') throw error;
        state = await this.#call(path, 'POST', { [UPLOAD_HEADERS.length]: String(sealed.length) });
      }
      this.#options.onProgress?.(hash, state.offset, state.length);
    }
    await this.#options.store.markUploaded(hash);
    this.#options.onSettled?.(hash, 'uploaded');
  }

  /** One request, with the token renewed once if the relay calls it expired. Answers the upload's state. */
  async #call(
    path: string,
    method: 'POST' | 'PATCH',
    headers: Record<string, string>,
    body?: Uint8Array,
  ): Promise<UploadState> {
    for (let renewed = false; ; renewed = true) {
      // Rejects when the token ran out and the relay cannot renew it now: a pause, like no connection.
      const token = await this.#options
        .getAccessToken(renewed ? { forceRefresh: true } : {})
        .catch((error: unknown) => {
          throw new Pause(`no token: ${(error as Error).message}`);
        });
      if (!token) throw new Pause('no session');
      let response: Response;
      try {
        response = await this.#fetch(new URL(path, this.#options.baseUrl), {
          method,
          headers: { ...headers, authorization: `Bearer ${token}` },
          ...(body ? { body: body as Uint8Array<ArrayBuffer> } : {}),
        });
      } catch (error) {
        throw new Pause(`no connection: ${(error as Error).message}`);
      }
      const answer: unknown = await response.json().catch(() => undefined);
      if (response.ok) {
        const parsed = UploadStateSchema.safeParse(answer);
        if (!parsed.success) throw new Pause('the relay answered unexpectedly');
        return parsed.data;
      }
      const code = (answer as { error?: unknown } | undefined)?.error;
      if (!isErrorCode(code)) throw new Pause(`the relay answered ${response.status}`);
      if ((code === 'token-expired' || code === 'unauthenticated') && !renewed) continue;
      if (code === 'upload-offset-mismatch') throw new Refused(code);
      if (isPermanent(code) || SET_ASIDE.has(code)) throw new Refused(code);
      throw new Pause(code);
    }
  }
}
