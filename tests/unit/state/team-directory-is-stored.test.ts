import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DEFAULT_BARRIER_CATEGORIES } from '../../../src/domain/schema/team.ts';
import { addPartner } from '../../../src/domain/team-doc.ts';
import { openDeviceStore, type DeviceStore } from '../../../src/state/device-store.ts';
import { locale } from '../../../src/state/locale.svelte.ts';
import { team } from '../../../src/state/team.svelte.ts';
import { Outbox } from '../../../src/storage/outbox.ts';
import { unsentScope } from '../../../src/sync/status.ts';

let store: DeviceStore;
let counter = 0;

function must<T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

beforeEach(async () => {
  store = await openDeviceStore({
    server: `https://team-${++counter}.test`,
    user: { id: 'cm-1', teamId: 'team-1' },
  });
});

afterEach(async () => {
  team.reset();
  locale.reset();
  await store.db.delete();
});

describe('the team directory on a device', () => {
  it('refuses writes until the team doc is open', () => {
    const result = team.addPartner({ name: 'Caritas Migrationsberatung' });
    expect(result).toMatchObject({ ok: false, error: { code: 'refused' } });
    expect(team.partnerName('p-1')).toBe('Unbekannter Partner: p-1');
  });

  it('creates the team doc on first start, with the default categories, and stores it', async () => {
    await team.init(store);
    expect(team.status).toBe('ready');
    expect(team.activeCategories.map((category) => category.id)).toEqual(
      DEFAULT_BARRIER_CATEGORIES.map((category) => category.id),
    );
    expect(await store.docs.docIds()).toEqual(['team:team-1']);
  });

  it('keeps partners and category changes across a restart, and renews its reading on every change', async () => {
    await team.init(store);
    const id = must(team.addPartner({ name: 'Caritas Migrationsberatung', service: 'MBE' }));
    // The reading follows the doc at once, without a reload.
    expect(team.activePartners.map((partner) => partner.name)).toEqual(['Caritas Migrationsberatung']);
    // A case manager's new entries are proposals, which they may still correct and withdraw.
    expect(team.partner(id)).toMatchObject({ status: 'vorgeschlagen', proposedBy: 'cm-1' });
    const school = must(team.addCategory('Schulplätze'));
    must(team.renameCategory(school, 'Fehlende Schulplätze'));
    const jmd = must(team.addPartner({ name: 'Jugendmigrationsdienst' }));
    must(team.archivePartner(jmd));
    await store.docs.flush();
    expect(team.pendingWrites).toBe(0);

    team.reset();
    await team.init(store);
    expect(team.partners.map((partner) => partner.name)).toEqual([
      'Caritas Migrationsberatung',
      'Jugendmigrationsdienst',
    ]);
    expect(team.activePartners.map((partner) => partner.id)).toEqual([id]);
    expect(team.partnerName(jmd)).toBe('Jugendmigrationsdienst');
    expect(team.categoryLabel(school)).toBe('Fehlende Schulplätze');
    // One doc, not a second one created on the second start.
    expect(await store.docs.docIds()).toEqual(['team:team-1']);
  });

  it('refuses a rename or archive of a confirmed entry and writes nothing', async () => {
    await team.init(store);
    const stored = (await store.docs.load('team:team-1')).seq;
    for (const result of [team.renameCategory('other', 'Anderes'), team.archiveCategory('discrimination')]) {
      expect(result).toMatchObject({
        ok: false,
        error: { code: 'refused', issues: [{ code: 'vocabulary-needs-coordination' }] },
      });
    }
    expect(team.categoryLabel('other')).toBe('Sonstiges');
    expect(team.activeCategories.map((category) => category.id)).toContain('discrimination');
    expect(team.rights('barrierCategories', team.categories[0]!)).toEqual({
      rename: false,
      archive: false,
      restore: false,
    });
    await store.docs.flush();
    expect((await store.docs.load('team:team-1')).seq).toBe(stored);
  });

  it('shows a change that arrives from another device', async () => {
    await team.init(store);
    const remote = new Y.Doc();
    Y.applyUpdate(remote, Y.encodeStateAsUpdate((await store.docs.load('team:team-1')).doc));
    must(addPartner(remote, { name: 'VHS Duisburg' }, { newId: () => 'vhs' }));
    // Until sync exists, the stored update is the closest stand-in: load it the way a fresh start would.
    await store.docs.append('team:team-1', Y.encodeStateAsUpdate(remote));
    team.reset();
    await team.init(store);
    expect(team.partnerName('vhs')).toBe('VHS Duisburg');
  });

  it('names unknown ids in the UI language', async () => {
    await team.init(store);
    locale.set('en');
    expect(team.partnerName('Jugendamt')).toBe('Unknown partner: Jugendamt');
    expect(team.categoryLabel('waiting-times')).toBe('Waiting times at public offices');
    expect(team.categoryLabel('gone')).toBe('Unknown category: gone');
  });
});

describe('the team directory and the unsent counter', () => {
  /** A device whose team doc syncs with the team, as after a login. */
  async function syncingStore(): Promise<DeviceStore> {
    return openDeviceStore({
      server: `https://team-sync-${++counter}.test`,
      user: { id: 'cm-1', teamId: 'team-1', syncsTeam: true },
    });
  }

  it('counts nothing unsent after merely opening the team directory, yet sends its seed', async () => {
    const device = await syncingStore();
    try {
      await team.init(device);
      expect(team.status).toBe('ready');
      await device.docs.flush();
      const outbox = new Outbox(device.db, device.codec);
      // The seed is queued: the relay's log holds the whole doc.
      const queued = await outbox.after(0, 10);
      expect(queued.map((row) => row.docId)).toEqual(['team:team-1']);
      // But it is no person's change.
      expect(unsentScope(await outbox.countsByDoc())).toEqual({
        cases: 0,
        teamDirectory: false,
        themen: false,
      });

      // A partner someone adds is.
      must(team.addPartner({ name: 'Caritas Migrationsberatung' }));
      await device.docs.flush();
      await expect
        .poll(async () => unsentScope(await outbox.countsByDoc()))
        .toEqual({ cases: 0, teamDirectory: true, themen: false });
      expect((await outbox.countsByDoc()).get('team:team-1')).toBe(1);
    } finally {
      team.reset();
      await device.db.delete();
    }
  });

  it('builds the same seed on two devices, so two first openings merge into one set of categories', async () => {
    const first = await syncingStore();
    const second = await syncingStore();
    try {
      const seeds: Uint8Array[] = [];
      for (const device of [first, second]) {
        await team.init(device);
        await device.docs.flush();
        const [row] = await new Outbox(device.db, device.codec).after(0, 10);
        if (row?.kind !== 'entry') throw new Error('no seed queued');
        seeds.push(row.update);
        team.reset();
      }
      const merged = new Y.Doc();
      for (const seed of seeds) Y.applyUpdate(merged, seed);
      expect(merged.getArray('barrierCategories').length).toBe(DEFAULT_BARRIER_CATEGORIES.length);
    } finally {
      await first.db.delete();
      await second.db.delete();
    }
  });
});
