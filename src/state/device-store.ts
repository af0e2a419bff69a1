import Dexie from 'dexie';
import * as Y from 'yjs';
import { caseSummarySchema, type CaseSummary } from '../domain/summary.ts';
import { createTeamDoc, isTeamDocId, teamDocId } from '../domain/team-doc.ts';
import { plainCodec, type Codec } from '../storage/codec.ts';
import { databaseName, LotseDatabase } from '../storage/db.ts';
import { DocStore } from '../storage/doc-store.ts';
import { Quarantine } from '../storage/quarantine.ts';
import { SummaryStore } from '../storage/summary-store.ts';

/** Who works on this device: the signed-in user and the team new cases belong to. */
export interface DeviceUser {
  id: string;
  teamId: string;
  /** What the case file records as the author of a change; the id when no name is known. */
  displayName?: string;
  /** Whether `teamId` is a team on the relay; false for the local profile and users without a team. */
  syncsTeam?: boolean;
}

/** The profile every device had before accounts existed; its cases are adopted at the first login. */
export const LOCAL_USER: DeviceUser = { id: 'local', teamId: 'local' };

/** Everything stored on the device for one user of one relay. */
export interface DeviceStore {
  readonly db: LotseDatabase;
  readonly docs: DocStore;
  readonly summaries: SummaryStore<CaseSummary>;
  readonly quarantine: Quarantine;
  readonly user: DeviceUser;
  /** The seam every stored byte passes through; the sync engine's outbox uses it too. */
  readonly codec: Codec;
}

/** Opens a user's device database (the store's `db`), e.g. before the vault's codec is there. */
export async function openDeviceDatabase(server: string, userId: string): Promise<LotseDatabase> {
  const db = new LotseDatabase(databaseName(server, userId));
  await db.open();
  return db;
}

/**
 * The device store of a user; `db` when the database was opened ahead (`openDeviceDatabase` for the same
 * server and user), else it is opened now.
 */
export async function openDeviceStore(options: {
  server: string;
  user: DeviceUser;
  codec?: Codec;
  db?: LotseDatabase;
}): Promise<DeviceStore> {
  const codec = options.codec ?? plainCodec;
  const db = options.db ?? (await openDeviceDatabase(options.server, options.user.id));
  return {
    db,
    docs: new DocStore(db, codec),
    summaries: new SummaryStore(db, codec, caseSummarySchema),
    quarantine: new Quarantine(db),
    user: options.user,
    codec,
  };
}

export interface AdoptedProfile {
  /** Case files moved into the user's database. */
  cases: number;
  /** Whether partners or categories of the local team directory were carried over. */
  teamDirectory: boolean;
}

/**
 * Moves everything recorded in the local profile (before accounts existed) into the signed-in user's
 * database, assigned to the user's team so it is pushed, then deletes the local profile's database.
 * Each doc is written whole (its merged state): Yjs updates are idempotent, so if the page dies halfway
 * the next start simply adopts again, and nothing is counted twice.
 */
export async function adoptLocalProfile(
  server: string,
  store: DeviceStore,
  codec: Codec = plainCodec,
): Promise<AdoptedProfile> {
  const name = databaseName(server, LOCAL_USER.id);
  if (store.user.id === LOCAL_USER.id || !(await Dexie.exists(name)))
    return { cases: 0, teamDirectory: false };
  const local = await openDeviceStore({ server, user: LOCAL_USER, codec });
  const adopted: AdoptedProfile = { cases: 0, teamDirectory: false };
  try {
    const docs = await local.docs.loadAll();
    const { summaries } = await local.summaries.all();
    const teamId = store.user.syncsTeam ? store.user.teamId : null;
    for (const [id, loaded] of docs) {
      if (loaded.seq === 0) continue;
      if (isTeamDocId(id)) {
        adopted.teamDirectory = await adoptTeamDirectory(store, id, loaded.doc);
        continue;
      }
      // Assigned first, so that the append below also lands in the outbox.
      if (teamId) await store.docs.assignTeam(id, teamId);
      const seq = await store.docs.append(id, Y.encodeStateAsUpdate(loaded.doc));
      const summary = summaries.get(id);
      if (summary) await store.summaries.put(id, summary.value, seq);
      adopted.cases += 1;
    }
    await store.docs.flush();
  } finally {
    local.db.close();
  }
  // Only now, with every doc stored in the user's database, does the old one go.
  await Dexie.delete(name);
  return adopted;
}

/**
 * The local profile's team directory (partners, categories) is carried into the user's team doc. Both
 * docs start from the same deterministic seed, identical except for the team id it names, so the local
 * edits on top of the seed apply cleanly to the team's doc and keep their ids, which the adopted cases'
 * referrals and barriers point to.
 */
async function adoptTeamDirectory(store: DeviceStore, localId: string, localDoc: Y.Doc): Promise<boolean> {
  const localSeed = createTeamDoc(localId.slice(teamDocId('').length));
  const target = createTeamDoc(store.user.teamId);
  if (!localSeed.ok || !target.ok) return false;
  const edits = Y.encodeStateAsUpdate(localDoc, Y.encodeStateVector(localSeed.value));
  if (Y.parseUpdateMeta(edits).to.size === 0) return false;
  const id = teamDocId(store.user.teamId);
  if (store.user.syncsTeam) await store.docs.assignTeam(id, store.user.teamId);
  await store.docs.appendSeed(id, Y.encodeStateAsUpdate(target.value));
  await store.docs.append(id, edits);
  return true;
}
