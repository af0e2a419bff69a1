import { AGE_BANDS, type CaseFacts } from '../../../src/domain/case-facts.ts';
import { inPeriod, previousPeriods, type ReportPeriod } from '../../../src/domain/report-period.ts';
import {
  CLOSURE_REASONS,
  CONTACT_KINDS,
  GENDERS,
  PATHWAYS,
  RESIDENCE_STATUSES,
  LIFE_DOMAINS,
  NEED_LEVELS,
  PARTNER_CATEGORIES,
  REFERRAL_STATUSES,
} from '../../../src/domain/vocabulary.ts';
import type { CoordinationView } from '../../../src/domain/coordination-doc.ts';
import type { ReportLink, Thema } from '../../../src/domain/schema/coordination.ts';
import {
  SUPPRESSED,
  type ReportCell,
  type ReportTable,
  type ReportThema,
} from '../../../src/protocol/reports.ts';
import { MIN_CASES, suppress, type Cell, type Relation } from './suppression.ts';

/**
 * The tables of one report (docs/architecture.md#reports): pure functions over the facts of the chosen
 * teams' cases and a fixed period, and the Themen of coordination their barrier reports feed. Every count
 * is a cell of one system of linear relations (a total is the sum of its parts; the tables about people and
 * closures share their totals with the caseload table), so `suppress` treats the whole report at once. What
 * the facts do not hold is named in `notRecorded`, never shown as 0.
 */

/**
 * What the tables read of a case's facts: `CaseFacts` without the parts no table counts (the phases, the
 * current residence status, the texts and ids of barrier reports, whether a contact had an interpreter).
 */
export type ReportFacts = Omit<
  CaseFacts,
  'v' | 'phase' | 'phases' | 'residenceStatus' | 'contacts' | 'reports'
> & {
  contacts: readonly Pick<CaseFacts['contacts'][number], 'on' | 'kind'>[];
  reports: readonly Pick<CaseFacts['reports'][number], 'category' | 'institution' | 'reportedOn'>[];
};

export interface TeamFacts {
  teamId: string;
  facts: ReportFacts;
}

export interface ReportInput {
  period: ReportPeriod;
  /** The chosen teams in the order to show them. */
  teams: readonly { id: string; name: string }[];
  cases: readonly TeamFacts[];
  /** A barrier category's name in its team's catalogue (categories of different teams with one name are one row). */
  categoryLabel?: (teamId: string, categoryId: string) => string | undefined;
  /** A partner's category in its team's directory (`PARTNER_CATEGORIES`); unknown or none → `unspecified`. */
  partnerCategory?: (teamId: string, partnerId: string) => string | undefined;
  /** A team's full-time posts where its staffing is set. */
  fullTimePosts?: (teamId: string) => number | undefined;
  /** Coordination's Themen and the reports linked to them (links of other teams are not counted). */
  coordination?: Pick<CoordinationView, 'themen' | 'links'>;
}

/** What one report publishes. */
export interface ReportContent {
  tables: ReportTable[];
  themen: ReportThema[];
}

/** How many periods before the report's are shown for the barriers' trend. */
export const TREND_PERIODS = 3;
/** How many nationalities are shown by name; the rest are counted as `others`. */
export const TOP_NATIONALITIES = 5;

interface RowSpec {
  key: string;
  label?: string;
  cells: Record<string, string>;
  /**
   * Columns derived from a count cell: `of` divided by `divisor`, rounded to one decimal, published only
   * while `of` is (so the ratio never gives a suppressed count away: the divisor is public).
   */
  ratios?: Record<string, { of: string; divisor: number }>;
}

interface TableSpec {
  id: string;
  unit: string;
  columns: string[];
  rows: RowSpec[];
  notRecorded: string[];
  mergedTeams?: string[];
}

interface ThemaSpec {
  thema: Thema;
  reports: string;
  cases: string;
  teams: number;
}

/** The cells (value and contributing cases) and relations of every scope of a report, suppressed at once. */
class ReportSystem {
  readonly cells = new Map<string, { value: number; cases: Set<number | string> }>();
  readonly relations: Relation[] = [];

  cell(id: string): { value: number; cases: Set<number | string> } {
    let cell = this.cells.get(id);
    if (!cell) {
      cell = { value: 0, cases: new Set() };
      this.cells.set(id, cell);
    }
    return cell;
  }

  suppressed(): Set<string> {
    const cells: Cell[] = [...this.cells].map(([id, { value, cases }]) => ({ id, value, cases: cases.size }));
    return suppress(cells, this.relations);
  }
}

/**
 * One scope of a report (the teams one answer counts): its tables and Themen, with cell ids prefixed by
 * the scope so that several scopes share one `ReportSystem`.
 */
class ScopeBuilder {
  readonly tables: TableSpec[] = [];
  readonly themen: ThemaSpec[] = [];
  readonly ids = new Set<string>();

  constructor(
    readonly system: ReportSystem,
    readonly prefix: string,
  ) {}

  id(local: string): string {
    this.ids.add(local);
    return `${this.prefix}${local}`;
  }

  cell(local: string): { value: number; cases: Set<number | string> } {
    return this.system.cell(this.id(local));
  }

  /** Adds `by` to a cell, from the case `caseKey` (an index into the input's cases, or a Thema's case key). */
  count(local: string, caseKey: number | string, by = 1): void {
    const cell = this.cell(local);
    cell.value += by;
    cell.cases.add(caseKey);
  }

  /**
   * `total` is the sum of `parts`. A new total takes the parts' value and cases; a total another table
   * made already (the caseload's closed or new cases) only gains the relation.
   */
  sum(total: string, parts: readonly string[]): void {
    const shared = this.system.cells.has(this.id(total));
    const cell = this.cell(total);
    if (!shared) {
      for (const part of parts) {
        const p = this.cell(part);
        cell.value += p.value;
        for (const key of p.cases) cell.cases.add(key);
      }
    }
    this.system.relations.push({ total: this.id(total), parts: parts.map((part) => this.id(part)) });
  }

  render(hidden: ReadonlySet<string>): ReportContent {
    const read = (local: string): ReportCell => {
      const id = `${this.prefix}${local}`;
      return hidden.has(id) ? SUPPRESSED : (this.system.cells.get(id)?.value ?? 0);
    };
    return {
      tables: this.tables.map((table) => ({
        id: table.id,
        unit: table.unit,
        columns: table.columns,
        rows: table.rows.map((row) => ({
          key: row.key,
          ...(row.label !== undefined ? { label: row.label } : {}),
          cells: {
            ...Object.fromEntries(Object.entries(row.cells).map(([column, id]) => [column, read(id)])),
            ...Object.fromEntries(
              Object.entries(row.ratios ?? {}).map(([column, { of, divisor }]) => {
                const count = read(of);
                return [column, count === SUPPRESSED ? SUPPRESSED : Math.round((count / divisor) * 10) / 10];
              }),
            ),
          },
        })),
        notRecorded: table.notRecorded,
        ...(table.mergedTeams ? { mergedTeams: table.mergedTeams } : {}),
      })),
      themen: this.themen.map(({ thema, reports, cases, teams }) => ({
        id: thema.id,
        title: thema.title,
        status: thema.status,
        statusOn: thema.statusOn,
        decisions: thema.entries
          .filter((entry) => entry.kind === 'decision' && entry.text !== undefined)
          .sort((a, b) => a.on.localeCompare(b.on) || a.at.localeCompare(b.at))
          .map((entry) => ({ on: entry.on, text: entry.text! })),
        reports: read(reports),
        cases: read(cases),
        teams,
      })),
    };
  }
}

/** A scope's cases, each with its index in the input (the key cells count cases by). */
interface ScopeInput {
  period: ReportPeriod;
  teams: readonly { id: string; name: string }[];
  cases: readonly (TeamFacts & { index: number })[];
}

/**
 * What the rows of a report's tables are, decided once over every case of the input so that every scope of
 * a joint report has the same rows (and a row of one scope is the sum of the same row of its teams).
 */
interface ReportShape {
  nationalities: string[];
  categoryOf: (teamId: string, categoryId: string) => string;
  categories: string[];
  /** A referral's row: its partner's category, or `unspecified`. */
  partnerCategoryOf: (teamId: string, partnerId: string) => string;
  /** Reported barriers: category → institution keys, and how each institution is spelled. */
  reported: { category: string; institutions: string[] }[];
  spelled: Map<string, string>;
  themen: Thema[];
  links: ReportLink[];
}

/** Whether a case was open at some day of the period. */
export function activeIn(
  facts: Pick<ReportFacts, 'intakeOn' | 'closedOn'>,
  period: Pick<ReportPeriod, 'start' | 'end'>,
): boolean {
  if (facts.intakeOn === undefined || facts.intakeOn > period.end) return false;
  return facts.closedOn === undefined || facts.closedOn >= period.start;
}

/**
 * A simple table: one count column, rows by key, and a `total` row that is the sum of the rows (or the
 * shared cell `totalId`).
 */
function keyedTable(
  report: ScopeBuilder,
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

/** The id of a caseload cell: a team's row, `other-teams` or `total`. */
export function caseloadCell(row: string, column: string): string {
  return `caseload.${row === 'other-teams' || row === 'total' ? row : `team:${row}`}.${column}`;
}

/** The teams of a scope with enough active cases to be shown on their own row, and those merged. */
function caseloadRows(input: ScopeInput): { shown: string[]; merged: string[] } {
  const activeByTeam = new Map<string, number>();
  for (const { teamId, facts } of input.cases) {
    if (activeIn(facts, input.period)) activeByTeam.set(teamId, (activeByTeam.get(teamId) ?? 0) + 1);
  }
  const shown = input.teams.filter((team) => (activeByTeam.get(team.id) ?? 0) >= MIN_CASES);
  return {
    shown: shown.map((team) => team.id),
    merged: input.teams.filter((team) => !shown.includes(team)).map((team) => team.id),
  };
}

/** The caseload's column of active cases per full-time post. */
export const PER_POST = 'perFullTimePost';

function caseload(
  report: ScopeBuilder,
  input: ScopeInput,
  fullTimePosts: ReportInput['fullTimePosts'],
): void {
  const { period } = input;
  const { shown, merged } = caseloadRows(input);
  const rowOf = (teamId: string) => (shown.includes(teamId) ? teamId : 'other-teams');
  for (const { teamId, facts, index } of input.cases) {
    if (!activeIn(facts, period)) continue;
    const row = rowOf(teamId);
    report.count(caseloadCell(row, 'active'), index);
    if (inPeriod(facts.intakeOn, period)) report.count(caseloadCell(row, 'new'), index);
    if (inPeriod(facts.closedOn, period)) report.count(caseloadCell(row, 'closed'), index);
    if (facts.kind === 'short-counselling') report.count(caseloadCell(row, 'shortCounselling'), index);
  }
  const rows: RowSpec[] = input.teams
    .filter((team) => shown.includes(team.id))
    .map((team) => ({ key: team.id, label: team.name, cells: {} }));
  if (merged.length > 0) rows.push({ key: 'other-teams', cells: {} });
  for (const row of rows) {
    for (const column of CASELOAD_COLUMNS) {
      report.cell(caseloadCell(row.key, column));
      row.cells[column] = caseloadCell(row.key, column);
    }
  }
  const total: RowSpec = { key: 'total', cells: {} };
  for (const column of CASELOAD_COLUMNS) {
    report.sum(
      caseloadCell('total', column),
      rows.map((row) => caseloadCell(row.key, column)),
    );
    total.cells[column] = caseloadCell('total', column);
  }
  // Active cases per full-time post, for a row whose every team has its staffing set.
  const postsOf = (teamIds: readonly string[]): number | undefined => {
    let posts = 0;
    for (const teamId of teamIds) {
      const own = fullTimePosts?.(teamId);
      if (own === undefined || !(own > 0)) return undefined;
      posts += own;
    }
    return teamIds.length > 0 ? posts : undefined;
  };
  const teamsOfRow = (key: string) =>
    key === 'other-teams' ? merged : key === 'total' ? input.teams.map((team) => team.id) : [key];
  for (const row of [...rows, total]) {
    const posts = postsOf(teamsOfRow(row.key));
    if (posts !== undefined) {
      row.ratios = { [PER_POST]: { of: caseloadCell(row.key, 'active'), divisor: posts } };
    }
  }
  report.tables.push({
    id: 'caseload',
    unit: 'cases',
    columns: [...CASELOAD_COLUMNS, PER_POST],
    rows: [...rows, total],
    notRecorded: [],
    ...(merged.length > 0 ? { mergedTeams: merged } : {}),
  });
}

function closures(report: ScopeBuilder, input: ScopeInput): void {
  keyedTable(
    report,
    { id: 'closures', unit: 'cases', totalId: caseloadCell('total', 'closed') },
    [...CLOSURE_REASONS.map((key) => ({ key })), { key: 'unspecified' }],
    input.cases.flatMap(({ facts, index }) =>
      activeIn(facts, input.period) && inPeriod(facts.closedOn, input.period)
        ? [{ caseIndex: index, key: facts.closureReason ?? 'unspecified' }]
        : [],
    ),
  );
}

function lifeDomains(report: ScopeBuilder, input: ScopeInput): void {
  const { period } = input;
  const columns = [...NEED_LEVELS.map((level) => `need-${level}`), 'goalsSet', 'goalsReached'];
  const id = (row: string, column: string) => `lifeDomains.${row}.${column}`;
  for (const { facts, index } of input.cases) {
    if (!activeIn(facts, period)) continue;
    for (const { domain, need } of facts.lifeDomains) report.count(id(domain, `need-${need}`), index);
    for (const goal of facts.goals) {
      if (inPeriod(goal.setOn, period)) report.count(id(goal.domain, 'goalsSet'), index);
      if (goal.status === 'achieved' && inPeriod(goal.reachedOn, period)) {
        report.count(id(goal.domain, 'goalsReached'), index);
      }
    }
  }
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

function intakesOf(input: ScopeInput) {
  return input.cases.filter(
    ({ facts }) => activeIn(facts, input.period) && inPeriod(facts.intakeOn, input.period),
  );
}

function people(report: ScopeBuilder, input: ScopeInput, shape: ReportShape): void {
  const intakes = intakesOf(input);
  const totalId = caseloadCell('total', 'new');
  keyedTable(
    report,
    { id: 'ageBands', unit: 'cases', totalId },
    [...AGE_BANDS.map((key) => ({ key })), { key: 'unspecified' }],
    intakes.map(({ facts, index }) => ({ caseIndex: index, key: facts.ageBand ?? 'unspecified' })),
  );
  const top = shape.nationalities;
  keyedTable(
    report,
    { id: 'nationalities', unit: 'cases', totalId },
    [...top.map((key) => ({ key })), { key: 'others' }, { key: 'unspecified' }],
    intakes.map(({ facts, index }) => ({
      caseIndex: index,
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
    intakes.map(({ facts, index }) => ({
      caseIndex: index,
      key: facts.interpreterNeeded === undefined ? 'unspecified' : facts.interpreterNeeded ? 'yes' : 'no',
    })),
  );
  keyedTable(
    report,
    { id: 'gender', unit: 'cases', totalId },
    [...GENDERS.map((key) => ({ key })), { key: 'unspecified' }],
    intakes.map(({ facts, index }) => ({ caseIndex: index, key: facts.gender ?? 'unspecified' })),
  );
  keyedTable(
    report,
    { id: 'residenceAtIntake', unit: 'cases', totalId },
    [...RESIDENCE_STATUSES.map((key) => ({ key })), { key: 'unspecified' }],
    intakes.map(({ facts, index }) => ({ caseIndex: index, key: facts.residenceAtIntake ?? 'unspecified' })),
  );
}

/** Changes of the residence status in the period, by the status a person moved to. */
function residenceChanges(report: ScopeBuilder, input: ScopeInput): void {
  keyedTable(
    report,
    { id: 'residenceChanges', unit: 'changes' },
    RESIDENCE_STATUSES.map((key) => ({ key })),
    input.cases.flatMap(({ facts, index }) =>
      (facts.residenceChanges ?? [])
        .filter((change) => inPeriod(change.on, input.period))
        .map((change) => ({ caseIndex: index, key: change.to })),
    ),
  );
}

const PATHWAY_COLUMNS = ['checked', 'handedOver', 'granted', 'refused', 'pending'] as const;

/**
 * The residence pathways (Baustein 3): per pathway, the active cases that work on it (a document checklist or
 * an application), the applications handed over in the period, those granted and refused in it, and those
 * still pending at its end.
 */
function pathways(report: ScopeBuilder, input: ScopeInput): void {
  const { period } = input;
  const id = (row: string, column: string) => `pathways.${row}.${column}`;
  for (const { facts, index } of input.cases) {
    const worked = facts.pathways;
    if (!worked) continue;
    if (activeIn(facts, period)) {
      const checked = new Set([...worked.checklists, ...worked.applications.map((a) => a.pathway)]);
      for (const pathway of checked) report.count(id(pathway, 'checked'), index);
    }
    for (const application of worked.applications) {
      if (inPeriod(application.submittedOn, period))
        report.count(id(application.pathway, 'handedOver'), index);
      if (application.outcomeOn !== undefined && inPeriod(application.outcomeOn, period)) {
        if (application.outcome === 'granted') report.count(id(application.pathway, 'granted'), index);
        if (application.outcome === 'refused') report.count(id(application.pathway, 'refused'), index);
      }
      const decidedBy = application.outcomeOn !== undefined && application.outcomeOn <= period.end;
      const open = application.outcome === 'applied' || application.outcome === 'in-review';
      if (
        application.submittedOn <= period.end &&
        (open || !decidedBy) &&
        application.outcome !== 'withdrawn'
      ) {
        report.count(id(application.pathway, 'pending'), index);
      }
    }
  }
  const rows: RowSpec[] = PATHWAYS.map((pathway) => ({
    key: pathway,
    cells: Object.fromEntries(PATHWAY_COLUMNS.map((column) => [column, id(pathway, column)])),
  }));
  for (const row of rows) for (const column of PATHWAY_COLUMNS) report.cell(id(row.key, column));
  for (const column of PATHWAY_COLUMNS) {
    report.sum(
      id('total', column),
      PATHWAYS.map((pathway) => id(pathway, column)),
    );
  }
  rows.push({
    key: 'total',
    cells: Object.fromEntries(PATHWAY_COLUMNS.map((column) => [column, id('total', column)])),
  });
  report.tables.push({ id: 'pathways', unit: 'cases', columns: [...PATHWAY_COLUMNS], rows, notRecorded: [] });
}

/**
 * Referrals made in the period by the category of the partner (rows) and their status (columns), with a
 * total per category and per status; the grand total is the sum of either.
 */
function referrals(report: ScopeBuilder, input: ScopeInput, shape: ReportShape): void {
  const id = (row: string, column: string) => `referrals.${row}.${column}`;
  const keys = [...PARTNER_CATEGORIES, 'unspecified'];
  for (const { teamId, facts, index } of input.cases) {
    for (const referral of facts.referrals) {
      if (!inPeriod(referral.on, input.period)) continue;
      report.count(id(shape.partnerCategoryOf(teamId, referral.partnerId), referral.status), index);
    }
  }
  for (const key of keys) {
    for (const status of REFERRAL_STATUSES) report.cell(id(key, status));
    report.sum(
      id(key, 'total'),
      REFERRAL_STATUSES.map((status) => id(key, status)),
    );
  }
  const columns = [...REFERRAL_STATUSES, 'total'];
  for (const column of columns) {
    report.sum(
      id('total', column),
      keys.map((key) => id(key, column)),
    );
  }
  // The grand total is also the sum of the total row's statuses.
  report.sum(
    id('total', 'total'),
    REFERRAL_STATUSES.map((status) => id('total', status)),
  );
  report.tables.push({
    id: 'referrals',
    unit: 'referrals',
    columns,
    rows: [...keys, 'total'].map((key) => ({
      key,
      cells: Object.fromEntries(columns.map((column) => [column, id(key, column)])),
    })),
    notRecorded: [],
  });
}

function contacts(report: ScopeBuilder, input: ScopeInput): void {
  keyedTable(
    report,
    { id: 'contacts', unit: 'contacts' },
    CONTACT_KINDS.map((key) => ({ key })),
    input.cases.flatMap(({ facts, index }) =>
      facts.contacts
        .filter((contact) => inPeriod(contact.on, input.period))
        .map((contact) => ({ caseIndex: index, key: contact.kind })),
    ),
  );
}

/** Groups institutions written in different ways ("Jobcenter  Nord", "jobcenter nord") as one. */
export function institutionKey(institution: string): string {
  return institution.trim().replace(/\s+/g, ' ').toLocaleLowerCase('de');
}

/** The periods of the barriers' trend: the `TREND_PERIODS` before the report's, and its own, oldest first. */
export function trendPeriods(period: ReportPeriod): ReportPeriod[] {
  return [...previousPeriods(period, TREND_PERIODS), period];
}

/**
 * Barriers by category over the report's period and the `TREND_PERIODS` before it (one column each), and
 * the barriers reported to coordination by category × institution, with a subtotal per category.
 */
function barriers(report: ScopeBuilder, input: ScopeInput, shape: ReportShape): void {
  const periods = trendPeriods(input.period);
  const columns = periods.map((period) => period.id);
  for (const { teamId, facts, index } of input.cases) {
    for (const barrier of facts.barriers) {
      for (const period of periods) {
        if (!inPeriod(barrier.observedOn, period)) continue;
        report.count(`barriers.c:${shape.categoryOf(teamId, barrier.category)}.${period.id}`, index);
      }
    }
  }
  const rows: RowSpec[] = shape.categories.map((category) => ({
    key: category,
    cells: Object.fromEntries(columns.map((column) => [column, `barriers.c:${category}.${column}`])),
  }));
  for (const column of columns) {
    report.sum(
      `barriers.total.${column}`,
      shape.categories.map((category) => `barriers.c:${category}.${column}`),
    );
  }
  rows.push({
    key: 'total',
    cells: Object.fromEntries(columns.map((column) => [column, `barriers.total.${column}`])),
  });
  report.tables.push({ id: 'barriers', unit: 'barriers', columns, rows, notRecorded: [] });

  // Reported barriers: category × institution.
  const cellOf = (category: string, institution: string, column: string) =>
    `reported.c:${category}|${institution}.${column}`;
  for (const { teamId, facts, index } of input.cases) {
    for (const reported of facts.reports) {
      const category = shape.categoryOf(teamId, reported.category);
      const key = institutionKey(reported.institution);
      for (const period of periods) {
        if (inPeriod(reported.reportedOn, period)) report.count(cellOf(category, key, period.id), index);
      }
    }
  }
  const reportedRows: RowSpec[] = [];
  const categoryTotals: string[][] = columns.map(() => []);
  for (const { category, institutions } of shape.reported) {
    for (const institution of institutions) {
      reportedRows.push({
        key: category,
        label: shape.spelled.get(institution)!,
        cells: Object.fromEntries(columns.map((column) => [column, cellOf(category, institution, column)])),
      });
    }
    columns.forEach((column, c) => {
      const subtotal = `reported.c:${category}.${column}`;
      report.sum(
        subtotal,
        institutions.map((institution) => cellOf(category, institution, column)),
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

/**
 * The Themen fed by reports of the scope's teams, in the coordination doc's order: how many of those
 * reports each gathers and from how many distinct cases (cells like any other, so under 5 is suppressed),
 * and from how many teams (a plain number). A Thema no report of the scope feeds is not listed.
 */
function themen(report: ScopeBuilder, input: ScopeInput, shape: ReportShape): void {
  const teamIds = new Set(input.teams.map((team) => team.id));
  for (const thema of shape.themen) {
    const reports = `themen.${thema.id}.reports`;
    const cases = `themen.${thema.id}.cases`;
    report.cell(reports);
    report.cell(cases);
    const teams = new Set<string>();
    const seen = new Set<string>();
    for (const link of shape.links) {
      if (link.themaId !== thema.id || !teamIds.has(link.teamId)) continue;
      const caseKey = `${link.teamId}\u0000${link.caseKey}`;
      teams.add(link.teamId);
      report.count(reports, caseKey);
      if (!seen.has(caseKey)) report.count(cases, caseKey);
      seen.add(caseKey);
    }
    if (teams.size > 0) report.themen.push({ thema, reports, cases, teams: teams.size });
  }
}

/** The rows every scope of the input shows, decided over all of its cases. */
function reportShape(input: ReportInput): ReportShape {
  const all: ScopeInput = {
    period: input.period,
    teams: input.teams,
    cases: input.cases.map((entry, index) => ({ ...entry, index })),
  };
  const byNationality = new Map<string, number>();
  for (const { facts } of intakesOf(all)) {
    if (facts.nationality !== undefined) {
      byNationality.set(facts.nationality, (byNationality.get(facts.nationality) ?? 0) + 1);
    }
  }
  const nationalities = [...byNationality]
    .sort(([a, countA], [b, countB]) => countB - countA || a.localeCompare(b))
    .slice(0, TOP_NATIONALITIES)
    .map(([nationality]) => nationality);

  const categoryOf = (teamId: string, category: string) =>
    input.categoryLabel?.(teamId, category) ?? category;
  const periods = trendPeriods(input.period);
  const categories = new Set<string>();
  const spelled = new Map<string, string>();
  const pairs = new Map<string, Set<string>>();
  for (const { teamId, facts } of input.cases) {
    for (const barrier of facts.barriers) {
      if (periods.some((period) => inPeriod(barrier.observedOn, period))) {
        categories.add(categoryOf(teamId, barrier.category));
      }
    }
    for (const reported of facts.reports) {
      // Only reports the table counts name an institution's row, so its spelling is the first of those
      // (what a report shows depends on nothing outside its periods: see period-facts.ts).
      if (!periods.some((period) => inPeriod(reported.reportedOn, period))) continue;
      const key = institutionKey(reported.institution);
      if (!spelled.has(key)) spelled.set(key, reported.institution.trim().replace(/\s+/g, ' '));
      const category = categoryOf(teamId, reported.category);
      if (!pairs.has(category)) pairs.set(category, new Set());
      pairs.get(category)!.add(key);
    }
  }
  const byName = (a: string, b: string) => a.localeCompare(b, 'de');
  const teamIds = new Set(input.teams.map((team) => team.id));
  const links = [...(input.coordination?.links.values() ?? [])].filter((link) => teamIds.has(link.teamId));
  const partnerCategoryOf = (teamId: string, partnerId: string) => {
    const category = input.partnerCategory?.(teamId, partnerId);
    return category !== undefined && (PARTNER_CATEGORIES as readonly string[]).includes(category)
      ? category
      : 'unspecified';
  };
  return {
    nationalities,
    categoryOf,
    partnerCategoryOf,
    categories: [...categories].sort(byName),
    reported: [...pairs.keys()]
      .sort(byName)
      .map((category) => ({ category, institutions: [...pairs.get(category)!].sort(byName) })),
    spelled,
    themen: (input.coordination?.themen ?? []).filter((thema) =>
      links.some((link) => link.themaId === thema.id),
    ),
    links,
  };
}

function buildScope(
  system: ReportSystem,
  prefix: string,
  input: ScopeInput,
  shape: ReportShape,
  fullTimePosts: ReportInput['fullTimePosts'],
): ScopeBuilder {
  const report = new ScopeBuilder(system, prefix);
  caseload(report, input, fullTimePosts);
  closures(report, input);
  lifeDomains(report, input);
  people(report, input, shape);
  referrals(report, input, shape);
  contacts(report, input);
  barriers(report, input, shape);
  residenceChanges(report, input);
  pathways(report, input);
  themen(report, input, shape);
  return report;
}

function scopeInput(input: ReportInput, teamIds: ReadonlySet<string>): ScopeInput {
  return {
    period: input.period,
    teams: input.teams.filter((team) => teamIds.has(team.id)),
    cases: input.cases.flatMap((entry, index) => (teamIds.has(entry.teamId) ? [{ ...entry, index }] : [])),
  };
}

/** A report's scopes built into one system: one scope per selection, keyed by its team ids in input order. */
interface BuiltReport {
  system: ReportSystem;
  scopes: Map<string, ScopeBuilder>;
}

/** How a selection of teams is named: its team ids in the input's order. */
export const selectionKey = (teamIds: readonly string[]) => teamIds.join(',');

/**
 * Builds the scopes of `selections` (subsets of the input's teams) into one system. Every scope shows the
 * same rows (`reportShape` over all of the input), so a scope of several teams is, cell by cell, the sum of
 * those of its teams; those sums are added as relations wherever each of its teams is a scope of its own.
 */
function buildReport(input: ReportInput, selections: readonly (readonly string[])[]): BuiltReport {
  const system = new ReportSystem();
  const shape = reportShape(input);
  const order = input.teams.map((team) => team.id);
  const scopes = new Map<string, ScopeBuilder>();
  for (const selection of selections) {
    const teamIds = order.filter((id) => selection.includes(id));
    const key = selectionKey(teamIds);
    if (scopes.has(key)) continue;
    const prefix = selections.length === 1 ? '' : `${key}|`;
    scopes.set(
      key,
      buildScope(system, prefix, scopeInput(input, new Set(teamIds)), shape, input.fullTimePosts),
    );
  }
  for (const [key, scope] of scopes) {
    const teamIds = key.split(',');
    const parts = teamIds.map((teamId) => scopes.get(teamId));
    if (teamIds.length < 2 || parts.some((part) => part === undefined)) continue;
    const ofTeam = (teamId: string) => scopes.get(teamId)!;
    const caseloadTable = scope.tables.find((table) => table.id === 'caseload');
    const merged = new Set(caseloadTable?.mergedTeams ?? []);
    for (const local of scope.ids) {
      if (!local.startsWith('caseload.') || local.startsWith('caseload.total.')) {
        system.relations.push({ total: scope.id(local), parts: teamIds.map((id) => ofTeam(id).id(local)) });
        continue;
      }
      // A team's row of the caseload is that team's own total; `other-teams` the sum of the merged teams'.
      const column = local.slice(local.lastIndexOf('.') + 1);
      const rowTeams = local.startsWith('caseload.other-teams.')
        ? teamIds.filter((id) => merged.has(id))
        : [local.slice('caseload.team:'.length, local.lastIndexOf('.'))];
      system.relations.push({
        total: scope.id(local),
        parts: rowTeams.map((id) => ofTeam(id).id(caseloadCell('total', column))),
      });
    }
  }
  return { system, scopes };
}

/** Every table and Thema of the report over all of the input's teams, suppressed as one system. */
export function reportContent(input: ReportInput): ReportContent {
  const { system, scopes } = buildReport(input, [input.teams.map((team) => team.id)]);
  return [...scopes.values()][0]!.render(system.suppressed());
}

/** Every table of the report, suppressed as one system. */
export function reportTables(input: ReportInput): ReportTable[] {
  return reportContent(input).tables;
}

/**
 * The selections a coordinator of `teamIds` may ask for: each team alone, and all of them together.
 * Reports of any two of them are suppressed as one system (`jointReport`), so they cannot be differenced.
 */
export function allowedSelections(teamIds: readonly string[]): string[][] {
  const singles = teamIds.map((id) => [id]);
  return teamIds.length > 1 ? [...singles, [...teamIds]] : singles;
}

/**
 * The report of `selection` for a coordinator whose teams are `input.teams` (docs/architecture.md#suppression):
 * every selection that coordinator may ask for (`allowedSelections`) is built and suppressed as one system,
 * and the asked one is published. The answer depends on the coordinator's teams and the data, never on
 * which report was asked before. Throws for a selection that is not allowed.
 */
export function jointReport(input: ReportInput, selection: readonly string[]): ReportContent {
  const order = input.teams.map((team) => team.id);
  const key = selectionKey(order.filter((id) => selection.includes(id)));
  const selections = allowedSelections(order);
  if (!selections.some((allowed) => selectionKey(allowed) === key) || selection.length === 0) {
    throw new Error(`not an allowed selection: ${selection.join(',')}`);
  }
  const { system, scopes } = buildReport(input, selections);
  return scopes.get(key)!.render(system.suppressed());
}

/**
 * The reports of every selection a coordinator of `input.teams` may ask for, by `selectionKey`, from one
 * system suppressed once: each is what `jointReport` answers for it, so they can be kept together.
 */
export function jointReports(input: ReportInput): Map<string, ReportContent> {
  const { system, scopes } = buildReport(input, allowedSelections(input.teams.map((team) => team.id)));
  const hidden = system.suppressed();
  return new Map([...scopes].map(([key, scope]) => [key, scope.render(hidden)]));
}

/**
 * For tests: the reports of `selections` (by default every allowed one) suppressed as one system, each as
 * published and as it would read unsuppressed, so a check independent of `suppress` can look for a
 * published relation that gives a suppressed count away.
 */
export function explainReport(
  input: ReportInput,
  selections: readonly (readonly string[])[] = allowedSelections(input.teams.map((team) => team.id)),
): { teamIds: string[]; published: ReportContent; truth: ReportContent }[] {
  const { system, scopes } = buildReport(input, selections);
  const hidden = system.suppressed();
  return [...scopes].map(([key, scope]) => ({
    teamIds: key.split(','),
    published: scope.render(hidden),
    truth: scope.render(new Set()),
  }));
}
