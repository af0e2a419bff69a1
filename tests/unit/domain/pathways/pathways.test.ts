import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  evaluatePathways,
  ruleSetOn,
  type PathwayEvaluation,
  type PathwayFacts,
} from '../../../../src/domain/pathways/index.ts';
import { excludedFromNaturalisation } from '../../../../src/domain/pathways/naturalisation.ts';
import { LANGUAGE_LEVELS, LEGAL_DOMAINS, RESIDENCE_STATUSES } from '../../../../src/domain/vocabulary.ts';

function pathway(facts: PathwayFacts, on: string, id: PathwayEvaluation['pathway']): PathwayEvaluation {
  const found = evaluatePathways(facts, on).find((evaluation) => evaluation.pathway === id);
  if (!found) throw new Error(`no pathway ${id}`);
  return found;
}

function criterion(evaluation: PathwayEvaluation, id: string) {
  const found = evaluation.criteria.find((c) => c.id === id);
  if (!found) throw new Error(`no criterion ${id} in ${evaluation.pathway}`);
  return found;
}

/** A young woman tolerated since 2022, at school in Germany since 2021. */
const young: PathwayFacts = {
  dateOfBirth: '2000-02-29',
  residence: [
    { status: 'asylum-permission', from: '2021-03-01', until: '2022-01-31' },
    { status: 'toleration', from: '2022-02-01' },
  ],
  schoolYearsInGermany: 3,
  positiveIntegrationPrognosis: true,
  identityClarified: true,
};

describe('§ 25a AufenthG', () => {
  test('the last day to apply is the day before the 27th birthday (born 29 February: 28 February)', () => {
    const before = pathway(young, '2027-02-28', '25a');
    expect(criterion(before, 'age').state).toBe('met');
    expect(before.deadlines).toContainEqual(
      expect.objectContaining({ id: 'apply-before-27', date: '2027-02-28' }),
    );
    expect(before.state).toBe('met');
    const on = pathway(young, '2027-03-01', '25a');
    expect(criterion(on, 'age')).toMatchObject({ state: 'open', final: true });
    expect(on.state).toBe('closed');
  });

  test('12 months of Duldung and 3 years of stay are dated while they run', () => {
    const early = pathway(young, '2022-06-01', '25a');
    expect(criterion(early, 'toleration-12-months')).toMatchObject({ state: 'open', metOn: '2023-02-01' });
    expect(criterion(early, 'stay-3-years')).toMatchObject({ state: 'open', metOn: '2024-03-01' });
    expect(early.reachableOn).toBe('2024-03-01');
  });

  test('a Duldung interrupted and resumed counts its 12 months from the resumption', () => {
    const facts: PathwayFacts = {
      ...young,
      residence: [
        { status: 'toleration', from: '2021-01-01', until: '2021-12-31' },
        { status: 'unclear', from: '2022-01-01', until: '2022-03-31' },
        { status: 'toleration', from: '2022-04-01' },
      ],
    };
    expect(criterion(pathway(facts, '2022-12-01', '25a'), 'toleration-12-months')).toMatchObject({
      state: 'open',
      metOn: '2023-04-01',
    });
  });

  test('school: three years or a recognised qualification; fewer years with no qualification is open', () => {
    expect(
      criterion(
        pathway({ ...young, schoolYearsInGermany: 2, recognisedQualification: true }, '2025-01-01', '25a'),
        'school',
      ).state,
    ).toBe('met');
    expect(
      criterion(
        pathway({ ...young, schoolYearsInGermany: 2, recognisedQualification: false }, '2025-01-01', '25a'),
        'school',
      ).state,
    ).toBe('open');
    expect(
      criterion(pathway({ ...young, schoolYearsInGermany: 2 }, '2025-01-01', '25a'), 'school').state,
    ).toBe('unknown');
  });
});

/** A family tolerated since 2020 with a daughter born 2008. */
const family: PathwayFacts = {
  dateOfBirth: '1985-06-10',
  residence: [{ status: 'toleration', from: '2020-05-01' }],
  householdChildren: ['2006-09-01'],
  commitmentToBasicOrder: true,
  lifeInGermanyShown: true,
  livelihood: 'more-than-half',
  germanLevel: 'A2',
  childrenAttendSchool: true,
  identityClarified: true,
};

describe('§ 25b AufenthG', () => {
  test('with a minor child in the household, 4 years are enough', () => {
    const result = pathway(family, '2024-06-01', '25b');
    expect(criterion(result, 'stay')).toMatchObject({ state: 'met', metOn: '2024-05-01' });
    expect(result.state).toBe('met');
  });

  test('once the child has turned 18, 6 years are needed again', () => {
    const result = pathway(family, '2024-10-01', '25b');
    expect(criterion(result, 'stay')).toMatchObject({ state: 'open', metOn: '2026-05-01' });
    expect(result.reachableOn).toBe('2026-05-01');
  });

  test('a child who turns 18 before the fourth year is complete does not shorten the wait', () => {
    const result = pathway({ ...family, householdChildren: ['2006-03-01'] }, '2023-06-01', '25b');
    expect(criterion(result, 'stay').metOn).toBe('2026-05-01');
  });

  test('without the household recorded, 4 years may be enough: unknown, not open or met', () => {
    const { householdChildren: _children, ...rest } = family;
    const result = pathway(rest, '2025-01-01', '25b');
    expect(criterion(result, 'stay').state).toBe('unknown');
    expect(criterion(result, 'school-attendance').state).toBe('unknown');
  });

  test('a stay spanning Gestattung, Duldung and a permit counts as one', () => {
    const result = pathway(
      {
        ...family,
        householdChildren: [],
        residence: [
          { status: 'asylum-permission', from: '2018-03-01', until: '2019-12-31' },
          { status: 'toleration', from: '2020-01-01' },
        ],
      },
      '2024-03-01',
      '25b',
    );
    expect(criterion(result, 'stay')).toMatchObject({ state: 'met', metOn: '2024-03-01' });
  });

  test('German below A2 and a livelihood less than half secured are open', () => {
    const result = pathway({ ...family, germanLevel: 'A1', livelihood: 'less' }, '2024-06-01', '25b');
    expect(criterion(result, 'german').state).toBe('open');
    expect(criterion(result, 'livelihood').state).toBe('open');
    expect(result.state).toBe('open');
    expect(result.reachableOn).toBeUndefined();
  });

  test('Abs. 6: 30 months of Beschäftigungsduldung, dated', () => {
    const facts: PathwayFacts = { ...family, employmentTolerationSince: '2024-01-15', livelihood: 'full' };
    expect(criterion(pathway(facts, '2026-07-14', '25b-6'), 'employment-toleration')).toMatchObject({
      state: 'open',
      metOn: '2026-07-15',
    });
    expect(pathway(facts, '2026-07-15', '25b-6').state).toBe('met');
  });
});

describe('§ 104c AufenthG, running off', () => {
  test('a new application is no longer possible from 1 January 2026', () => {
    const facts: PathwayFacts = { residence: [{ status: 'toleration', from: '2015-01-01' }] };
    expect(pathway(facts, '2025-12-31', '104c').state).toBe('open');
    expect(pathway(facts, '2026-01-01', '104c').state).toBe('closed');
    expect(ruleSetOn('2026-01-01').asOf).toBe('2026-01-01');
    expect(ruleSetOn('2025-12-31').asOf).toBe('2024-06-27');
  });

  test('a permit granted runs 18 months; the follow-up application is due three months before', () => {
    const facts: PathwayFacts = {
      ...family,
      opportunityGrantedOn: '2025-06-15',
      residence: [
        { status: 'toleration', from: '2018-01-01', until: '2025-06-14' },
        { status: 'opportunity-residence', from: '2025-06-15' },
      ],
    };
    const result = pathway(facts, '2026-03-01', '104c');
    expect(result.deadlines.map((d) => [d.id, d.date])).toEqual([
      ['apply-follow-up', '2026-09-15'],
      ['expires', '2026-12-15'],
    ]);
    expect(criterion(result, 'bridge').state).toBe('met');
    expect(pathway(facts, '2026-12-16', '104c').state).toBe('closed');
  });
});

describe('naturalisation, § 10 StAG', () => {
  const settled: PathwayFacts = {
    residence: [
      { status: 'asylum-permission', from: '2019-03-01', until: '2020-08-31' },
      { status: 'residence-permit', from: '2020-09-01', section: '§ 25 Abs. 2 AufenthG' },
    ],
    germanLevel: 'B1',
    naturalisationTestPassed: true,
    commitmentToBasicOrder: true,
    benefits: 'none',
    identityClarified: true,
  };

  test('the Gestattung before recognition counts: 5 years from the asylum application', () => {
    const result = pathway(settled, '2024-03-01', 'naturalisation');
    expect(criterion(result, 'lawful-stay')).toMatchObject({ state: 'met', metOn: '2024-03-01' });
    expect(result.state).toBe('met');
  });

  test('a Duldung breaks the lawful stay', () => {
    const result = pathway(
      {
        ...settled,
        residence: [
          {
            status: 'residence-permit',
            from: '2017-01-01',
            until: '2019-12-31',
            section: '§ 25 Abs. 2 AufenthG',
          },
          { status: 'toleration', from: '2020-01-01', until: '2021-06-30' },
          { status: 'residence-permit', from: '2021-07-01', section: '§ 25b AufenthG' },
        ],
      },
      '2025-01-01',
      'naturalisation',
    );
    expect(criterion(result, 'lawful-stay')).toMatchObject({ state: 'open', metOn: '2026-07-01' });
  });

  test('permits for temporary purposes do not lead to naturalisation', () => {
    expect(excludedFromNaturalisation('§ 25 Abs. 5 AufenthG')).toBe(true);
    expect(excludedFromNaturalisation('§ 25 Abs. 2 AufenthG')).toBe(false);
    expect(excludedFromNaturalisation('§ 24 AufenthG')).toBe(true);
    expect(excludedFromNaturalisation('§ 25b AufenthG')).toBe(false);
    expect(excludedFromNaturalisation('§ 25 AufenthG')).toBeUndefined();
    expect(excludedFromNaturalisation('Aufenthaltserlaubnis')).toBeUndefined();
    const result = pathway(
      { ...settled, residence: [{ status: 'residence-permit', from: '2015-01-01', section: '§ 25 Abs. 5' }] },
      '2025-01-01',
      'naturalisation',
    );
    expect(criterion(result, 'permit').state).toBe('open');
  });

  test('Bürgergeld stands in the way unless an exception applies', () => {
    expect(
      criterion(pathway({ ...settled, benefits: 'sgb2' }, '2025-01-01', 'naturalisation'), 'livelihood')
        .state,
    ).toBe('open');
    expect(
      criterion(
        pathway(
          { ...settled, benefits: 'sgb2', livelihoodException: 'full-time-work' },
          '2025-01-01',
          'naturalisation',
        ),
        'livelihood',
      ).state,
    ).toBe('met');
    expect(
      criterion(pathway({ ...settled, benefits: 'unknown' }, '2025-01-01', 'naturalisation'), 'livelihood')
        .state,
    ).toBe('unknown');
  });

  test('German below B1 is open', () => {
    expect(
      criterion(pathway({ ...settled, germanLevel: 'A2' }, '2025-01-01', 'naturalisation'), 'german').state,
    ).toBe('open');
  });
});

describe('unknown facts', () => {
  test('with nothing recorded, no criterion of any pathway is met', () => {
    for (const result of evaluatePathways({ residence: [] }, '2026-06-01')) {
      expect(result.criteria.filter((c) => c.state === 'met')).toEqual([]);
      expect(['unknown', 'closed']).toContain(result.state);
    }
  });

  test('forgetting a fact never turns a criterion into met (random facts)', () => {
    const day = fc
      .integer({ min: 0, max: 365 * 30 })
      .map((n) => new Date(Date.UTC(2000, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
    const period = fc.record({
      status: fc.constantFrom(...RESIDENCE_STATUSES),
      from: day,
      until: fc.option(day, { nil: undefined }),
    });
    const facts = fc.record(
      {
        dateOfBirth: day,
        residence: fc
          .array(period, { maxLength: 4 })
          .map((periods) =>
            periods.map(({ until, ...rest }) =>
              until !== undefined && until >= rest.from ? { ...rest, until } : rest,
            ),
          ),
        householdChildren: fc.array(day, { maxLength: 3 }),
        germanLevel: fc.constantFrom(...LANGUAGE_LEVELS),
        schoolYearsInGermany: fc.integer({ min: 0, max: 12 }),
        recognisedQualification: fc.boolean(),
        lifeInGermanyShown: fc.boolean(),
        naturalisationTestPassed: fc.boolean(),
        identityClarified: fc.boolean(),
        positiveIntegrationPrognosis: fc.boolean(),
        commitmentToBasicOrder: fc.boolean(),
        livelihood: fc.constantFrom('full', 'more-than-half', 'expected', 'less'),
        benefits: fc.constantFrom(...LEGAL_DOMAINS),
        childrenAttendSchool: fc.boolean(),
        employmentTolerationSince: day,
        opportunityGrantedOn: day,
      },
      { requiredKeys: ['residence'] },
    );
    const keys = [
      'dateOfBirth',
      'householdChildren',
      'germanLevel',
      'schoolYearsInGermany',
      'recognisedQualification',
      'lifeInGermanyShown',
      'naturalisationTestPassed',
      'identityClarified',
      'positiveIntegrationPrognosis',
      'commitmentToBasicOrder',
      'livelihood',
      'benefits',
      'childrenAttendSchool',
      'employmentTolerationSince',
      'opportunityGrantedOn',
    ] as const;
    fc.assert(
      fc.property(facts, fc.subarray([...keys]), day, (known, forget, on) => {
        const full = known as PathwayFacts;
        const less: Record<string, unknown> = { ...full };
        for (const key of forget) delete less[key];
        const withAll = evaluatePathways(full, on);
        const withLess = evaluatePathways(less as unknown as PathwayFacts, on);
        withLess.forEach((evaluation, index) => {
          for (const c of evaluation.criteria) {
            if (c.state !== 'met') continue;
            const same = withAll[index]?.criteria.find((other) => other.id === c.id);
            expect(same?.state, `${evaluation.pathway}/${c.id} met with less known`).toBe('met');
          }
        });
      }),
      { numRuns: 300 },
    );
  });
});
