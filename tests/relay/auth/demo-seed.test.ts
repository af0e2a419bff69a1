import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readCase, readTeam, teamDocId } from '../../../src/domain/index.ts';
import { verifyPassword } from '../../../sync-server/src/auth/password.ts';
import { DEMO_CASE_COUNT, DEMO_PASSWORD, seedDemo } from '../../../sync-server/src/admin/demo-seed.ts';
import type { RelayStore } from '../../../sync-server/src/storage/contract.ts';
import { openSqliteStore } from '../../../sync-server/src/storage/sqlite.ts';
import { docKey } from '../../../sync-server/src/sync/doc-key.ts';
import { CHEAP_HASH } from './support.ts';

let store: RelayStore;

beforeEach(async () => {
  store = await openSqliteStore(':memory:');
});

afterEach(async () => {
  await store.close();
});

function docOf(state: Uint8Array): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  return doc;
}

describe('the demo data', () => {
  it('holds a team, two case managers and 50 cases in the team log', async () => {
    expect(await seedDemo(store, { hashParams: CHEAP_HASH })).toEqual({
      seeded: true,
      cases: DEMO_CASE_COUNT,
    });

    expect(await store.listTeams()).toMatchObject([
      { id: 'demo', name: 'Support-Center Demo', kind: 'support-center' },
    ]);
    const users = await store.listUsers();
    expect(users.map((user) => [user.login, user.displayName, user.role, user.mustChangePassword])).toEqual([
      ['anna', 'Anna Albers', 'case-manager', false],
      ['ben', 'Ben Bauer', 'case-manager', false],
    ]);
    for (const user of users) {
      expect(await verifyPassword(DEMO_PASSWORD, user.passwordHash)).toBe(true);
      expect((await store.teamsOf(user.id)).map((team) => team.id)).toEqual(['demo']);
    }

    const docs = await store.docsOfTeam('demo');
    const caseKeys = docs.filter((key) => key !== docKey('demo', teamDocId('demo')));
    expect(caseKeys).toHaveLength(DEMO_CASE_COUNT);
    expect(caseKeys.every((key) => key.startsWith('demo/'))).toBe(true);
    expect(await store.latestSeq('demo')).toBe(DEMO_CASE_COUNT + 1);

    const doc = docOf(await store.docState(caseKeys[0]!));
    const { file, problems } = readCase(doc);
    expect(problems).toEqual([]);
    expect(docKey('demo', file.meta.id)).toBe(caseKeys[0]);
    expect(file.meta.teamId).toBe('demo');
    expect(file.meta.createdBy).toBe(users[0]!.id);
    expect(file.person.familyName).toMatch(/\S/);
    expect(file.contacts.length).toBeGreaterThanOrEqual(5);

    const { team } = readTeam(docOf(await store.docState(docKey('demo', teamDocId('demo')))));
    expect(team.partners.map((partner) => partner.name)).toContain('Sprachkursträger Demo');
  });

  it('is seeded once: a second run leaves the data as it is', async () => {
    await seedDemo(store, { hashParams: CHEAP_HASH, count: 3 });
    const seq = await store.latestSeq('demo');
    expect(await seedDemo(store, { hashParams: CHEAP_HASH, count: 3 })).toEqual({ seeded: false });
    expect(await store.latestSeq('demo')).toBe(seq);
    expect(await store.countUsers()).toBe(2);
  });

  it('revokes the device the import was written with', async () => {
    await seedDemo(store, { hashParams: CHEAP_HASH, count: 1 });
    const anna = await store.userByLogin('anna');
    const devices = await store.devicesOf(anna!.id);
    expect(devices).toHaveLength(1);
    expect(devices[0]!.revokedAt).not.toBeNull();
  });
});
