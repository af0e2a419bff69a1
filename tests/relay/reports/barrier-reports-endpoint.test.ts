import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { barrierReportId, reportBarrier, withdrawBarrierReport } from '../../../src/domain/barrier-report.ts';
import { createCaseDoc, type WriteOptions } from '../../../src/domain/case-doc.ts';
import { addBarrier, addContact } from '../../../src/domain/case-write-items.ts';
import { teamDocId } from '../../../src/domain/team-directory.ts';
import { createTeamDoc } from '../../../src/domain/team-doc.ts';
import type { WriteResult } from '../../../src/domain/write-result.ts';
import { BARRIER_REPORT_PATHS, BarrierReportsAnswerSchema } from '../../../src/protocol/barrier-reports.ts';
import { useSyncRelay } from '../sync/support/fixture.ts';
import { WORLD, type Person } from '../sync/support/world.ts';

const sync = useSyncRelay();
const A = WORLD.teamA;
const B = WORLD.teamB;
const FEBRUARY = new Date('2026-02-12T10:00:00.000Z');

function must<T>(result: WriteResult<T>): T {
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

async function ask(person: Person, query: string) {
  const response = await fetch(`${sync.relay.url}${BARRIER_REPORT_PATHS.reports}?${query}`, {
    headers: { authorization: `Bearer ${await sync.token(person)}` },
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/**
 * A case of `person`'s team with the marker in its names, street, a contact's note and the barriers'
 * descriptions, a barrier for each of `reports` reported to coordination in February 2026, pushed from
 * the person's device as the app does. Resolves the case's doc id and its reports' ids.
 */
async function caseWithReports(
  person: Person,
  teamId: string,
  id: string,
  marker: string,
  reports: { institution: string; happened: string; wouldHelp?: string; withdrawn?: boolean }[],
): Promise<string[]> {
  const opts: WriteOptions = { actor: person.userId, now: FEBRUARY };
  const doc = must(
    createCaseDoc(
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
        },
      },
      opts,
    ),
  );
  must(
    addContact(
      doc,
      { date: '2026-02-11', kind: 'home-visit', topics: ['work'], note: `${marker}Note` },
      opts,
    ),
  );
  const ids: string[] = [];
  for (const [i, report] of reports.entries()) {
    const barrier = must(
      addBarrier(
        doc,
        { category: 'waiting-times', observedOn: '2026-02-10', description: `${marker}Barrier${i}` },
        opts,
      ),
    );
    must(
      reportBarrier(
        doc,
        barrier,
        {
          category: 'waiting-times',
          institution: report.institution,
          happened: report.happened,
          ...(report.wouldHelp ? { wouldHelp: report.wouldHelp } : {}),
        },
        opts,
      ),
    );
    if (report.withdrawn) must(withdrawBarrierReport(doc, barrier, opts));
    else ids.push(barrierReportId(barrier, FEBRUARY.toISOString()));
  }
  const device = await sync.connect(person);
  await device.control('caught-up');
  expect(await device.push(teamId, id, Y.encodeStateAsUpdate(doc))).toMatchObject({ type: 'ack' });
  expect(
    await device.push(teamId, teamDocId(teamId), Y.encodeStateAsUpdate(must(createTeamDoc(teamId)))),
  ).toMatchObject({
    type: 'ack',
  });
  await device.close();
  return ids;
}

async function audited() {
  await sync.relay.audit.flush();
  const batch = await sync.relay.store.listAudit({ kind: 'barrier-reports-requested', limit: 50 });
  return batch.events.map((event) => [event.userId, event.detail]).reverse();
}

describe('GET /api/barrier-reports', () => {
  it('gives coordination the active reports of its team with a case key, and nothing that names the case', async () => {
    const first = await caseWithReports(WORLD.anna, A, 'case-haddad-1', 'ZQXA', [
      {
        institution: 'Ausländerbehörde Bochum',
        happened: 'Termin erst in drei Monaten',
        wouldHelp: 'Mehr Termine',
      },
      { institution: 'Jobcenter Mitte', happened: 'Unterlagen verloren' },
      { institution: 'Zurückgezogen', happened: 'ZQXWithdrawn', withdrawn: true },
    ]);
    const second = await caseWithReports(WORLD.anna, A, 'case-kaya-2', 'ZQXK', [
      { institution: 'Ausländerbehörde Bochum', happened: 'Keine Dolmetschung' },
    ]);
    await caseWithReports(WORLD.bert, B, 'case-nord-3', 'ZQXB', [
      { institution: 'ZQXB Amt', happened: 'ZQXB anderes Team' },
    ]);

    const answer = await ask(WORLD.carla, `teams=${A}`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    for (const planted of [
      'ZQX',
      '0301234567',
      'case-haddad-1',
      'case-kaya-2',
      'case-nord-3',
      WORLD.anna.userId,
    ]) {
      expect(answer.text).not.toContain(planted);
    }
    const body = BarrierReportsAnswerSchema.parse(JSON.parse(answer.text));
    expect(body.teams).toEqual([{ id: A, name: 'SC Bochum' }]);
    expect(body.reports.map((report) => report.reportId).sort()).toEqual([...first, ...second].sort());
    const byId = new Map(body.reports.map((report) => [report.reportId, report]));
    expect(byId.get(first[0]!)).toEqual({
      reportId: first[0],
      teamId: A,
      caseKey: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
      category: 'waiting-times',
      categoryLabel: 'Wartezeiten bei Behörden',
      institution: 'Ausländerbehörde Bochum',
      happened: 'Termin erst in drei Monaten',
      wouldHelp: 'Mehr Termine',
      month: '2026-02',
    });
    // One case, one key; another case, another key; asked again, the same keys.
    expect(byId.get(first[1]!)?.caseKey).toBe(byId.get(first[0]!)?.caseKey);
    expect(byId.get(second[0]!)?.caseKey).not.toBe(byId.get(first[0]!)?.caseKey);
    const again = BarrierReportsAnswerSchema.parse(JSON.parse((await ask(WORLD.carla, `teams=${A}`)).text));
    expect(new Map(again.reports.map((report) => [report.reportId, report.caseKey]))).toEqual(
      new Map(body.reports.map((report) => [report.reportId, report.caseKey])),
    );
    expect(await audited()).toEqual([
      [WORLD.carla.userId, { teams: A, outcome: 'ok', reports: 3 }],
      [WORLD.carla.userId, { teams: A, outcome: 'ok', reports: 3 }],
    ]);
  });

  it('refuses case managers and admins, unknown teams, other teams and unknown filters, and audits each', async () => {
    await caseWithReports(WORLD.bert, B, 'case-nord-3', 'ZQXB', [{ institution: 'Amt', happened: 'ZQXB' }]);
    const cases = [
      [WORLD.anna, `teams=${A}`, 403, 'forbidden'],
      [WORLD.olaf, `teams=${A}`, 403, 'forbidden'],
      [WORLD.carla, 'teams=team-gibt-es-nicht', 400, 'bad-request'],
      [WORLD.carla, `teams=${B}`, 403, 'not-in-team'],
      [WORLD.carla, `teams=${A},${B}`, 403, 'not-in-team'],
      [WORLD.carla, `teams=${A}&period=2026-Q1`, 400, 'bad-request'],
      [WORLD.carla, '', 400, 'bad-request'],
    ] as const;
    for (const [person, query, status, error] of cases) {
      const answer = await ask(person, query);
      expect(answer.status, query).toBe(status);
      expect(JSON.parse(answer.text), query).toMatchObject({ error, message: expect.any(String) });
      expect(answer.text).not.toContain('ZQXB');
    }
    expect(JSON.parse((await ask(WORLD.carla, 'teams=team-gibt-es-nicht')).text).message).toContain(
      'team-gibt-es-nicht',
    );
    expect((await audited()).map(([, detail]) => (detail as { outcome: string }).outcome)).toEqual([
      ...cases.map(([, , , error]) => error),
      'bad-request',
    ]);
  });
});
