import { addDays, dayOfWeek, formatIsoDate, type IsoDate } from './dates.ts';

/**
 * Public holidays in North Rhine-Westphalia (Feiertagsgesetz NW § 2, plus the nationwide ones). A period
 * that would end on one of these, or on a weekend, ends on the next working day (§ 193 BGB, § 222 Abs. 2
 * ZPO via § 57 Abs. 2 VwGO, § 64 Abs. 3 SGG). Holidays at the seat of the authority count; Lotse serves NRW.
 */

/** Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
export function easterSunday(year: number): IsoDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return formatIsoDate({ year, month, day });
}

const cache = new Map<number, ReadonlyMap<IsoDate, string>>();

/** The NRW public holidays of `year`, date → German name. */
export function nrwPublicHolidays(year: number): ReadonlyMap<IsoDate, string> {
  const cached = cache.get(year);
  if (cached) return cached;
  const easter = easterSunday(year);
  const fixed = (month: number, day: number) => formatIsoDate({ year, month, day });
  const holidays = new Map<IsoDate, string>([
    [fixed(1, 1), 'Neujahr'],
    [addDays(easter, -2), 'Karfreitag'],
    [addDays(easter, 1), 'Ostermontag'],
    [fixed(5, 1), 'Tag der Arbeit'],
    [addDays(easter, 39), 'Christi Himmelfahrt'],
    [addDays(easter, 50), 'Pfingstmontag'],
    [addDays(easter, 60), 'Fronleichnam'],
    [fixed(10, 3), 'Tag der Deutschen Einheit'],
    [fixed(11, 1), 'Allerheiligen'],
    [fixed(12, 25), '1. Weihnachtstag'],
    [fixed(12, 26), '2. Weihnachtstag'],
  ]);
  // The 500th anniversary of the Reformation was a one-off public holiday in every Land.
  if (year === 2017) holidays.set(fixed(10, 31), 'Reformationstag');
  cache.set(year, holidays);
  return holidays;
}

export function isNrwPublicHoliday(date: IsoDate): boolean {
  return nrwPublicHolidays(Number(date.slice(0, 4))).has(date);
}

/** Monday to Friday and not an NRW public holiday. */
export function isWorkingDay(date: IsoDate): boolean {
  const weekday = dayOfWeek(date);
  return weekday !== 0 && weekday !== 6 && !isNrwPublicHoliday(date);
}

/** `date` itself when it is a working day, else the next one. */
export function nextWorkingDay(date: IsoDate): IsoDate {
  let day = date;
  while (!isWorkingDay(day)) day = addDays(day, 1);
  return day;
}
