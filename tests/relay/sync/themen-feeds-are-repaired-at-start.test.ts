import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  COORDINATION_DOC_ID,
  COORDINATION_LOG_ID,
  createThema,
  linkReport,
  unlinkReport,
} from '../../../src/domain/coordination-doc.ts';
import { readThemenFeed, themenFeedDocId } from '../../../src/domain/themen-feed.ts';
import type { WriteResult } from '../../../src/domain/write-result.ts';
import { SQLITE_FILE_NAME, openSqliteStore } from '../../../sync-server/src/storage/sqlite.ts';
import { startTestRelay, type TestRelay } from '../../support/relay.ts';
import { DeviceClient } from './support/device-client.ts';
import { seedWorld, tokenFor, WORLD } from './support/world.ts';

const A = WORLD.teamA;
const FEED_A = themenFeedDocId(A);
const KEY = `${COORDINATION_LOG_ID}/${COORDINATION_DOC_ID}`;
const REPORT = 'barrier-1@2026-11-02T09:00:00.000Z';

let dataDir: string | undefined;
let relay: TestRelay | undefined;
const clients: DeviceClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => (client.isOpen ? client.close() : undefined)));
  await relay?.close();
  relay = undefined;
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  dataDir = undefined;
});

function must<T>(result: WriteResult<T>): T {
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

async function connect(person: (typeof WORLD)['anna'] | (typeof WORLD)['carla']): Promise<DeviceClient> {
  if (!relay) throw new Error('no relay');
  const client = await DeviceClient.connect(relay.url, await tokenFor(relay.tokens, person));
  clients.push(client);
  return client;
}

describe('the Themen feeds at the relay’s start', () => {
  it('are brought up to the coordination doc that changed while no feed was written', async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'lotse-feeds-'));
    relay = await startTestRelay({ dataDir });
    await seedWorld(relay.store);
    const carla = await connect(WORLD.carla);
    await carla.control('caught-up');
    const doc = carla.doc(COORDINATION_LOG_ID, COORDINATION_DOC_ID);
    const thema = must(createThema(doc, { title: 'Wartezeiten' }));
    must(linkReport(doc, thema, { reportId: REPORT, teamId: A, caseKey: 'k3yOfTheCase000000000a' }));
    const linked = await carla.push(COORDINATION_LOG_ID, COORDINATION_DOC_ID, Y.encodeStateAsUpdate(doc));
    expect(linked).toMatchObject({ type: 'ack' });
    const anna = await connect(WORLD.anna);
    await anna.waitFor(
      () => readThemenFeed(anna.doc(A, FEED_A)).has(REPORT),
      'the linked report in the feed',
    );
    await relay.close();
    relay = undefined;

    // An unlink that reached the log while the relay was down (as if it stopped between its append and the
    // feeds): nobody nudges the feeds, only the start can.
    const store = await openSqliteStore(path.join(dataDir, SQLITE_FILE_NAME));
    const vector = Y.encodeStateVector(doc);
    must(unlinkReport(doc, REPORT));
    await store.appendUpdate({
      teamId: COORDINATION_LOG_ID,
      docId: KEY,
      update: Y.encodeStateAsUpdate(doc, vector),
      userId: WORLD.carla.userId,
      deviceId: WORLD.carla.deviceId,
    });
    await store.close();

    relay = await startTestRelay({ dataDir });
    const again = await connect(WORLD.anna);
    // The link's entry and then the start's removal, whether they come in the catch-up or live.
    const feedEntries = () => again.logEntries(A).filter((entry) => entry.docId === FEED_A).length;
    await again.waitFor(
      () => feedEntries() >= 2 && readThemenFeed(again.doc(A, FEED_A)).size === 0,
      'the feed emptied',
    );
    expect(readThemenFeed(again.doc(A, FEED_A)).size).toBe(0);
  });
});
