import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addThemaEntry,
  createThema,
  linkReport,
  readCoordination,
  unlinkReport,
  updateThema,
} from '../../../src/domain/coordination-doc.ts';
import { reportLinkPath, themaTitlePath } from '../../../src/domain/coordination-fields.ts';
import { COORDINATION_DOC_ID, COORDINATION_LOG_ID } from '../../../src/domain/doc-kinds.ts';
import { SYNC_ORIGIN } from '../../../src/protocol/origin.ts';
import { plainCodec } from '../../../src/storage/codec.ts';
import { LotseDatabase } from '../../../src/storage/db.ts';
import { DocStore } from '../../../src/storage/doc-store.ts';
import { Outbox } from '../../../src/storage/outbox.ts';
import { createConflictCheck, type ConflictCheck } from '../../../src/sync/conflict-check.ts';

/**
 * Two coordinators work on the Themen while apart. Yjs keeps one title of a Thema and one Thema per
 * report; whichever it keeps, both people are told, with both values, and either can settle it in one step.
 */
const NOW = new Date('2026-11-02T09:00:00.000Z');
const REPORT = { reportId: 'barrier-1@2026-10-01T08:00:00.000Z', teamId: 'team-nord', caseKey: 'case-key-1' };
let counter = 0;

class Device {
  readonly db: LotseDatabase;
  readonly docs: DocStore;
  readonly check: ConflictCheck;
  readonly doc: Y.Doc;
  readonly sent: Uint8Array[] = [];
  readonly #stop: () => void;

  private constructor(db: LotseDatabase, doc: Y.Doc, clientId: number) {
    this.db = db;
    this.docs = new DocStore(db, plainCodec);
    this.check = createConflictCheck({ db, codec: plainCodec, docs: this.docs, liveDoc: () => this.doc });
    this.doc = doc;
    doc.clientID = clientId;
    this.#stop = this.docs.track(COORDINATION_DOC_ID, doc, {}, this.check.editsOf);
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== SYNC_ORIGIN) this.sent.push(update);
    });
  }

  static async open(base: Y.Doc, clientId: number): Promise<Device> {
    const db = new LotseDatabase(`coordinators-${++counter}`);
    await db.open();
    const docs = new DocStore(db, plainCodec);
    await docs.assignTeam(COORDINATION_DOC_ID, COORDINATION_LOG_ID);
    await docs.append(COORDINATION_DOC_ID, Y.encodeStateAsUpdate(base));
    const doc = (await docs.load(COORDINATION_DOC_ID)).doc;
    return new Device(db, doc, clientId);
  }

  opts(actor: string, minute: number) {
    return { actor, now: new Date(NOW.getTime() + minute * 60_000) };
  }

  async acknowledged(): Promise<void> {
    await this.docs.flush();
    const outbox = new Outbox(this.db, plainCodec);
    for (const row of await this.db.outbox.toArray()) await outbox.acknowledge(row.id!);
  }

  async receives(updates: readonly Uint8Array[]): Promise<void> {
    await this.check.beforeRemoteStore(COORDINATION_DOC_ID, updates);
    await this.docs.storeRemote(COORDINATION_DOC_ID, updates);
    for (const update of updates) Y.applyUpdate(this.doc, update, SYNC_ORIGIN);
  }

  notices() {
    return this.check.list(COORDINATION_DOC_ID);
  }

  async close(): Promise<void> {
    this.#stop();
    await this.docs.flush();
    this.db.close();
    await this.db.delete();
  }
}

let base: Y.Doc;
let themaA: string;
let themaB: string;
let anna: Device;
let bea: Device;

beforeEach(async () => {
  base = new Y.Doc();
  const a = createThema(base, { title: 'Wartezeiten Jobcenter' }, { now: NOW, actor: 'koord-1' });
  const b = createThema(base, { title: 'Dolmetschung ABH' }, { now: NOW, actor: 'koord-1' });
  if (!a.ok || !b.ok) throw new Error('fixture');
  [themaA, themaB] = [a.value, b.value];
  anna = await Device.open(base, 1);
  bea = await Device.open(base, 2);
});

afterEach(async () => {
  await anna.close();
  await bea.close();
});

/** Both devices edit while apart, then each receives what the other sent. */
async function exchange(): Promise<void> {
  await anna.acknowledged();
  await bea.acknowledged();
  const [fromAnna, fromBea] = [[...anna.sent], [...bea.sent]];
  await anna.receives(fromBea);
  await bea.receives(fromAnna);
}

describe("a Thema's title changed on two devices while apart", () => {
  it('tells both coordinators, with both titles, whichever Yjs keeps', async () => {
    expect(
      updateThema(anna.doc, themaA, { title: 'Wartezeiten im Jobcenter' }, anna.opts('anna', 1)).ok,
    ).toBe(true);
    expect(updateThema(bea.doc, themaA, { title: 'Jobcenter antwortet nicht' }, bea.opts('bea', 2)).ok).toBe(
      true,
    );

    await exchange();

    const kept = readCoordination(anna.doc).themen.find((t) => t.id === themaA)?.title;
    expect(readCoordination(bea.doc).themen.find((t) => t.id === themaA)?.title).toBe(kept);
    expect((await anna.notices()).map((n) => [n.path, n.mine, n.theirs, n.who, n.label?.de])).toEqual([
      [
        themaTitlePath(themaA),
        'Wartezeiten im Jobcenter',
        'Jobcenter antwortet nicht',
        'bea',
        'Thema › Titel',
      ],
    ]);
    expect((await bea.notices()).map((n) => [n.path, n.mine, n.theirs, n.who])).toEqual([
      [themaTitlePath(themaA), 'Jobcenter antwortet nicht', 'Wartezeiten im Jobcenter', 'anna'],
    ]);
  });

  it('settles in one step: the chosen title is written again and syncs like any edit', async () => {
    updateThema(anna.doc, themaA, { title: 'Wartezeiten im Jobcenter' }, anna.opts('anna', 1));
    updateThema(bea.doc, themaA, { title: 'Jobcenter antwortet nicht' }, bea.opts('bea', 2));
    await exchange();
    anna.sent.length = 0;

    const [notice] = await anna.notices();
    const result = await anna.check.resolve(
      anna.doc,
      COORDINATION_DOC_ID,
      notice!.id,
      'mine',
      anna.opts('anna', 5),
    );

    expect(result.ok).toBe(true);
    expect(readCoordination(anna.doc).themen.find((t) => t.id === themaA)?.title).toBe(
      'Wartezeiten im Jobcenter',
    );
    expect(await anna.notices()).toEqual([]);
    // Bea receives the settled title as a later edit: no new notice, and her value gives way.
    await anna.acknowledged();
    await bea.receives([...anna.sent]);
    expect(readCoordination(bea.doc).themen.find((t) => t.id === themaA)?.title).toBe(
      'Wartezeiten im Jobcenter',
    );
    expect((await bea.notices()).map((n) => n.path)).toEqual([themaTitlePath(themaA)]);
  });

  it('is no conflict when one coordinator had seen the other title', async () => {
    updateThema(anna.doc, themaA, { title: 'Wartezeiten im Jobcenter' }, anna.opts('anna', 1));
    await anna.acknowledged();
    await bea.receives([...anna.sent]);
    updateThema(bea.doc, themaA, { title: 'Wartezeiten im Jobcenter Nord' }, bea.opts('bea', 3));
    await bea.acknowledged();

    await anna.receives([...bea.sent]);

    expect(await anna.notices()).toEqual([]);
    expect(await bea.notices()).toEqual([]);
  });

  it('leaves notes written on both devices alone: the history keeps both', async () => {
    addThemaEntry(
      anna.doc,
      themaA,
      { kind: 'note', on: '2026-11-02', text: 'AG tagt im Januar' },
      anna.opts('anna', 1),
    );
    addThemaEntry(
      bea.doc,
      themaA,
      { kind: 'note', on: '2026-11-02', text: 'Jobcenter angefragt' },
      bea.opts('bea', 1),
    );

    await exchange();

    expect(await anna.notices()).toEqual([]);
    const entries = readCoordination(anna.doc).themen.find((t) => t.id === themaA)?.entries ?? [];
    expect(entries.map((e) => e.text).sort()).toEqual(['AG tagt im Januar', 'Jobcenter angefragt']);
  });
});

describe('one report linked to two Themen on two devices while apart', () => {
  it('tells both coordinators which Themen the two devices chose', async () => {
    expect(linkReport(anna.doc, themaA, REPORT, anna.opts('anna', 1)).ok).toBe(true);
    expect(linkReport(bea.doc, themaB, REPORT, bea.opts('bea', 2)).ok).toBe(true);

    await exchange();

    const annas = (await anna.notices()).map((n) => [
      n.path,
      (n.mine as { themaId: string }).themaId,
      (n.theirs as { themaId: string }).themaId,
    ]);
    expect(annas).toEqual([[reportLinkPath(REPORT.reportId), themaA, themaB]]);
    const beas = (await bea.notices()).map((n) => (n.mine as { themaId: string }).themaId);
    expect(beas).toEqual([themaB]);
  });

  it('takes the other Thema in one step without writing anything when the doc holds it', async () => {
    linkReport(anna.doc, themaA, REPORT, anna.opts('anna', 1));
    linkReport(bea.doc, themaB, REPORT, bea.opts('bea', 2));
    await exchange();
    const holds = readCoordination(anna.doc).links.get(REPORT.reportId)?.themaId;
    const device = holds === themaB ? anna : bea;
    device.sent.length = 0;

    const [notice] = await device.notices();
    expect((await device.check.resolve(device.doc, COORDINATION_DOC_ID, notice!.id, 'theirs')).ok).toBe(true);

    expect(device.sent).toEqual([]);
    expect(await device.notices()).toEqual([]);
  });

  it('is no conflict when both devices put the report into the same Thema', async () => {
    linkReport(anna.doc, themaA, REPORT, anna.opts('anna', 1));
    linkReport(bea.doc, themaA, REPORT, bea.opts('bea', 7));

    await exchange();

    expect(await anna.notices()).toEqual([]);
    expect(await bea.notices()).toEqual([]);
    expect(readCoordination(anna.doc).links.get(REPORT.reportId)?.themaId).toBe(themaA);
  });

  it('tells the coordinator who took a report out when the other moved it meanwhile', async () => {
    linkReport(base, themaA, REPORT, { now: NOW, actor: 'koord-1' });
    const linked = Y.encodeStateAsUpdate(base);
    await anna.receives([linked]);
    await bea.receives([linked]);
    expect(linkReport(anna.doc, themaB, REPORT, anna.opts('anna', 1)).ok).toBe(true);
    expect(unlinkReport(bea.doc, REPORT.reportId, bea.opts('bea', 2)).ok).toBe(true);

    await exchange();

    // The move holds (a removal only removes what its writer saw); the one who removed it is told.
    expect(readCoordination(bea.doc).links.get(REPORT.reportId)?.themaId).toBe(themaB);
    const [notice] = await bea.notices();
    expect(notice?.path).toBe(reportLinkPath(REPORT.reportId));
    expect(notice?.mine).toBeNull();
    expect((notice?.theirs as { themaId: string }).themaId).toBe(themaB);
  });
});
