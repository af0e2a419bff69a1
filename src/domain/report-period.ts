import { daysInMonth, formatIsoDate, type IsoDate } from './dates.ts';

/**
 * The fixed periods coordination's reports are computed for (docs/architecture.md#reports): a month
 * `2026-03`, a quarter `2026-Q1`, a half-year `2026-H1` or a year `2026`. No free date ranges: two reports
 * over overlapping free ranges could be differenced to isolate a single case. A period is only reported
 * once it has ended, so its numbers no longer change and a report read today and one read tomorrow cannot
 * be differenced either.
 */

export type PeriodKind = 'month' | 'quarter' | 'half-year' | 'year';

export interface ReportPeriod {
  kind: PeriodKind;
  /** The period as written: `2026-03`, `2026-Q1`, `2026-H1`, `2026`. */
  id: string;
  year: number;
  /** 1–12 for a month, 1–4 for a quarter, 1–2 for a half-year, 1 for a year. */
  index: number;
  /** First and last day, inclusive. */
  start: IsoDate;
  end: IsoDate;
}

export type PeriodProblem = 'malformed' | 'free-range' | 'running' | 'future';

export type PeriodResult =
  { ok: true; period: ReportPeriod } | { ok: false; problem: PeriodProblem; de: string; en: string };

const MONTHS_PER: Record<PeriodKind, number> = { month: 1, quarter: 3, 'half-year': 6, year: 12 };
const COUNT_PER_YEAR: Record<PeriodKind, number> = { month: 12, quarter: 4, 'half-year': 2, year: 1 };

/** What each refusal says, in both UI languages (the relay answers with the English one). */
export const PERIOD_PROBLEMS: Record<PeriodProblem, { de: string; en: string }> = {
  malformed: {
    de: 'Zeitraum nicht erkannt. Erlaubt sind Monat (2026-03), Quartal (2026-Q1), Halbjahr (2026-H1) oder Jahr (2026).',
    en: 'Unrecognised period. Use a month (2026-03), a quarter (2026-Q1), a half-year (2026-H1) or a year (2026).',
  },
  'free-range': {
    de: 'Freie Zeiträume sind nicht möglich. Bitte einen Monat, ein Quartal, ein Halbjahr oder ein Jahr wählen.',
    en: 'Free date ranges are not allowed. Choose a month, a quarter, a half-year or a year.',
  },
  running: {
    de: 'Dieser Zeitraum läuft noch. Berichte gibt es erst, wenn er abgeschlossen ist.',
    en: 'This period has not ended yet. Reports are only available once it has ended.',
  },
  future: {
    de: 'Dieser Zeitraum liegt in der Zukunft.',
    en: 'This period lies in the future.',
  },
};

const SHAPES: [RegExp, PeriodKind][] = [
  [/^(\d{4})-(0[1-9]|1[0-2])$/, 'month'],
  [/^(\d{4})-Q([1-4])$/, 'quarter'],
  [/^(\d{4})-H([12])$/, 'half-year'],
  [/^(\d{4})$/, 'year'],
];

/** Looks like two dates or a range (`2026-01-01..2026-03-31`, `2026-01/2026-03`, `2026-01-01`). */
const RANGE_SHAPE = /\d{4}-\d{2}-\d{2}|\.\.|\/|\d\s*[–-]\s*\d{4}/;

const MIN_YEAR = 2000;
const MAX_YEAR = 9999;

function refuse(problem: PeriodProblem): PeriodResult {
  return { ok: false, problem, ...PERIOD_PROBLEMS[problem] };
}

/** The period of `kind` with number `index` (1-based) in `year`. */
export function periodOf(kind: PeriodKind, year: number, index: number): ReportPeriod {
  const months = MONTHS_PER[kind];
  const firstMonth = (index - 1) * months + 1;
  const lastMonth = firstMonth + months - 1;
  const id =
    kind === 'month'
      ? `${year}-${String(index).padStart(2, '0')}`
      : kind === 'quarter'
        ? `${year}-Q${index}`
        : kind === 'half-year'
          ? `${year}-H${index}`
          : `${year}`;
  return {
    kind,
    id,
    year,
    index,
    start: formatIsoDate({ year, month: firstMonth, day: 1 }),
    end: formatIsoDate({ year, month: lastMonth, day: daysInMonth(year, lastMonth) }),
  };
}

/** Reads a period without judging whether it has ended. */
export function readPeriod(text: string): ReportPeriod | PeriodProblem {
  const value = text.trim();
  for (const [shape, kind] of SHAPES) {
    const match = shape.exec(value);
    if (!match) continue;
    const year = Number(match[1]);
    if (year < MIN_YEAR || year > MAX_YEAR) return 'malformed';
    return periodOf(kind, year, kind === 'year' ? 1 : Number(match[2]));
  }
  return RANGE_SHAPE.test(value) ? 'free-range' : 'malformed';
}

/**
 * A period a report may be computed for on `today` (the calendar day in Germany): well-formed and ended
 * before today. A running period is refused, as is one in the future.
 */
export function parseReportPeriod(text: string, today: IsoDate): PeriodResult {
  const read = readPeriod(text);
  if (typeof read === 'string') return refuse(read);
  if (read.start > today) return refuse('future');
  if (read.end >= today) return refuse('running');
  return { ok: true, period: read };
}

/** The `count` periods of the same kind right before `period`, oldest first. */
export function previousPeriods(period: ReportPeriod, count: number): ReportPeriod[] {
  const perYear = COUNT_PER_YEAR[period.kind];
  const result: ReportPeriod[] = [];
  for (let back = count; back >= 1; back--) {
    const ordinal = period.year * perYear + (period.index - 1) - back;
    const year = Math.floor(ordinal / perYear);
    if (year < MIN_YEAR) continue;
    result.push(periodOf(period.kind, year, (ordinal % perYear) + 1));
  }
  return result;
}

/** The `count` periods of `kind` that ended last before `today`, newest first: what a report may be asked for. */
export function lastEndedPeriods(kind: PeriodKind, today: IsoDate, count: number): ReportPeriod[] {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const running = periodOf(kind, year, Math.floor((month - 1) / MONTHS_PER[kind]) + 1);
  return previousPeriods(running, count).reverse();
}

/** Whether `day` lies in `period`. */
export function inPeriod(day: IsoDate | undefined, period: Pick<ReportPeriod, 'start' | 'end'>): boolean {
  return day !== undefined && day >= period.start && day <= period.end;
}
