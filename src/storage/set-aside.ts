import { z } from 'zod';
import { isValidId } from '../protocol/sync.ts';
import { docUpdateRecord, type Codec } from './codec.ts';
import type { LotseDatabase, SetAsideRow } from './db.ts';
import { OutboxRowSchema } from './outbox.ts';

/** Why a change was set aside: a permanent error code of the relay, or `unreadable` on this device. */
export type SetAsideCause = string;

/** A set-aside change as the screens see it: what, when and why; never its content. */
export interface SetAsideChange {
  id: number;
  docId: string | null;
  teamId: string | null;
  cause: SetAsideCause;
  message: string;
  /** When the change was made on this device. */
  at: number;
  setAsideAt: number;
  /** Whether it can be sent again (false when this device cannot read it any more). */
  readable: boolean;
}

const SetAsideRowSchema = z.object({
  id: z.number().int(),
  docId: z.string().nullable(),
  teamId: z.string().nullable(),
  data: z.instanceof(Uint8Array).nullable(),
  cause: z.string(),
  message: z.string(),
  at: z.number(),
  setAsideAt: z.number(),
});

/**
 * Changes taken out of the outbox because the relay refused them for good, or because this device cannot
 * read them: they are no longer offered on every connection, and they are not lost either. Their content
 * stays codec output (re-encoded on the way in and out, never stored plain), until the person sends one
 * again or discards it.
 */
export class SetAsideStore {
  readonly #db: LotseDatabase;
  readonly #codec: Codec;

  constructor(db: LotseDatabase, codec: Codec) {
    this.#db = db;
    this.#codec = codec;
  }

  /**
   * Moves outbox row `id` here with its cause, in one transaction with its removal from the outbox.
   * Resolves false when the row was gone already (acknowledged, or set aside by another tab).
   */
  async takeFromOutbox(id: number, cause: SetAsideCause, message: string): Promise<boolean> {
    const raw: unknown = await this.#db.outbox.get(id);
    if (raw === undefined) return false;
    const parsed = OutboxRowSchema.safeParse(raw);
    const loose = (raw ?? {}) as { docId?: unknown; teamId?: unknown; at?: unknown };
    let data: Uint8Array | null = null;
    if (parsed.success) {
      try {
        // Decoded and encoded again, outside the transaction (an encrypting codec waits on WebCrypto). It
        // stays what it was, a Yjs update of its doc, and is bound to that doc like the outbox row was.
        const context = docUpdateRecord(parsed.data.docId);
        data = await this.#codec.encode(await this.#codec.decode(parsed.data.data, context), context);
      } catch {
        data = null;
      }
    }
    const row: SetAsideRow = {
      id,
      docId: typeof loose.docId === 'string' ? loose.docId : null,
      teamId: typeof loose.teamId === 'string' ? loose.teamId : null,
      data,
      ...(data === null ? { raw } : {}),
      cause,
      message,
      at: typeof loose.at === 'number' ? loose.at : Date.now(),
      setAsideAt: Date.now(),
    };
    return this.#db.transaction('rw', this.#db.outbox, this.#db.setAside, async () => {
      if ((await this.#db.outbox.get(id)) === undefined) return false;
      await this.#db.outbox.delete(id);
      await this.#db.setAside.put(row);
      return true;
    });
  }

  async list(): Promise<SetAsideChange[]> {
    const rows: unknown[] = await this.#db.setAside.toArray();
    const changes: SetAsideChange[] = [];
    for (const raw of rows) {
      const parsed = SetAsideRowSchema.safeParse(raw);
      if (!parsed.success) {
        const id = (raw as { id?: unknown } | null)?.id;
        if (typeof id !== 'number') continue;
        changes.push({
          id,
          docId: null,
          teamId: null,
          cause: 'unreadable',
          message: 'the set-aside record is damaged',
          at: 0,
          setAsideAt: 0,
          readable: false,
        });
        continue;
      }
      const { data, ...rest } = parsed.data;
      changes.push({ ...rest, readable: data !== null && rest.docId !== null && rest.teamId !== null });
    }
    return changes.sort((a, b) => a.at - b.at);
  }

  async count(): Promise<number> {
    return this.#db.setAside.count();
  }

  /**
   * Puts a set-aside change back into the outbox as a new row (a new push reference: the relay never stored
   * it), for example after an administrator fixed what made the relay refuse it. Resolves false when it
   * cannot be sent (unreadable) or is gone.
   */
  async sendAgain(id: number): Promise<boolean> {
    const parsed = SetAsideRowSchema.safeParse(await this.#db.setAside.get(id));
    if (!parsed.success) return false;
    const { data, docId, teamId } = parsed.data;
    if (data === null || docId === null || teamId === null || !isValidId(docId) || !isValidId(teamId)) {
      return false;
    }
    const context = docUpdateRecord(docId);
    const encoded = await this.#codec.encode(await this.#codec.decode(data, context), context);
    return this.#db.transaction('rw', this.#db.outbox, this.#db.setAside, async () => {
      if ((await this.#db.setAside.get(id)) === undefined) return false;
      await this.#db.setAside.delete(id);
      await this.#db.outbox.add({ docId, teamId, data: encoded, at: Date.now() });
      return true;
    });
  }

  /** Deletes a set-aside change for good; the person confirmed it. */
  async discard(id: number): Promise<void> {
    await this.#db.setAside.delete(id);
  }
}
