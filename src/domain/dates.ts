/**
 * Calendar dates as ISO `YYYY-MM-DD` strings.
 *
 * Case files hold civil dates (a birth date, the day a notice arrived), not instants, so they are kept as
 * strings and computed on in UTC arithmetic where no time zone or daylight-saving change can shift a day.
 * Lexicographic order of valid ISO dates equals chronological order, which the rules below rely on.
 */

/** A calendar date `YYYY-MM-DD`; validated by {@link isIsoDate}. */
export type IsoDate = string;

/** An instant as an ISO 8601 string with a zone, e.g. `2025-03-01T09:30:00.000Z`. */
export type IsoTimestamp = string;

const DATE_SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP_SHAPE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const DAY_MS = 86_400_000;

export interface DateParts {
  year: number;
  /** 1–12 */
  month: number;
  /** 1–31 */
  day: number;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Splits a valid ISO date; returns `undefined` for anything that is not a real calendar date. */
export function parseIsoDate(value: string): DateParts | undefined {
  const match = DATE_SHAPE.exec(value);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

/** True for a real calendar date in `YYYY-MM-DD` form (so `2023-02-29` is false). */
export function isIsoDate(value: unknown): value is IsoDate {
  return typeof value === 'string' && parseIsoDate(value) !== undefined;
}

/** True for an ISO 8601 instant with an explicit zone that names a real moment. */
export function isIsoTimestamp(value: unknown): value is IsoTimestamp {
  return (
    typeof value === 'string' &&
    TIMESTAMP_SHAPE.test(value) &&
    isIsoDate(value.slice(0, 10)) &&
    !Number.isNaN(Date.parse(value))
  );
}

export function formatIsoDate({ year, month, day }: DateParts): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function mustParse(date: IsoDate): DateParts {
  const parts = parseIsoDate(date);
  if (!parts) throw new RangeError(`Not an ISO calendar date: ${JSON.stringify(date)}`);
  return parts;
}

function toEpochDay(date: IsoDate): number {
  const { year, month, day } = mustParse(date);
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  return Math.floor(utc.getTime() / DAY_MS);
}

function fromEpochDay(epochDay: number): IsoDate {
  const utc = new Date(epochDay * DAY_MS);
  return formatIsoDate({ year: utc.getUTCFullYear(), month: utc.getUTCMonth() + 1, day: utc.getUTCDate() });
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromEpochDay(toEpochDay(date) + days);
}

/**
 * Adds (or with a negative count subtracts) calendar months. A day that does not exist in the target month
 * becomes that month's last day, as § 188 Abs. 3 BGB prescribes for periods: 31 May − 3 months = 28/29 Feb.
 */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const { year, month, day } = mustParse(date);
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = (index % 12) + 1;
  return formatIsoDate({
    year: targetYear,
    month: targetMonth,
    day: Math.min(day, daysInMonth(targetYear, targetMonth)),
  });
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toEpochDay(to) - toEpochDay(from);
}

/** 0 = Sunday … 6 = Saturday, like `Date#getDay`. */
export function dayOfWeek(date: IsoDate): number {
  // Epoch day 0 (1970-01-01) was a Thursday.
  return (((toEpochDay(date) + 4) % 7) + 7) % 7;
}

/** The Sunday that ends the (Monday-based) week containing `date`, as German calendars count weeks. */
export function endOfWeek(date: IsoDate): IsoDate {
  return addDays(date, (7 - dayOfWeek(date)) % 7);
}

export function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return a <= b ? a : b;
}

/** The device's local calendar day at `now`: what a case manager calls "today". */
export function localToday(now: Date = new Date()): IsoDate {
  return formatIsoDate({ year: now.getFullYear(), month: now.getMonth() + 1, day: now.getDate() });
}
