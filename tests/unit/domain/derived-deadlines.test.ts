import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { addDays, addMonths, dayOfWeek, endOfWeek, isIsoDate } from '../../../src/domain/dates.ts';
import {
  objectionDeadline,
  opportunityResidenceWindow,
  residenceExpiryReminder,
} from '../../../src/domain/deadlines.ts';
import {
  easterSunday,
  isNrwPublicHoliday,
  isWorkingDay,
  nextWorkingDay,
} from '../../../src/domain/holidays-nrw.ts';

describe('calendar arithmetic', () => {
  test('rejects dates that do not exist', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('2025-04-31')).toBe(false);
    expect(isIsoDate('2025-13-01')).toBe(false);
    expect(isIsoDate('2025-6-1')).toBe(false);
  });

  test('month arithmetic clamps to the last day of a shorter month', () => {
    expect(addMonths('2025-05-31', -3)).toBe('2025-02-28');
    expect(addMonths('2024-05-31', -3)).toBe('2024-02-29');
    expect(addMonths('2025-01-31', 1)).toBe('2025-02-28');
    expect(addMonths('2025-03-31', 1)).toBe('2025-04-30');
    expect(addMonths('2025-11-15', 3)).toBe('2026-02-15');
    expect(addMonths('2026-01-10', -1)).toBe('2025-12-10');
  });

  test('adding months always yields a real date at most that many months away', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1990, max: 2100 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
        fc.integer({ min: -40, max: 40 }),
        (year, month, day, months) => {
          const date = `${year}-${String(month).padStart(2, '0')}-${String(Math.min(day, 28)).padStart(2, '0')}`;
          const result = addMonths(date, months);
          expect(isIsoDate(result)).toBe(true);
          // Days up to the 28th exist in every month, so no clamping and the day is kept.
          expect(result.slice(8)).toBe(date.slice(8));
        },
      ),
    );
  });

  test('weekdays and week ends', () => {
    expect(dayOfWeek('2025-06-02')).toBe(1); // Monday
    expect(dayOfWeek('1970-01-01')).toBe(4);
    expect(endOfWeek('2025-06-02')).toBe('2025-06-08');
    expect(endOfWeek('2025-06-08')).toBe('2025-06-08');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
  });
});

describe('residence document expiry', () => {
  test('reminds three months before the document expires', () => {
    expect(residenceExpiryReminder('2025-09-15')).toBe('2025-06-15');
  });

  test('31 May minus three months is the last day of February', () => {
    expect(residenceExpiryReminder('2025-05-31')).toBe('2025-02-28');
    expect(residenceExpiryReminder('2028-05-31')).toBe('2028-02-29');
  });
});

describe('§ 104c Chancen-Aufenthaltsrecht', () => {
  test('the window ends 18 months after the grant and reminds 3 months before', () => {
    expect(opportunityResidenceWindow('2024-03-15')).toEqual({
      endsOn: '2025-09-15',
      remindFrom: '2025-06-15',
    });
  });

  test('month ends are clamped in both steps', () => {
    // 31 Aug 2023 + 18 months = 29 Feb 2025? 2025 is no leap year: 28 Feb.
    expect(opportunityResidenceWindow('2023-08-31')).toEqual({
      endsOn: '2025-02-28',
      remindFrom: '2024-11-28',
    });
  });
});

describe('Widerspruchsfrist', () => {
  test('ends one month later on the day with the same number', () => {
    // 15 April 2025 is a Tuesday.
    expect(objectionDeadline('2025-03-15')).toEqual({ endsOn: '2025-04-15', nominalEnd: '2025-04-15' });
  });

  test('a day missing in the target month becomes its last day', () => {
    // 31 Jan 2024 → 29 Feb 2024, a Thursday.
    expect(objectionDeadline('2024-01-31').endsOn).toBe('2024-02-29');
    // 31 Mar 2025 → 30 Apr 2025, a Wednesday.
    expect(objectionDeadline('2025-03-31').endsOn).toBe('2025-04-30');
  });

  test('an end on a weekend moves to the Monday', () => {
    // 10 May 2025 is a Saturday.
    expect(objectionDeadline('2025-04-10')).toEqual({ endsOn: '2025-05-12', nominalEnd: '2025-05-10' });
    // 28 Feb 2026 is a Saturday: 31 Jan + 1 month clamps to it, then moves to Monday 2 March.
    expect(objectionDeadline('2026-01-31')).toEqual({ endsOn: '2026-03-02', nominalEnd: '2026-02-28' });
  });

  test('an end on an NRW public holiday moves to the next working day', () => {
    // 18 Apr 2025 is Good Friday, 21 Apr Easter Monday: the period ends on Tuesday 22 April.
    expect(objectionDeadline('2025-03-18')).toEqual({ endsOn: '2025-04-22', nominalEnd: '2025-04-18' });
    // 19 Jun 2025 is Fronleichnam, a holiday in NRW (not in every Land).
    expect(objectionDeadline('2025-05-19').endsOn).toBe('2025-06-20');
    // 1 Nov 2025 is Allerheiligen and a Saturday; 3 Nov is the Monday.
    expect(objectionDeadline('2025-10-01').endsOn).toBe('2025-11-03');
  });

  test('asylum decisions have weeks, a missing Rechtsbehelfsbelehrung a year', () => {
    expect(objectionDeadline('2025-06-02', 'two-weeks').endsOn).toBe('2025-06-16');
    expect(objectionDeadline('2025-06-02', 'one-week').endsOn).toBe('2025-06-10'); // 9 June: Pfingstmontag
    expect(objectionDeadline('2024-02-29', 'one-year')).toEqual({
      endsOn: '2025-02-28',
      nominalEnd: '2025-02-28',
    });
  });

  test('the deadline is always a working day at or after the nominal end, and never more than a few days later', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 365 * 30 }), (offset) => {
        const received = addDays('2010-01-01', offset);
        const { endsOn, nominalEnd } = objectionDeadline(received);
        expect(isWorkingDay(endsOn)).toBe(true);
        expect(endsOn >= nominalEnd).toBe(true);
        expect(endsOn <= addDays(nominalEnd, 4)).toBe(true);
      }),
    );
  });
});

describe('NRW public holidays', () => {
  test('Easter Sunday for known years', () => {
    expect(easterSunday(2024)).toBe('2024-03-31');
    expect(easterSunday(2025)).toBe('2025-04-20');
    expect(easterSunday(2026)).toBe('2026-04-05');
    expect(easterSunday(2038)).toBe('2038-04-25');
  });

  test('knows the NRW holidays, not those of other Länder', () => {
    for (const holiday of [
      '2025-01-01',
      '2025-04-18',
      '2025-04-21',
      '2025-05-01',
      '2025-05-29',
      '2025-06-09',
      '2025-06-19',
      '2025-10-03',
      '2025-11-01',
      '2025-12-25',
      '2025-12-26',
    ]) {
      expect(isNrwPublicHoliday(holiday), holiday).toBe(true);
    }
    expect(isNrwPublicHoliday('2025-01-06')).toBe(false); // Heilige Drei Könige: BW, BY, ST
    expect(isNrwPublicHoliday('2025-10-31')).toBe(false); // Reformationstag: not in NRW
    expect(isNrwPublicHoliday('2017-10-31')).toBe(true); // except in 2017
    expect(isNrwPublicHoliday('2025-11-19')).toBe(false); // Buß- und Bettag: SN
  });

  test('next working day skips weekends and holidays in a row', () => {
    expect(nextWorkingDay('2025-12-24')).toBe('2025-12-24');
    expect(nextWorkingDay('2025-12-25')).toBe('2025-12-29');
    expect(nextWorkingDay('2025-04-18')).toBe('2025-04-22');
  });
});
