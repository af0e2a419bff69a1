import type { Codec } from '../storage/codec.ts';
import type { LotseDatabase } from '../storage/db.ts';
import { createConflictCheck, type ConflictCheck } from '../sync/conflict-check.ts';
import { cases } from './cases.svelte.ts';
import { accessOf } from './roles.ts';
import { loadDocRuntime } from './doc-runtime-loader.ts';
import {
  adoptLocalProfile,
  LOCAL_USER,
  openDeviceDatabase,
  openDeviceStore,
  type DeviceStore,
  type DeviceUser,
} from './device-store.ts';
import { session } from './session.svelte.ts';
import { markStart } from './start-marks.ts';
import { sync, type SyncStartOptions } from './sync.svelte.ts';
import { team } from './team.svelte.ts';
import { teamMembers } from './team-members.svelte.ts';
import { themen } from './themen.svelte.ts';
import { themenFeed } from './themen-feed.svelte.ts';
import { COORDINATION_LOG_ID } from '../domain/doc-kinds.ts';

export interface WorkspaceOptions {
  /** The relay's origin: names the user's database and is where sync connects. */
  origin: string;
  /** The open vault's codec: every byte of case content passes through it. */
  codec: Codec;
  tabOptions?: SyncStartOptions['tabOptions'];
  /** What `readAhead` started while the vault was being unlocked. */
  ahead?: ReadAhead;
}

/** The person's database and its stored case summaries (still encrypted), read before the key is there. */
export interface ReadAhead {
  db: Promise<LotseDatabase>;
  summaryRows: Promise<unknown[]>;
}

/**
 * Starts what opening the workspace needs that no key is needed for, while the PIN's key derivation runs:
 * opening the person's database, reading the case summaries as stored (encrypted; they are decrypted only
 * once the vault is open), and loading the doc runtime's code. Undefined for roles without case access.
 */
export function readAhead(origin: string): ReadAhead | undefined {
  const user = session.user;
  if (!user || !accessOf(user.role).cases) return undefined;
  const db = openDeviceDatabase(origin, user.id);
  const summaryRows = db.then((opened) => opened.summaries.toArray() as Promise<unknown[]>);
  // Failures surface where the results are used (`openWorkspace` then opens and reads again).
  db.catch(() => undefined);
  summaryRows.catch(() => undefined);
  void loadDocRuntime().catch(() => undefined);
  return { db, summaryRows };
}

/** What `openWorkspace` opened: the person's store and the conflict check that watches it. */
export interface Workspace {
  store: DeviceStore;
  conflicts: ConflictCheck;
}

/** The device user for the signed-in person: their database, their first team for new cases. */
export function deviceUserOfSession(): DeviceUser {
  const user = session.user;
  if (!user) throw new Error('No one is signed in on this device.');
  const firstTeam = session.teams[0];
  return {
    id: user.id,
    teamId: firstTeam?.id ?? LOCAL_USER.teamId,
    displayName: user.displayName,
    syncsTeam: firstTeam !== undefined,
  };
}

/**
 * Opens everything the signed-in person works with, from the device alone (so it works offline after the
 * first login): their case database, with anything recorded before accounts existed adopted into it, the
 * case list, the team directory and the names of the team's members; then starts syncing, with the conflict check between this device's
 * unsynced edits and what arrives from the relay (docs/architecture.md#no-silent-overwrite).
 *
 * Coordination gets its own workspace instead (`openThemenWorkspace`); admins get nothing of it: no
 * database, no team directory and no sync connection, so their device never asks the relay for case
 * content. Resolves `undefined` for them.
 */
export async function openWorkspace(options: WorkspaceOptions): Promise<Workspace | undefined> {
  const access = accessOf(session.user?.role);
  if (access.themen) return openThemenWorkspace(options);
  if (!access.cases) return undefined;
  const early = await options.ahead?.db.catch((error: unknown) => {
    console.error('Opening the database ahead of the unlock failed; opening it again', error);
    return undefined;
  });
  const store = await openDeviceStore({
    server: options.origin,
    user: deviceUserOfSession(),
    codec: options.codec,
    ...(early ? { db: early } : {}),
  });
  markStart('store-open');
  try {
    const adopted = await adoptLocalProfile(options.origin, store);
    if (adopted.cases > 0) console.info(`Adopted ${adopted.cases} cases recorded before the first login`);
  } catch (error) {
    // The old profile stays where it is and is adopted at the next start; its cases are not lost.
    console.error('Adopting the cases recorded before the first login failed', error);
  }
  const conflicts = createConflictCheck({
    db: store.db,
    codec: store.codec,
    docs: store.docs,
    liveDoc: (docId) => cases.liveDoc(docId),
  });
  try {
    await conflicts.moveLegacyEdits();
  } catch (error) {
    // They stay where they are and are moved at the next start; until then they are not checked against.
    console.error('Moving the field edits of an earlier version failed', error);
  }
  markStart('workspace-checked');
  // The team doc (partner directory, barrier categories) and the names of the team's members open beside
  // the cases, not after them.
  const summaryRows = early ? options.ahead?.summaryRows : undefined;
  await Promise.all([
    cases.init(store, { conflicts, ...(summaryRows ? { summaryRows } : {}) }),
    team.init(store),
    teamMembers.init(store),
  ]);
  // What became of the team's barrier reports is read only when a case file asks for it.
  themenFeed.init(store);
  sync.start(store, {
    relayUrl: options.origin,
    beforeRemoteStore: (docId, updates) => conflicts.beforeRemoteStore(docId, updates),
    onRemoteUpdates: (docId, updates) => themenFeed.applyRemote(docId, updates),
    ...(options.tabOptions ? { tabOptions: options.tabOptions } : {}),
  });
  // Attachments waiting from an earlier session go up in the background; the module loads apart from the
  // start's, as the case file that attaches them does.
  if (typeof location !== 'undefined') {
    void import('./attachments.svelte.ts')
      .then(({ attachments }) => attachments.start())
      .catch((error: unknown) => console.error('Starting the attachment uploads failed', error));
  }
  return { store, conflicts };
}

/**
 * Coordination's workspace (docs/architecture.md#themen): the person's encrypted database, as a case
 * manager's, holding the coordination doc and the last answers of the relay the Themen screen shows again
 * offline; and the sync connection, which for coordination carries the coordination log alone. No case
 * list, no team directory, no member names: the relay serves coordination no case and no team doc.
 */
async function openThemenWorkspace(options: WorkspaceOptions): Promise<Workspace | undefined> {
  let store: DeviceStore;
  try {
    store = await openDeviceStore({
      server: options.origin,
      user: { ...deviceUserOfSession(), syncsTeam: false },
      codec: options.codec,
    });
  } catch (error) {
    themen.fail(error);
    return undefined;
  }
  markStart('store-open');
  // The same check as for case files, for the doc this device writes (what it covers: see the doc).
  const conflicts = createConflictCheck({ db: store.db, codec: store.codec, docs: store.docs });
  await themen.init(store, conflicts);
  if (typeof window !== 'undefined') {
    // A change typed a moment ago may still be on its way to IndexedDB; the browser asks before leaving.
    window.addEventListener('beforeunload', (event) => {
      if (themen.pendingWrites > 0) event.preventDefault();
    });
  }
  sync.start(store, {
    relayUrl: options.origin,
    teamIds: () => [COORDINATION_LOG_ID],
    beforeRemoteStore: (docId, updates) => conflicts.beforeRemoteStore(docId, updates),
    onRemoteUpdates: (docId, updates) => themen.applyRemote(docId, updates),
    ...(options.tabOptions ? { tabOptions: options.tabOptions } : {}),
  });
  return { store, conflicts };
}
