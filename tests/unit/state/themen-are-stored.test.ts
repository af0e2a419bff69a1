import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { barrierReportId } from '../../../src/domain/barrier-report.ts';
import { COORDINATION_DOC_ID, COORDINATION_LOG_ID, themenFeedDocId } from '../../../src/domain/doc-kinds.ts';
import { writeThemenFeed } from '../../../src/domain/themen-feed.ts';
import { Outbox } from '../../../src/storage/outbox.ts';
import { openDeviceStore, type DeviceStore } from '../../../src/state/device-store.ts';
import { themenFeed } from '../../../src/state/themen-feed.svelte.ts';
import { themen } from '../../../src/state/themen.svelte.ts';

let store: DeviceStore;
let counter = 0;

const report = (n: number, teamId = 'team-a') => ({
  reportId: barrierReportId(`barrier-${n}`, '2026-11-02T09:00:00.000Z'),
  teamId,
  caseKey: `case-key-${n}-0123456789abcdef`,
});

beforeEach(async () => {
  store = await openDeviceStore({
    server: `https://themen-${++counter}.test`,
    user: { id: 'koordination-1', teamId: 'team-a' },
  });
});

afterEach(async () => {
  themen.reset();
  themenFeed.reset();
  await store.db.delete();
});

describe("coordination's Themen on the device", () => {
  it('keeps a Thema with its reports and history in the store, queued for the coordination log', async () => {
    await themen.init(store);
    expect(themen.status).toBe('ready');
    const created = themen.create({ title: 'Wartezeiten Ausländerbehörde' }, [
      report(1),
      report(2, 'team-b'),
    ]);
    if (!created.ok) throw new Error(JSON.stringify(created.error));
    expect(
      themen.move(created.value, { status: 'working-group', on: '2026-11-04', text: 'AG Aufenthalt' }).ok,
    ).toBe(true);
    await store.docs.flush();

    const rows = await new Outbox(store.db, store.codec).after(0, 10);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row).toMatchObject({ docId: COORDINATION_DOC_ID, teamId: COORDINATION_LOG_ID });
    }

    // A fresh start reads it all back from the device alone.
    themen.reset();
    await themen.init(store);
    const [thema] = themen.view.themen;
    expect(thema).toMatchObject({
      title: 'Wartezeiten Ausländerbehörde',
      status: 'working-group',
      statusOn: '2026-11-04',
    });
    expect(thema?.entries.map((entry) => [entry.kind, entry.text])).toEqual([['status', 'AG Aufenthalt']]);
    expect([...themen.view.links.keys()].sort()).toEqual(
      [report(1).reportId, report(2, 'team-b').reportId].sort(),
    );
  });

  it('takes a report out of its Thema and refuses writes before it is open', async () => {
    expect(themen.create({ title: 'Zu früh' }).ok).toBe(false);
    await themen.init(store);
    const created = themen.create({ title: 'Sprachkurse' }, [report(3)]);
    if (!created.ok) throw new Error('not created');
    expect(themen.unlink(report(3).reportId).ok).toBe(true);
    expect(themen.view.links.size).toBe(0);
    await store.docs.flush();
  });
});

describe("a team's Themen feed in the case manager's store", () => {
  it('is read on demand and follows the relay live, without writing anything', async () => {
    const feed = new Y.Doc();
    const entry = {
      themaId: 't-1',
      title: 'Wartezeiten',
      status: 'reported' as const,
      statusOn: '2026-11-03',
    };
    writeThemenFeed(feed, new Map([[report(1).reportId, entry]]));
    await store.docs.storeRemote(themenFeedDocId('team-a'), [Y.encodeStateAsUpdate(feed)], 'team-a');

    themenFeed.init(store);
    expect(themenFeed.entryFor(report(1).reportId)).toBeUndefined();
    await themenFeed.ensure();
    expect(themenFeed.entryFor(report(1).reportId)).toEqual(entry);

    const before = Y.encodeStateVector(feed);
    const moved = { ...entry, status: 'working-group' as const, statusOn: '2026-11-05' };
    writeThemenFeed(feed, new Map([[report(1).reportId, moved]]));
    themenFeed.applyRemote(themenFeedDocId('team-a'), [Y.encodeStateAsUpdate(feed, before)]);
    expect(themenFeed.entryFor(report(1).reportId)).toEqual(moved);

    writeThemenFeed(feed, new Map());
    themenFeed.applyRemote(themenFeedDocId('team-a'), [Y.encodeStateAsUpdate(feed)]);
    expect(themenFeed.entryFor(report(1).reportId)).toBeUndefined();
    expect(await store.db.outbox.count()).toBe(0);
  });
});
