import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDeviceStore, type DeviceStore } from '../../../src/state/device-store.ts';
import { entryDrafts, type StoredContactDraft } from '../../../src/state/entry-drafts.ts';
import { vaultCodec, createVault } from '../../../src/storage/vault.ts';

let store: DeviceStore;
let counter = 0;

const DRAFT: StoredContactDraft = {
  date: '2025-06-02',
  kind: 'home-visit',
  duration: 45,
  topics: ['housing'],
  place: 'Wohnung',
  office: '',
  appointment: '',
  interpreterLanguage: '',
  interpreterKind: '',
  note: 'Mietrückstand besprochen',
};

beforeEach(async () => {
  const { key } = await createVault('271828', { iterations: 1000 });
  store = await openDeviceStore({
    server: `https://drafts-${++counter}.test`,
    user: { id: 'u-anna', teamId: 'team-1' },
    codec: vaultCodec(key, { keyId: 1 }),
  });
  entryDrafts.use(store);
});

afterEach(async () => {
  entryDrafts.use(undefined);
  await store.db.delete();
});

describe('drafts of entry forms on the device', () => {
  it('are kept per case, sealed, and forgotten once saved or discarded', async () => {
    await entryDrafts.saveContact('case-1', DRAFT);
    await entryDrafts.settled();
    const row = await store.db.meta.get('entry-drafts:case-1');
    expect(new TextDecoder().decode((row?.value as { data: Uint8Array }).data)).not.toContain(
      'Mietrückstand',
    );

    // A fresh start reads it back from the database, for this case only.
    entryDrafts.use(undefined);
    entryDrafts.use(store);
    expect((await entryDrafts.contact('case-1'))?.fields).toEqual(DRAFT);
    expect(await entryDrafts.contact('case-2')).toBeUndefined();

    await entryDrafts.saveContact('case-1', undefined);
    expect(await store.db.meta.get('entry-drafts:case-1')).toBeUndefined();
    expect(await entryDrafts.contact('case-1')).toBeUndefined();
  });

  it('drop a stored record that is not a draft, or belongs to another case', async () => {
    await entryDrafts.saveContact('case-1', { ...DRAFT, note: 'Erster Fall' });
    await entryDrafts.settled();
    // The sealed bytes of case 1 copied to case 2 do not open there.
    const sealed = await store.db.meta.get('entry-drafts:case-1');
    await store.db.meta.put({ key: 'entry-drafts:case-2', value: sealed?.value });
    entryDrafts.use(undefined);
    entryDrafts.use(store);
    expect(await entryDrafts.contact('case-2')).toBeUndefined();
    // A row of another shape is no draft either.
    await store.db.meta.put({ key: 'entry-drafts:case-3', value: { note: 'plain' } });
    expect(await entryDrafts.contact('case-3')).toBeUndefined();
    expect((await entryDrafts.contact('case-1'))?.fields.note).toBe('Erster Fall');
  });
});
