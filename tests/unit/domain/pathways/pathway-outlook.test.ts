import { describe, expect, test } from 'vitest';
import { pathwayOutlook } from '../../../../src/domain/pathways/outlook.ts';
import type { PathwayFacts } from '../../../../src/domain/pathways/types.ts';

const met: Partial<PathwayFacts> = {
  householdChildren: [],
  commitmentToBasicOrder: true,
  lifeInGermanyShown: true,
  livelihood: 'full',
  germanLevel: 'B1',
  identityClarified: true,
};

describe('Perspektiven across cases', () => {
  test('lists a pathway met now, one reachable within the horizon, and leaves out one beyond it', () => {
    const rows = pathwayOutlook(
      [
        { caseId: 'now', facts: { ...met, residence: [{ status: 'toleration', from: '2019-01-01' }] } },
        { caseId: 'soon', facts: { ...met, residence: [{ status: 'toleration', from: '2020-09-01' }] } },
        { caseId: 'later', facts: { ...met, residence: [{ status: 'toleration', from: '2021-09-01' }] } },
      ],
      '2026-06-01',
      6,
    );
    const p25b = rows.filter((row) => row.pathway === '25b');
    expect(p25b.map((row) => [row.caseId, row.state, row.on])).toEqual([
      ['now', 'met', '2026-06-01'],
      ['soon', 'open', '2026-09-01'],
    ]);
    expect(p25b[1]?.pending.map((item) => item.label.de)).toEqual([
      '6 Jahre ununterbrochener Aufenthalt (4 mit minderjährigem Kind im Haushalt)',
    ]);
    expect(
      pathwayOutlook(
        [{ caseId: 'later', facts: { ...met, residence: [{ status: 'toleration', from: '2021-09-01' }] } }],
        '2026-06-01',
        12,
      ).some((row) => row.pathway === '25b'),
    ).toBe(false);
  });

  test('lists a deadline within the horizon, and never a pathway closed for good', () => {
    const rows = pathwayOutlook(
      [
        {
          caseId: 'young',
          facts: { dateOfBirth: '1999-10-15', residence: [{ status: 'toleration', from: '2024-01-01' }] },
        },
      ],
      '2026-06-01',
      6,
    );
    expect(rows.find((row) => row.pathway === '25a')?.deadline?.date).toBe('2026-10-14');
    expect(rows.some((row) => row.pathway === '104c')).toBe(false);
  });
});
