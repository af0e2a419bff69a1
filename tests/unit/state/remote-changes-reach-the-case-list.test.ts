import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { createCaseDoc } from '../../../src/domain/case-doc.ts';
import { setPersonField } from '../../../src/domain/case-write.ts';
import { localToday } from '../../../src/domain/dates.ts';
import { AUTH_PATHS, SessionSchema } from '../../../src/protocol/auth.ts';
import { cases } from '../../../src/state/cases.svelte.ts';
import { openDeviceStore, type DeviceStore } from '../../../src/state/device-store.ts';
import { openWorkspace, type Workspace } from '../../../src/state/session-workspace.ts';
import { session } from '../../../src/state/session.svelte.ts';
import { sync } from '../../../src/state/sync.svelte.ts';
import { team } from '../../../src/state/team.svelte.ts';
import { DeviceDatabase } from '../../../src/storage/device-db.ts';
import { SyncEngine } from '../../../src/sync/engine.ts';
import { startTestRelay, type TestRelay } from '../../support/relay.ts';
import { createCaseManager, TEAM } from './account-fixtures.ts';
import { createVault, keyIdOf, vaultCodec } from '../../../src/storage/vault.ts';

/**
 * The app's state on one device (session, workspace, sync wiring, case library) against a real relay,
 * with a second device that is only a sync engine and a store, as a colleague's tablet would be.
 */

const NodeWebSocket = WebSocket as unknown as typeof globalThis.WebSocket;
const FAST_BACKOFF = { baseMs: 20, maxMs: 200, random: () => 0.5 };

let relay: TestRelay;
let counter = 0;
let workspace: Workspace | undefined;
let storeA: DeviceStore | undefined;
let colleague: { store: DeviceStore; engine: SyncEngine } | undefined;

beforeAll(async () => {
  relay = await startTestRelay();
  await createCaseManager(relay, {
    login: 'amira',
    password: 'amira-passwort-1',
    displayName: 'Amira Haddad',
  });
  await createCaseManager(relay, { login: 'lea', password: 'lea-passwort-12', displayName: 'Lea Brandt' });
});

afterAll(async () => {
  await relay?.close();
});

beforeEach(async () => {
  counter += 1;
  await session.init({ origin: relay.url, db: new DeviceDatabase(`lotse-device-remote-${counter}`) });
  const outcome = await session.login({ login: 'amira', password: 'amira-passwort-1', deviceName: 'Tablet' });
  if (!outcome.ok) throw new Error(`login failed: ${outcome.error}`);
  // The device's store is encrypted, as in the app: what syncs must pass the vault's codec both ways.
  const opened = await createVault('4711-0815', { iterations: 100_000 });
  workspace = await openWorkspace({
    origin: relay.url,
    codec: vaultCodec(opened.key, { keyId: keyIdOf(opened.record) }),
    tabOptions: { WebSocket: NodeWebSocket, locks: null, BroadcastChannel: null, backoff: FAST_BACKOFF },
  });
  if (!workspace) throw new Error('A case manager must get a workspace.');
  storeA = workspace.store;
  colleague = await openColleague();
});

afterEach(async () => {
  await colleague?.engine.stop();
  await sync.stop();
  cases.reset();
  team.reset();
  session.reset();
  for (const store of [storeA, colleague?.store]) {
    if (!store) continue;
    store.db.close();
    await Dexie.delete(store.db.name);
  }
  await Dexie.delete(`lotse-device-remote-${counter}`);
  storeA = undefined;
  colleague = undefined;
});

/** Lea's tablet: her own store and a sync engine, no app state. */
async function openColleague(): Promise<{ store: DeviceStore; engine: SyncEngine }> {
  const answer = await fetch(new URL(AUTH_PATHS.login, relay.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: 'lea', password: 'lea-passwort-12', device: { name: 'Laptop' } }),
  });
  const login = SessionSchema.parse(await answer.json());
  const store = await openDeviceStore({
    server: `lea-${counter}`,
    user: { id: login.user.id, teamId: TEAM.id, displayName: 'Lea Brandt', syncsTeam: true },
  });
  const engine = new SyncEngine({
    relayUrl: relay.url,
    db: store.db,
    codec: store.codec,
    docs: store.docs,
    teamIds: () => [TEAM.id],
    getAccessToken: async () => login.accessToken,
    WebSocket: NodeWebSocket,
    backoff: FAST_BACKOFF,
  });
  store.docs.onOutbox(() => engine.nudge());
  engine.start();
  return { store, engine };
}

async function createCase(familyName: string): Promise<string> {
  const created = await cases.create({
    kind: 'case',
    familyName,
    givenNames: 'Olena',
    firstContact: { date: localToday(), kind: 'office', note: 'Erstkontakt' },
    consent: { decision: 'not-yet' },
  });
  if (!created.ok) throw new Error(JSON.stringify(created.error));
  return created.value;
}

describe('sync wired into the app state', () => {
  it('pushes a new case with the team, and counts it as pending until the relay acknowledges it', async () => {
    await vi.waitFor(() => expect(sync.status.connection).toBe('online'), { timeout: 5000 });
    const id = await createCase('Petrenko');
    expect(await storeA!.docs.teamOf(id)).toBe(TEAM.id);
    await vi.waitFor(() => expect(sync.status.pendingTotal).toBe(0), { timeout: 5000 });
    expect(sync.status.lastSyncedAt).not.toBeNull();
    // The colleague's device received it.
    await vi.waitFor(async () => expect(await colleague!.store.docs.docIds()).toContain(id), {
      timeout: 5000,
    });
  });

  it('applies a colleague’s change to the open case file and its summary', async () => {
    const id = await createCase('Petrenko');
    const open = await cases.open(id);
    await vi.waitFor(async () => expect(await colleague!.store.docs.docIds()).toContain(id), {
      timeout: 5000,
    });

    const theirs = (await colleague!.store.docs.load(id)).doc;
    const before = Y.encodeStateVector(theirs);
    const written = setPersonField(theirs, 'familyName', 'Petrenko-Koval', { actor: 'Lea Brandt' });
    expect(written.ok).toBe(true);
    await colleague!.store.docs.append(id, Y.encodeStateAsUpdate(theirs, before));

    await vi.waitFor(() => expect(open?.file.person.familyName).toBe('Petrenko-Koval'), { timeout: 5000 });
    await vi.waitFor(() => expect(cases.summaries.get(id)?.displayName).toBe('Petrenko-Koval, Olena'), {
      timeout: 5000,
    });
    // A remote change is stored once, by the engine, and never pushed back as this device's own.
    await vi.waitFor(() => expect(sync.status.pendingTotal).toBe(0), { timeout: 5000 });
    expect(open?.pendingWrites).toBe(0);
  });

  it('lists a case that a colleague created, with its summary written on this device', async () => {
    const created = createCaseDoc({
      kind: 'case',
      teamId: TEAM.id,
      createdBy: 'lea',
      person: { familyName: 'Yusuf', givenNames: 'Ahmad' },
    });
    if (!created.ok) throw new Error('the case doc was refused');
    const id = created.value.guid;
    await colleague!.store.docs.assignTeam(id, TEAM.id);
    await colleague!.store.docs.append(id, Y.encodeStateAsUpdate(created.value));

    await vi.waitFor(() => expect(cases.summaries.get(id)?.displayName).toBe('Yusuf, Ahmad'), {
      timeout: 5000,
    });
    const { summaries } = await storeA!.summaries.all();
    expect(summaries.get(id)?.value.displayName).toBe('Yusuf, Ahmad');
  });

  it('shows a conflict notice when a colleague changed a field this device changed offline', async () => {
    const id = await createCase('Petrenko');
    const open = await cases.open(id);
    await vi.waitFor(async () => expect(await colleague!.store.docs.docIds()).toContain(id), {
      timeout: 5000,
    });

    // This device goes offline and changes the phone number; the colleague changes it too, online.
    await sync.stop();
    expect(setPersonField(open!.doc, 'phone', '0203 111111', open!.writeOptions).ok).toBe(true);
    const theirs = (await colleague!.store.docs.load(id)).doc;
    const before = Y.encodeStateVector(theirs);
    expect(setPersonField(theirs, 'phone', '0203 999999', { actor: 'Lea Brandt' }).ok).toBe(true);
    await colleague!.store.docs.append(id, Y.encodeStateAsUpdate(theirs, before));
    await vi.waitFor(() => expect(colleague!.engine.status.pendingTotal).toBe(0), { timeout: 5000 });

    // Back online: the case says so, with both values, instead of silently keeping one.
    sync.start(storeA!, {
      relayUrl: relay.url,
      beforeRemoteStore: (docId, updates) => workspace!.conflicts.beforeRemoteStore(docId, updates),
      tabOptions: { WebSocket: NodeWebSocket, locks: null, BroadcastChannel: null, backoff: FAST_BACKOFF },
    });
    await vi.waitFor(() => expect(open?.conflicts).toHaveLength(1), { timeout: 5000 });
    expect(open?.conflicts[0]).toMatchObject({ mine: '0203 111111', theirs: '0203 999999' });
  });

  it('ends the session with the reason, keeping everything, when the relay refuses the device', async () => {
    const id = await createCase('Petrenko');
    await vi.waitFor(() => expect(sync.status.pendingTotal).toBe(0), { timeout: 5000 });
    await relay.store.revokeDevice(session.deviceId!, Date.now());
    // The next connection (here: the app started again) is refused at the upgrade.
    await sync.stop();
    sync.start(storeA!, {
      relayUrl: relay.url,
      tabOptions: { WebSocket: NodeWebSocket, locks: null, BroadcastChannel: null, backoff: FAST_BACKOFF },
    });
    await vi.waitFor(() => expect(session.refusal).toBe('device-revoked'), { timeout: 5000 });
    expect(session.status).toBe('expired');
    expect(session.user?.login).toBe('amira');
    expect(cases.summaries.get(id)?.displayName).toBe('Petrenko, Olena');
  });
});
