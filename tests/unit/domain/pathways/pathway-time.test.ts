import { describe, expect, test } from 'vitest';
import { birthdayOf, chainOn, completedOn, isMinorOn } from '../../../../src/domain/pathways/time.ts';
import { PERMITTED_TOLERATED_OR_GESTATTET, TOLERATED } from '../../../../src/domain/pathways/rule-sets.ts';

describe('periods counted as §§ 187, 188 BGB count them', () => {
  test('a period of years is complete on the corresponding day', () => {
    expect(completedOn('2020-05-01', 72)).toBe('2026-05-01');
    expect(completedOn('2023-12-31', 12)).toBe('2024-12-31');
  });

  test('from a day the target month lacks, the period runs to the month’s end and is met the next day', () => {
    expect(completedOn('2020-02-29', 72)).toBe('2026-03-01');
    expect(completedOn('2020-02-29', 48)).toBe('2024-02-29');
    expect(completedOn('2021-01-31', 1)).toBe('2021-03-01');
  });

  test('someone born on 29 February turns 27 on 1 March of a common year, 18 on 29 February of a leap year', () => {
    expect(birthdayOf('2000-02-29', 27)).toBe('2027-03-01');
    expect(birthdayOf('2000-02-29', 18)).toBe('2018-03-01');
    expect(birthdayOf('2004-02-29', 20)).toBe('2024-02-29');
  });

  test('a child is a minor from birth until the day before its 18th birthday', () => {
    expect(isMinorOn('2008-09-01', '2026-08-31')).toBe(true);
    expect(isMinorOn('2008-09-01', '2026-09-01')).toBe(false);
    expect(isMinorOn('2027-01-01', '2026-09-01')).toBe(false);
  });
});

describe('an uninterrupted stay', () => {
  test('runs back across status changes while each period follows the one before without a gap', () => {
    const chain = chainOn(
      [
        { status: 'residence-permit', from: '2021-07-01' },
        { status: 'asylum-permission', from: '2018-03-01', until: '2019-12-31' },
        { status: 'toleration', from: '2020-01-01', until: '2021-06-30' },
      ],
      PERMITTED_TOLERATED_OR_GESTATTET,
      '2026-01-10',
    );
    expect(chain).toEqual({ start: '2018-03-01', startsWithHistory: true });
  });

  test('is broken by a gap of a day or by a status outside the set, and counts again from the new start', () => {
    const gap = chainOn(
      [
        { status: 'toleration', from: '2019-01-01', until: '2020-06-30' },
        { status: 'toleration', from: '2020-07-02' },
      ],
      TOLERATED,
      '2026-01-10',
    );
    expect(gap?.start).toBe('2020-07-02');
    const interrupted = chainOn(
      [
        { status: 'toleration', from: '2019-01-01', until: '2020-06-30' },
        { status: 'unclear', from: '2020-07-01', until: '2020-12-31' },
        { status: 'toleration', from: '2021-01-01' },
      ],
      TOLERATED,
      '2026-01-10',
    );
    expect(interrupted).toEqual({ start: '2021-01-01', startsWithHistory: false });
  });

  test('is none when the status on the day is outside the set or not recorded', () => {
    expect(
      chainOn([{ status: 'settlement-permit', from: '2019-01-01' }], TOLERATED, '2026-01-10'),
    ).toBeUndefined();
    expect(
      chainOn([{ status: 'toleration', from: '2019-01-01', until: '2020-01-01' }], TOLERATED, '2026-01-10'),
    ).toBeUndefined();
    expect(chainOn([], TOLERATED, '2026-01-10')).toBeUndefined();
  });
});
