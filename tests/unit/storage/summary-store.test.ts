import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { encodeJson, plainCodec, summaryRecord } from '../../../src/storage/codec.ts';
import { LotseDatabase } from '../../../src/storage/db.ts';
import { Quarantine } from '../../../src/storage/quarantine.ts';
import { SummaryStore } from '../../../src/storage/summary-store.ts';

const Summary = z.object({ name: z.string(), contacts: z.number().int() });

let db: LotseDatabase;
let counter = 0;

afterEach(async () => {
  await db?.delete();
});

describe('the summary store', () => {
  it('stores and reads back summaries with the doc sequence they reflect', async () => {
    db = new LotseDatabase(`summary-test-${++counter}`);
    const store = new SummaryStore(db, plainCodec, Summary);
    await store.put('case-1', { name: 'Petrenko, Olena', contacts: 3 }, 12);
    const { summaries, quarantined } = await store.all();
    expect(quarantined).toBe(0);
    expect(summaries.get('case-1')).toEqual({ value: { name: 'Petrenko, Olena', contacts: 3 }, seq: 12 });
  });

  it('quarantines summaries that are not JSON or do not fit the schema, and returns the others', async () => {
    db = new LotseDatabase(`summary-test-${++counter}`);
    const store = new SummaryStore(db, plainCodec, Summary);
    await store.put('good', { name: 'Haddad, Samir', contacts: 1 }, 1);
    await db.summaries.put({ id: 'not-json', data: new Uint8Array([0xc3, 0x28]), seq: 1, at: 0 });
    await db.summaries.put({
      id: 'newer-shape',
      data: await encodeJson(plainCodec, { name: 'X', contacts: 'viele' }, summaryRecord('newer-shape')),
      seq: 1,
      at: 0,
    });
    await db.summaries.put({ id: 'no-bytes', data: null as unknown as Uint8Array, seq: 1, at: 0 });

    const { summaries, quarantined } = await store.all();
    expect([...summaries.keys()]).toEqual(['good']);
    expect(quarantined).toBe(3);
    const records = await new Quarantine(db).list();
    expect(records.map((record) => record.key).sort()).toEqual(['newer-shape', 'no-bytes', 'not-json']);
    expect(await db.summaries.count()).toBe(1);
  });
});
