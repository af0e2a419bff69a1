import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  COORDINATION_DOC_ID,
  COORDINATION_LOG_ID,
  createThema,
  readCoordination,
} from '../../../src/domain/coordination-doc.ts';
import { themenFeedDocId } from '../../../src/domain/themen-feed.ts';
import { teamDocId } from '../../../src/domain/team-directory.ts';
import { ERRORS } from '../../../src/protocol/errors.ts';
import type { WriteResult } from '../../../src/domain/write-result.ts';
import { SQLITE_FILE_NAME } from '../../../sync-server/src/storage/sqlite.ts';
import { openDocSocket } from '../access/support.ts';
import { DeviceClient } from './support/device-client.ts';
import { useSyncRelay } from './support/fixture.ts';
import { WORLD, type Person } from './support/world.ts';

// A short sweep, so the test that needs one waits little; tests wait for events, never for a time.
const sync = useSyncRelay({ accessSweepMs: 100 });
const A = WORLD.teamA;
const LOG = COORDINATION_LOG_ID;
const DOC = COORDINATION_DOC_ID;
const carlaLaptop: Person = { userId: WORLD.carla.userId, deviceId: 'device-carla-2', role: 'coordination' };

function must<T>(result: WriteResult<T>): T {
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

/** Runs `write` on the device's replica of the coordination doc; returns the update it made. */
function change(device: DeviceClient, write: (doc: Y.Doc) => unknown): Uint8Array {
  const doc = device.doc(LOG, DOC);
  const vector = Y.encodeStateVector(doc);
  write(doc);
  return Y.encodeStateAsUpdate(doc, vector);
}

const titles = (device: DeviceClient) =>
  readCoordination(device.doc(LOG, DOC))
    .themen.map((thema) => thema.title)
    .sort();

describe('a coordination device on /sync', () => {
  it('is welcomed to the coordination log alone, named, whatever teams it coordinates', async () => {
    const carla = await sync.connect(WORLD.carla);
    const welcome = await carla.control('welcome');
    expect(welcome.teams).toEqual([
      expect.objectContaining({ id: LOG, name: 'Koordination', latest: 0, epoch: expect.any(String) }),
    ]);
    await carla.control('caught-up', (frame) => frame.teamId === LOG);
  });

  it('merges two coordinators’ edits, one made offline, on both devices', async () => {
    await sync.relay.store.registerDevice({
      id: carlaLaptop.deviceId,
      userId: carlaLaptop.userId,
      name: 'Laptop',
    });
    const tablet = await sync.connect(WORLD.carla);
    await tablet.control('caught-up');
    const online = change(tablet, (doc) =>
      must(createThema(doc, { title: 'Wartezeiten Ausländerbehörde' }, { actor: WORLD.carla.userId })),
    );
    expect(await tablet.push(LOG, DOC, online)).toMatchObject({ type: 'ack' });

    // The laptop was offline meanwhile and wrote a Thema of its own.
    const laptop = sync.track(await DeviceClient.open(sync.relay.url, await sync.token(carlaLaptop)));
    const offline = change(laptop, (doc) =>
      must(createThema(doc, { title: 'Keine Kitaplätze' }, { actor: WORLD.carla.userId })),
    );
    laptop.hello({});
    await laptop.control('caught-up', (frame) => frame.teamId === LOG);
    const answer = await laptop.push(LOG, DOC, offline);
    expect(answer).toMatchObject({ type: 'ack' });
    await tablet.logged(LOG, (answer as { seq: number }).seq);

    const both = ['Keine Kitaplätze', 'Wartezeiten Ausländerbehörde'];
    expect(titles(tablet)).toEqual(both);
    expect(titles(laptop)).toEqual(both);
    const stored = new Y.Doc();
    Y.applyUpdate(stored, await sync.relay.store.docState(`${LOG}/${DOC}`));
    expect(
      readCoordination(stored)
        .themen.map((thema) => thema.title)
        .sort(),
    ).toEqual(both);
  });

  it('is refused every team doc and case doc, and receives nothing of the teams it coordinates', async () => {
    const anna = await sync.connect(WORLD.anna);
    await anna.control('caught-up');
    const carla = await sync.connect(WORLD.carla);
    await carla.control('caught-up');
    const annaSeq = await anna.write(A, 'case-1', 'Frau K. ');
    await anna.write(A, teamDocId(A), 'x');
    const before = await sync.relay.store.latestSeq(A);

    const update = carla.edit(A, 'case-1', 'von Koordination ');
    expect(await carla.push(A, 'case-1', update)).toMatchObject({ type: 'error', code: 'forbidden' });
    expect(await carla.push(A, teamDocId(A), update)).toMatchObject({ type: 'error', code: 'forbidden' });
    expect(await carla.push(A, themenFeedDocId(A), update)).toMatchObject({
      type: 'error',
      code: 'forbidden',
    });
    // Any other doc in the coordination log is refused too.
    expect(await carla.push(LOG, 'case-1', update)).toMatchObject({ type: 'error', code: 'forbidden' });
    carla.sendStep1(A, 'case-1');
    await carla.control('error', (frame) => frame.docId === 'case-1' && frame.teamId === A);
    expect(await sync.relay.store.latestSeq(A)).toBe(before);
    expect(await sync.relay.store.latestSeq(LOG)).toBe(0);

    // Its own edit goes through, and by then it has seen nothing of team A: no log entry, no doc answer.
    const own = change(carla, (doc) => must(createThema(doc, { title: 'Sprachkurse' })));
    expect(await carla.push(LOG, DOC, own)).toMatchObject({ type: 'ack' });
    expect(annaSeq).toBeGreaterThan(0);
    expect(carla.logEntries(A)).toEqual([]);
    expect(carla.received.filter((e) => e.kind === 'doc' && e.frame.teamId === A)).toEqual([]);
    expect(carla.isOpen).toBe(true);
  });

  it('keeps its socket when a team membership goes, and loses it with the account', async () => {
    const carla = await sync.connect(WORLD.carla);
    await carla.control('caught-up');
    const anna = await sync.connect(WORLD.anna);
    await anna.control('caught-up');
    // Written to the store as the admin CLI does: the access sweep finds both. Carla connected first, so
    // the sweep that closes Anna's socket has looked at Carla's already.
    await sync.relay.store.removeMembership(WORLD.carla.userId, A);
    await sync.relay.store.removeMembership(WORLD.anna.userId, A);
    expect(await anna.closed).toEqual({ code: ERRORS['not-in-team'].ws, reason: 'not-in-team' });
    const edit = change(carla, (doc) => must(createThema(doc, { title: 'Noch da' })));
    expect(await carla.push(LOG, DOC, edit)).toMatchObject({ type: 'ack' });

    await sync.relay.store.setUserDisabled(WORLD.carla.userId, true);
    expect(await carla.closed).toEqual({ code: ERRORS['account-disabled'].ws, reason: 'account-disabled' });
  });

  it('loses its socket when the account is no longer coordination', async () => {
    const carla = await sync.connect(WORLD.carla);
    await carla.control('caught-up');
    // No command changes a role; written straight to the database, the access sweep finds it.
    const db = new Database(path.join(sync.relay.dataDir, SQLITE_FILE_NAME));
    try {
      db.prepare("UPDATE users SET role = 'case-manager' WHERE id = ?").run(WORLD.carla.userId);
    } finally {
      db.close();
    }
    expect(await carla.closed).toEqual({ code: ERRORS['not-in-team'].ws, reason: 'not-in-team' });
  });
});

describe('the coordination log for everyone else', () => {
  it('refuses a case manager’s push to it, and the welcome never names it', async () => {
    const anna = await sync.connect(WORLD.anna);
    const welcome = await anna.control('welcome');
    expect(welcome.teams.map((team) => team.id)).toEqual([A]);
    await anna.control('caught-up');
    const update = anna.edit(LOG, DOC, 'hinein ');
    expect(await anna.push(LOG, DOC, update)).toMatchObject({ type: 'error', code: 'forbidden' });
    anna.sendStep1(LOG, DOC);
    await anna.control('error', (frame) => frame.teamId === LOG);
    expect(await sync.relay.store.latestSeq(LOG)).toBe(0);
  });

  it('refuses a case manager’s push to a Themen feed, before anything is stored', async () => {
    const anna = await sync.connect(WORLD.anna);
    await anna.control('caught-up');
    const before = await sync.relay.store.latestSeq(A);
    const update = anna.edit(A, themenFeedDocId(A), 'gefälscht');
    expect(await anna.push(A, themenFeedDocId(A), update)).toMatchObject({
      type: 'error',
      code: 'not-allowed-for-role',
      docId: themenFeedDocId(A),
    });
    expect(await sync.relay.store.latestSeq(A)).toBe(before);
    // The socket stays open and the case files keep syncing.
    expect(await anna.write(A, 'case-1', 'weiter ')).toBe(before + 1);
  });
});

describe('/ws/doc and the coordination log', () => {
  it('serves coordination the coordination doc only', async () => {
    const token = await sync.token(WORLD.carla);
    const socket = await openDocSocket(sync.relay.url, token, LOG, DOC);
    expect(socket.isOpen()).toBe(true);
    socket.close();
    await socket.closed;
    await expect(openDocSocket(sync.relay.url, token, A, 'case-1')).rejects.toThrow('403');
    await expect(openDocSocket(sync.relay.url, token, LOG, 'case-1')).rejects.toThrow('403');
  });

  it('refuses a case manager the coordination doc', async () => {
    const token = await sync.token(WORLD.anna);
    await expect(openDocSocket(sync.relay.url, token, LOG, DOC)).rejects.toThrow('403');
  });
});
