import type { z } from 'zod';
import { decodeJson, encodeJson, summaryRecord, type Codec } from './codec.ts';
import type { LotseDatabase } from './db.ts';
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

  async put(id: string, value: T, seq: number): Promise<void> {
    const data = await encodeJson(this.#codec, value, summaryRecord(id));
    await this.#db.summaries.put({ id, data, seq, at: Date.now() });
  }

  /** Every readable summary; unreadable ones are quarantined and counted. */
  async all(): Promise<{ summaries: Map<string, StoredSummary<T>>; quarantined: number }> {
    const rows = await this.#db.summaries.toArray();
    const summaries = new Map<string, StoredSummary<T>>();
    let quarantined = 0;
    for (const raw of rows) {
      const row = SummaryRowSchema.safeParse(raw);
      if (!row.success) {
        quarantined += 1;
        await this.#quarantine.move('summaries', raw, describeIssues(row.error));
        continue;
      }
      let json: unknown;
      try {
        json = await decodeJson(this.#codec, row.data.data, summaryRecord(row.data.id));
      } catch (error) {
        quarantined += 1;
        await this.#quarantine.move('summaries', raw, String((error as Error).message));
        continue;
      }
      const value = this.#schema.safeParse(json);
      if (!value.success) {
        quarantined += 1;
        await this.#quarantine.move('summaries', raw, describeIssues(value.error));
        continue;
      }
      summaries.set(row.data.id, { value: value.data, seq: row.data.seq });
    }
    return { summaries, quarantined };
  }

  async delete(id: string): Promise<void> {
    await this.#db.summaries.delete(id);
  }
}
