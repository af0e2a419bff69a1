import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { dayOf } from '../../../src/domain/case-facts.ts';
import { createCaseDoc, type WriteOptions } from '../../../src/domain/case-doc.ts';
import {
  COORDINATION_DOC_ID,
  COORDINATION_LOG_ID,
  createThema,
  linkReport,
} from '../../../src/domain/coordination-doc.ts';
import { addBarrier, addContact, addReferral } from '../../../src/domain/case-write-items.ts';
import { REPORT_PATHS, ReportAnswerSchema } from '../../../src/protocol/reports.ts';
import { staffingPath, vocabularyPath, VocabularyAnswerSchema } from '../../../src/protocol/vocabulary.ts';
import { ReportsWorker } from '../../../sync-server/src/reports/reports-worker.ts';
import { useSyncRelay } from '../sync/support/fixture.ts';
import { WORLD, type Person } from '../sync/support/world.ts';

const sync = useSyncRelay();
const ADMIN: Person = { userId: 'user-ada', deviceId: 'device-ada-1', role: 'admin' };
const PERIOD = '2026-Q1';

async function report(person: Person, query: string): Promise<{ status: number; text: string }> {
  const response = await fetch(`${sync.relay.url}${REPORT_PATHS.report}?${query}`, {
    headers: { authorization: `Bearer ${await sync.token(person)}` },
  });
  return { status: response.status, text: await response.text() };
}

let serial = 0;

/**
 * Appends `count` cases opened in February 2026 to `teamId`, each with the marker in its names, street,
 * phone, a contact's note and a barrier's description, and a contact and a barrier in the period.
 */
async function addCases(
  teamId: string,
  person: Person,
  count: number,
  marker: string,
  referredTo?: string,
): Promise<void> {
  for (let i = 0; i < count; i++) {
    const id = `case-${teamId}-${++serial}`;
    const opts: WriteOptions = { actor: person.userId, now: new Date('2026-02-12T10:00:00.000Z') };
    const created = createCaseDoc(
      {
        id,
        kind: 'case',
        teamId,
        createdBy: person.userId,
        person: {
          familyName: `${marker}Family`,
          givenNames: `${marker}Given`,
          street: `${marker}strasse 1`,
          phone: '0301234567',
          nationalities: ['SY'],
        },
      },
      opts,
    );
    if (!created.ok) throw new Error(JSON.stringify(created.error));
    const doc = created.value;
    const contact = addContact(
      doc,
      { date: '2026-02-11', kind: 'home-visit', topics: ['work'], note: `${marker}Note` },
      opts,
    );
    if (!contact.ok) throw new Error(JSON.stringify(contact.error));
    const barrier = addBarrier(
      doc,
      { category: 'waiting-times', observedOn: '2026-02-12', description: `${marker}Barrier` },
      opts,
    );
    if (!barrier.ok) throw new Error(JSON.stringify(barrier.error));
    if (referredTo !== undefined) {
      const referral = addReferral(
        doc,
        { partnerId: referredTo, date: '2026-02-13', status: 'attended' },
        opts,
      );
      if (!referral.ok) throw new Error(JSON.stringify(referral.error));
    }
    const key = `${teamId}/${id}`;
    await sync.relay.store.registerDoc(key, teamId);
    await sync.relay.store.appendUpdate({
      teamId,
      docId: key,
      update: Y.encodeStateAsUpdate(doc),
      userId: person.userId,
      deviceId: person.deviceId,
    });
  }
}

/** Stores coordination's doc in its log on the relay with a coordination device's push. */
async function storeCoordination(doc: Y.Doc): Promise<void> {
  const carla = await sync.connect(WORLD.carla);
  await carla.control('caught-up');
  const answer = await carla.push(COORDINATION_LOG_ID, COORDINATION_DOC_ID, Y.encodeStateAsUpdate(doc));
  if (answer.type !== 'ack') throw new Error(`the coordination doc was refused: ${answer.code}`);
  await carla.close();
}

async function auditedReports() {
  await sync.relay.audit.flush();
  const batch = await sync.relay.store.listAudit({ kind: 'report-requested', limit: 50 });
  return batch.events.map((event) => [event.userId, event.detail]).reverse();
}

/** A change of the team vocabulary by coordination, over the API. */
async function vocabularyChange(path: string, body: unknown): Promise<unknown> {
  const response = await fetch(`${sync.relay.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await sync.token(WORLD.carla)}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status, path).toBe(200);
  return response.json();
}

describe('GET /api/reports', () => {
  it('has the reports asked for lately ready again after the projector stored a change within their period', async () => {
    await addCases(WORLD.teamA, WORLD.anna, 6, 'ZQXR');
    const homeVisits = async () => {
      const answer = await report(WORLD.carla, `teams=${WORLD.teamA}&period=${PERIOD}`);
      expect(answer.status).toBe(200);
      const body = ReportAnswerSchema.parse(JSON.parse(answer.text));
      const contacts = body.tables.find((table) => table.id === 'contacts')!;
      return contacts.rows.find((row) => row.key === 'home-visit')!.cells.count;
    };
    expect(await homeVisits()).toBe(6);
    const computed = vi.spyOn(ReportsWorker.prototype, 'reports');
    try {
      // Anna records a seventh case of the period on her device; the relay projects it on its own.
      const created = createCaseDoc(
        { id: 'case-late', kind: 'case', teamId: WORLD.teamA, createdBy: WORLD.anna.userId },
        { actor: WORLD.anna.userId, now: new Date('2026-02-20T10:00:00.000Z') },
      );
      if (!created.ok) throw new Error(JSON.stringify(created.error));
      const contact = addContact(created.value, { date: '2026-03-02', kind: 'home-visit', topics: ['work'] });
      if (!contact.ok) throw new Error(JSON.stringify(contact.error));
      const anna = await sync.connect(WORLD.anna);
      await anna.control('caught-up');
      const pushed = await anna.push(WORLD.teamA, 'case-late', Y.encodeStateAsUpdate(created.value));
      expect(pushed.type).toBe('ack');
      await anna.close();

      // The reports Carla asked for are computed again in the background...
      await vi.waitFor(() => expect(computed).toHaveBeenCalledTimes(1), { timeout: 15_000 });
      await sync.relay.reports.idle();
      // ...so her next request finds them ready, with the new case counted.
      expect(await homeVisits()).toBe(7);
      expect(computed).toHaveBeenCalledTimes(1);
    } finally {
      computed.mockRestore();
    }
  });

  it('counts referrals by the category coordination gives their partner and active cases per full-time post, as soon as either is set', async () => {
    const added = VocabularyAnswerSchema.parse(
      await vocabularyChange(vocabularyPath(WORLD.teamA, 'partners'), { name: 'Sprachschule Mitte' }),
    );
    const partner = added.partners[0]!.id;
    await addCases(WORLD.teamA, WORLD.anna, 6, 'ZQXA', partner);
    const tables = async () => {
      const answer = await report(WORLD.carla, `teams=${WORLD.teamA}&period=${PERIOD}`);
      expect(answer.status).toBe(200);
      const body = ReportAnswerSchema.parse(JSON.parse(answer.text));
      const table = (id: string) => body.tables.find((candidate) => candidate.id === id)!;
      return {
        referrals: Object.fromEntries(table('referrals').rows.map((row) => [row.key, row.cells.total])),
        caseload: table('caseload').rows.find((row) => row.key === 'total')!.cells,
      };
    };
    let seen = await tables();
    expect(seen.referrals).toMatchObject({ unspecified: 6, 'language-course': 0, total: 6 });
    expect(seen.caseload).not.toHaveProperty('perFullTimePost');

    await vocabularyChange(vocabularyPath(WORLD.teamA, 'partners', partner, 'categorize'), {
      category: 'language-course',
    });
    await vocabularyChange(staffingPath(WORLD.teamA), { fullTimePosts: 1.5 });
    seen = await tables();
    expect(seen.referrals).toMatchObject({ unspecified: 0, 'language-course': 6, total: 6 });
    expect(seen.caseload).toMatchObject({ active: 6, perFullTimePost: 4 });
  });

  it('gives coordination the tables of its team, and nothing of another team or of names, notes and contacts', async () => {
    await addCases(WORLD.teamA, WORLD.anna, 6, 'ZQXA');
    await addCases(WORLD.teamB, WORLD.bert, 7, 'ZQXB');

    const first = await report(WORLD.carla, `teams=${WORLD.teamA}&period=${PERIOD}`);
    expect(first.status).toBe(200);
    for (const marker of ['ZQXA', 'ZQXB', '0301234567', WORLD.teamB, 'Träger Nord']) {
      expect(first.text).not.toContain(marker);
    }
    const body = ReportAnswerSchema.parse(JSON.parse(first.text));
    expect(body.period).toEqual({ id: PERIOD, kind: 'quarter', start: '2026-01-01', end: '2026-03-31' });
    expect(body.teams).toEqual([{ id: WORLD.teamA, name: 'SC Bochum' }]);
    const caseload = body.tables.find((table) => table.id === 'caseload');
    expect(caseload?.rows.find((row) => row.key === 'total')?.cells).toEqual({
      new: 6,
      active: 6,
      closed: 0,
      shortCounselling: 0,
    });
    const contacts = body.tables.find((table) => table.id === 'contacts');
    expect(contacts?.rows.find((row) => row.key === 'home-visit')?.cells).toEqual({ count: 6 });

    // More cases in team B change nothing in team A's report.
    await addCases(WORLD.teamB, WORLD.bert, 9, 'ZQXB');
    const second = await report(WORLD.carla, `teams=${WORLD.teamA}&period=${PERIOD}`);
    expect(second.status).toBe(200);
    const again = ReportAnswerSchema.parse(JSON.parse(second.text));
    expect(again.tables).toEqual(body.tables);

    // Team B is not Carla's to ask for, alone or alongside her own.
    for (const teams of [WORLD.teamB, `${WORLD.teamA},${WORLD.teamB}`]) {
      const refused = await report(WORLD.carla, `teams=${teams}&period=${PERIOD}`);
      expect(refused.status).toBe(403);
      expect(JSON.parse(refused.text)).toMatchObject({ error: 'not-in-team' });
      expect(refused.text).not.toContain('ZQXB');
    }
  });

  it('carries the Themen that reports of the asked teams feed, and none that only another team feeds', async () => {
    const doc = new Y.Doc();
    const opts = { actor: WORLD.carla.userId };
    const ownTheme = createThema(doc, { title: 'Wartezeiten Jobcenter' }, opts);
    const otherTheme = createThema(doc, { title: 'ZQXB Thema' }, opts);
    if (!ownTheme.ok || !otherTheme.ok) throw new Error('no Thema');
    for (let i = 0; i < 6; i++) {
      linkReport(doc, ownTheme.value, { reportId: `ra${i}`, teamId: WORLD.teamA, caseKey: `ka${i}` }, opts);
      linkReport(doc, otherTheme.value, { reportId: `rb${i}`, teamId: WORLD.teamB, caseKey: `kb${i}` }, opts);
    }
    linkReport(doc, ownTheme.value, { reportId: 'rb-own', teamId: WORLD.teamB, caseKey: 'kb0' }, opts);
    await storeCoordination(doc);

    const answer = await report(WORLD.carla, `teams=${WORLD.teamA}&period=${PERIOD}`);
    expect(answer.status).toBe(200);
    expect(answer.text).not.toContain('ZQXB');
    const body = ReportAnswerSchema.parse(JSON.parse(answer.text));
    expect(body.themen).toEqual([
      {
        id: ownTheme.value,
        title: 'Wartezeiten Jobcenter',
        status: 'reported',
        statusOn: expect.any(String),
        decisions: [],
        reports: 6,
        cases: 6,
        teams: 1,
      },
    ]);
  });

  it('counts what changed since the last answer: new cases, and a Thema written after it', async () => {
    await addCases(WORLD.teamA, WORLD.anna, 6, 'ZQXA');
    const read = async () => {
      const answer = await report(WORLD.carla, `teams=${WORLD.teamA}&period=${PERIOD}`);
      expect(answer.status).toBe(200);
      return ReportAnswerSchema.parse(JSON.parse(answer.text));
    };
    const newCases = (body: Awaited<ReturnType<typeof read>>) =>
      body.tables.find((table) => table.id === 'caseload')?.rows.find((row) => row.key === 'total')?.cells
        .new;
    const first = await read();
    expect(newCases(first)).toBe(6);
    expect(first.themen).toEqual([]);

    await addCases(WORLD.teamA, WORLD.anna, 2, 'ZQXA');
    const doc = new Y.Doc();
    const opts = { actor: WORLD.carla.userId };
    const thema = createThema(doc, { title: 'Wartezeiten Jobcenter' }, opts);
    if (!thema.ok) throw new Error('no Thema');
    for (let i = 0; i < 5; i++) {
      linkReport(doc, thema.value, { reportId: `ra${i}`, teamId: WORLD.teamA, caseKey: `ka${i}` }, opts);
    }
    await storeCoordination(doc);
    const second = await read();
    expect(newCases(second)).toBe(8);
    expect(second.themen.map((entry) => [entry.title, entry.reports])).toEqual([
      ['Wartezeiten Jobcenter', 5],
    ]);
  });

  it('gives a coordinator of several teams one team or all of them, the same answer in any order, and refuses other selections', async () => {
    const store = sync.relay.store;
    await store.createTeam({ id: 'team-c', name: 'SC Herne', kind: 'support-center' });
    await store.addMembership(WORLD.carla.userId, WORLD.teamB);
    await store.addMembership(WORLD.carla.userId, 'team-c');
    await addCases(WORLD.teamA, WORLD.anna, 6, 'ZQXA');
    await addCases(WORLD.teamB, WORLD.bert, 3, 'ZQXB');
    await addCases('team-c', WORLD.bert, 8, 'ZQXC');

    const ask = async (teams: string) => {
      const answer = await report(WORLD.carla, `teams=${teams}&period=${PERIOD}`);
      return { status: answer.status, body: JSON.parse(answer.text) as Record<string, unknown> };
    };
    const aloneFirst = await ask(WORLD.teamA);
    const all = await ask(`team-c,${WORLD.teamB},${WORLD.teamA}`);
    const aloneAfter = await ask(WORLD.teamA);
    expect([aloneFirst.status, all.status, aloneAfter.status]).toEqual([200, 200, 200]);
    expect(aloneAfter.body.tables).toEqual(aloneFirst.body.tables);
    const body = ReportAnswerSchema.parse(all.body);
    expect(body.teams.map((team) => team.id)).toEqual([WORLD.teamA, WORLD.teamB, 'team-c']);
    const caseload = body.tables.find((table) => table.id === 'caseload');
    expect(caseload?.mergedTeams).toEqual([WORLD.teamB]);
    const active = (key: string) => caseload?.rows.find((row) => row.key === key)?.cells.active;
    expect([active(WORLD.teamA), active('team-c')]).toEqual([6, 8]);
    // Team B's 3 are hidden in its own report; the 17 of all three would give them away beside 6 and 8.
    expect(active('other-teams')).toBe('suppressed');
    expect(active('total')).toBe('suppressed');

    const pair = await ask(`${WORLD.teamA},${WORLD.teamB}`);
    expect(pair.status).toBe(400);
    expect(pair.body).toMatchObject({ error: 'bad-request' });
    expect(String(pair.body.message)).toMatch(/one team or for all of your teams \(team-a,team-b,team-c\)/);
  });

  it('answers with no Themen while coordination has written none', async () => {
    const answer = await report(WORLD.carla, `teams=${WORLD.teamA}&period=${PERIOD}`);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toMatchObject({ themen: [] });
  });

  it('refuses case managers and admins with forbidden', async () => {
    await sync.relay.store.createUser({
      id: ADMIN.userId,
      login: 'ada',
      displayName: 'Ada',
      role: 'admin',
      passwordHash: 'scrypt$test',
      mustChangePassword: false,
    });
    await sync.relay.store.registerDevice({ id: ADMIN.deviceId, userId: ADMIN.userId, name: 'ada' });
    for (const person of [WORLD.anna, ADMIN]) {
      const refused = await report(person, `teams=${WORLD.teamA}&period=${PERIOD}`);
      expect(refused.status).toBe(403);
      expect(JSON.parse(refused.text)).toMatchObject({ error: 'forbidden' });
    }
  });

  it('refuses bad filters with 400 and a message that says what is wrong', async () => {
    const today = dayOf(new Date().toISOString())!;
    const running = today.slice(0, 7);
    const cases: [string, RegExp][] = [
      [`teams=nope&period=${PERIOD}`, /Unknown team: nope/],
      [`period=${PERIOD}`, /teams/],
      [`teams=${WORLD.teamA}`, /period/],
      [`teams=${WORLD.teamA}&period=2026-01-01..2026-03-31`, /Free date ranges/],
      [`teams=${WORLD.teamA}&period=2026-Q7`, /Unrecognised period/],
      [`teams=${WORLD.teamA}&period=${running}`, /not ended/],
      [`teams=${WORLD.teamA}&period=2099-Q1`, /future/],
      [`teams=${WORLD.teamA}&period=${PERIOD}&from=2026-01-01`, /Unknown filter: from/],
    ];
    for (const [query, message] of cases) {
      const refused = await report(WORLD.carla, query);
      expect(refused.status, query).toBe(400);
      const body = JSON.parse(refused.text) as { error: string; message: string };
      expect(body.error, query).toBe('bad-request');
      expect(body.message, query).toMatch(message);
    }
  });

  it('audits every request with who asked, for which teams and period, and the outcome', async () => {
    await report(WORLD.carla, `teams=${WORLD.teamA}&period=${PERIOD}`);
    await report(WORLD.carla, `teams=${WORLD.teamB}&period=${PERIOD}`);
    await report(WORLD.carla, `teams=${WORLD.teamA}&period=2099`);
    await report(WORLD.anna, `teams=${WORLD.teamA}&period=${PERIOD}`);
    expect(await auditedReports()).toEqual([
      [WORLD.carla.userId, { teams: WORLD.teamA, period: PERIOD, outcome: 'ok' }],
      [WORLD.carla.userId, { teams: WORLD.teamB, period: PERIOD, outcome: 'not-in-team' }],
      [WORLD.carla.userId, { teams: WORLD.teamA, period: '2099', outcome: 'bad-request' }],
      [WORLD.anna.userId, { teams: WORLD.teamA, period: PERIOD, outcome: 'forbidden' }],
    ]);
  });
});
