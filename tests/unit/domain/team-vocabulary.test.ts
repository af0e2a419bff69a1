import * as Y from 'yjs';
import { describe, expect, test } from 'vitest';
import {
  addBarrierCategory,
  addPartner,
  archiveBarrierCategory,
  archivePartner,
  confirmBarrierCategory,
  createTeamDoc,
  renameBarrierCategory,
  restoreBarrierCategory,
  setFullTimePosts,
  TEAM_ROOT,
  updatePartner,
} from '../../../src/domain/team-doc.ts';
import { readTeam } from '../../../src/domain/team-read.ts';
import {
  isProposed,
  teamVocabularyChanges,
  vocabularyRights,
  type VocabularyChange,
} from '../../../src/domain/team-vocabulary.ts';
import { vocabularyChangesOfUpdate, writeAsCaseManager } from '../../../src/domain/team-vocabulary-doc.ts';
import type { WriteResult } from '../../../src/domain/write-result.ts';

const ANNA = 'user-anna';
const BEN = 'user-ben';

function must<T>(result: WriteResult<T>): T {
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

function newTeam(): Y.Doc {
  return must(createTeamDoc('team-du-1'));
}

/** What `fn` changes on `doc`, as the rule sees it when `actor` makes the change. */
function changesOf(doc: Y.Doc, actor: string, fn: (doc: Y.Doc) => unknown): VocabularyChange[] {
  const before = readTeam(doc).team;
  fn(doc);
  return teamVocabularyChanges(before, readTeam(doc).team, actor);
}

const kinds = (changes: VocabularyChange[]) => changes.map((change) => change.kind);

describe('the vocabulary rule for a case manager', () => {
  test('lets them propose entries and change the contact details of a confirmed partner', () => {
    const doc = newTeam();
    const confirmed = must(addPartner(doc, { name: 'Caritas' }));
    expect(
      changesOf(doc, ANNA, (d) => {
        must(addPartner(d, { name: 'Diakonie' }, { actor: ANNA, propose: true }));
        must(addBarrierCategory(d, 'Fehlende Schulplätze', { actor: ANNA, propose: true }));
        must(
          updatePartner(d, confirmed, {
            phone: '0234 1234',
            email: 'mbe@caritas.example',
            contactPerson: 'Frau Kaya',
            address: 'Hauptstraße 1',
            service: 'MBE',
            note: 'dienstags offene Sprechstunde',
          }),
        );
      }),
    ).toEqual([]);
    const { team } = readTeam(doc);
    const proposed = team.partners.find((partner) => partner.name === 'Diakonie')!;
    expect(proposed).toMatchObject({ status: 'vorgeschlagen', proposedBy: ANNA });
    expect(isProposed(proposed)).toBe(true);
    expect(isProposed(team.partners.find((partner) => partner.id === confirmed)!)).toBe(false);
  });

  test('finds a rename, archive and restore of a confirmed entry', () => {
    const doc = newTeam();
    const partner = must(addPartner(doc, { name: 'Caritas' }));
    expect(
      kinds(changesOf(doc, ANNA, (d) => must(updatePartner(d, partner, { name: 'Caritas Bochum' })))),
    ).toEqual(['rename']);
    expect(kinds(changesOf(doc, ANNA, (d) => must(archivePartner(d, partner))))).toEqual(['archive']);
    expect(kinds(changesOf(doc, ANNA, (d) => must(renameBarrierCategory(d, 'other', 'Anderes'))))).toEqual([
      'rename',
    ]);
    expect(changesOf(doc, ANNA, (d) => must(archiveBarrierCategory(d, 'discrimination')))).toEqual([
      { list: 'barrierCategories', id: 'discrimination', kind: 'archive' },
    ]);
    expect(kinds(changesOf(doc, ANNA, (d) => must(restoreBarrierCategory(d, 'discrimination'))))).toEqual([
      'restore',
    ]);
  });

  test('lets the proposer correct and withdraw their own proposal, but nobody else', () => {
    const doc = newTeam();
    const id = must(addBarrierCategory(doc, 'Schulplätze', { actor: ANNA, propose: true }));
    expect(changesOf(doc, ANNA, (d) => must(renameBarrierCategory(d, id, 'Fehlende Schulplätze')))).toEqual(
      [],
    );
    expect(kinds(changesOf(doc, BEN, (d) => must(renameBarrierCategory(d, id, 'Schule'))))).toEqual([
      'rename',
    ]);
    expect(changesOf(doc, ANNA, (d) => must(archiveBarrierCategory(d, id)))).toEqual([]);
    expect(kinds(changesOf(doc, BEN, (d) => must(restoreBarrierCategory(d, id))))).toEqual(['restore']);
  });

  test('finds a confirmation, also of one’s own proposal, and a confirmed entry made a proposal', () => {
    const doc = newTeam();
    const id = must(addBarrierCategory(doc, 'Schulplätze', { actor: ANNA, propose: true }));
    expect(kinds(changesOf(doc, ANNA, (d) => must(confirmBarrierCategory(d, id))))).toEqual(['confirm']);
    // Once confirmed, the proposer's rights end with everyone else's.
    expect(kinds(changesOf(doc, ANNA, (d) => must(renameBarrierCategory(d, id, 'Schule'))))).toEqual([
      'rename',
    ]);
    const turned = changesOf(doc, ANNA, (d) => {
      const entry = d
        .getArray<Y.Map<unknown>>(TEAM_ROOT.barrierCategories)
        .toArray()
        .find((map) => map.get('id') === id)!;
      entry.set('status', 'vorgeschlagen');
    });
    expect(kinds(turned)).toEqual(['unconfirm']);
  });

  test('finds a new confirmed entry, a proposal in someone else’s name, a taken-over proposal and a removal', () => {
    const doc = newTeam();
    expect(kinds(changesOf(doc, ANNA, (d) => must(addPartner(d, { name: 'Caritas' }))))).toEqual(['add']);
    expect(
      kinds(changesOf(doc, ANNA, (d) => must(addPartner(d, { name: 'AWO' }, { actor: BEN, propose: true })))),
    ).toEqual(['add']);
    const bens = readTeam(doc).team.partners.find((partner) => partner.name === 'AWO')!.id;
    const taken = changesOf(doc, ANNA, (d) => {
      const entry = d
        .getArray<Y.Map<unknown>>(TEAM_ROOT.partners)
        .toArray()
        .find((map) => map.get('id') === bens)!;
      entry.set('proposedBy', ANNA);
      entry.set('name', 'AWO Bochum');
    });
    expect(kinds(taken)).toEqual(['reassign', 'rename']);
    expect(kinds(changesOf(doc, ANNA, (d) => d.getArray(TEAM_ROOT.barrierCategories).delete(0, 1)))).toEqual([
      'remove',
    ]);
  });

  test('reads entries written before proposals existed, and a status it does not know, as confirmed', () => {
    const doc = new Y.Doc();
    const old = new Y.Map<unknown>();
    const odd = new Y.Map<unknown>();
    doc.transact(() => {
      doc.getArray(TEAM_ROOT.partners).push([old, odd]);
      old.set('id', 'p-old');
      old.set('name', 'Jobcenter');
      odd.set('id', 'p-odd');
      odd.set('name', 'Ausländerbehörde');
      odd.set('status', 'bestätigt-irgendwann');
    });
    const { team } = readTeam(doc);
    expect(team.partners.map(isProposed)).toEqual([false, false]);
    expect(vocabularyRights('partners', team.partners[0]!, ANNA)).toEqual({
      rename: false,
      archive: false,
      restore: false,
    });
    expect(kinds(changesOf(doc, ANNA, (d) => must(updatePartner(d, 'p-old', { name: 'JC' }))))).toEqual([
      'rename',
    ]);
  });

  test('offers the proposer every action on their proposal, and others none', () => {
    const doc = newTeam();
    const id = must(addPartner(doc, { name: 'Diakonie' }, { actor: ANNA, propose: true }));
    const entry = readTeam(doc).team.partners.find((partner) => partner.id === id)!;
    expect(vocabularyRights('partners', entry, ANNA)).toEqual({ rename: true, archive: true, restore: true });
    expect(vocabularyRights('partners', entry, BEN)).toEqual({
      rename: false,
      archive: false,
      restore: false,
    });
  });
});

describe('partner categories and staffing', () => {
  test('a case manager may set and change the category of a confirmed partner, like its other details', () => {
    const doc = newTeam();
    const confirmed = must(addPartner(doc, { name: 'Caritas', category: 'migration-counselling' }));
    expect(changesOf(doc, ANNA, (d) => must(updatePartner(d, confirmed, { category: 'health' })))).toEqual(
      [],
    );
    expect(changesOf(doc, ANNA, (d) => must(updatePartner(d, confirmed, { category: undefined })))).toEqual(
      [],
    );
    expect(readTeam(doc).team.partners[0]?.category).toBeUndefined();
  });

  test('refuses a category outside the closed list and writes nothing', () => {
    const doc = newTeam();
    const partner = must(addPartner(doc, { name: 'Caritas', category: 'health' }));
    const refused = updatePartner(doc, partner, { category: 'zirkus' as 'health' });
    expect(refused.ok).toBe(false);
    expect(addPartner(doc, { name: 'Diakonie', category: 'zirkus' as 'health' }).ok).toBe(false);
    expect(readTeam(doc).team.partners).toMatchObject([{ name: 'Caritas', category: 'health' }]);
  });

  test('staffing needs coordination, set or cleared', () => {
    const doc = newTeam();
    expect(changesOf(doc, ANNA, (d) => must(setFullTimePosts(d, 2.5)))).toEqual([
      { list: 'meta', id: 'fullTimePosts', kind: 'staffing' },
    ]);
    expect(readTeam(doc).team.meta.fullTimePosts).toBe(2.5);
    expect(kinds(changesOf(doc, ANNA, (d) => must(setFullTimePosts(d, undefined))))).toEqual(['staffing']);
    // Setting the same value again changes nothing.
    must(setFullTimePosts(doc, 3));
    expect(changesOf(doc, ANNA, (d) => must(setFullTimePosts(d, 3)))).toEqual([]);
    expect(writeAsCaseManager(doc, ANNA, (d) => setFullTimePosts(d, 4))).toMatchObject({ ok: false });
    expect(readTeam(doc).team.meta.fullTimePosts).toBe(3);
  });

  test('takes posts above 0 and up to 100 with at most two decimals', () => {
    const doc = newTeam();
    for (const posts of [0.01, 1, 2.75, 100])
      expect(setFullTimePosts(doc, posts).ok, String(posts)).toBe(true);
    for (const posts of [0, -1, 100.01, 2.555, Number.NaN, Number.POSITIVE_INFINITY]) {
      const result = setFullTimePosts(doc, posts);
      expect(result.ok, String(posts)).toBe(false);
      if (!result.ok) expect(result.error.issues[0]?.path).toBe('fullTimePosts');
    }
    expect(readTeam(doc).team.meta.fullTimePosts).toBe(100);
    // A value that breaks the schema in the doc (a broken writer) reads as not set.
    doc.getMap(TEAM_ROOT.meta).set('fullTimePosts', 500);
    expect(readTeam(doc).team.meta.fullTimePosts).toBeUndefined();
  });
});

describe('the rule on Yjs updates', () => {
  test('a case manager’s write that needs coordination is refused and writes nothing', () => {
    const doc = newTeam();
    const partner = must(addPartner(doc, { name: 'Caritas' }));
    const before = Y.encodeStateVector(doc);
    const refusedRename = writeAsCaseManager(doc, ANNA, (draft) =>
      updatePartner(draft, partner, { name: 'Caritas Bochum' }),
    );
    expect(refusedRename.ok).toBe(false);
    if (!refusedRename.ok) expect(refusedRename.error.issues[0]!.code).toBe('vocabulary-needs-coordination');
    expect(Y.encodeStateVector(doc)).toEqual(before);
    expect(readTeam(doc).team.partners[0]!.name).toBe('Caritas');

    const proposal = writeAsCaseManager(doc, ANNA, (draft) =>
      addBarrierCategory(draft, 'Schulplätze', { actor: ANNA, propose: true }),
    );
    const id = must(proposal);
    expect(readTeam(doc).team.barrierCategories.find((category) => category.id === id)).toMatchObject({
      label: 'Schulplätze',
      status: 'vorgeschlagen',
    });
    must(writeAsCaseManager(doc, ANNA, (draft) => updatePartner(draft, partner, { phone: '0234 1' })));
    expect(readTeam(doc).team.partners[0]!.phone).toBe('0234 1');
  });

  test('a team doc’s first push, which carries the default categories, needs no coordination', () => {
    const relayDoc = new Y.Doc();
    const device = newTeam();
    must(addPartner(device, { name: 'Diakonie' }, { actor: ANNA, propose: true }));
    expect(vocabularyChangesOfUpdate(relayDoc, 'team-du-1', Y.encodeStateAsUpdate(device), ANNA)).toEqual([]);

    const renamed = newTeam();
    must(renameBarrierCategory(renamed, 'other', 'Anderes'));
    expect(
      kinds(vocabularyChangesOfUpdate(relayDoc, 'team-du-1', Y.encodeStateAsUpdate(renamed), ANNA)),
    ).toEqual(['rename']);
  });

  test('coordination confirms on one replica and the case manager’s rename of it on another is then found', () => {
    const relay = newTeam();
    const device = new Y.Doc();
    const id = must(addBarrierCategory(relay, 'Schulplätze', { actor: ANNA, propose: true }));
    Y.applyUpdate(device, Y.encodeStateAsUpdate(relay));
    must(confirmBarrierCategory(relay, id));
    const vector = Y.encodeStateVector(device);
    must(renameBarrierCategory(device, id, 'Fehlende Schulplätze'));
    const offline = Y.encodeStateAsUpdate(device, vector);
    // On the device it was still a proposal of Anna's; on the relay it is confirmed now.
    expect(kinds(vocabularyChangesOfUpdate(relay, 'team-du-1', offline, ANNA))).toEqual(['rename']);
  });
});
