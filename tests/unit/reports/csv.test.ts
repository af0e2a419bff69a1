import { describe, expect, it } from 'vitest';
import { csvField, gridCsv, toCsv } from '../../../src/ui/reports/csv.ts';
import { reportGrid } from '../../../src/ui/reports/report-labels.ts';

describe('report tables as CSV for German Excel', () => {
  it('starts with a byte order mark, separates with ; and ends every line with CRLF', () => {
    const text = toCsv([
      ['Team', 'Neue Fälle'],
      ['Süd', '7'],
    ]);
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.slice(1)).toBe('Team;Neue Fälle\r\nSüd;7\r\n');
    // UTF-8 bytes of the mark: EF BB BF.
    expect([...new TextEncoder().encode(text).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it('quotes fields with separators, quotes and line breaks, and doubles quotes', () => {
    expect(csvField('Jobcenter; Nord')).toBe('"Jobcenter; Nord"');
    expect(csvField('Amt „Ost“ "Mitte"')).toBe('"Amt „Ost“ ""Mitte"""');
    expect(csvField('Zeile 1\nZeile 2')).toBe('"Zeile 1\nZeile 2"');
    expect(csvField('Ausländerbehörde, Stadt')).toBe('Ausländerbehörde, Stadt');
    expect(csvField('< 5')).toBe('< 5');
  });

  it('never lets a typed institution run as a spreadsheet formula', () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvField('+49 203')).toBe("'+49 203");
    expect(csvField('-Amt')).toBe("'-Amt");
    expect(csvField('@Amt')).toBe("'@Amt");
  });

  it('writes a report table with German headers and "< 5" where a count is suppressed', () => {
    const grid = reportGrid(
      {
        id: 'caseload',
        unit: 'cases',
        columns: ['new', 'active', 'closed', 'shortCounselling'],
        rows: [
          {
            key: 'sc-a',
            label: 'Support-Center; Süd',
            cells: { new: 6, active: 9, closed: 'suppressed', shortCounselling: 0 },
          },
          {
            key: 'other-teams',
            cells: { new: 'suppressed', active: 5, closed: 'suppressed', shortCounselling: 0 },
          },
          { key: 'total', cells: { new: 8, active: 14, closed: 'suppressed', shortCounselling: 0 } },
        ],
        notRecorded: ['perFullTimePost'],
        mergedTeams: ['sc-b'],
      },
      'de',
    );
    expect(gridCsv(grid)).toBe(
      '\uFEFFTeam;Neue Fälle;Aktive Fälle;Abgeschlossene Fälle;Kurzberatungen\r\n' +
        '"Support-Center; Süd";6;9;< 5;0\r\n' +
        'Weitere Teams;< 5;5;< 5;0\r\n' +
        'Gesamt;8;14;< 5;0\r\n',
    );
  });
});
