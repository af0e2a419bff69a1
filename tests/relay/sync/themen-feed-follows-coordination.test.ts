import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { barrierReportId } from '../../../src/domain/barrier-report.ts';
import {
  addThemaEntry,
  COORDINATION_DOC_ID,
  COORDINATION_LOG_ID,
  createThema,
  linkReport,
  moveThema,
  unlinkReport,
} from '../../../src/domain/coordination-doc.ts';
import { readThemenFeed, themenFeedDocId } from '../../../src/domain/themen-feed.ts';
import type { WriteResult } from '../../../src/domain/write-result.ts';
import type { DeviceClient } from './support/device-client.ts';
import { useSyncRelay } from './support/fixture.ts';
import { WORLD } from './support/world.ts';

const sync = useSyncRelay();
const A = WORLD.teamA;
const B = WORLD.teamB;
const LOG = COORDINATION_LOG_ID;
const DOC = COORDINATION_DOC_ID;
const FEED_A = themenFeedDocId(A);
const REPORT = barrierReportId('barrier-1', '2026-11-02T09:00:00.000Z');

function must<T>(result: WriteResult<T>): T {
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

/** Makes a change on Carla's replica of the coordination doc and pushes it; resolves the change's value. */
async function coordinate<T>(carla: DeviceClient, write: (doc: Y.Doc) => WriteResult<T>): Promise<T> {
  const doc = carla.doc(LOG, DOC);
  const vector = Y.encodeStateVector(doc);
  const value = must(write(doc));
  expect(await carla.push(LOG, DOC, Y.encodeStateAsUpdate(doc, vector))).toMatchObject({ type: 'ack' });
  return value;
}

/** Resolves once Anna's replica of her team's feed satisfies `predicate`. */
async function feedOfAnna(
  anna: DeviceClient,
  predicate: (feed: ReturnType<typeof readThemenFeed>) => boolean,
) {
  await anna.waitFor(
    () => predicate(readThemenFeed(anna.doc(A, FEED_A))),
    'the Themen feed of team A to change',
  );
  return readThemenFeed(anna.doc(A, FEED_A));
}

describe('each team’s Themen feed', () => {
  it('carries what becomes of a team’s report to its case managers live, and nothing to other teams', async () => {
    const anna = await sync.connect(WORLD.anna);
    const bert = await sync.connect(WORLD.bert);
    const carla = await sync.connect(WORLD.carla);
    await Promise.all([anna, bert, carla].map((device) => device.control('caught-up')));

    const thema = await coordinate(carla, (doc) =>
      createThema(doc, { title: 'Wartezeiten Ausländerbehörde' }, { actor: WORLD.carla.userId }),
    );
    await coordinate(carla, (doc) =>
      linkReport(doc, thema, { reportId: REPORT, teamId: A, caseKey: 'k3yOfTheCase000000000a' }),
    );
    expect((await feedOfAnna(anna, (feed) => feed.has(REPORT))).get(REPORT)).toMatchObject({
      themaId: thema,
      title: 'Wartezeiten Ausländerbehörde',
      status: 'reported',
    });

    // A note changes nothing a case manager sees; a status and a decision do.
    await coordinate(carla, (doc) =>
      addThemaEntry(doc, thema, { kind: 'note', on: '2026-11-03', text: 'intern' }),
    );
    await coordinate(carla, (doc) => moveThema(doc, thema, { status: 'working-group', on: '2026-11-04' }));
    await coordinate(carla, (doc) =>
      addThemaEntry(doc, thema, { kind: 'decision', on: '2026-11-05', text: 'Sprechstunde im SC' }),
    );
    const decided = await feedOfAnna(anna, (feed) => feed.get(REPORT)?.decision !== undefined);
    expect(decided.get(REPORT)).toMatchObject({
      status: 'working-group',
      statusOn: '2026-11-04',
      decision: { on: '2026-11-05', text: 'Sprechstunde im SC' },
    });
    expect(JSON.stringify(decided.get(REPORT))).not.toContain('intern');

    // Unlinking the last report empties the feed.
    await coordinate(carla, (doc) => unlinkReport(doc, REPORT));
    await feedOfAnna(anna, (feed) => feed.size === 0);

    // Team B's feed was written in the same rounds as A's, before each later one: it never held anything.
    const feedEntriesOf = (device: DeviceClient, teamId: string) =>
      device.logEntries(teamId).filter((entry) => entry.docId === themenFeedDocId(teamId));
    expect(feedEntriesOf(bert, B)).toEqual([]);
    expect(readThemenFeed(bert.doc(B, themenFeedDocId(B))).size).toBe(0);
    expect(bert.logEntries(A)).toEqual([]);
    // Only the relay wrote team A's feed, and only when it changed: never more often than Carla wrote.
    expect(feedEntriesOf(anna, A).length).toBeGreaterThanOrEqual(2);
    expect(feedEntriesOf(anna, A).length).toBeLessThanOrEqual(5);
  });

  it('reaches a case manager who connects later through the catch-up', async () => {
    const carla = await sync.connect(WORLD.carla);
    await carla.control('caught-up');
    const thema = await coordinate(carla, (doc) => createThema(doc, { title: 'Kitaplätze' }));
    await coordinate(carla, (doc) =>
      linkReport(doc, thema, { reportId: REPORT, teamId: A, caseKey: 'k3yOfTheCase000000000a' }),
    );
    const anna = await sync.connect(WORLD.anna);
    expect((await feedOfAnna(anna, (feed) => feed.has(REPORT))).get(REPORT)).toMatchObject({
      title: 'Kitaplätze',
    });

    // Sending the feed back as received (a whole-state resend after a relay restore) is no write: it is
    // acknowledged and nothing is appended. Changing it is refused.
    await anna.control('caught-up');
    const before = await sync.relay.store.latestSeq(A);
    const echo = await anna.push(A, FEED_A, Y.encodeStateAsUpdate(anna.doc(A, FEED_A)));
    expect(echo).toMatchObject({ type: 'ack' });
    const feedDoc = anna.doc(A, FEED_A);
    const vector = Y.encodeStateVector(feedDoc);
    feedDoc.getMap('reports').delete(REPORT);
    expect(await anna.push(A, FEED_A, Y.encodeStateAsUpdate(feedDoc, vector))).toMatchObject({
      type: 'error',
      code: 'not-allowed-for-role',
    });
    expect(await sync.relay.store.latestSeq(A)).toBe(before);
  });
});
