import { describe, expect, it } from 'vitest';
import { FACTS_VERSION, type CaseFacts } from '../../../src/domain/case-facts.ts';
import { readPeriod, type ReportPeriod } from '../../../src/domain/report-period.ts';
import type { ReportContent } from '../../../sync-server/src/reports/report-tables.ts';
import { casesOfPeriod } from '../../../sync-server/src/reports/period-facts.ts';
import { ReportMemo } from '../../../sync-server/src/reports/report-memo.ts';
import { jointReports, type TeamFacts } from '../../../sync-server/src/reports/report-tables.ts';

const Q1 = (() => {
  const read = readPeriod('2026-Q1');
  if (typeof read === 'string') throw new Error(read);
  return read as ReportPeriod;
})();
const TEAMS = [
  { id: 'team-a', name: 'Team Nord' },
  { id: 'team-b', name: 'Team Süd' },
];

/** Six cases per team opened in January, each with one home visit in February. */
function world(): TeamFacts[] {
  return TEAMS.flatMap((team) =>
    Array.from({ length: 6 }, (): TeamFacts => {
      const facts: CaseFacts = {
        v: FACTS_VERSION,
        kind: 'case',
        phase: 'assessment',
        phases: [{ phase: 'assessment', on: '2026-01-12' }],
        intakeOn: '2026-01-12',
        lifeDomains: [],
        goals: [],
        contacts: [{ on: '2026-02-03', kind: 'home-visit', interpreter: false }],
        referrals: [],
        barriers: [],
        reports: [],
      };
      return { teamId: team.id, facts };
    }),
  );
}

/** A case's facts as stored again after an edit: a new object, as `FactsCache` holds a new version. */
function edited(cases: TeamFacts[], index: number, edit: (facts: CaseFacts) => CaseFacts): TeamFacts[] {
  return cases.map((entry, i) =>
    i === index ? { ...entry, facts: edit(structuredClone(entry.facts as CaseFacts)) } : entry,
  );
}

function homeVisits(reports: Map<string, ReportContent>, selection: string): unknown {
  const contacts = reports.get(selection)!.tables.find((table) => table.id === 'contacts')!;
  return contacts.rows.find((row) => row.key === 'home-visit')!.cells.count;
}

describe('kept reports', () => {
  it('are kept through a change that touches no count of the period and computed again after one that does', async () => {
    const memo = new ReportMemo<string>();
    let computed = 0;
    const ask = (cases: TeamFacts[]) => {
      const counted = casesOfPeriod(cases, Q1);
      return memo.reports('coordinator', 'coordinator', counted.fingerprint, () => {
        computed++;
        return jointReports({ period: Q1, teams: TEAMS, cases: counted.cases });
      });
    };
    const before = world();
    const first = await ask(before);
    expect(computed).toBe(1);
    expect(homeVisits(first, 'team-a,team-b')).toBe(12);

    // Today's contact, a later phase and a barrier report in a running period: no ended period moves.
    const outside = edited(before, 0, (facts) => ({
      ...facts,
      phase: 'planning',
      phases: [...facts.phases, { phase: 'planning', on: '2026-04-20' }],
      contacts: [...facts.contacts, { on: '2026-04-20', kind: 'home-visit', interpreter: true }],
      reports: [
        {
          reportId: 'barrier-1@2026-04-21T09:00:00.000Z',
          category: 'waiting-times',
          institution: 'Ausländerbehörde',
          happened: 'Termin erst in drei Monaten',
          reportedOn: '2026-04-21',
        },
      ],
    }));
    expect(await ask(outside)).toBe(first);
    expect(computed).toBe(1);

    // A home visit in March: the period's count moves, and the next report shows it.
    const inside = edited(outside, 1, (facts) => ({
      ...facts,
      contacts: [...facts.contacts, { on: '2026-03-30', kind: 'home-visit', interpreter: false }],
    }));
    const after = await ask(inside);
    expect(computed).toBe(2);
    expect(homeVisits(after, 'team-a,team-b')).toBe(13);
    expect(after).toEqual(jointReports({ period: Q1, teams: TEAMS, cases: inside }));
  });

  it('share one computation between requests for the same inputs, and keep none that failed', async () => {
    const memo = new ReportMemo<string>();
    let computed = 0;
    let finish: (reports: Map<string, ReportContent>) => void = () => {};
    const slow = () => {
      computed++;
      return new Promise<Map<string, ReportContent>>((resolve) => (finish = resolve));
    };
    const first = memo.reports('k', 'k', 'fp-1', slow);
    const second = memo.reports('k', 'k', 'fp-1', slow);
    await Promise.resolve();
    expect(computed).toBe(1);
    const reports = new Map<string, ReportContent>([['team-a', { tables: [], themen: [] }]]);
    finish(reports);
    expect(await first).toBe(reports);
    expect(await second).toBe(reports);

    await expect(
      memo.reports('k', 'k', 'fp-2', () => Promise.reject(new Error('worker gone'))),
    ).rejects.toThrow('worker gone');
    // The failed computation is not kept: the next request for the same inputs computes again.
    let again = 0;
    expect(
      await memo.reports('k', 'k', 'fp-2', () => {
        again++;
        return reports;
      }),
    ).toBe(reports);
    expect(again).toBe(1);
    // Only reports a person asked for count as asked for lately; a refresh in the background does not.
    await memo.reports('other', 'other', 'fp', () => reports, false);
    expect(memo.askedSince(0)).toEqual(['k']);
  });
});
