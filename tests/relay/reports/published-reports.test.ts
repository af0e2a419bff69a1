import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { AGE_BANDS, FACTS_VERSION, caseFacts, type CaseFacts } from '../../../src/domain/case-facts.ts';
import { createCaseDoc, type WriteOptions } from '../../../src/domain/case-doc.ts';
import { reportBarrier } from '../../../src/domain/barrier-report.ts';
import { addBarrier, addContact, addGoal, addReferral } from '../../../src/domain/case-write-items.ts';
import {
  createThema,
  linkReport,
  readCoordination,
  type CoordinationView,
} from '../../../src/domain/coordination-doc.ts';
import { previousPeriods, readPeriod, type ReportPeriod } from '../../../src/domain/report-period.ts';
import {
  APPLICATION_OUTCOMES,
  CASE_KINDS,
  CLOSURE_REASONS,
  CONTACT_KINDS,
  GENDERS,
  GOAL_STATUSES,
  LIFE_DOMAINS,
  NEED_LEVELS,
  PATHWAYS,
  REFERRAL_STATUSES,
  RESIDENCE_STATUSES,
} from '../../../src/domain/vocabulary.ts';
import { SUPPRESSED, type ReportCell } from '../../../src/protocol/reports.ts';
import {
  allowedSelections,
  explainReport,
  institutionKey,
  jointReport,
  jointReports,
  PER_POST,
  reportContent,
  TREND_PERIODS,
  type ReportContent,
  type TeamFacts,
} from '../../../sync-server/src/reports/report-tables.ts';
import type { Cell, Relation } from '../../../sync-server/src/reports/suppression.ts';
import { casesOfPeriod } from '../../../sync-server/src/reports/period-facts.ts';
import { cellsWithoutWitness } from './support/witness.ts';

/**
 * What a report publishes, read as a reader would: every total is the sum of its rows, a category's
 * subtotal the sum of its institutions, the closures and the people tables add up to the caseload's closed
 * and new cases, and where several reports are read together, a report of several teams is cell by cell
 * the sum of its teams' reports. The relations are worked out here from the published tables alone,
 * independently of how report-tables builds its system for suppression.
 */

const Q1 = (() => {
  const read = readPeriod('2026-Q1');
  if (typeof read === 'string') throw new Error(read);
  return read as ReportPeriod;
})();

interface Read {
  teamIds: string[];
  published: ReportContent;
  truth: ReportContent;
}

interface ReaderSystem {
  cells: Cell[];
  relations: Relation[];
  suppressed: Set<string>;
}

function readerSystem(reports: readonly Read[]): ReaderSystem {
  const cells = new Map<string, Cell>();
  const relations: Relation[] = [];
  const suppressed = new Set<string>();
  const scopeOf = (teamIds: readonly string[]) => teamIds.join('+');
  /** A cell of a report: its published value or, when absent (a Thema it does not list), a known 0. */
  const cellAt = (scope: string, table: string, row: string, column: string): string => {
    const id = `${scope}/${table}/${row}/${column}`;
    if (!cells.has(id)) cells.set(id, { id, value: 0, cases: 0 });
    return id;
  };
  const rowName = (row: { key: string; label?: string }) =>
    row.label === undefined ? row.key : `${row.key}:${row.label}`;
  const equal = (a: string, b: string) => relations.push({ total: a, parts: [b] });

  for (const { teamIds, published, truth } of reports) {
    const scope = scopeOf(teamIds);
    const record = (id: string, shown: ReportCell, real: ReportCell) => {
      expect(typeof real).toBe('number');
      cells.set(id, { id, value: real as number, cases: real as number });
      if (shown === SUPPRESSED) suppressed.add(id);
      else expect(shown).toBe(real);
    };
    published.tables.forEach((table, t) => {
      const real = truth.tables[t]!;
      expect(real.id).toBe(table.id);
      table.rows.forEach((row, r) => {
        for (const column of table.columns) {
          if (column === PER_POST) {
            // A ratio of the row's active cases to its public posts: published exactly when they are, so
            // it tells the reader nothing the active cases do not.
            const ratio = row.cells[column];
            if (ratio !== undefined) {
              expect(ratio === SUPPRESSED, `${scope} ${row.key}`).toBe(row.cells.active === SUPPRESSED);
            }
            continue;
          }
          record(
            cellAt(scope, table.id, rowName(row), column),
            row.cells[column]!,
            real.rows[r]!.cells[column]!,
          );
        }
      });
      if (table.columns.includes('total')) {
        // A total column (referrals per partner category) is the sum of the row's other columns.
        for (const row of table.rows) {
          relations.push({
            total: cellAt(scope, table.id, rowName(row), 'total'),
            parts: table.columns
              .filter((column) => column !== 'total')
              .map((column) => cellAt(scope, table.id, rowName(row), column)),
          });
        }
      }
      for (const column of table.columns) {
        if (column === PER_POST) continue;
        const total = table.rows.find((row) => row.key === 'total');
        if (!total) continue;
        const id = (row: { key: string; label?: string }) => cellAt(scope, table.id, rowName(row), column);
        relations.push({
          total: id(total),
          parts: table.rows.filter((row) => row.key !== 'total' && row.key !== 'subtotal').map(id),
        });
        for (const subtotal of table.rows.filter((row) => row.key === 'subtotal')) {
          relations.push({
            total: id(subtotal),
            parts: table.rows.filter((row) => row.key === subtotal.label).map(id),
          });
        }
      }
    });
    equal(cellAt(scope, 'closures', 'total', 'count'), cellAt(scope, 'caseload', 'total', 'closed'));
    for (const table of ['ageBands', 'nationalities', 'interpreterNeeded']) {
      equal(cellAt(scope, table, 'total', 'count'), cellAt(scope, 'caseload', 'total', 'new'));
    }
    published.themen.forEach((thema, i) => {
      const real = truth.themen[i]!;
      record(cellAt(scope, 'themen', thema.id, 'reports'), thema.reports, real.reports);
      record(cellAt(scope, 'themen', thema.id, 'cases'), thema.cases, real.cases);
    });
  }

  // Reports of several teams beside reports of each of them.
  const byScope = new Map(reports.map((report) => [scopeOf(report.teamIds), report]));
  for (const { teamIds, published } of reports) {
    if (teamIds.length < 2 || !teamIds.every((id) => byScope.has(id))) continue;
    const scope = scopeOf(teamIds);
    const merged = published.tables.find((table) => table.id === 'caseload')?.mergedTeams ?? [];
    for (const table of published.tables) {
      for (const row of table.rows) {
        for (const column of table.columns) {
          if (column === PER_POST) continue;
          let parts: string[];
          if (table.id === 'caseload' && row.key !== 'total') {
            const rowTeams = row.key === 'other-teams' ? merged : [row.key];
            parts = rowTeams.map((id) => cellAt(id, 'caseload', 'total', column));
          } else {
            parts = teamIds.map((id) => cellAt(id, table.id, rowName(row), column));
          }
          relations.push({ total: cellAt(scope, table.id, rowName(row), column), parts });
        }
      }
    }
    const themaIds = new Set(reports.flatMap((report) => report.published.themen.map((thema) => thema.id)));
    for (const themaId of themaIds) {
      for (const column of ['reports', 'cases']) {
        relations.push({
          total: cellAt(scope, 'themen', themaId, column),
          parts: teamIds.map((id) => cellAt(id, 'themen', themaId, column)),
        });
      }
    }
  }
  return { cells: [...cells.values()], relations, suppressed };
}

/** No suppressed count of `reports` can be worked out from everything they publish together. */
function expectNothingDerivable(reports: readonly Read[]): void {
  const system = readerSystem(reports);
  // The reader's relations hold for the true counts (else the check would read the wrong tables).
  const value = new Map(system.cells.map((cell) => [cell.id, cell.value]));
  for (const relation of system.relations) {
    const sum = relation.parts.reduce((total, part) => total + value.get(part)!, 0);
    expect(sum, relation.total).toBe(value.get(relation.total));
  }
  for (const cell of system.cells) {
    if (cell.value > 0 && cell.value < 5) expect(system.suppressed.has(cell.id), cell.id).toBe(true);
  }
  expect(cellsWithoutWitness(system.cells, system.relations, system.suppressed)).toEqual([]);
}

const day = (from: string, days: number) =>
  fc
    .integer({ min: 0, max: days })
    .map((offset) =>
      new Date(Date.parse(`${from}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10),
    );
/** Days from the first period of the barriers' trend to shortly after the report's period. */
const someDay = day('2025-04-01', 380);
const pick = <T>(values: readonly T[]) => fc.constantFrom(...values);
const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });

const factsArbitrary: fc.Arbitrary<CaseFacts> = fc
  .record({
    kind: pick(CASE_KINDS),
    intakeOn: maybe(day('2025-01-01', 470)),
    closedAfter: maybe(fc.integer({ min: 0, max: 200 })),
    closureReason: maybe(pick(CLOSURE_REASONS)),
    lifeDomains: fc.uniqueArray(fc.record({ domain: pick(LIFE_DOMAINS), need: pick(NEED_LEVELS) }), {
      maxLength: 3,
      selector: (entry) => entry.domain,
    }),
    goals: fc.array(
      fc.record({
        domain: pick(LIFE_DOMAINS.slice(0, 3)),
        status: pick(GOAL_STATUSES),
        setOn: maybe(someDay),
        reachedOn: maybe(someDay),
      }),
      { maxLength: 2 },
    ),
    contacts: fc.array(fc.record({ on: someDay, kind: pick(CONTACT_KINDS), interpreter: fc.boolean() }), {
      maxLength: 4,
    }),
    referrals: fc.array(
      fc.record({
        on: someDay,
        partnerId: pick(['partner-1', 'partner-2', 'partner-3']),
        status: pick(REFERRAL_STATUSES),
      }),
      { maxLength: 2 },
    ),
    ageBand: maybe(pick(AGE_BANDS)),
    nationality: maybe(pick(['SY', 'UA', 'AF', 'TR', 'IQ', 'ER', 'RO'])),
    interpreterNeeded: maybe(fc.boolean()),
    gender: maybe(pick(GENDERS)),
    residenceAtIntake: maybe(pick(RESIDENCE_STATUSES.slice(0, 3))),
    residenceChanges: maybe(
      fc.array(fc.record({ on: someDay, to: pick(RESIDENCE_STATUSES.slice(0, 3)) }), { maxLength: 2 }),
    ),
    pathways: maybe(
      fc.record({
        checklists: fc.uniqueArray(pick(PATHWAYS.slice(0, 3)), { maxLength: 2 }),
        applications: fc.array(
          fc.record({
            pathway: pick(PATHWAYS.slice(0, 3)),
            submittedOn: someDay,
            outcome: pick(APPLICATION_OUTCOMES),
            outcomeOn: maybe(someDay),
          }),
          { maxLength: 2 },
        ),
      }),
    ),
    barriers: fc.array(fc.record({ category: pick(['c1', 'c2', 'c3']), observedOn: someDay }), {
      maxLength: 2,
    }),
    reports: fc.array(
      fc.record({
        reportId: fc.constant('barrier-1@2026-01-05T09:00:00.000Z'),
        category: pick(['c1', 'c2']),
        institution: pick(['Jobcenter Nord', 'jobcenter  nord', 'Ausländerbehörde']),
        happened: fc.constant('Termin erst in drei Monaten'),
        reportedOn: someDay,
      }),
      { maxLength: 1 },
    ),
  })
  .map(({ closedAfter, intakeOn, closureReason, ...rest }) => {
    const facts: CaseFacts = {
      v: FACTS_VERSION,
      phase: 'assessment',
      phases: [],
      ...rest,
      goals: rest.goals.map(({ setOn, reachedOn, ...goal }) => ({
        ...goal,
        ...(setOn !== undefined ? { setOn } : {}),
        ...(reachedOn !== undefined ? { reachedOn } : {}),
      })),
    };
    if (facts.pathways) {
      facts.pathways.applications = facts.pathways.applications.map(({ outcomeOn, ...application }) => ({
        ...application,
        ...(outcomeOn !== undefined ? { outcomeOn } : {}),
      }));
    }
    for (const key of [
      'ageBand',
      'nationality',
      'interpreterNeeded',
      'gender',
      'residenceAtIntake',
      'residenceChanges',
      'pathways',
    ] as const) {
      if (facts[key] === undefined) delete facts[key];
    }
    if (intakeOn !== undefined) {
      facts.intakeOn = intakeOn;
      if (closedAfter !== undefined) {
        facts.phase = 'closed';
        facts.closedOn = new Date(Date.parse(`${intakeOn}T00:00:00Z`) + closedAfter * 86_400_000)
          .toISOString()
          .slice(0, 10);
        if (closureReason !== undefined) facts.closureReason = closureReason;
      }
    }
    return facts;
  });

/**
 * Cases of `teams`, in groups of cases with the same facts (so that most counts are large and a few are
 * small, the shape where a small count could be worked out from its total), and a coordination doc whose
 * Themen gather some of their reports.
 */
function worldArbitrary(teams: readonly string[], maxGroups: number) {
  return fc
    .record({
      cases: fc
        .array(
          fc.record({ teamId: pick(teams), facts: factsArbitrary, copies: fc.integer({ min: 1, max: 30 }) }),
          { maxLength: maxGroups },
        )
        .map((groups) =>
          groups.flatMap(({ teamId, facts, copies }) =>
            Array.from({ length: copies }, () => ({ teamId, facts })),
          ),
        ),
      links: fc.array(
        fc.record({ thema: fc.integer({ min: 0, max: 2 }), team: pick(teams), caseNo: fc.nat(12) }),
        { maxLength: 30 },
      ),
      posts: fc.array(maybe(pick([0.5, 1, 2.25, 3])), { minLength: teams.length, maxLength: teams.length }),
    })
    .map(({ cases, links, posts }) => {
      const doc = new Y.Doc();
      const themen = ['Wartezeiten', 'Wohnraum', 'Sprachkurse'].map((title) => {
        const made = createThema(doc, { title });
        if (!made.ok) throw new Error(title);
        return made.value;
      });
      links.forEach(({ thema, team, caseNo }, i) =>
        linkReport(doc, themen[thema]!, { reportId: `r${i}`, teamId: team, caseKey: `k${caseNo}` }),
      );
      return {
        cases: cases as TeamFacts[],
        coordination: readCoordination(doc) as CoordinationView,
        ...dimensions(teams, posts),
      };
    });
}

/** Partner categories as two teams' directories name them, and the staffing each team has set or not. */
function dimensions(teams: readonly string[], posts: readonly (number | undefined)[]) {
  const categories: Record<string, string> = { 'partner-1': 'housing', 'partner-2': 'language-course' };
  return {
    partnerCategory: (teamId: string, partnerId: string) =>
      teamId === 'team-b' && partnerId === 'partner-2' ? undefined : categories[partnerId],
    fullTimePosts: (teamId: string) => posts[teams.indexOf(teamId)],
  };
}

const TEAMS = ['team-a', 'team-b', 'team-c'];
const named = (ids: readonly string[]) => ids.map((id) => ({ id, name: `Team ${id}` }));

describe('what reports publish', () => {
  it('determines no suppressed count of a report by what it publishes (property)', () => {
    fc.assert(
      fc.property(worldArbitrary(TEAMS.slice(0, 2), 14), ({ cases, coordination, ...dims }) => {
        const input = { period: Q1, teams: named(TEAMS.slice(0, 2)), cases, coordination, ...dims };
        const reports = explainReport(input, [TEAMS.slice(0, 2)]);
        expect(reports[0]!.published).toEqual(reportContent(input));
        expectNothingDerivable(reports);
      }),
      { numRuns: 60 },
    );
  });

  it('determines no suppressed count of any report a coordinator of three teams may ask for by what all of them publish together (property)', () => {
    fc.assert(
      fc.property(worldArbitrary(TEAMS, 14), ({ cases, coordination, ...dims }) => {
        const input = { period: Q1, teams: named(TEAMS), cases, coordination, ...dims };
        const reports = explainReport(input);
        expect(reports.map((report) => report.teamIds)).toEqual(allowedSelections(TEAMS));
        expectNothingDerivable(reports);
        // Each report reads the same however it is asked for and whichever was asked before.
        for (const { teamIds, published } of reports) {
          expect(jointReport(input, [...teamIds].reverse())).toEqual(published);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('publishes in a trend column nothing that the report of that earlier period hides (property)', () => {
    const TREND_TABLES = ['barriers', 'reportedBarriers'];
    // An institution is one row however it is written; each report spells it as the first report it counts.
    const rowKey = (row: { key: string; label?: string }) =>
      `${row.key}\u0000${institutionKey(row.label ?? '')}`;
    let compared = 0;
    fc.assert(
      fc.property(worldArbitrary(TEAMS.slice(0, 2), 14), ({ cases, coordination, ...dims }) => {
        const input = { teams: named(TEAMS.slice(0, 2)), cases, coordination, ...dims };
        const now = jointReports({ ...input, period: Q1 });
        for (const earlier of previousPeriods(Q1, TREND_PERIODS)) {
          const then = jointReports({ ...input, period: earlier });
          for (const [selection, report] of now) {
            for (const id of TREND_TABLES) {
              const table = report.tables.find((candidate) => candidate.id === id)!;
              const own = then.get(selection)!.tables.find((candidate) => candidate.id === id)!;
              const ownRows = new Map(own.rows.map((row) => [rowKey(row), row.cells[earlier.id]]));
              for (const row of table.rows) {
                const cell = row.cells[earlier.id];
                if (cell === SUPPRESSED) continue;
                // A row the earlier report does not list counted nothing in that period.
                expect(ownRows.get(rowKey(row)) ?? 0, `${selection} ${id} ${rowKey(row)} ${earlier.id}`).toBe(
                  cell,
                );
                compared++;
              }
            }
          }
        }
      }),
      { numRuns: 40 },
    );
    expect(compared).toBeGreaterThan(0);
  });

  it("publishes from each case's facts of the period exactly what it publishes from all of them (property)", () => {
    fc.assert(
      fc.property(
        worldArbitrary(TEAMS, 14),
        fc.constantFrom(Q1, ...previousPeriods(Q1, 2)),
        ({ cases, coordination, ...dims }, period) => {
          const input = { period, teams: named(TEAMS), cases, coordination, ...dims };
          const counted = casesOfPeriod(cases, period).cases;
          expect(jointReports({ ...input, cases: counted })).toEqual(jointReports(input));
        },
      ),
      { numRuns: 60 },
    );
  });

  it("refuses a selection other than one team or all of the coordinator's teams", () => {
    const input = { period: Q1, teams: named(TEAMS), cases: [] };
    expect(() => jointReport(input, TEAMS.slice(0, 2))).toThrow(/not an allowed selection/);
    expect(() => jointReport(input, [])).toThrow(/not an allowed selection/);
    expect(jointReport(input, ['team-b']).tables.length).toBeGreaterThan(0);
  });

  it('publishes nothing of the names, contact data, notes and texts of the cases it counts (property)', () => {
    const ok = <T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T => {
      if (!result.ok) throw new Error(JSON.stringify(result.error));
      return result.value;
    };
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            marker: fc.stringMatching(/^[A-Z]{3}[0-9]{3}$/).map((text) => `Q${text}X`),
            team: pick(TEAMS.slice(0, 2)),
            copies: fc.integer({ min: 1, max: 7 }),
            day: day('2026-01-05', 70),
          }),
          { minLength: 1, maxLength: 6 },
        ),
        (planted) => {
          const cases: TeamFacts[] = [];
          planted.forEach(({ marker, team, copies, day: on }, p) => {
            for (let copy = 0; copy < copies; copy++) {
              const opts: WriteOptions = { actor: 'user-anna', now: new Date(`${on}T10:00:00.000Z`) };
              const doc = ok(
                createCaseDoc(
                  {
                    id: `case-${p}-${copy}`,
                    kind: 'case',
                    teamId: team,
                    createdBy: 'user-anna',
                    person: {
                      familyName: `${marker}Family`,
                      givenNames: `${marker}Given`,
                      street: `${marker}strasse 4`,
                      city: `${marker}stadt`,
                      phone: '0234 98765 43',
                      email: `kontakt${p}@example.org`,
                      nationalities: ['SY'],
                      interpreterNeeded: true,
                    },
                  },
                  opts,
                ),
              );
              ok(
                addContact(
                  doc,
                  { date: on, kind: 'home-visit', topics: ['work'], note: `${marker}Note` },
                  opts,
                ),
              );
              ok(
                addGoal(
                  doc,
                  { text: `${marker}Goal`, lifeDomain: 'work', status: 'open', agreedOn: on },
                  opts,
                ),
              );
              ok(
                addReferral(
                  doc,
                  { partnerId: 'partner-1', date: on, status: 'agreed', reason: `${marker}Reason` },
                  opts,
                ),
              );
              const barrier = ok(
                addBarrier(
                  doc,
                  { category: 'waiting-times', observedOn: on, description: `${marker}Description` },
                  opts,
                ),
              );
              ok(
                reportBarrier(
                  doc,
                  barrier,
                  {
                    category: 'waiting-times',
                    institution: 'Ausländerbehörde',
                    happened: `${marker}Happened`,
                    wouldHelp: `${marker}WouldHelp`,
                  },
                  opts,
                ),
              );
              const facts = caseFacts(doc);
              if (!facts) throw new Error('no facts');
              cases.push({ teamId: team, facts });
            }
          });
          const teams = named(TEAMS.slice(0, 2));
          const published = [
            ...explainReport({ period: Q1, teams, cases }).map((report) => report.published),
            reportContent({ period: Q1, teams, cases }),
          ];
          const text = JSON.stringify(published);
          expect(text).toContain('Ausländerbehörde'); // the one text written to be published
          for (const { marker } of planted) {
            expect(text).not.toContain(marker);
            expect(text).not.toContain(marker.toLowerCase());
          }
          expect(text).not.toMatch(/0234|98765|example\.org|user-anna|case-\d/);
        },
      ),
      { numRuns: 15 },
    );
  });
});
