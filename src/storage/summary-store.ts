import type { z } from 'zod';
import { decodeJson, encodeJson, summaryRecord, type Codec } from './codec.ts';
import type { LotseDatabase } from './db.ts';
import { DocErasedError } from './erasures.ts';
import { Quarantine } from './quarantine.ts';
import { describeIssues, SummaryRowSchema } from './records.ts';

export interface StoredSummary<T> {
  value: T;
  /** The doc update sequence number the summary reflects. */
  seq: number;
}

/**
 * Per-doc summaries for lists and search, so that showing 1,000 cases does not mean opening 1,000 docs.
 * Summaries are derived data: a corrupt one is quarantined and can be rebuilt from its doc.
 */
export class SummaryStore<T> {
  readonly #db: LotseDatabase;
  readonly #codec: Codec;
  readonly #schema: z.ZodType<T>;
  readonly #quarantine: Quarantine;

  constructor(db: LotseDatabase, codec: Codec, schema: z.ZodType<T>) {
    this.#db = db;
    this.#codec = codec;
    this.#schema = schema;
    this.#quarantine = new Quarantine(db);
  }

  /** Stores the summary of `id`; rejects with `DocErasedError` for a doc the relay erased. */
  async put(id: string, value: T, seq: number): Promise<void> {
    const data = await encodeJson(this.#codec, value, summaryRecord(id));
    await this.#db.transaction('rw', this.#db.summaries, this.#db.erasures, async () => {
      if ((await this.#db.erasures.get(id)) !== undefined) throw new DocErasedError(id);
      await this.#db.summaries.put({ id, data, seq, at: Date.now() });
    });
  }

  /** Every readable summary; unreadable ones are quarantined and counted. */
  async all(): Promise<{ summaries: Map<string, StoredSummary<T>>; quarantined: number }> {
    return this.decodeRows(await this.readRows());
  }

  /**
   * The stored rows as they are, still encoded: reading them needs no key, so this may run while the
   * vault is still being unlocked (`decodeRows` follows once it is).
   */
  async readRows(): Promise<unknown[]> {
    return this.#db.summaries.toArray();
  }

  /**
   * Validates and decodes rows read by `readRows`; unreadable ones are quarantined and counted. All rows
   * are handed to the codec at once: WebCrypto decrypts them off the page's thread, and awaiting each
   * before the next would add a round trip per case.
   */
  async decodeRows(
    rows: readonly unknown[],
  ): Promise<{ summaries: Map<string, StoredSummary<T>>; quarantined: number }> {
    const decoded = await Promise.all(
      rows.map(
        async (
          raw,
        ): Promise<{ raw: unknown } & ({ id: string; seq: number; value: T } | { problem: string })> => {
          const row = SummaryRowSchema.safeParse(raw);
          if (!row.success) return { raw, problem: describeIssues(row.error) };
          let json: unknown;
          try {
            json = await decodeJson(this.#codec, row.data.data, summaryRecord(row.data.id));
          } catch (error) {
            return { raw, problem: String((error as Error).message) };
          }
          const value = this.#schema.safeParse(json);
          if (!value.success) return { raw, problem: describeIssues(value.error) };
          return { raw, id: row.data.id, seq: row.data.seq, value: value.data };
        },
      ),
    );
    const summaries = new Map<string, StoredSummary<T>>();
    let quarantined = 0;
    for (const entry of decoded) {
      if ('problem' in entry) {
        quarantined += 1;
        await this.#quarantine.move('summaries', entry.raw, entry.problem);
        continue;
      }
      summaries.set(entry.id, { value: entry.value, seq: entry.seq });
    }
    return { summaries, quarantined };
  }

  async delete(id: string): Promise<void> {
    await this.#db.summaries.delete(id);
  }
}
