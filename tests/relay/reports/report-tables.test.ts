import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addThemaEntry,
  createThema,
  linkReport,
  moveThema,
  readCoordination,
} from '../../../src/domain/coordination-doc.ts';
import { FACTS_VERSION, type CaseFacts } from '../../../src/domain/case-facts.ts';
import { readPeriod, type ReportPeriod } from '../../../src/domain/report-period.ts';
import type { ReportTable } from '../../../src/protocol/reports.ts';
import {
  reportContent,
  reportTables,
  type TeamFacts,
} from '../../../sync-server/src/reports/report-tables.ts';

/** Expected tables below are worked out by hand from the cases each test builds. */

function period(text: string): ReportPeriod {
  const read = readPeriod(text);
  if (typeof read === 'string') throw new Error(read);
  return read;
}
const Q1 = period('2026-Q1');
const TEAMS = [
  { id: 'team-a', name: 'Team Nord' },
  { id: 'team-b', name: 'Team Süd' },
];

function facts(partial: Partial<CaseFacts>): CaseFacts {
  return {
    v: FACTS_VERSION,
    kind: 'case',
    phase: partial.closedOn === undefined ? 'assessment' : 'closed',
    phases: [],
    lifeDomains: [],
    goals: [],
    contacts: [],
    referrals: [],
    barriers: [],
    reports: [],
    ...partial,
  };
}

function times(count: number, teamId: string, partial: Partial<CaseFacts>): TeamFacts[] {
  return Array.from({ length: count }, () => ({ teamId, facts: facts(partial) }));
}

function table(tables: ReportTable[], id: string): ReportTable {
  const found = tables.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no table ${id}`);
  return found;
}

/** `{ rowKey: { column: cell } }` of a table (rows with a label are keyed `key/label`). */
function grid(found: ReportTable): Record<string, Record<string, unknown>> {
  return Object.fromEntries(
    found.rows.map((row) => [row.label === undefined ? row.key : `${row.key}/${row.label}`, row.cells]),
  );
}

describe('report tables', () => {
  it('counts the caseload per team, merges a team with too few cases into other teams, and shares totals with the closures', () => {
    const cases = [
      ...times(6, 'team-a', { intakeOn: '2026-01-10' }),
      ...times(5, 'team-a', {
        intakeOn: '2025-06-01',
        closedOn: '2026-02-15',
        closureReason: 'goals-achieved',
      }),
      // Closed before the period: not counted anywhere.
      ...times(1, 'team-a', { intakeOn: '2025-01-01', closedOn: '2025-12-31', closureReason: 'moved-away' }),
      ...times(5, 'team-a', {
        kind: 'short-counselling',
        intakeOn: '2026-02-01',
        closedOn: '2026-02-01',
        closureReason: 'other',
      }),
      // Opened after the period.
      ...times(3, 'team-a', { intakeOn: '2026-04-01' }),
      ...times(2, 'team-b', { intakeOn: '2026-03-01' }),
    ];
    const tables = reportTables({ period: Q1, teams: TEAMS, cases });

    const caseload = table(tables, 'caseload');
    expect(caseload.mergedTeams).toEqual(['team-b']);
    expect(caseload.notRecorded).toEqual([]);
    // Team B's 2 active and 2 new are hidden; Team Nord's 16 and 11 then too, or total minus them tells.
    expect(grid(caseload)).toEqual({
      'team-a/Team Nord': { new: 'suppressed', active: 'suppressed', closed: 10, shortCounselling: 5 },
      'other-teams': { new: 'suppressed', active: 'suppressed', closed: 0, shortCounselling: 0 },
      total: { new: 13, active: 18, closed: 10, shortCounselling: 5 },
    });
    expect(grid(table(tables, 'closures'))).toEqual({
      'goals-achieved': { count: 5 },
      'handed-over': { count: 0 },
      'moved-away': { count: 0 },
      'contact-lost': { count: 0 },
      naturalised: { count: 0 },
      other: { count: 5 },
      unspecified: { count: 0 },
      total: { count: 10 },
    });
    expect(grid(table(tables, 'interpreterNeeded'))).toEqual({
      yes: { count: 0 },
      no: { count: 0 },
      unspecified: { count: 13 },
      total: { count: 13 },
    });
  });

  it('counts referrals by the category of their partner and their status, with totals both ways', () => {
    const categories: Record<string, string> = {
      'team-a\u0000p-lang': 'language-course',
      'team-a\u0000p-x': 'nonsense',
    };
    const referral = (partnerId: string, status: 'proposed' | 'agreed' | 'attended' | 'cancelled') => ({
      on: '2026-02-01',
      partnerId,
      status,
    });
    const tables = reportTables({
      period: Q1,
      teams: TEAMS,
      partnerCategory: (teamId, partnerId) => categories[`${teamId}\u0000${partnerId}`],
      cases: [
        ...times(5, 'team-a', {
          intakeOn: '2026-01-05',
          referrals: [referral('p-lang', 'agreed'), referral('p-lang', 'attended')],
        }),
        // A partner without a category, one the doc does not know, and one with a category this version
        // does not know: all unspecified.
        ...times(5, 'team-a', { intakeOn: '2026-01-05', referrals: [referral('p-none', 'proposed')] }),
        ...times(5, 'team-a', { intakeOn: '2026-01-05', referrals: [referral('p-gone', 'cancelled')] }),
        ...times(5, 'team-a', { intakeOn: '2026-01-05', referrals: [referral('p-x', 'cancelled')] }),
        // Same partner id in another team: that team's doc decides, and it has no category there.
        ...times(5, 'team-b', { intakeOn: '2026-01-05', referrals: [referral('p-lang', 'proposed')] }),
        // Outside the period: not counted.
        ...times(5, 'team-a', {
          intakeOn: '2026-01-05',
          referrals: [{ on: '2026-04-02', partnerId: 'p-lang', status: 'agreed' }],
        }),
      ],
    });
    const referrals = table(tables, 'referrals');
    expect(referrals.notRecorded).toEqual([]);
    expect(referrals.columns).toEqual(['proposed', 'agreed', 'attended', 'cancelled', 'total']);
    const empty = { proposed: 0, agreed: 0, attended: 0, cancelled: 0, total: 0 };
    expect(grid(referrals)).toEqual({
      'migration-counselling': empty,
      'language-course': { ...empty, agreed: 5, attended: 5, total: 10 },
      'work-training': empty,
      housing: empty,
      health: empty,
      'family-school': empty,
      authority: empty,
      'volunteering-community': empty,
      other: empty,
      unspecified: { ...empty, proposed: 10, cancelled: 10, total: 20 },
      total: { proposed: 10, agreed: 5, attended: 5, cancelled: 10, total: 30 },
    });
  });

  it('hides a partner category whose count the totals would give away', () => {
    const tables = reportTables({
      period: Q1,
      teams: TEAMS,
      partnerCategory: (_teamId, partnerId) => (partnerId === 'p-home' ? 'housing' : undefined),
      cases: [
        ...times(2, 'team-a', {
          intakeOn: '2026-01-05',
          referrals: [{ on: '2026-02-01', partnerId: 'p-home', status: 'agreed' }],
        }),
        ...times(8, 'team-a', {
          intakeOn: '2026-01-05',
          referrals: [{ on: '2026-02-01', partnerId: 'p-none', status: 'agreed' }],
        }),
      ],
    });
    const cells = grid(table(tables, 'referrals'));
    expect(cells.housing).toMatchObject({ agreed: 'suppressed', total: 'suppressed' });
    // 8 unspecified + 2 housing = 10: with the total published, the 8 would give the 2 away.
    expect(cells.unspecified).toMatchObject({ agreed: 'suppressed', total: 'suppressed' });
  });

  it('shows active cases per full-time post where every team of a row has its staffing set', () => {
    const posts: Record<string, number> = { 'team-a': 4 };
    const build = () =>
      table(
        reportTables({
          period: Q1,
          teams: TEAMS,
          fullTimePosts: (teamId) => posts[teamId],
          cases: [
            ...times(10, 'team-a', { intakeOn: '2026-01-05' }),
            ...times(6, 'team-b', { intakeOn: '2026-01-05' }),
          ],
        }),
        'caseload',
      );
    let caseload = build();
    expect(caseload.notRecorded).toEqual([]);
    expect(caseload.columns).toContain('perFullTimePost');
    expect(grid(caseload)['team-a/Team Nord']).toMatchObject({ active: 10, perFullTimePost: 2.5 });
    expect(grid(caseload)['team-b/Team Süd']).not.toHaveProperty('perFullTimePost');
    expect(grid(caseload).total).not.toHaveProperty('perFullTimePost');

    posts['team-b'] = 2.75;
    caseload = build();
    expect(grid(caseload)['team-b/Team Süd']).toMatchObject({ active: 6, perFullTimePost: 2.2 });
    // 16 active cases on 6.75 posts.
    expect(grid(caseload).total).toMatchObject({ active: 16, perFullTimePost: 2.4 });
  });

  it('hides the ratio wherever the active cases it is derived from are hidden', () => {
    const tables = reportTables({
      period: Q1,
      teams: TEAMS,
      fullTimePosts: () => 1.5,
      cases: [
        ...times(6, 'team-a', { intakeOn: '2026-01-05' }),
        ...times(2, 'team-b', { intakeOn: '2026-01-05' }),
      ],
    });
    const cells = grid(table(tables, 'caseload'));
    expect(cells['team-a/Team Nord']).toMatchObject({ active: 'suppressed', perFullTimePost: 'suppressed' });
    expect(cells['other-teams']).toMatchObject({ active: 'suppressed', perFullTimePost: 'suppressed' });
    // 8 active on 3 posts.
    expect(cells.total).toMatchObject({ active: 8, perFullTimePost: 2.7 });
  });

  it('counts gender and the residence status at intake of new cases, and the changes of status', () => {
    const tables = reportTables({
      period: Q1,
      teams: TEAMS,
      cases: [
        ...times(5, 'team-a', {
          intakeOn: '2026-01-05',
          gender: 'female',
          residenceAtIntake: 'toleration',
          residenceChanges: [{ on: '2026-02-01', to: 'residence-permit' }],
        }),
        ...times(5, 'team-a', {
          intakeOn: '2026-02-05',
          residenceChanges: [{ on: '2025-12-01', to: 'toleration' }],
        }),
      ],
    });
    expect(grid(table(tables, 'gender'))).toMatchObject({
      female: { count: 5 },
      male: { count: 0 },
      unspecified: { count: 5 },
      total: { count: 10 },
    });
    expect(grid(table(tables, 'residenceAtIntake'))).toMatchObject({
      toleration: { count: 5 },
      unspecified: { count: 5 },
    });
    expect(grid(table(tables, 'residenceChanges'))).toMatchObject({
      'residence-permit': { count: 5 },
      toleration: { count: 0 },
      total: { count: 5 },
    });
  });

  it('counts the residence pathways worked on, handed over, decided and pending in the period', () => {
    const worked = (outcome: 'granted' | 'applied', outcomeOn?: string) => ({
      intakeOn: '2025-06-01',
      pathways: {
        checklists: ['25b' as const],
        applications: [
          {
            pathway: '25b' as const,
            submittedOn: '2026-01-10',
            outcome,
            ...(outcomeOn ? { outcomeOn } : {}),
          },
        ],
      },
    });
    const tables = reportTables({
      period: Q1,
      teams: TEAMS,
      cases: [
        ...times(5, 'team-a', worked('granted', '2026-03-01')),
        ...times(5, 'team-a', worked('applied')),
      ],
    });
    expect(grid(table(tables, 'pathways'))['25b']).toEqual({
      checked: 10,
      handedOver: 10,
      granted: 5,
      refused: 0,
      pending: 5,
    });
  });

  it('hides a count of many contacts of one case, and the count it could be worked out from', () => {
    const cases = [
      ...times(5, 'team-a', {
        intakeOn: '2025-10-01',
        contacts: [
          { on: '2026-01-20', kind: 'office', interpreter: false },
          { on: '2025-12-20', kind: 'phone', interpreter: false },
        ],
      }),
      {
        teamId: 'team-a',
        facts: facts({
          intakeOn: '2025-10-01',
          contacts: Array.from({ length: 10 }, (_, i) => ({
            on: `2026-02-${String(i + 10)}`,
            kind: 'home-visit' as const,
            interpreter: true,
          })),
        }),
      },
    ];
    const contacts = table(reportTables({ period: Q1, teams: TEAMS, cases }), 'contacts');
    // 10 home visits of one case (primary), then the 5 office contacts (else 15 − 5 = 10).
    expect(grid(contacts)).toEqual({
      office: { count: 'suppressed' },
      'home-visit': { count: 'suppressed' },
      accompaniment: { count: 0 },
      phone: { count: 0 },
      video: { count: 0 },
      outreach: { count: 0 },
      total: { count: 15 },
    });
  });

  it('shows the five most frequent nationalities by name and the rest as others', () => {
    const cases = [
      ...times(9, 'team-a', { intakeOn: '2026-01-02', nationality: 'SY' }),
      ...times(8, 'team-a', { intakeOn: '2026-01-02', nationality: 'AF' }),
      ...times(7, 'team-a', { intakeOn: '2026-01-02', nationality: 'UA' }),
      ...times(6, 'team-a', { intakeOn: '2026-01-02', nationality: 'TR' }),
      ...times(5, 'team-a', { intakeOn: '2026-01-02', nationality: 'IQ' }),
      ...times(5, 'team-a', { intakeOn: '2026-01-02', nationality: 'ER' }),
    ];
    // ER and IQ tie at 5: the code that sorts first (ER) is shown, IQ goes to others.
    expect(grid(table(reportTables({ period: Q1, teams: TEAMS, cases }), 'nationalities'))).toEqual({
      SY: { count: 9 },
      AF: { count: 8 },
      UA: { count: 7 },
      TR: { count: 6 },
      ER: { count: 5 },
      others: { count: 5 },
      unspecified: { count: 0 },
      total: { count: 40 },
    });
  });

  it('counts barriers by category over the period and the three before it, and reported ones by category × institution', () => {
    const cases = times(5, 'team-a', {
      intakeOn: '2025-09-01',
      barriers: [
        { category: 'cat-housing', observedOn: '2025-11-05' },
        { category: 'cat-housing', observedOn: '2026-02-01' },
      ],
      reports: [
        {
          reportId: 'barrier-1@2026-02-03T09:00:00.000Z',
          category: 'cat-housing',
          institution: 'Jobcenter Nord',
          happened: 'Wartezeit',
          reportedOn: '2026-02-03',
        },
      ],
    });
    // The same institution, written another way, by five more cases of team B.
    cases.push(
      ...times(5, 'team-b', {
        intakeOn: '2025-09-01',
        reports: [
          {
            reportId: 'barrier-2@2026-03-30T09:00:00.000Z',
            category: 'b-housing',
            institution: '  jobcenter   NORD ',
            happened: 'x',
            reportedOn: '2026-03-30',
          },
        ],
      }),
    );
    const labels: Record<string, string> = { 'cat-housing': 'Wohnungsmarkt', 'b-housing': 'Wohnungsmarkt' };
    const tables = reportTables({
      period: Q1,
      teams: TEAMS,
      cases,
      categoryLabel: (_team, id) => labels[id],
    });
    const barriers = table(tables, 'barriers');
    expect(barriers.columns).toEqual(['2025-Q2', '2025-Q3', '2025-Q4', '2026-Q1']);
    expect(grid(barriers)).toEqual({
      Wohnungsmarkt: { '2025-Q2': 0, '2025-Q3': 0, '2025-Q4': 5, '2026-Q1': 5 },
      total: { '2025-Q2': 0, '2025-Q3': 0, '2025-Q4': 5, '2026-Q1': 5 },
    });
    expect(grid(table(tables, 'reportedBarriers'))).toEqual({
      'Wohnungsmarkt/Jobcenter Nord': { '2025-Q2': 0, '2025-Q3': 0, '2025-Q4': 0, '2026-Q1': 10 },
      'subtotal/Wohnungsmarkt': { '2025-Q2': 0, '2025-Q3': 0, '2025-Q4': 0, '2026-Q1': 10 },
      total: { '2025-Q2': 0, '2025-Q3': 0, '2025-Q4': 0, '2026-Q1': 10 },
    });
  });

  it('counts needs of active cases and goals set and reached in the period per life domain', () => {
    const cases = times(5, 'team-a', {
      intakeOn: '2025-12-01',
      lifeDomains: [
        { domain: 'housing', need: 'high' },
        { domain: 'work', need: 'low' },
      ],
      goals: [
        { domain: 'housing', status: 'achieved', setOn: '2025-12-05', reachedOn: '2026-03-01' },
        { domain: 'housing', status: 'open', setOn: '2026-01-05' },
        { domain: 'work', status: 'achieved', setOn: '2026-01-05', reachedOn: '2026-04-02' },
      ],
    });
    const rows = grid(table(reportTables({ period: Q1, teams: TEAMS, cases }), 'lifeDomains'));
    expect(rows.housing).toEqual({
      'need-none': 0,
      'need-low': 0,
      'need-medium': 0,
      'need-high': 5,
      goalsSet: 5,
      goalsReached: 5,
    });
    expect(rows.work).toEqual({
      'need-none': 0,
      'need-low': 5,
      'need-medium': 0,
      'need-high': 0,
      goalsSet: 5,
      goalsReached: 0,
    });
    expect(rows.total).toEqual({
      'need-none': 0,
      'need-low': 5,
      'need-medium': 0,
      'need-high': 5,
      goalsSet: 10,
      goalsReached: 5,
    });
  });

  it('lists the Themen reports of the chosen teams feed, with their decisions and counts over those teams only', () => {
    const doc = new Y.Doc();
    const opts = { actor: 'user-kim', now: new Date('2026-04-20T09:00:00.000Z') };
    const made = (result: { ok: boolean; value?: unknown }) => {
      if (!result.ok) throw new Error(JSON.stringify(result));
      return result.value as string;
    };
    const waiting = made(createThema(doc, { title: 'Wartezeiten Ausländerbehörde' }, opts));
    const housing = made(createThema(doc, { title: 'Wohnungsmarkt' }, opts));
    const onlyB = made(createThema(doc, { title: 'Sprachkurse Nord' }, opts));
    made(createThema(doc, { title: 'Ohne Meldungen' }, opts));
    made(addThemaEntry(doc, waiting, { kind: 'decision', on: '2026-04-02', text: 'AG Termine' }, opts));
    made(addThemaEntry(doc, waiting, { kind: 'note', on: '2026-03-01', text: 'Gespräch' }, opts));
    made(addThemaEntry(doc, waiting, { kind: 'decision', on: '2026-03-15', text: 'Lenkungsgruppe' }, opts));
    made(moveThema(doc, waiting, { status: 'working-group', on: '2026-04-10' }, opts));
    let serial = 0;
    const link = (themaId: string, teamId: string, caseKey: string) =>
      made(linkReport(doc, themaId, { reportId: `r${++serial}`, teamId, caseKey }, opts));
    // Waiting times: 7 reports of 6 cases in team A, 3 of team B; housing: 2 reports of one case in A.
    for (const caseKey of ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c6']) link(waiting, 'team-a', caseKey);
    for (const caseKey of ['c1', 'c2', 'c3']) link(waiting, 'team-b', caseKey);
    link(housing, 'team-a', 'c7');
    link(housing, 'team-a', 'c7');
    for (const caseKey of ['c1', 'c2', 'c3', 'c4', 'c5']) link(onlyB, 'team-b', caseKey);
    const coordination = readCoordination(doc);
    expect(coordination.unreadable).toBe(0);

    const teamA = reportContent({ period: Q1, teams: [TEAMS[0]!], cases: [], coordination });
    expect(teamA.themen).toEqual([
      {
        id: waiting,
        title: 'Wartezeiten Ausländerbehörde',
        status: 'working-group',
        statusOn: '2026-04-10',
        decisions: [
          { on: '2026-03-15', text: 'Lenkungsgruppe' },
          { on: '2026-04-02', text: 'AG Termine' },
        ],
        reports: 7,
        cases: 6,
        teams: 1,
      },
      {
        id: housing,
        title: 'Wohnungsmarkt',
        status: 'reported',
        statusOn: '2026-04-20',
        decisions: [],
        reports: 'suppressed',
        cases: 'suppressed',
        teams: 1,
      },
    ]);

    // Both teams: team B's reports count too, and the Thema only team B feeds appears.
    const both = reportContent({ period: Q1, teams: TEAMS, cases: [], coordination });
    expect(both.themen.map(({ title, reports, cases, teams }) => [title, reports, cases, teams])).toEqual([
      ['Wartezeiten Ausländerbehörde', 10, 9, 2],
      ['Wohnungsmarkt', 'suppressed', 'suppressed', 1],
      ['Sprachkurse Nord', 5, 5, 1],
    ]);
  });
});
