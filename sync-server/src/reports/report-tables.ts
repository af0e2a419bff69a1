import { AGE_BANDS, type CaseFacts } from '../../../src/domain/case-facts.ts';
import { inPeriod, previousPeriods, type ReportPeriod } from '../../../src/domain/report-period.ts';
import {
  CLOSURE_REASONS,
  CONTACT_KINDS,
  LIFE_DOMAINS,
  NEED_LEVELS,
  REFERRAL_STATUSES,
} from '../../../src/domain/vocabulary.ts';
import { SUPPRESSED, type ReportCell, type ReportTable } from '../../../src/protocol/reports.ts';
import { MIN_CASES, suppress, type Cell, type Relation } from './suppression.ts';

/**
 * The tables of one report (docs/architecture.md#reports): pure functions over the facts of the chosen
 * teams' cases and a fixed period. Every count is a cell of one system of linear relations (a total is the
 * sum of its parts; the tables about people and closures share their totals with the caseload table), so
 * `suppress` treats the whole report at once. What the facts do not hold is named in `notRecorded`, never
 * shown as 0.
 */

export interface TeamFacts {
  teamId: string;
  facts: CaseFacts;
}

export interface ReportInput {
  period: ReportPeriod;
  /** The chosen teams in the order to show them. */
  teams: readonly { id: string; name: string }[];
  cases: readonly TeamFacts[];
  /** A barrier category's name in its team's catalogue (categories of different teams with one name are one row). */
  categoryLabel?: (teamId: string, categoryId: string) => string | undefined;
}

/** How many periods before the report's are shown for the barriers' trend. */
export const TREND_PERIODS = 3;
/** How many nationalities are shown by name; the rest are counted as `others`. */
export const TOP_NATIONALITIES = 5;

interface RowSpec {
  key: string;
  label?: string;
  cells: Record<string, string>;
}

interface TableSpec {
  id: string;
  unit: string;
  columns: string[];
  rows: RowSpec[];
  notRecorded: string[];
  mergedTeams?: string[];
}

/** Collects cells (value and contributing cases) and relations, then renders the tables suppressed. */
class ReportBuilder {
  readonly cells = new Map<string, { value: number; cases: Set<number> }>();
  readonly relations: Relation[] = [];
  readonly tables: TableSpec[] = [];

  cell(id: string): { value: number; cases: Set<number> } {
    let cell = this.cells.get(id);
    if (!cell) {
      cell = { value: 0, cases: new Set() };
      this.cells.set(id, cell);
    }
    return cell;
  }

  count(id: string, caseIndex: number, by = 1): void {
    const cell = this.cell(id);
    cell.value += by;
    cell.cases.add(caseIndex);
  }

  /**
   * `total` is the sum of `parts`. A new total takes the parts' value and cases; a total another table
   * made already (the caseload's closed or new cases) only gains the relation.
   */
  sum(total: string, parts: readonly string[]): void {
    const shared = this.cells.has(total);
    const cell = this.cell(total);
    if (!shared) {
      for (const part of parts) {
        const p = this.cell(part);
        cell.value += p.value;
        for (const index of p.cases) cell.cases.add(index);
      }
    }
    this.relations.push({ total, parts });
  }

  render(): ReportTable[] {
    const cells: Cell[] = [...this.cells].map(([id, { value, cases }]) => ({ id, value, cases: cases.size }));
    const hidden = suppress(cells, this.relations);
    const read = (id: string): ReportCell => (hidden.has(id) ? SUPPRESSED : this.cell(id).value);
    return this.tables.map((table) => ({
      id: table.id,
      unit: table.unit,
      columns: table.columns,
      rows: table.rows.map((row) => ({
        key: row.key,
        ...(row.label !== undefined ? { label: row.label } : {}),
        cells: Object.fromEntries(Object.entries(row.cells).map(([column, id]) => [column, read(id)])),
      })),
      notRecorded: table.notRecorded,
      ...(table.mergedTeams ? { mergedTeams: table.mergedTeams } : {}),
    }));
  }
}

/** Whether a case was open at some day of the period. */
export function activeIn(facts: CaseFacts, period: Pick<ReportPeriod, 'start' | 'end'>): boolean {
  if (facts.intakeOn === undefined || facts.intakeOn > period.end) return false;
  return facts.closedOn === undefined || facts.closedOn >= period.start;
}

/**
 * A simple table: one count column, rows by key, and a `total` row that is the sum of the rows (or the
 * shared cell `totalId`).
 */
function keyedTable(
  report: ReportBuilder,
  spec: { id: string; unit: string; notRecorded?: string[]; totalId?: string },
  rows: readonly { key: string; label?: string }[],
  counted: readonly { caseIndex: number; key: string }[],
): void {
  const column = 'count';
  const id = (key: string) => `${spec.id}.${key}.${column}`;
  for (const entry of counted) report.count(id(entry.key), entry.caseIndex);
  const parts = rows.map((row) => id(row.key));
  for (const part of parts) report.cell(part);
  const totalId = spec.totalId ?? id('total');
  report.sum(totalId, parts);
  report.tables.push({
    id: spec.id,
    unit: spec.unit,
    columns: [column],
    rows: [
      ...rows.map((row) => ({ ...row, cells: { [column]: id(row.key) } })),
      { key: 'total', cells: { [column]: totalId } },
    ],
    notRecorded: spec.notRecorded ?? [],
  });
}

const CASELOAD_COLUMNS = ['new', 'active', 'closed', 'shortCounselling'] as const;

function caseload(report: ReportBuilder, input: ReportInput): void {
  const { period } = input;
  const activeByTeam = new Map<string, number>();
  input.cases.forEach(({ teamId, facts }) => {
    if (activeIn(facts, period)) activeByTeam.set(teamId, (activeByTeam.get(teamId) ?? 0) + 1);
  });
  const shown = input.teams.filter((team) => (activeByTeam.get(team.id) ?? 0) >= MIN_CASES);
  const merged = input.teams.filter((team) => !shown.includes(team));
  const rowOf = (teamId: string) => (shown.some((team) => team.id === teamId) ? teamId : 'other-teams');
  const id = (row: string, column: string) =>
    `caseload.${row === 'other-teams' || row === 'total' ? row : `team:${row}`}.${column}`;
  input.cases.forEach(({ teamId, facts }, index) => {
    if (!activeIn(facts, period)) return;
    const row = rowOf(teamId);
    report.count(id(row, 'active'), index);
    if (inPeriod(facts.intakeOn, period)) report.count(id(row, 'new'), index);
    if (inPeriod(facts.closedOn, period)) report.count(id(row, 'closed'), index);
    if (facts.kind === 'short-counselling') report.count(id(row, 'shortCounselling'), index);
  });
  const rows: RowSpec[] = shown.map((team) => ({ key: team.id, label: team.name, cells: {} }));
  if (merged.length > 0) rows.push({ key: 'other-teams', cells: {} });
  for (const row of rows) {
    for (const column of CASELOAD_COLUMNS) {
      report.cell(id(row.key, column));
      row.cells[column] = id(row.key, column);
    }
  }
  const total: RowSpec = { key: 'total', cells: {} };
  for (const column of CASELOAD_COLUMNS) {
    report.sum(
      id('total', column),
      rows.map((row) => id(row.key, column)),
    );
    total.cells[column] = id('total', column);
  }
  report.tables.push({
    id: 'caseload',
    unit: 'cases',
    columns: [...CASELOAD_COLUMNS],
    rows: [...rows, total],
    notRecorded: ['perFullTimePost'],
    ...(merged.length > 0 ? { mergedTeams: merged.map((team) => team.id) } : {}),
  });
}

function closures(report: ReportBuilder, input: ReportInput): void {
  keyedTable(
    report,
    { id: 'closures', unit: 'cases', totalId: 'caseload.total.closed' },
    [...CLOSURE_REASONS.map((key) => ({ key })), { key: 'unspecified' }],
    input.cases.flatMap(({ facts }, caseIndex) =>
      activeIn(facts, input.period) && inPeriod(facts.closedOn, input.period)
        ? [{ caseIndex, key: facts.closureReason ?? 'unspecified' }]
        : [],
    ),
  );
}

function lifeDomains(report: ReportBuilder, input: ReportInput): void {
  const { period } = input;
  const columns = [...NEED_LEVELS.map((level) => `need-${level}`), 'goalsSet', 'goalsReached'];
  const id = (row: string, column: string) => `lifeDomains.${row}.${column}`;
  input.cases.forEach(({ facts }, index) => {
    if (!activeIn(facts, period)) return;
    for (const { domain, need } of facts.lifeDomains) report.count(id(domain, `need-${need}`), index);
    for (const goal of facts.goals) {
      if (inPeriod(goal.setOn, period)) report.count(id(goal.domain, 'goalsSet'), index);
      if (goal.status === 'achieved' && inPeriod(goal.reachedOn, period)) {
        report.count(id(goal.domain, 'goalsReached'), index);
      }
    }
  });
  const rows: RowSpec[] = LIFE_DOMAINS.map((domain) => ({
    key: domain,
    cells: Object.fromEntries(columns.map((column) => [column, id(domain, column)])),
  }));
  for (const row of rows) for (const column of columns) report.cell(id(row.key, column));
  for (const column of columns) {
    report.sum(
      id('total', column),
      LIFE_DOMAINS.map((domain) => id(domain, column)),
    );
  }
  rows.push({
    key: 'total',
    cells: Object.fromEntries(columns.map((column) => [column, id('total', column)])),
  });
  report.tables.push({ id: 'lifeDomains', unit: 'cases', columns, rows, notRecorded: [] });
}

function people(report: ReportBuilder, input: ReportInput): void {
  const intakes = input.cases.flatMap(({ facts }, caseIndex) =>
    activeIn(facts, input.period) && inPeriod(facts.intakeOn, input.period) ? [{ facts, caseIndex }] : [],
  );
  const totalId = 'caseload.total.new';
  keyedTable(
    report,
    { id: 'ageBands', unit: 'cases', totalId },
    [...AGE_BANDS.map((key) => ({ key })), { key: 'unspecified' }],
    intakes.map(({ facts, caseIndex }) => ({ caseIndex, key: facts.ageBand ?? 'unspecified' })),
  );
  const byNationality = new Map<string, number>();
  for (const { facts } of intakes) {
    if (facts.nationality !== undefined) {
      byNationality.set(facts.nationality, (byNationality.get(facts.nationality) ?? 0) + 1);
    }
  }
  const top = [...byNationality]
    .sort(([a, countA], [b, countB]) => countB - countA || a.localeCompare(b))
    .slice(0, TOP_NATIONALITIES)
    .map(([nationality]) => nationality);
  keyedTable(
    report,
    { id: 'nationalities', unit: 'cases', totalId },
    [...top.map((key) => ({ key })), { key: 'others' }, { key: 'unspecified' }],
    intakes.map(({ facts, caseIndex }) => ({
      caseIndex,
      key:
        facts.nationality === undefined
          ? 'unspecified'
          : top.includes(facts.nationality)
            ? facts.nationality
            : 'others',
    })),
  );
  keyedTable(
    report,
    { id: 'interpreterNeeded', unit: 'cases', totalId },
    [{ key: 'yes' }, { key: 'no' }, { key: 'unspecified' }],
    intakes.map(({ facts, caseIndex }) => ({
      caseIndex,
      key: facts.interpreterNeeded === undefined ? 'unspecified' : facts.interpreterNeeded ? 'yes' : 'no',
    })),
  );
  report.tables.push({
    id: 'gender',
    unit: 'cases',
    columns: [],
    rows: [],
    notRecorded: ['gender'],
  });
}

function referrals(report: ReportBuilder, input: ReportInput): void {
  keyedTable(
    report,
    { id: 'referrals', unit: 'referrals', notRecorded: ['partnerCategory'] },
    REFERRAL_STATUSES.map((key) => ({ key })),
    input.cases.flatMap(({ facts }, caseIndex) =>
      facts.referrals
        .filter((referral) => inPeriod(referral.on, input.period))
        .map((referral) => ({ caseIndex, key: referral.status })),
    ),
  );
}

function contacts(report: ReportBuilder, input: ReportInput): void {
  keyedTable(
    report,
    { id: 'contacts', unit: 'contacts' },
    CONTACT_KINDS.map((key) => ({ key })),
    input.cases.flatMap(({ facts }, caseIndex) =>
      facts.contacts
        .filter((contact) => inPeriod(contact.on, input.period))
        .map((contact) => ({ caseIndex, key: contact.kind })),
    ),
  );
}

/** Groups institutions written in different ways ("Jobcenter  Nord", "jobcenter nord") as one. */
export function institutionKey(institution: string): string {
  return institution.trim().replace(/\s+/g, ' ').toLocaleLowerCase('de');
}

/**
 * Barriers by category over the report's period and the `TREND_PERIODS` before it (one column each), and
 * the barriers reported to coordination by category × institution, with a subtotal per category.
 */
function barriers(report: ReportBuilder, input: ReportInput): void {
  const periods = [...previousPeriods(input.period, TREND_PERIODS), input.period];
  const columns = periods.map((period) => period.id);
  const categoryOf = (teamId: string, category: string) =>
    input.categoryLabel?.(teamId, category) ?? category;

  const byCategory = new Set<string>();
  input.cases.forEach(({ teamId, facts }, index) => {
    for (const barrier of facts.barriers) {
      for (const period of periods) {
        if (!inPeriod(barrier.observedOn, period)) continue;
        const category = categoryOf(teamId, barrier.category);
        byCategory.add(category);
        report.count(`barriers.c:${category}.${period.id}`, index);
      }
    }
  });
  const categories = [...byCategory].sort((a, b) => a.localeCompare(b, 'de'));
  const rows: RowSpec[] = categories.map((category) => ({
    key: category,
    cells: Object.fromEntries(columns.map((column) => [column, `barriers.c:${category}.${column}`])),
  }));
  for (const column of columns) {
    report.sum(
      `barriers.total.${column}`,
      categories.map((category) => `barriers.c:${category}.${column}`),
    );
  }
  rows.push({
    key: 'total',
    cells: Object.fromEntries(columns.map((column) => [column, `barriers.total.${column}`])),
  });
  report.tables.push({ id: 'barriers', unit: 'barriers', columns, rows, notRecorded: [] });

  // Reported barriers: category × institution.
  const spelled = new Map<string, string>();
  const pairs = new Map<string, Set<string>>();
  input.cases.forEach(({ teamId, facts }, index) => {
    for (const reported of facts.reports) {
      const category = categoryOf(teamId, reported.category);
      const key = institutionKey(reported.institution);
      if (!spelled.has(key)) spelled.set(key, reported.institution.trim().replace(/\s+/g, ' '));
      for (const period of periods) {
        if (!inPeriod(reported.reportedOn, period)) continue;
        if (!pairs.has(category)) pairs.set(category, new Set());
        pairs.get(category)!.add(key);
        report.count(`reported.c:${category}|${key}.${period.id}`, index);
      }
    }
  });
  const reportedRows: RowSpec[] = [];
  const categoryTotals: string[][] = columns.map(() => []);
  for (const category of [...pairs.keys()].sort((a, b) => a.localeCompare(b, 'de'))) {
    const institutions = [...pairs.get(category)!].sort((a, b) => a.localeCompare(b, 'de'));
    for (const institution of institutions) {
      reportedRows.push({
        key: category,
        label: spelled.get(institution)!,
        cells: Object.fromEntries(
          columns.map((column) => [column, `reported.c:${category}|${institution}.${column}`]),
        ),
      });
    }
    columns.forEach((column, c) => {
      const subtotal = `reported.c:${category}.${column}`;
      report.sum(
        subtotal,
        institutions.map((institution) => `reported.c:${category}|${institution}.${column}`),
      );
      categoryTotals[c]!.push(subtotal);
    });
    reportedRows.push({
      key: 'subtotal',
      label: category,
      cells: Object.fromEntries(columns.map((column) => [column, `reported.c:${category}.${column}`])),
    });
  }
  columns.forEach((column, c) => report.sum(`reported.total.${column}`, categoryTotals[c]!));
  reportedRows.push({
    key: 'total',
    cells: Object.fromEntries(columns.map((column) => [column, `reported.total.${column}`])),
  });
  report.tables.push({
    id: 'reportedBarriers',
    unit: 'reports',
    columns,
    rows: reportedRows,
    notRecorded: [],
  });
}

/** Every table of the report, suppressed as one system. */
export function reportTables(input: ReportInput): ReportTable[] {
  const report = new ReportBuilder();
  caseload(report, input);
  closures(report, input);
  lifeDomains(report, input);
  people(report, input);
  referrals(report, input);
  contacts(report, input);
  barriers(report, input);
  report.tables.push({
    id: 'residenceStatus',
    unit: 'cases',
    columns: [],
    rows: [],
    notRecorded: ['residenceStatusAtIntake', 'residenceStatusChanges'],
  });
  return report.render();
}
