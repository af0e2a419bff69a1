import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addBarrierCategory, createTeamDoc } from '../../../src/domain/team-doc.ts';
import { teamDocId } from '../../../src/domain/team-directory.ts';
import { readTeam } from '../../../src/domain/team-read.ts';
import type { WriteResult } from '../../../src/domain/write-result.ts';
import {
  VocabularyAnswerSchema,
  staffingPath,
  vocabularyPath,
  VOCABULARY_PATHS,
  type VocabularyAnswer,
} from '../../../src/protocol/vocabulary.ts';
import { useSyncRelay } from './support/fixture.ts';
import { WORLD, type Person } from './support/world.ts';

const sync = useSyncRelay();
const A = WORLD.teamA;
const TEAM_DOC = teamDocId(A);
const ADMIN: Person = { userId: 'user-ada', deviceId: 'device-ada-1', role: 'admin' };

function must<T>(result: WriteResult<T>): T {
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

async function call(
  person: Person,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${sync.relay.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      authorization: `Bearer ${await sync.token(person)}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function vocabulary(person: Person, teamId: string = A): Promise<VocabularyAnswer> {
  const answer = await call(person, vocabularyPath(teamId));
  expect(answer.status).toBe(200);
  return VocabularyAnswerSchema.parse(answer.body);
}

/** Anna's device, connected, with the team doc pushed and one proposal of hers in it. */
async function annaProposes(label: string) {
  const device = await sync.connect(WORLD.anna);
  await device.control('caught-up');
  const doc = must(createTeamDoc(A));
  const id = must(addBarrierCategory(doc, label, { actor: WORLD.anna.userId, propose: true }));
  expect(await device.push(A, TEAM_DOC, Y.encodeStateAsUpdate(doc))).toMatchObject({ type: 'ack' });
  return { device, id };
}

describe('coordination changes the team vocabulary over HTTP', () => {
  it('confirms and renames a proposal, and the case manager’s connected device receives both', async () => {
    const { device, id } = await annaProposes('Schulplätze');
    const listed = await vocabulary(WORLD.carla);
    expect(listed.team).toEqual({ id: A, name: 'SC Bochum' });
    expect(listed.categories.find((entry) => entry.id === id)).toMatchObject({
      name: 'Schulplätze',
      proposed: true,
      proposedBy: WORLD.anna.userId,
      proposedByName: 'anna',
    });
    const seen = device.logEntries(A).length;

    const confirmed = await call(WORLD.carla, vocabularyPath(A, 'categories', id, 'confirm'), {});
    expect(confirmed.status).toBe(200);
    const renamed = await call(WORLD.carla, vocabularyPath(A, 'categories', id, 'rename'), {
      name: 'Fehlende Schulplätze',
    });
    expect(renamed.status).toBe(200);
    expect(
      VocabularyAnswerSchema.parse(renamed.body).categories.find((entry) => entry.id === id),
    ).toMatchObject({ name: 'Fehlende Schulplätze', proposed: false, proposedBy: WORLD.anna.userId });

    // Both changes reach Anna's open socket as log entries of the team doc, like a colleague's push.
    await device.waitFor(
      () => device.logEntries(A).filter((entry) => entry.docId === TEAM_DOC).length >= 3,
      'the two changes as log entries',
    );
    const replica = new Y.Doc();
    for (const entry of device.logEntries(A)) Y.applyUpdate(replica, entry.update);
    expect(
      device
        .logEntries(A)
        .slice(seen)
        .every((entry) => entry.docId === TEAM_DOC),
    ).toBe(true);
    const own = must(createTeamDoc(A));
    Y.applyUpdate(own, Y.encodeStateAsUpdate(replica));
    expect(readTeam(own).team.barrierCategories.find((entry) => entry.id === id)).toMatchObject({
      label: 'Fehlende Schulplätze',
      proposedBy: WORLD.anna.userId,
    });
    expect(readTeam(own).team.barrierCategories.find((entry) => entry.id === id)?.status).toBeUndefined();

    await sync.relay.audit.flush();
    const audited = await sync.relay.store.listAudit({ kind: 'vocabulary-changed', limit: 10 });
    expect(audited.events.map((event) => [event.userId, event.teamId, event.detail])).toEqual([
      [WORLD.carla.userId, A, { list: 'categories', action: 'rename', entryId: id }],
      [WORLD.carla.userId, A, { list: 'categories', action: 'confirm', entryId: id }],
    ]);
  });

  it('adds, archives and restores confirmed entries, also on a team no device has synced yet', async () => {
    const added = await call(WORLD.carla, vocabularyPath(A, 'partners'), {
      name: 'Caritas Migrationsberatung',
      service: 'MBE',
      phone: '0234 1234',
    });
    expect(added.status).toBe(200);
    const answer = VocabularyAnswerSchema.parse(added.body);
    // The team doc starts with the same default categories as on every device.
    expect(answer.categories.map((entry) => entry.id)).toContain('waiting-times');
    const partner = answer.partners.find((entry) => entry.name === 'Caritas Migrationsberatung')!;
    expect(partner).toMatchObject({
      proposed: false,
      archived: false,
      details: { service: 'MBE', phone: '0234 1234' },
    });

    expect((await call(WORLD.carla, vocabularyPath(A, 'partners', partner.id, 'archive'), {})).status).toBe(
      200,
    );
    expect((await vocabulary(WORLD.carla)).partners[0]?.archived).toBe(true);
    expect((await call(WORLD.carla, vocabularyPath(A, 'partners', partner.id, 'restore'), {})).status).toBe(
      200,
    );
    expect((await vocabulary(WORLD.carla)).partners[0]?.archived).toBe(false);

    // A case manager's device that connects later gets the same doc, and its seed merges with it.
    const device = await sync.connect(WORLD.anna);
    await device.control('caught-up');
    const doc = must(createTeamDoc(A));
    for (const entry of device.logEntries(A)) Y.applyUpdate(doc, entry.update);
    const { team } = readTeam(doc);
    expect(team.partners.map((entry) => entry.name)).toEqual(['Caritas Migrationsberatung']);
    expect(team.barrierCategories.filter((entry) => entry.id === 'other')).toHaveLength(1);
  });

  it('refuses coordination of another team with 403, and case managers on every path', async () => {
    expect(await call(WORLD.carla, vocabularyPath(WORLD.teamB))).toMatchObject({
      status: 403,
      body: { error: 'not-in-team' },
    });
    expect(
      await call(WORLD.carla, vocabularyPath(WORLD.teamB, 'categories'), { label: 'Fremd' }),
    ).toMatchObject({ status: 403, body: { error: 'not-in-team' } });
    expect(await call(WORLD.anna, vocabularyPath(A))).toMatchObject({
      status: 403,
      body: { error: 'forbidden' },
    });
    expect(
      await call(WORLD.anna, vocabularyPath(A, 'categories', 'other', 'rename'), { name: 'Anderes' }),
    ).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    expect(await call(WORLD.anna, VOCABULARY_PATHS.teams)).toMatchObject({ status: 403 });
    expect((await vocabulary(WORLD.carla)).categories.find((entry) => entry.id === 'other')?.name).toBe(
      'Sonstiges',
    );
  });

  it('lets an admin manage every team, and lists the teams each may manage', async () => {
    await sync.relay.store.createUser({
      id: ADMIN.userId,
      login: 'ada',
      displayName: 'Ada',
      role: 'admin',
      passwordHash: 'scrypt$test',
      mustChangePassword: false,
    });
    await sync.relay.store.registerDevice({ id: ADMIN.deviceId, userId: ADMIN.userId, name: 'ada' });
    expect((await call(ADMIN, VOCABULARY_PATHS.teams)).body).toEqual({
      teams: [
        { id: A, name: 'SC Bochum' },
        { id: WORLD.teamB, name: 'Träger Nord' },
      ],
    });
    expect((await call(WORLD.carla, VOCABULARY_PATHS.teams)).body).toEqual({
      teams: [{ id: A, name: 'SC Bochum' }],
    });
    const renamed = await call(ADMIN, vocabularyPath(WORLD.teamB, 'categories', 'other', 'rename'), {
      name: 'Anderes',
    });
    expect(renamed.status).toBe(200);
    expect(
      (await vocabulary(ADMIN, WORLD.teamB)).categories.find((entry) => entry.id === 'other')?.name,
    ).toBe('Anderes');
    expect(await call(ADMIN, vocabularyPath('team-unbekannt'))).toMatchObject({ status: 404 });
  });

  it('answers bad bodies and paths with 400 and a message that says what is wrong', async () => {
    const bad = async (path: string, body: unknown) => {
      const answer = await call(WORLD.carla, path, body);
      expect(answer.status, path).toBe(400);
      expect(answer.body.error).toBe('bad-request');
      return String(answer.body.message);
    };
    expect(await bad(vocabularyPath(A, 'categories', 'other', 'rename'), {})).toMatch(/name/);
    expect(await bad(vocabularyPath(A, 'categories', 'other', 'rename'), { name: 3 })).toMatch(
      /name: must be a string/,
    );
    expect(await bad(vocabularyPath(A, 'categories'), { label: 'Neu', farbe: 'rot' })).toMatch(
      /Unknown body field: farbe/,
    );
    expect(await bad(vocabularyPath(A, 'categories', 'other', 'archive'), { archived: true })).toMatch(
      /archived/,
    );
    expect(await bad(`/api/teams/${A}/vocabulary/stichworte`, { label: 'Neu' })).toMatch(
      /list: must be one of/,
    );
    expect(await bad(`/api/teams/${A}/vocabulary/categories/other/loeschen`, {})).toMatch(/action/);

    // The domain's own rules: an empty name and a taken one, with the message code per field.
    const empty = await call(WORLD.carla, vocabularyPath(A, 'categories', 'other', 'rename'), { name: '  ' });
    expect(empty).toMatchObject({ status: 400, body: { error: 'bad-request', issues: [{ path: 'label' }] } });
    const taken = await call(WORLD.carla, vocabularyPath(A, 'categories'), { label: 'Wohnungsmarkt' });
    expect(taken).toMatchObject({
      status: 400,
      body: {
        error: 'bad-request',
        message: 'A category with this name already exists.',
        issues: [
          { code: 'category-label-taken', message: 'Eine Kategorie mit dieser Bezeichnung gibt es schon.' },
        ],
      },
    });
    const unknown = await call(WORLD.carla, vocabularyPath(A, 'partners', 'p-gibt-es-nicht', 'confirm'), {});
    expect(unknown).toMatchObject({ status: 404, body: { error: 'not-found' } });
    // Nothing of it reached the log.
    expect(await sync.relay.store.latestSeq(A)).toBe(0);
  });

  it('sets a partner’s category and the team’s staffing, audited, and refuses what is not allowed', async () => {
    const added = await call(WORLD.carla, vocabularyPath(A, 'partners'), {
      name: 'Jobcenter Bochum',
      category: 'work-training',
    });
    expect(added.status).toBe(200);
    const partner = VocabularyAnswerSchema.parse(added.body).partners[0]!;
    expect(partner.details).toMatchObject({ category: 'work-training' });
    const categorized = await call(WORLD.carla, vocabularyPath(A, 'partners', partner.id, 'categorize'), {
      category: 'authority',
    });
    expect(VocabularyAnswerSchema.parse(categorized.body).partners[0]?.details.category).toBe('authority');

    expect((await vocabulary(WORLD.carla)).fullTimePosts).toBeNull();
    const staffed = await call(WORLD.carla, staffingPath(A), { fullTimePosts: 2.5 });
    expect(staffed.status).toBe(200);
    expect(VocabularyAnswerSchema.parse(staffed.body).fullTimePosts).toBe(2.5);
    expect((await vocabulary(WORLD.carla)).fullTimePosts).toBe(2.5);

    const bad = async (person: Person, path: string, body: unknown, status = 400) => {
      const answer = await call(person, path, body);
      expect(answer.status, JSON.stringify(body)).toBe(status);
      return String(answer.body.message);
    };
    expect(await bad(WORLD.carla, staffingPath(A), { fullTimePosts: 0 })).toMatch(/more than 0/);
    expect(await bad(WORLD.carla, staffingPath(A), { fullTimePosts: 100.5 })).toMatch(/at most 100/);
    expect(await bad(WORLD.carla, staffingPath(A), { fullTimePosts: 2.555 })).toMatch(/two decimals/);
    expect(await bad(WORLD.carla, staffingPath(A), { fullTimePosts: '2,5' })).toMatch(/number/);
    expect(await bad(WORLD.carla, staffingPath(A), { fullTimePosts: 2, posts: 2 })).toMatch(
      /Unknown body field: posts/,
    );
    expect(await bad(WORLD.anna, staffingPath(A), { fullTimePosts: 3 }, 403)).toBeTruthy();
    expect(await bad(WORLD.carla, staffingPath(WORLD.teamB), { fullTimePosts: 3 }, 403)).toBeTruthy();
    const unknownCategory = await call(WORLD.carla, vocabularyPath(A, 'partners', partner.id, 'categorize'), {
      category: 'zirkus',
    });
    expect(unknownCategory).toMatchObject({ status: 400, body: { issues: [{ path: 'category' }] } });
    expect(
      await bad(WORLD.carla, vocabularyPath(A, 'categories', 'other', 'categorize'), { category: 'other' }),
    ).toMatch(/Only partners/);
    expect((await vocabulary(WORLD.carla)).fullTimePosts).toBe(2.5);

    // Cleared with null.
    const cleared = await call(WORLD.carla, staffingPath(A), { fullTimePosts: null });
    expect(VocabularyAnswerSchema.parse(cleared.body).fullTimePosts).toBeNull();

    await sync.relay.audit.flush();
    const audited = await sync.relay.store.listAudit({ kind: 'vocabulary-changed', limit: 10 });
    expect(audited.events.map((event) => event.detail)).toEqual([
      { list: 'staffing', action: 'set', entryId: '' },
      { list: 'staffing', action: 'set', entryId: '' },
      { list: 'partners', action: 'categorize', entryId: partner.id },
      { list: 'partners', action: 'add', entryId: partner.id },
    ]);
  });
});
