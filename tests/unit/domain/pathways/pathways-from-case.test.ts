import { describe, expect, test } from 'vitest';
import { readCase } from '../../../../src/domain/case-read.ts';
import { updateSection } from '../../../../src/domain/case-write.ts';
import { addItem } from '../../../../src/domain/case-write-items.ts';
import { evaluatePathways } from '../../../../src/domain/pathways/index.ts';
import { pathwayFactsOf, residenceDateProblems } from '../../../../src/domain/pathways/from-case.ts';
import { newCase, snapshot, writeOptions } from '../case-fixtures.ts';

function must(result: { ok: boolean; error?: unknown }): void {
  if (!result.ok) throw new Error(JSON.stringify(result.error));
}

describe('a change of residence status', () => {
  test('keeps the status before in the history, with the day before the new one as its last day', () => {
    const doc = newCase();
    const opts = writeOptions('r');
    must(updateSection(doc, 'residence', { status: 'toleration', statusSince: '2019-04-01' }, opts));
    must(
      updateSection(
        doc,
        'residence',
        { status: 'residence-permit', statusSince: '2024-07-01', permitSection: '§ 25b AufenthG' },
        opts,
      ),
    );
    const { file } = readCase(doc);
    expect(file.residence).toMatchObject({
      status: 'residence-permit',
      statusSince: '2024-07-01',
      permitSection: '§ 25b AufenthG',
    });
    expect(file.residenceHistory).toEqual([
      { id: expect.any(String), status: 'toleration', from: '2019-04-01', until: '2024-06-30' },
    ]);
  });

  test('without a new start, clears what belonged to the old status and keeps it open-ended in the history', () => {
    const doc = newCase();
    const opts = writeOptions('r');
    must(
      updateSection(
        doc,
        'residence',
        { status: 'residence-permit', statusSince: '2020-01-01', permitSection: '§ 25 Abs. 5 AufenthG' },
        opts,
      ),
    );
    must(updateSection(doc, 'residence', { status: 'settlement-permit' }, opts));
    const { file } = readCase(doc);
    expect(file.residence.statusSince).toBeUndefined();
    expect(file.residence.permitSection).toBeUndefined();
    expect(file.residenceHistory).toEqual([
      {
        id: expect.any(String),
        status: 'residence-permit',
        from: '2020-01-01',
        permitSection: '§ 25 Abs. 5 AufenthG',
      },
    ]);
  });

  test('given its start afterwards, the new status closes the earlier one the day before', () => {
    const doc = newCase();
    const opts = writeOptions('r');
    must(updateSection(doc, 'residence', { status: 'toleration', statusSince: '2019-04-01' }, opts));
    must(updateSection(doc, 'residence', { status: 'residence-permit' }, opts));
    const tooEarly = updateSection(doc, 'residence', { statusSince: '2019-03-01' }, opts);
    expect(tooEarly.ok).toBe(false);
    must(updateSection(doc, 'residence', { statusSince: '2024-07-01' }, opts));
    expect(readCase(doc).file.residenceHistory).toEqual([
      { id: expect.any(String), status: 'toleration', from: '2019-04-01', until: '2024-06-30' },
    ]);
    must(updateSection(doc, 'residence', { statusSince: '2024-08-01' }, opts));
    expect(readCase(doc).file.residenceHistory[0]?.until).toBe('2024-06-30');
  });

  test('to a status said to begin before the present one began is refused, and nothing is written', () => {
    const doc = newCase();
    const opts = writeOptions('r');
    must(updateSection(doc, 'residence', { status: 'toleration', statusSince: '2021-04-01' }, opts));
    const before = snapshot(doc);
    const result = updateSection(
      doc,
      'residence',
      { status: 'residence-permit', statusSince: '2021-03-31' },
      opts,
    );
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.error.issues[0]).toMatchObject({
        path: 'statusSince',
        code: 'status-since-before-previous',
      });
    expect(snapshot(doc)).toBe(before);
  });

  test('setting the same status again, or another field, writes no history', () => {
    const doc = newCase();
    const opts = writeOptions('r');
    must(updateSection(doc, 'residence', { status: 'toleration', statusSince: '2021-04-01' }, opts));
    must(updateSection(doc, 'residence', { status: 'toleration', documentValidUntil: '2025-12-31' }, opts));
    expect(readCase(doc).file.residenceHistory).toEqual([]);
  });
});

describe('the facts of a case for the pathways', () => {
  test('come from person, household, residence with its history, benefits and Perspektive', () => {
    const doc = newCase();
    const opts = writeOptions('f');
    must(
      updateSection(
        doc,
        'person',
        {
          birthDate: '1990-05-05',
          arrivedInGermanyOn: '2017-02-01',
          languages: [{ language: 'de', level: 'A2' }],
        },
        opts,
      ),
    );
    must(updateSection(doc, 'residence', { status: 'asylum-permission', statusSince: '2017-02-10' }, opts));
    must(updateSection(doc, 'residence', { status: 'toleration', statusSince: '2019-01-15' }, opts));
    must(updateSection(doc, 'benefits', { legalDomain: 'sgb2' }, opts));
    must(addItem(doc, 'household', { name: 'Amira', relation: 'child', birthDate: '2015-03-03' }, opts));
    must(
      updateSection(
        doc,
        'perspective',
        { livelihood: 'more-than-half', identityClarified: true, commitmentToBasicOrder: true },
        opts,
      ),
    );
    const facts = pathwayFactsOf(readCase(doc).file);
    expect(facts).toEqual({
      dateOfBirth: '1990-05-05',
      arrivalInGermany: '2017-02-01',
      residence: [
        { status: 'asylum-permission', from: '2017-02-10', until: '2019-01-14' },
        { status: 'toleration', from: '2019-01-15' },
      ],
      householdChildren: ['2015-03-03'],
      germanLevel: 'A2',
      benefits: 'sgb2',
      livelihood: 'more-than-half',
      identityClarified: true,
      commitmentToBasicOrder: true,
    });
    const p25b = evaluatePathways(facts, '2021-03-01').find((p) => p.pathway === '25b');
    expect(p25b?.criteria.find((c) => c.id === 'stay')).toMatchObject({ state: 'met', metOn: '2021-02-10' });
  });

  test('leave the children unknown while a child has no date of birth, and the household unknown while empty', () => {
    const doc = newCase();
    const opts = writeOptions('h');
    expect(pathwayFactsOf(readCase(doc).file).householdChildren).toBeUndefined();
    must(addItem(doc, 'household', { name: 'Partner', relation: 'spouse' }, opts));
    expect(pathwayFactsOf(readCase(doc).file).householdChildren).toEqual([]);
    must(addItem(doc, 'household', { name: 'Kind', relation: 'child' }, opts));
    expect(pathwayFactsOf(readCase(doc).file).householdChildren).toBeUndefined();
  });

  test('a status without a known start is not counted', () => {
    const doc = newCase();
    must(updateSection(doc, 'residence', { status: 'toleration' }, writeOptions('s')));
    expect(pathwayFactsOf(readCase(doc).file).residence).toEqual([]);
  });
});

describe('contradicting dates', () => {
  test('a status before the arrival and overlapping earlier periods are problems on their fields', () => {
    const doc = newCase();
    const opts = writeOptions('p');
    must(updateSection(doc, 'person', { arrivedInGermanyOn: '2018-01-01' }, opts));
    must(
      addItem(
        doc,
        'residenceHistory',
        { status: 'asylum-permission', from: '2017-06-01', until: '2019-05-31' },
        opts,
      ),
    );
    must(
      addItem(
        doc,
        'residenceHistory',
        { status: 'toleration', from: '2019-05-01', until: '2020-12-31' },
        opts,
      ),
    );
    const { file } = readCase(doc);
    const problems = residenceDateProblems(file);
    expect(problems.map((p) => p.code).sort()).toEqual(['status-before-arrival', 'status-periods-overlap']);
    expect(problems.find((p) => p.code === 'status-before-arrival')?.message).toContain('01.01.2018');
  });
});
