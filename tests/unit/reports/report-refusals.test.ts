import { describe, expect, it } from 'vitest';
import { PERIOD_PROBLEMS } from '../../../src/domain/report-period.ts';
import { refusalText, reportCacheKey } from '../../../src/state/reports.svelte.ts';

describe('the relay’s refusal of a report filter, in German', () => {
  it('reads a refused period as the German text of the same problem', () => {
    expect(refusalText(PERIOD_PROBLEMS.running.en).de).toBe(PERIOD_PROBLEMS.running.de);
    expect(refusalText(PERIOD_PROBLEMS['free-range'].en).de).toContain('Freie Zeiträume sind nicht möglich');
  });

  it('names an unknown team or filter, and shows any other message as the relay wrote it', () => {
    expect(refusalText('Unknown team: sc-x').de).toBe('Unbekanntes Team: sc-x. Bitte die Auswahl neu laden.');
    expect(refusalText('Unknown filter: from, to. Use teams and period.').de).toBe(
      'Unbekannter Filter: from, to. Erlaubt sind nur Teams und Zeitraum.',
    );
    expect(refusalText('teams: Too big').de).toBe(
      'Der Server hat die Auswahl nicht angenommen: teams: Too big',
    );
    expect(
      refusalText(
        'Ask for one team or for all of your teams (sc-a,sc-b): reports of other selections could be told apart from each other.',
      ).de,
    ).toMatch(/^Bitte ein Team oder alle Ihre Teams wählen/);
    expect(refusalText(undefined).de).toBe('Der Server hat die Auswahl nicht angenommen.');
  });
});

describe('the key a report is kept under on the device', () => {
  it('is the same for the same teams in any order, and differs by period', () => {
    expect(reportCacheKey(['sc-b', 'sc-a'], '2026-Q3')).toBe('report:sc-a,sc-b:2026-Q3');
    expect(reportCacheKey(['sc-a', 'sc-b'], '2026-Q3')).toBe(reportCacheKey(['sc-b', 'sc-a'], '2026-Q3'));
    expect(reportCacheKey(['sc-a'], '2026-Q2')).not.toBe(reportCacheKey(['sc-a'], '2026-Q3'));
  });
});
