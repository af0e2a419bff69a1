import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { docUpdateRecord, plainCodec } from '../../../src/storage/codec.ts';
import { Quarantine } from '../../../src/storage/quarantine.ts';
import { createHarness, fieldsOf, fieldUpdate, until, type Harness } from './engine-harness.ts';

const harnesses: Harness[] = [];
const harness = () => {
  const h = createHarness();
  harnesses.push(h);
  return h;
};

afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.close();
});

describe('remote changes of a doc that this device holds under another team', () => {
  it('are set aside, visibly and decodable, before the cursor moves past them', async () => {
    const h = harness();
    await h.docs.storeRemote('case-1', [fieldUpdate('city', 'Köln')], 'team-a');
    const socket = await h.connect([
      { id: 'team-a', latest: 0 },
      { id: 'team-b', latest: 4 },
    ]);
    const foreign = fieldUpdate('city', 'Dortmund');
    socket.log('team-b', [{ seq: 4, docId: 'case-1', update: foreign }]);
    socket.control({ type: 'caught-up', teamId: 'team-b', seq: 4 });
    await until(async () => (await h.cursors()).get('team-b') === 4, 'cursor of team-b at 4');

    // The doc under its own team is untouched ...
    expect(await fieldsOf(h.docs, 'case-1')).toEqual({ city: 'Köln' });
    // ... and the change the relay sent is kept, where the person sees the entries set aside.
    const quarantine = new Quarantine(h.db);
    const [kept, ...more] = await quarantine.list();
    expect(more).toEqual([]);
    expect(kept).toMatchObject({ table: 'updates', key: 'remote:team-b', docId: 'case-1' });
    expect(kept?.reason).toContain('team-a');
    const row = await h.db.quarantine.get(kept!.id);
    const raw = row?.raw as { teamId: string; docId: string; data: Uint8Array };
    expect(raw).toMatchObject({ teamId: 'team-b', docId: 'case-1' });
    const doc = new Y.Doc();
    Y.applyUpdate(doc, await plainCodec.decode(raw.data, docUpdateRecord('case-1')));
    expect(doc.getMap('fields').get('city')).toBe('Dortmund');
  });
});
