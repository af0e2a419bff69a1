import { addDays, addMonths, daysInMonth, parseIsoDate, type IsoDate } from '../dates.ts';
import type { ResidenceStatus } from '../vocabulary.ts';
import type { ResidencePeriod } from './types.ts';

/**
 * Periods as the law counts them (§§ 187 Abs. 2, 188 Abs. 2 and 3 BGB): a stay or a life that began on a
 * day includes that day, so a period of whole years or months is complete at the end of the day before the
 * corresponding day, and the criterion is met on that day. Where the corresponding day does not exist
 * (29 February in a common year, 31 in a short month), the period ends on the month's last day, so it is met
 * on the first day of the next month.
 */
export function completedOn(start: IsoDate, months: number): IsoDate {
  const shifted = addMonths(start, months);
  const wanted = parseIsoDate(start)?.day;
  const landed = parseIsoDate(shifted);
  if (wanted === undefined || landed === undefined) return shifted;
  if (landed.day === wanted) return shifted;
  // The corresponding day is missing: the period ran to the month's end.
  return addDays(shifted, daysInMonth(landed.year, landed.month) - landed.day + 1);
}

/** The day a person born on `dateOfBirth` reaches `years` of age (29 February: 1 March in common years). */
export function birthdayOf(dateOfBirth: IsoDate, years: number): IsoDate {
  return completedOn(dateOfBirth, years * 12);
}

/** Whether a child born on `dateOfBirth` is a minor on `on` (born by then and not yet 18). */
export function isMinorOn(dateOfBirth: IsoDate, on: IsoDate): boolean {
  return dateOfBirth <= on && on < birthdayOf(dateOfBirth, 18);
}

export function sortedPeriods(periods: readonly ResidencePeriod[]): ResidencePeriod[] {
  return [...periods].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
}

/** The period that covers `on`, if any. */
export function periodOn(periods: readonly ResidencePeriod[], on: IsoDate): ResidencePeriod | undefined {
  return sortedPeriods(periods).find((period) => period.from <= on && (period.until ?? on) >= on);
}

export interface Chain {
  /** The first day of the uninterrupted stay. */
  start: IsoDate;
  /** Whether the chain starts with the earliest recorded period (times before it are not known). */
  startsWithHistory: boolean;
}

/**
 * The uninterrupted stay in the given statuses that lasts on `on`: back from the period covering `on`, as far
 * as each period begins at the latest the day after the one before ends. `undefined` when the status on
 * `on` is none of them (or not recorded).
 */
export function chainOn(
  periods: readonly ResidencePeriod[],
  statuses: ReadonlySet<ResidenceStatus>,
  on: IsoDate,
): Chain | undefined {
  const sorted = sortedPeriods(periods).filter((period) => period.from <= on);
  let index = sorted.findIndex((period) => period.from <= on && (period.until ?? on) >= on);
  if (index < 0) return undefined;
  const current = sorted[index];
  if (!current || !statuses.has(current.status)) return undefined;
  let start = current.from;
  while (index > 0) {
    const before = sorted[index - 1];
    if (!before || !statuses.has(before.status) || before.until === undefined) break;
    if (addDays(before.until, 1) < start) break;
    start = before.from < start ? before.from : start;
    index--;
  }
  return { start, startsWithHistory: index === 0 };
}
