import { createHash } from 'node:crypto';
import * as Y from 'yjs';
import { describe, expect, test } from 'vitest';
import { DEFAULT_BARRIER_CATEGORIES } from '../../../src/domain/schema/team.ts';
import {
  addBarrierCategory,
  addPartner,
  archiveBarrierCategory,
  archivePartner,
  createTeamDoc,
  isTeamDocId,
  renameBarrierCategory,
  restorePartner,
  TEAM_ROOT,
  teamDocId,
  updatePartner,
} from '../../../src/domain/team-doc.ts';
import {
  barrierCategoryLabel,
  partnerDisplayName,
  pickable,
  readTeam,
} from '../../../src/domain/team-read.ts';
import { snapshot, writeOptions } from './case-fixtures.ts';

function must<T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

function newTeam(teamId = 'team-du-1'): Y.Doc {
  return must(createTeamDoc(teamId));
}

function rawPartner(doc: Y.Doc, id: string): Y.Map<unknown> {
  const found = doc
    .getArray<unknown>(TEAM_ROOT.partners)
    .toArray()
    .find((entry) => entry instanceof Y.Map && entry.get('id') === id);
  if (!(found instanceof Y.Map)) throw new Error(`no partner ${id}`);
  return found as Y.Map<unknown>;
}

const caritas = { name: 'Caritas Migrationsberatung', service: 'Migrationsberatung für Erwachsene (MBE)' };

describe('a new team doc', () => {
  test('is named after the team and starts with the default barrier categories', () => {
    const doc = newTeam();
    expect(doc.guid).toBe('team:team-du-1');
    expect(teamDocId('team-du-1')).toBe('team:team-du-1');
    expect(isTeamDocId(doc.guid)).toBe(true);
    expect(isTeamDocId('0b7c9a52-6f1e-4c1a-9d7e-3f2f5f1f0a11')).toBe(false);

    const { team, problems } = readTeam(doc);
    expect(problems).toEqual([]);
    expect(team.meta).toMatchObject({ teamId: 'team-du-1', schemaVersion: 1 });
    expect(team.partners).toEqual([]);
    expect(team.barrierCategories.map((category) => category.id)).toEqual(
      DEFAULT_BARRIER_CATEGORIES.map((category) => category.id),
    );
    // The ids the app used before the team doc existed are all still there, so old barriers keep a label.
    for (const id of [
      'waiting-times',
      'missing-services',
      'unclear-responsibility',
      'language-access',
      'digital-access',
      'documents-proof',
      'housing-market',
      'discrimination',
      'other',
    ]) {
      expect(barrierCategoryLabel(team, id)).not.toMatch(/Unbekannte Kategorie/);
    }
    expect(barrierCategoryLabel(team, 'waiting-times')).toBe('Wartezeiten bei Behörden');
    expect(barrierCategoryLabel(team, 'waiting-times', 'en')).toBe('Waiting times at public offices');
  });

  test('is refused without a team id', () => {
    const result = createTeamDoc('');
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.error.issues[0]).toMatchObject({ path: 'teamId', message: 'Bitte ausfüllen.' });
  });

  test('opened on two devices independently merges into one list of categories', () => {
    const first = newTeam();
    const second = newTeam();
    must(addPartner(first, caritas, writeOptions('a')));
    Y.applyUpdate(second, Y.encodeStateAsUpdate(first));
    Y.applyUpdate(first, Y.encodeStateAsUpdate(second));
    for (const doc of [first, second]) {
      const { team, problems } = readTeam(doc);
      expect(problems).toEqual([]);
      expect(team.barrierCategories).toHaveLength(DEFAULT_BARRIER_CATEGORIES.length);
      expect(team.partners.map((partner) => partner.name)).toEqual([caritas.name]);
    }
  });

  test('is seeded byte for byte as every earlier version seeded it', () => {
    // Every device writes the seed under the same Yjs client id and clocks. A changed seed would clash with
    // the seed already synced by older devices: add new defaults with ordinary writes instead.
    const seed = Y.encodeStateAsUpdate(newTeam('team-1'));
    expect(createHash('sha256').update(seed).digest('hex')).toBe(
      '1c098677c294ee7932a668a92d7c2afc85965a7cc9a5d94c9125c92efb2b5aa0',
    );
  });
});

describe('the partner directory', () => {
  test('adds a valid partner and reads it back', () => {
    const doc = newTeam();
    const id = must(addPartner(doc, { ...caritas, phone: '0203 123456', email: 'mbe@caritas.example' }));
    const { team } = readTeam(doc);
    expect(team.partners).toEqual([
      {
        id,
        name: caritas.name,
        service: caritas.service,
        phone: '0203 123456',
        email: 'mbe@caritas.example',
      },
    ]);
    expect(partnerDisplayName(team, id)).toBe(caritas.name);
    expect(readTeam(doc).team.meta.updatedAt).toBeDefined();
  });

  test('refuses a partner without a name or with a broken e-mail address and writes nothing', () => {
    const doc = newTeam();
    const before = snapshot(doc);
    const nameless = addPartner(doc, { name: '   ', service: 'Jugendmigrationsdienst' });
    expect(nameless).toEqual({
      ok: false,
      error: {
        code: 'invalid-input',
        issues: [expect.objectContaining({ path: 'name', message: 'Bitte ausfüllen.' })],
      },
    });
    const badMail = addPartner(doc, { name: 'JMD Duisburg', email: 'jmd at example' });
    expect(badMail.ok).toBe(false);
    if (!badMail.ok) {
      expect(badMail.error.issues).toEqual([
        expect.objectContaining({ path: 'email', message: 'Bitte eine gültige E-Mail-Adresse angeben.' }),
      ]);
    }
    expect(snapshot(doc)).toBe(before);
  });

  test('refuses a second active partner of the same name, spelled differently', () => {
    const doc = newTeam();
    must(addPartner(doc, caritas));
    const before = snapshot(doc);
    const again = addPartner(doc, { name: '  caritas   MIGRATIONSBERATUNG ' });
    expect(again.ok).toBe(false);
    if (!again.ok) {
      expect(again.error.issues).toEqual([
        {
          path: 'name',
          code: 'partner-name-taken',
          message: 'Einen Netzwerkpartner mit diesem Namen gibt es schon im Verzeichnis.',
        },
      ]);
    }
    expect(snapshot(doc)).toBe(before);
  });

  test('changes only the fields named, keeps the id, and refuses a taken name', () => {
    const doc = newTeam();
    const opts = writeOptions('p');
    const id = must(addPartner(doc, { ...caritas, phone: '0203 1' }, opts));
    const other = must(addPartner(doc, { name: 'AWO Integrationsagentur' }, opts));

    must(updatePartner(doc, id, { contactPerson: 'Frau Schulz', phone: undefined }, opts));
    expect(readTeam(doc).team.partners[0]).toEqual({
      id,
      name: caritas.name,
      service: caritas.service,
      contactPerson: 'Frau Schulz',
    });

    const before = snapshot(doc);
    const renamed = updatePartner(doc, other, { name: 'Caritas Migrationsberatung' }, opts);
    expect(renamed.ok).toBe(false);
    expect(updatePartner(doc, 'gone', { name: 'x' }, opts)).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
    expect(snapshot(doc)).toBe(before);
  });

  test('archives a partner: gone from pickers, still named, and restorable while its name is free', () => {
    const doc = newTeam();
    const opts = writeOptions('p');
    const id = must(addPartner(doc, caritas, opts));
    must(archivePartner(doc, id, opts));

    const { team } = readTeam(doc);
    expect(team.partners[0]?.archived).toBe(true);
    expect(pickable(team.partners)).toEqual([]);
    // A referral that already names the partner still offers it, so its select can show the choice.
    expect(pickable(team.partners, id).map((partner) => partner.id)).toEqual([id]);
    expect(partnerDisplayName(team, id)).toBe(caritas.name);

    // Its name is free for a successor; then it cannot come back under the same name.
    const successor = must(addPartner(doc, caritas, opts));
    expect(restorePartner(doc, id, opts)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    must(archivePartner(doc, successor, opts));
    must(restorePartner(doc, id, opts));
    expect(readTeam(doc).team.partners.find((partner) => partner.id === id)?.archived).toBeUndefined();
  });

  test('names an id it does not know as unknown, with the stored value', () => {
    const { team } = readTeam(newTeam());
    // Referrals written before the directory existed hold the typed name.
    expect(partnerDisplayName(team, 'Jugendamt Duisburg')).toBe('Unbekannter Partner: Jugendamt Duisburg');
    expect(partnerDisplayName(team, 'Jugendamt Duisburg', 'en')).toBe('Unknown partner: Jugendamt Duisburg');
  });
});

describe('barrier categories', () => {
  test('are added, renamed under the same id, and archived without losing their label', () => {
    const doc = newTeam();
    const opts = writeOptions('c');
    const id = must(addBarrierCategory(doc, 'Fehlende Ärztinnen und Ärzte mit Kassenzulassung', opts));
    expect(id).toBe('c-1');

    must(renameBarrierCategory(doc, 'waiting-times', 'Wartezeiten bei der Ausländerbehörde', opts));
    let { team } = readTeam(doc);
    expect(barrierCategoryLabel(team, 'waiting-times')).toBe('Wartezeiten bei der Ausländerbehörde');
    // A label the team wrote is shown as written in every UI language.
    expect(barrierCategoryLabel(team, 'waiting-times', 'en')).toBe('Wartezeiten bei der Ausländerbehörde');

    must(archiveBarrierCategory(doc, 'other', opts));
    team = readTeam(doc).team;
    expect(pickable(team.barrierCategories).map((category) => category.id)).not.toContain('other');
    expect(barrierCategoryLabel(team, 'other')).toBe('Sonstiges');
    expect(barrierCategoryLabel(team, 'no-such-category')).toBe('Unbekannte Kategorie: no-such-category');
  });

  test('refuses an empty or taken label and writes nothing', () => {
    const doc = newTeam();
    const before = snapshot(doc);
    expect(addBarrierCategory(doc, ' ')).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const taken = renameBarrierCategory(doc, 'other', 'digitale zugangshürden');
    expect(taken.ok).toBe(false);
    if (!taken.ok)
      expect(taken.error.issues[0]?.message).toBe('Eine Kategorie mit dieser Bezeichnung gibt es schon.');
    expect(snapshot(doc)).toBe(before);
  });
});

describe('reading a damaged team doc', () => {
  test('reports bad values and keeps every readable entry', () => {
    const doc = newTeam();
    const good = must(addPartner(doc, caritas, writeOptions('a')));
    const nameless = must(addPartner(doc, { name: 'JMD' }, writeOptions('b')));
    const mail = must(addPartner(doc, { name: 'VHS Duisburg' }, writeOptions('c')));
    rawPartner(doc, nameless).set('name', 42);
    rawPartner(doc, mail).set('email', 'kein-mail');
    doc.getArray<unknown>(TEAM_ROOT.partners).push(['not a partner']);

    const { team, problems } = readTeam(doc);
    expect(team.partners.map((partner) => partner.id)).toEqual([good, mail]);
    expect(team.partners[1]).toEqual({ id: mail, name: 'VHS Duisburg' });
    expect(problems).toEqual([
      expect.objectContaining({ path: ['partners', nameless], field: 'name', effect: 'item-dropped' }),
      expect.objectContaining({
        path: ['partners', mail, 'email'],
        raw: 'kein-mail',
        message: 'Bitte eine gültige E-Mail-Adresse angeben.',
        effect: 'field-dropped',
      }),
      expect.objectContaining({ path: ['partners', 3], raw: 'not a partner', effect: 'item-dropped' }),
    ]);
  });

  test('reads an id that appears twice once, the first in doc order', () => {
    const doc = newTeam();
    const copy = new Y.Map<unknown>();
    doc.getArray<unknown>(TEAM_ROOT.barrierCategories).push([copy]);
    copy.set('id', 'waiting-times');
    copy.set('label', 'Zweite Fassung');

    const { team, problems } = readTeam(doc);
    expect(team.barrierCategories.filter((category) => category.id === 'waiting-times')).toEqual([
      { id: 'waiting-times', label: 'Wartezeiten bei Behörden' },
    ]);
    expect(problems).toEqual([
      expect.objectContaining({ path: ['barrierCategories', 'waiting-times'], effect: 'item-dropped' }),
    ]);
  });

  test('reports a root of the wrong type instead of throwing', () => {
    const doc = new Y.Doc();
    doc.getText(TEAM_ROOT.partners).insert(0, 'kaputt');
    const { team, problems } = readTeam(doc);
    expect(team.partners).toEqual([]);
    expect(problems).toEqual([expect.objectContaining({ path: ['partners'], effect: 'item-dropped' })]);
  });
});

describe('two replicas', () => {
  test('merge partners added at the same time, and a rename with an archive of the same partner', () => {
    const origin = newTeam();
    const shared = must(addPartner(origin, caritas, writeOptions('o')));
    const [a, b] = [0, 1].map(() => {
      const doc = new Y.Doc({ guid: origin.guid });
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(origin));
      return doc;
    }) as [Y.Doc, Y.Doc];

    const fromA = must(addPartner(a, { name: 'Jugendamt Duisburg' }, writeOptions('a')));
    const fromB = must(addPartner(b, { name: 'Jobcenter Duisburg' }, writeOptions('b')));
    must(updatePartner(a, shared, { contactPerson: 'Frau Schulz' }, writeOptions('a')));
    must(archivePartner(b, shared, writeOptions('b')));

    const stateA = Y.encodeStateAsUpdate(a);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, stateA);

    const readA = readTeam(a).team;
    expect(readTeam(b).team).toEqual(readA);
    expect(readA.partners.map((partner) => partner.id).sort()).toEqual([shared, fromA, fromB].sort());
    expect(readA.partners.find((partner) => partner.id === shared)).toMatchObject({
      contactPerson: 'Frau Schulz',
      archived: true,
    });
  });
});
