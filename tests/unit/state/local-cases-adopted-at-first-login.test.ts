import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { localToday } from '../../../src/domain/dates.ts';
import { teamDocId } from '../../../src/domain/team-doc.ts';
import { databaseName } from '../../../src/storage/db.ts';
import { Outbox } from '../../../src/storage/outbox.ts';
import { cases } from '../../../src/state/cases.svelte.ts';
import {
  adoptLocalProfile,
  LOCAL_USER,
  openDeviceStore,
  type DeviceStore,
} from '../../../src/state/device-store.ts';
import { team } from '../../../src/state/team.svelte.ts';

let server: string;
let counter = 0;
const USER = { id: 'u-amira', teamId: 'sc-kreis', displayName: 'Amira Haddad', syncsTeam: true };

beforeEach(() => {
  server = `https://adopt-${++counter}.test`;
});

afterEach(async () => {
  cases.reset();
  team.reset();
  await Dexie.delete(databaseName(server, LOCAL_USER.id));
  await Dexie.delete(databaseName(server, USER.id));
});

/** What a device recorded before accounts existed: two cases and a partner in the local team directory. */
async function recordBeforeAccounts(): Promise<{ caseIds: string[]; partnerId: string }> {
  const local = await openDeviceStore({ server, user: LOCAL_USER });
  await Promise.all([cases.init(local), team.init(local)]);
  const caseIds: string[] = [];
  for (const [familyName, givenNames] of [
    ['Petrenko', 'Olena'],
    ['Yusuf', 'Ahmad'],
  ] as const) {
    const created = await cases.create({
      kind: 'case',
      familyName,
      givenNames,
      firstContact: { date: localToday(), kind: 'office', note: 'Erstkontakt' },
      consent: { decision: 'not-yet' },
    });
    if (!created.ok) throw new Error(JSON.stringify(created.error));
    caseIds.push(created.value);
  }
  const partner = team.addPartner({ name: 'Caritas Migrationsberatung' });
  if (!partner.ok) throw new Error(JSON.stringify(partner.error));
  await cases.flush();
  await local.docs.flush();
  cases.reset();
  team.reset();
  local.db.close();
  return { caseIds, partnerId: partner.value };
}

describe('the first login on a device that was used before accounts', () => {
  let store: DeviceStore;

  afterEach(() => store?.db.close());

  it('moves the cases and the partner directory into the user’s database, queued for sync', async () => {
    const { caseIds, partnerId } = await recordBeforeAccounts();
    store = await openDeviceStore({ server, user: USER });

    const adopted = await adoptLocalProfile(server, store);
    expect(adopted).toEqual({ cases: 2, teamDirectory: true });
    expect(await Dexie.exists(databaseName(server, LOCAL_USER.id))).toBe(false);

    // The case list shows them, and they open with their content.
    await Promise.all([cases.init(store), team.init(store)]);
    expect([...cases.summaries.values()].map((summary) => summary.displayName).sort()).toEqual([
      'Petrenko, Olena',
      'Yusuf, Ahmad',
    ]);
    const session = await cases.open(caseIds[0]!);
    expect(session?.file.person).toMatchObject({ familyName: 'Petrenko', givenNames: 'Olena' });
    expect(session?.file.contacts).toHaveLength(1);

    // They belong to the user's team and wait in the outbox, so the first sync pushes them.
    for (const id of [...caseIds, teamDocId(USER.teamId)]) {
      expect(await store.docs.teamOf(id)).toBe(USER.teamId);
    }
    const queued = await new Outbox(store.db, store.codec).countsByDoc();
    for (const id of caseIds) expect(queued.get(id)).toBeGreaterThan(0);

    // The partner keeps its id, which referrals recorded before point to, in the team's own directory.
    expect(team.partner(partnerId)?.name).toBe('Caritas Migrationsberatung');
    expect(team.activeCategories.length).toBeGreaterThan(0);
  });

  it('adopts nothing, and changes nothing, when there is no local profile', async () => {
    store = await openDeviceStore({ server, user: USER });
    expect(await adoptLocalProfile(server, store)).toEqual({ cases: 0, teamDirectory: false });
    expect(await store.docs.docIds()).toEqual([]);
  });

  it('can run again after being interrupted, without duplicating anything', async () => {
    const { caseIds } = await recordBeforeAccounts();
    store = await openDeviceStore({ server, user: USER });
    // An interrupted first run: one case already copied, the local profile still there.
    const local = await openDeviceStore({ server, user: LOCAL_USER });
    const first = await local.docs.load(caseIds[0]!);
    local.db.close();
    await store.docs.append(caseIds[0]!, Y.encodeStateAsUpdate(first.doc));

    expect((await adoptLocalProfile(server, store)).cases).toBe(2);
    await cases.init(store);
    expect(cases.summaries.size).toBe(2);
    const session = await cases.open(caseIds[0]!);
    expect(session?.file.contacts).toHaveLength(1);
  });
});
