import { describe, expect, it } from 'vitest';
import {
  lastEndedPeriods,
  parseReportPeriod,
  previousPeriods,
  readPeriod,
} from '../../../src/domain/report-period.ts';

const TODAY = '2026-12-07';

function ok(text: string, today = TODAY) {
  const result = parseReportPeriod(text, today);
  if (!result.ok) throw new Error(`${text}: ${result.problem}`);
  return result.period;
}

describe('report periods', () => {
  it('reads a month, a quarter, a half-year and a year with their first and last day', () => {
    expect(ok('2026-02')).toMatchObject({ kind: 'month', start: '2026-02-01', end: '2026-02-28' });
    expect(ok('2024-02')).toMatchObject({ start: '2024-02-01', end: '2024-02-29' });
    expect(ok('2026-Q3')).toMatchObject({ kind: 'quarter', start: '2026-07-01', end: '2026-09-30' });
    expect(ok('2026-H1')).toMatchObject({ kind: 'half-year', start: '2026-01-01', end: '2026-06-30' });
    expect(ok('2025')).toMatchObject({ kind: 'year', start: '2025-01-01', end: '2025-12-31' });
  });

  it('refuses free ranges and says that only fixed periods exist', () => {
    for (const text of ['2026-01-01..2026-03-31', '2026-01/2026-03', '2026-01-01', '2026-01 - 2026-03']) {
      const result = parseReportPeriod(text, TODAY);
      expect(result, text).toMatchObject({ ok: false, problem: 'free-range' });
      if (!result.ok) expect(result.de).toContain('Freie Zeiträume');
    }
  });

  it('refuses malformed periods', () => {
    for (const text of [
      '',
      'Q3',
      '2026-13',
      '2026-00',
      '2026-Q5',
      '2026-H3',
      '2026-q1',
      '26-Q1',
      '1999',
      'x',
    ]) {
      expect(parseReportPeriod(text, TODAY), text).toMatchObject({ ok: false, problem: 'malformed' });
    }
  });

  it('refuses a period that is still running, up to and including its last day', () => {
    for (const [text, today] of [
      ['2026-12', TODAY],
      ['2026-Q4', TODAY],
      ['2026-H2', TODAY],
      ['2026', TODAY],
      ['2026-11', '2026-11-30'],
    ] as const) {
      const result = parseReportPeriod(text, today);
      expect(result, text).toMatchObject({ ok: false, problem: 'running' });
      if (!result.ok) expect(result.en).toContain('not ended');
    }
    expect(parseReportPeriod('2026-11', '2026-12-01')).toMatchObject({ ok: true });
  });

  it('refuses a period in the future', () => {
    for (const text of ['2027-01', '2027-Q1', '2027-H1', '2027']) {
      expect(parseReportPeriod(text, TODAY), text).toMatchObject({ ok: false, problem: 'future' });
    }
  });

  it('finds the previous periods of the same length across the turn of a year', () => {
    const ids = (text: string, count: number) => {
      const period = readPeriod(text);
      if (typeof period === 'string') throw new Error(period);
      return previousPeriods(period, count).map((previous) => previous.id);
    };
    expect(ids('2026-02', 3)).toEqual(['2025-11', '2025-12', '2026-01']);
    expect(ids('2026-Q1', 2)).toEqual(['2025-Q3', '2025-Q4']);
    expect(ids('2026-H1', 2)).toEqual(['2025-H1', '2025-H2']);
    expect(ids('2026', 2)).toEqual(['2024', '2025']);
  });
});

describe('the periods a coordinator may choose', () => {
  it('are the last ended ones of the kind, newest first, and the running one is never offered', () => {
    expect(lastEndedPeriods('quarter', '2026-12-07', 3).map((period) => period.id)).toEqual([
      '2026-Q3',
      '2026-Q2',
      '2026-Q1',
    ]);
    expect(lastEndedPeriods('month', '2026-01-15', 2).map((period) => period.id)).toEqual([
      '2025-12',
      '2025-11',
    ]);
    expect(lastEndedPeriods('half-year', '2026-07-01', 2).map((period) => period.id)).toEqual([
      '2026-H1',
      '2025-H2',
    ]);
    expect(lastEndedPeriods('year', '2026-12-31', 1).map((period) => period.id)).toEqual(['2025']);
    // Every period offered is one the relay accepts on that day.
    for (const kind of ['month', 'quarter', 'half-year', 'year'] as const) {
      for (const today of ['2026-01-01', '2026-03-31', '2026-04-01', '2026-12-07']) {
        for (const period of lastEndedPeriods(kind, today, 6)) {
          expect(parseReportPeriod(period.id, today), `${kind} ${today} ${period.id}`).toMatchObject({
            ok: true,
          });
        }
      }
    }
  });
});
