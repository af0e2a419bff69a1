import { createHash } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { BlobError, type BlobRef, type BlobState, type BlobStore } from './contract.ts';

/** The directory under `DATA_DIR` that holds attachments. */
export const BLOB_DIR_NAME = 'attachments';

const PART_SUFFIX = '.part';

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/**
 * The file engine of the blob store: `<root>/t_<team>/c_<case>/<hash>` for a stored blob and
 * `<hash>.<length>.part` beside it while it is uploaded. Ids are prefixed so that no id (`..`, `.`) can
 * name a directory of its own. A completed upload is hashed, synced to disk and renamed into place, so a
 * reader sees the whole blob or none. Calls on one blob run one after another.
 */
export class FileBlobStore implements BlobStore {
  readonly #root: string;
  readonly #queues = new Map<string, Promise<unknown>>();

  constructor(root: string) {
    this.#root = root;
  }

  async state(ref: BlobRef): Promise<BlobState | undefined> {
    return this.#serial(ref, () => this.#state(ref));
  }

  async begin(ref: BlobRef, length: number): Promise<BlobState> {
    return this.#serial(ref, async () => {
      const current = await this.#state(ref);
      if (current && (current.complete || current.length === length)) return current;
      if (current) await rm(this.#partPath(ref, current.length), { force: true });
      await mkdir(this.#caseDir(ref.teamId, ref.caseId), { recursive: true });
      const handle = await open(this.#partPath(ref, length), 'w');
      await handle.close();
      return { offset: 0, length, complete: false };
    });
  }

  async append(ref: BlobRef, offset: number, chunk: Uint8Array): Promise<BlobState> {
    return this.#serial(ref, async () => {
      const current = await this.#state(ref);
      if (!current) throw new BlobError('not-found', 'No upload was begun under this name.');
      if (current.complete || offset !== current.offset || offset + chunk.length > current.length) {
        throw new BlobError(
          'offset-mismatch',
          `The upload stands at ${current.offset} of ${current.length} bytes.`,
        );
      }
      const part = this.#partPath(ref, current.length);
      const handle = await open(part, 'a');
      try {
        await handle.write(chunk);
        await handle.sync();
      } finally {
        await handle.close();
      }
      const reached = offset + chunk.length;
      if (reached < current.length) return { offset: reached, length: current.length, complete: false };
      const bytes = await readFile(part);
      if (sha256(bytes) !== ref.hash) {
        await rm(part, { force: true });
        throw new BlobError(
          'hash-mismatch',
          'The bytes received do not have the SHA-256 they were sent under.',
        );
      }
      await rename(part, this.#blobPath(ref));
      await syncDir(this.#caseDir(ref.teamId, ref.caseId));
      return { offset: reached, length: reached, complete: true };
    });
  }

  async read(ref: BlobRef): Promise<Uint8Array> {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(this.#blobPath(ref));
    } catch (error) {
      if (isMissing(error)) throw new BlobError('not-found', 'No such attachment.');
      throw error;
    }
    if (sha256(bytes) !== ref.hash) {
      throw new BlobError('corrupt', 'The stored attachment no longer matches its SHA-256.');
    }
    return bytes;
  }

  async caseBytes(teamId: string, caseId: string): Promise<number> {
    let names: string[];
    try {
      names = await readdir(this.#caseDir(teamId, caseId));
    } catch (error) {
      if (isMissing(error)) return 0;
      throw error;
    }
    let total = 0;
    for (const name of names) {
      const part = parsePartName(name);
      if (part) total += part.length;
      else if (/^[0-9a-f]{64}$/.test(name)) {
        total += (await stat(path.join(this.#caseDir(teamId, caseId), name))).size;
      }
    }
    return total;
  }

  async eraseCase(teamId: string, caseId: string): Promise<number> {
    const dir = this.#caseDir(teamId, caseId);
    let names: string[];
    try {
      names = await readdir(dir);
    } catch (error) {
      if (isMissing(error)) return 0;
      throw error;
    }
    await rm(dir, { recursive: true, force: true });
    await syncDir(path.dirname(dir));
    return names.length;
  }

  async #state(ref: BlobRef): Promise<BlobState | undefined> {
    const complete = await sizeOf(this.#blobPath(ref));
    if (complete !== undefined) return { offset: complete, length: complete, complete: true };
    let names: string[];
    try {
      names = await readdir(this.#caseDir(ref.teamId, ref.caseId));
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
    for (const name of names) {
      const part = parsePartName(name);
      if (part?.hash !== ref.hash) continue;
      const offset = (await sizeOf(this.#partPath(ref, part.length))) ?? 0;
      return { offset, length: part.length, complete: false };
    }
    return undefined;
  }

  #caseDir(teamId: string, caseId: string): string {
    return path.join(this.#root, `t_${teamId}`, `c_${caseId}`);
  }

  #blobPath(ref: BlobRef): string {
    return path.join(this.#caseDir(ref.teamId, ref.caseId), ref.hash);
  }

  #partPath(ref: BlobRef, length: number): string {
    return path.join(this.#caseDir(ref.teamId, ref.caseId), `${ref.hash}.${length}${PART_SUFFIX}`);
  }

  /** Runs `task` after every earlier call on the same blob has settled. */
  #serial<T>(ref: BlobRef, task: () => Promise<T>): Promise<T> {
    const key = `${ref.teamId}/${ref.caseId}/${ref.hash}`;
    const previous = this.#queues.get(key) ?? Promise.resolve();
    const next = previous.then(task, task);
    const settled = next.catch(() => undefined);
    this.#queues.set(key, settled);
    void settled.then(() => {
      if (this.#queues.get(key) === settled) this.#queues.delete(key);
    });
    return next;
  }
}

function parsePartName(name: string): { hash: string; length: number } | undefined {
  const match = /^([0-9a-f]{64})\.(\d{1,15})\.part$/.exec(name);
  return match ? { hash: match[1] ?? '', length: Number(match[2]) } : undefined;
}

async function sizeOf(file: string): Promise<number | undefined> {
  try {
    return (await stat(file)).size;
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

/** Makes a rename in `dir` durable (on file systems that support syncing a directory). */
async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } catch {
    // Some file systems refuse fsync on a directory; the rename is still atomic there.
  } finally {
    await handle.close();
  }
}

function isMissing(error: unknown): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === 'ENOENT';
}
