import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addDays, localToday, readCase, readTeam, teamDocId } from '../../../src/domain/index.ts';
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
  it('holds a team, two case managers, an admin, coordination and 50 cases in the team log', async () => {
    expect(await seedDemo(store, { hashParams: CHEAP_HASH })).toEqual({
      seeded: true,
      cases: DEMO_CASE_COUNT,
    });

    expect(await store.listTeams()).toMatchObject([
      { id: 'demo', name: 'Support-Center Demo', kind: 'support-center' },
    ]);
    const everyone = await store.listUsers();
    expect(
      everyone
        .map((user) => [user.login, user.displayName, user.role, user.mustChangePassword])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    ).toEqual([
      ['admin', 'Ada Admin', 'admin', false],
      ['anna', 'Anna Albers', 'case-manager', false],
      ['ben', 'Ben Bauer', 'case-manager', false],
      ['koordination', 'Kim Koordination', 'coordination', false],
    ]);
    for (const user of everyone) {
      expect(await verifyPassword(DEMO_PASSWORD, user.passwordHash)).toBe(true);
      expect((await store.teamsOf(user.id)).map((team) => team.id)).toEqual(
        user.role === 'admin' ? [] : ['demo'],
      );
    }
    const users = [(await store.userByLogin('anna'))!, (await store.userByLogin('ben'))!];

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

    // One barrier is reported to coordination, in words that name nobody of its case.
    const reported = [];
    for (const key of caseKeys) {
      const { file: other } = readCase(docOf(await store.docState(key)));
      for (const barrier of other.barriers) if (barrier.report) reported.push({ barrier, other });
    }
    expect(reported).toHaveLength(1);
    const [{ barrier, other }] = reported as [(typeof reported)[number]];
    expect(barrier.report).toMatchObject({ category: 'waiting-times', institution: 'Ausländerbehörde' });
    expect(barrier.report?.withdrawnAt).toBeUndefined();
    expect(barrier.report?.happened).not.toContain(other.person.familyName ?? '');

    const { team } = readTeam(docOf(await store.docState(docKey('demo', teamDocId('demo')))));
    expect(team.partners.map((partner) => partner.name)).toContain('Sprachkursträger Demo');
    // Partners carry their category and the team its staffing, so the demo's reports show both.
    expect(team.partners.find((partner) => partner.name === 'Sprachkursträger Demo')?.category).toBe(
      'language-course',
    );
    expect(team.meta.fullTimePosts).toBe(2.5);
    // One partner and one category wait for coordination's confirmation, proposed by ben and anna.
    expect(team.partners.filter((partner) => partner.status === 'vorgeschlagen')).toMatchObject([
      { name: 'Frauenberatungsstelle Demo', proposedBy: users[1]!.id },
    ]);
    expect(team.barrierCategories.filter((category) => category.status === 'vorgeschlagen')).toMatchObject([
      { label: 'Fehlende Schulplätze für Seiteneinsteiger*innen', proposedBy: users[0]!.id },
    ]);
  });

  it('makes coordination of demo data from an earlier version a member of the demo team', async () => {
    await seedDemo(store, { hashParams: CHEAP_HASH, count: 1 });
    const coordination = (await store.userByLogin('koordination'))!;
    await store.removeMembership(coordination.id, 'demo');
    expect(await seedDemo(store, { hashParams: CHEAP_HASH, count: 1 })).toEqual({ seeded: false });
    expect((await store.teamsOf(coordination.id)).map((team) => team.id)).toEqual(['demo']);
  });

  it('is seeded once: a second run leaves the data as it is', async () => {
    await seedDemo(store, { hashParams: CHEAP_HASH, count: 3 });
    const seq = await store.latestSeq('demo');
    expect(await seedDemo(store, { hashParams: CHEAP_HASH, count: 3 })).toEqual({ seeded: false });
    expect(await store.latestSeq('demo')).toBe(seq);
    expect(await store.countUsers()).toBe(4);
  });

  it('writes the import with a revoked device of the admin, so no case manager lists a device they never had', async () => {
    await seedDemo(store, { hashParams: CHEAP_HASH, count: 1 });
    for (const login of ['anna', 'ben', 'koordination']) {
      expect(await store.devicesOf((await store.userByLogin(login))!.id), login).toEqual([]);
    }
    const devices = await store.devicesOf((await store.userByLogin('admin'))!.id);
    expect(devices).toHaveLength(1);
    expect(devices[0]!.revokedAt).not.toBeNull();
  });

  it('makes anna and ben each responsible for some cases, with reminders due like a real caseload', async () => {
    await seedDemo(store, { hashParams: CHEAP_HASH });
    const anna = (await store.userByLogin('anna'))!;
    const ben = (await store.userByLogin('ben'))!;
    const today = localToday();
    const responsible = new Map<string, number>();
    const due = { overdue: 0, today: 0, ahead: 0, beyondFiveWeeks: 0, overdueByMoreThanAWeek: 0 };
    for (const key of await store.docsOfTeam('demo')) {
      if (key === docKey('demo', teamDocId('demo'))) continue;
      const { file } = readCase(docOf(await store.docState(key)));
      const id = file.meta.responsibleId ?? '';
      responsible.set(id, (responsible.get(id) ?? 0) + 1);
      if (file.meta.phase === 'closed') continue;
      for (const reminder of file.reminders.filter((entry) => !entry.done)) {
        if (reminder.due < today) due.overdue += 1;
        else if (reminder.due === today) due.today += 1;
        else due.ahead += 1;
        if (reminder.due > addDays(today, 35)) due.beyondFiveWeeks += 1;
        if (reminder.due < addDays(today, -7)) due.overdueByMoreThanAWeek += 1;
      }
    }
    expect(responsible.get(anna.id)).toBeGreaterThanOrEqual(20);
    expect(responsible.get(ben.id)).toBeGreaterThanOrEqual(20);
    expect((responsible.get(anna.id) ?? 0) + (responsible.get(ben.id) ?? 0)).toBe(DEMO_CASE_COUNT);
    expect(due.overdue).toBeGreaterThan(0);
    expect(due.today).toBeGreaterThan(0);
    // A few overdue and due today, most ahead; nothing years old.
    expect(due.ahead).toBeGreaterThan(2 * (due.overdue + due.today));
    expect(due.overdueByMoreThanAWeek).toBe(0);
    expect(due.beyondFiveWeeks).toBe(0);
  });
});
