import { describe, expect, it } from 'vitest';
import type { ReportTable } from '../../../src/protocol/reports.ts';
import {
  columnLabel,
  periodName,
  reportGrid,
  rowLabel,
  tableFileName,
} from '../../../src/ui/reports/report-labels.ts';

describe('report labels', () => {
  it('names periods in words', () => {
    expect(periodName('2026-Q3', 'de')).toBe('3. Quartal 2026');
    expect(periodName('2026-03', 'de')).toBe('März 2026');
    expect(periodName('2026-H1', 'de')).toBe('1. Halbjahr 2026');
    expect(periodName('2025', 'de')).toBe('Jahr 2025');
    expect(periodName('2026-Q3', 'en')).toBe('Q3 2026');
    expect(periodName('2026-03', 'en')).toBe('March 2026');
    expect(periodName('nonsense', 'de')).toBe('nonsense');
  });

  it('names rows from the vocabulary, and the special rows in German', () => {
    const table = (id: string) => ({ id });
    expect(rowLabel(table('contacts'), { key: 'home-visit' }, 'de')).toBe('Hausbesuch');
    expect(rowLabel(table('lifeDomains'), { key: 'housing' }, 'de')).toBe('Wohnen');
    expect(rowLabel(table('caseload'), { key: 'other-teams' }, 'de')).toBe('Weitere Teams');
    expect(rowLabel(table('caseload'), { key: 'sc-x', label: 'SC Duisburg' }, 'de')).toBe('SC Duisburg');
    expect(rowLabel(table('nationalities'), { key: 'others' }, 'de')).toBe('Weitere');
    expect(rowLabel(table('nationalities'), { key: 'unspecified' }, 'de')).toBe('ohne Angabe');
    expect(rowLabel(table('nationalities'), { key: 'SY' }, 'de')).toBe('Syrien');
    expect(rowLabel(table('nationalities'), { key: 'stateless' }, 'de')).toBe('staatenlos');
    expect(rowLabel(table('ageBands'), { key: '65-plus' }, 'de')).toBe('65 Jahre und älter');
    expect(rowLabel(table('closures'), { key: 'total' }, 'de')).toBe('Gesamt');
    // A value a newer relay sends is shown as unknown, not dropped.
    expect(rowLabel(table('contacts'), { key: 'hologram' }, 'de')).toContain('hologram');
  });

  it('names columns by what they count, and period columns by their period', () => {
    expect(columnLabel({ unit: 'contacts' }, 'count', 'de')).toBe('Kontakte');
    expect(columnLabel({ unit: 'cases' }, 'shortCounselling', 'de')).toBe('Kurzberatungen');
    expect(columnLabel({ unit: 'cases' }, 'need-high', 'de')).toBe('Hoher Bedarf');
    expect(columnLabel({ unit: 'barriers' }, '2026-Q2', 'de')).toBe('2. Quartal 2026');
  });

  it('names the CSV file after the period and the table', () => {
    expect(tableFileName({ id: 'caseload' }, '2026-Q3')).toBe('lotse-bericht-2026-Q3-fallzahlen.csv');
    expect(tableFileName({ id: 'reportedBarriers' }, '2026')).toBe(
      'lotse-bericht-2026-gemeldete-huerden.csv',
    );
  });

  it('reads reported barriers as category and institution, with subtotals, and what is not recorded', () => {
    const table: ReportTable = {
      id: 'reportedBarriers',
      unit: 'reports',
      columns: ['2026-Q2', '2026-Q3'],
      rows: [
        { key: 'Wartezeiten', label: 'Ausländerbehörde', cells: { '2026-Q2': 0, '2026-Q3': 'suppressed' } },
        { key: 'subtotal', label: 'Wartezeiten', cells: { '2026-Q2': 0, '2026-Q3': 'suppressed' } },
        { key: 'total', cells: { '2026-Q2': 0, '2026-Q3': 'suppressed' } },
      ],
      notRecorded: ['partnerCategory'],
    };
    const grid = reportGrid(table, 'de');
    expect(grid.heads).toEqual(['Kategorie', 'Institution']);
    expect(grid.columns).toEqual(['2. Quartal 2026', '3. Quartal 2026']);
    expect(grid.rows.map((row) => [row.kind, ...row.heads, ...row.cells])).toEqual([
      ['data', 'Wartezeiten', 'Ausländerbehörde', '0', '< 5'],
      ['subtotal', 'Wartezeiten', 'Zwischensumme', '0', '< 5'],
      ['total', 'Gesamt', '', '0', '< 5'],
    ]);
    expect(grid.rows[0]?.values).toEqual([0, null]);
    expect(grid.notRecorded).toEqual(['Kategorie des Netzwerkpartners']);
  });

  it('names referrals by partner category and status, and shows the ratio per post with one decimal', () => {
    const referrals: ReportTable = {
      id: 'referrals',
      unit: 'referrals',
      columns: ['proposed', 'total'],
      rows: [
        { key: 'housing', cells: { proposed: 6, total: 6 } },
        { key: 'unspecified', cells: { proposed: 'suppressed', total: 'suppressed' } },
      ],
      notRecorded: [],
    };
    const grid = reportGrid(referrals, 'de');
    expect(grid.heads).toEqual(['Kategorie des Netzwerkpartners']);
    expect(grid.columns).toEqual(['Vorgeschlagen', 'Gesamt']);
    expect(grid.rows.map((row) => [...row.heads, ...row.cells])).toEqual([
      ['Wohnen', '6', '6'],
      ['ohne Angabe', '< 5', '< 5'],
    ]);
    const caseload: ReportTable = {
      id: 'caseload',
      unit: 'cases',
      columns: ['active', 'perFullTimePost'],
      rows: [
        { key: 'team-a', label: 'Team Nord', cells: { active: 10, perFullTimePost: 2.5 } },
        { key: 'team-b', label: 'Team Süd', cells: { active: 12 } },
        { key: 'team-c', label: 'Team West', cells: { active: 'suppressed', perFullTimePost: 'suppressed' } },
        { key: 'total', cells: { active: 30, perFullTimePost: 3 } },
      ],
      notRecorded: [],
    };
    const de = reportGrid(caseload, 'de');
    expect(de.columns).toEqual(['Aktive Fälle', 'Aktive Fälle je Vollzeitstelle']);
    expect(de.rows.map((row) => row.cells)).toEqual([
      ['10', '2,5'],
      ['12', ''],
      ['< 5', '< 5'],
      ['30', '3,0'],
    ]);
    expect(reportGrid(caseload, 'en').rows[0]?.cells).toEqual(['10', '2.5']);
    // A report stored on the device before partner categories still reads its rows by status.
    expect(rowLabel({ id: 'referrals' }, { key: 'attended' }, 'de')).toBe('Wahrgenommen');
  });
});
