import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { teamDocId } from '../../../src/domain/team-doc.ts';
import { plainCodec, type Codec } from '../../../src/storage/codec.ts';
import { LotseDatabase } from '../../../src/storage/db.ts';
import { DocStore } from '../../../src/storage/doc-store.ts';
import { Outbox } from '../../../src/storage/outbox.ts';
import { unsentScope } from '../../../src/sync/status.ts';

const open: LotseDatabase[] = [];
let counter = 0;

afterEach(async () => {
  for (const db of open.splice(0)) await db.delete();
});

/** A codec that refuses to decode: counting must not read a single row's content. */
const refusingCodec: Codec = {
  name: 'refusing',
  encode: (plain) => Promise.resolve(plain),
  decode: () => Promise.reject(new Error('counting decoded a row')),
};

/** Types `words` into a doc's note one word at a time, as a pause after each word would store them. */
async function typeInto(store: DocStore, docId: string, words: string[]): Promise<void> {
  const doc = new Y.Doc();
  for (const word of words) {
    let update: Uint8Array | undefined;
    doc.once('update', (u: Uint8Array) => (update = u));
    doc.getText('note').insert(doc.getText('note').length, `${word} `);
    await store.append(docId, update!);
  }
}

describe('the unsent counter', () => {
  it('counts cases with unsent changes, not outbox rows, without decoding any row', async () => {
    const db = new LotseDatabase(`unsent-test-${++counter}`);
    open.push(db);
    const store = new DocStore(db, plainCodec);
    const team = teamDocId('team-a');
    for (const docId of ['case-1', 'case-2', team]) await store.assignTeam(docId, 'team-a');
    await typeInto(store, 'case-1', 'Erstgespräch im Büro mit Dolmetscherin wegen Jobcenter'.split(' '));
    await typeInto(store, 'case-2', ['Hausbesuch']);
    expect(await db.outbox.count()).toBe(8);

    const counts = await new Outbox(db, refusingCodec).countsByDoc();
    expect(counts).toEqual(
      new Map([
        ['case-1', 7],
        ['case-2', 1],
      ]),
    );
    expect(unsentScope(counts)).toEqual({ cases: 2, teamDirectory: false, themen: false });

    await typeInto(store, team, ['VHS Duisburg']);
    expect(unsentScope(await new Outbox(db, refusingCodec).countsByDoc())).toEqual({
      cases: 2,
      teamDirectory: true,
      themen: false,
    });
  });

  it('counts the coordination doc as Themen and a Themen feed as nothing of the person', () => {
    const counts = new Map([
      ['coordination', 3],
      ['themen:team-a', 1],
      ['case-1', 2],
    ]);
    expect(unsentScope(counts)).toEqual({ cases: 1, teamDirectory: false, themen: true });
  });

  it('says nothing is unsent for an empty outbox', () => {
    expect(unsentScope(new Map())).toEqual({ cases: 0, teamDirectory: false, themen: false });
    expect(unsentScope(new Map([['case-1', 0]]))).toEqual({ cases: 0, teamDirectory: false, themen: false });
  });
});
