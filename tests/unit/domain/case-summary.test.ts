import { describe, expect, test } from 'vitest';
import { readCase } from '../../../src/domain/case-read.ts';
import { changePhase } from '../../../src/domain/case-write-phase.ts';
import {
  addBarrier,
  addContact,
  addGoal,
  addReminder,
  addStep,
  setGoalStatus,
} from '../../../src/domain/case-write-items.ts';
import { setAliases, updateSection } from '../../../src/domain/case-write.ts';
import { summarizeCase } from '../../../src/domain/summarize-case.ts';
import { caseSummarySchema } from '../../../src/domain/summary.ts';
import { newCase, NOW, TODAY, writeOptions } from './case-fixtures.ts';

function must<T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

describe('case summary', () => {
  test('sums up a working case for the list', () => {
    const opts = writeOptions();
    const doc = newCase(
      { person: { familyName: 'Al-Hassan', givenNames: 'Yusuf', birthDate: '1988-03-04' } },
      opts,
    );
    must(setAliases(doc, ['Jusuf Alhasan'], opts));
    must(addContact(doc, { date: '2025-05-12', kind: 'home-visit', topics: ['housing'] }, opts));
    must(
      addContact(
        doc,
        {
          date: '2025-05-28',
          kind: 'accompaniment',
          accompanimentOffice: 'ABH Duisburg',
          topics: ['residence'],
        },
        opts,
      ),
    );
    must(addContact(doc, { date: '2025-05-20', kind: 'phone', note: 'Rückfrage Jobcenter' }, opts));
    const language = must(addGoal(doc, { text: 'B1-Zertifikat', lifeDomain: 'language' }, opts));
    must(
      addStep(doc, language, { text: 'Prüfung anmelden', responsible: 'client', dueOn: '2025-06-15' }, opts),
    );
    must(addStep(doc, language, { text: 'Kinderbetreuung klären', responsible: 'case-manager' }, opts));
    const done = must(addGoal(doc, { text: 'Girokonto', lifeDomain: 'livelihood' }, opts));
    must(setGoalStatus(doc, done, 'achieved', opts));
    must(addReminder(doc, { due: '2025-05-30', text: 'Jobcenter anrufen' }, opts));
    must(
      addBarrier(
        doc,
        { category: 'waiting-time', observedOn: '2025-05-28', description: 'Termin erst in 4 Monaten' },
        opts,
      ),
    );
    must(updateSection(doc, 'residence', { documentValidUntil: '2025-12-31' }, opts));

    const summary = summarizeCase(readCase(doc), TODAY);
    expect(summary).toEqual({
      id: 'case-1',
      caseNumber: 'DU-2025-0042',
      displayName: 'Al-Hassan, Yusuf',
      familyName: 'Al-Hassan',
      givenNames: 'Yusuf',
      aliases: ['Jusuf Alhasan'],
      birthDate: '1988-03-04',
      kind: 'case',
      phase: 'intake',
      teamId: 'team-du-1',
      createdBy: 'user-1',
      responsibleId: 'user-1',
      nextDue: '2025-05-30',
      lastContactOn: '2025-05-28',
      closedOn: null,
      counts: {
        contacts: 3,
        goals: 2,
        openGoals: 1,
        openSteps: 2,
        referrals: 0,
        openReminders: 1,
        overdue: 1,
        barriers: 1,
        problems: 0,
      },
      due: expect.any(Array),
      appointments: [],
      summaryVersion: 2,
      updatedAt: NOW.toISOString(),
      summarizedOn: TODAY,
    });
    expect(summary.due.map((entry) => [entry.kind, entry.due])).toEqual([
      ['reminder', '2025-05-30'],
      ['step', '2025-06-15'],
      ['residence-document-expiry', '2025-12-31'],
    ]);
    expect(caseSummarySchema.safeParse(summary).success).toBe(true);
  });

  test('an anonymous Kurzberatung without a case number', () => {
    const doc = newCase({ kind: 'short-counselling', caseNumber: undefined });
    const summary = summarizeCase(readCase(doc), TODAY);
    expect(summary).toMatchObject({
      displayName: 'Ohne Namen',
      caseNumber: null,
      kind: 'short-counselling',
      nextDue: null,
      lastContactOn: null,
      counts: { contacts: 0, overdue: 0 },
    });
  });

  test('a closed case shows its closing date and no derived deadlines', () => {
    const opts = writeOptions();
    const doc = newCase({ person: { givenNames: 'Olena' } }, opts);
    must(updateSection(doc, 'residence', { documentValidUntil: '2025-07-01' }, opts));
    must(changePhase(doc, 'closed', { ...opts, closure: { reason: 'moved-away', closedOn: '2025-05-31' } }));
    expect(summarizeCase(readCase(doc), TODAY)).toMatchObject({
      displayName: 'Olena',
      phase: 'closed',
      closedOn: '2025-05-31',
      nextDue: null,
      due: [],
    });
  });

  test('a stored summary that was tampered with fails validation on read back', () => {
    const summary = summarizeCase(readCase(newCase()), TODAY);
    expect(caseSummarySchema.safeParse({ ...summary, phase: 'paused' }).success).toBe(false);
    expect(caseSummarySchema.safeParse({ ...summary, nextDue: '2025-02-30' }).success).toBe(false);
    expect(
      caseSummarySchema.safeParse({ ...summary, counts: { ...summary.counts, contacts: -1 } }).success,
    ).toBe(false);
  });
});
