import { describe, expect, it } from 'vitest';
import type { CaseFacts } from '../../../src/domain/case-facts.ts';
import { isDue, isDueWithin, retentionOf } from '../../../src/domain/retention.ts';

const facts = (overrides: Partial<CaseFacts>): CaseFacts => ({
  v: 3,
  kind: 'case',
  phase: 'intake',
  phases: [],
  lifeDomains: [],
  goals: [],
  contacts: [],
  referrals: [],
  barriers: [],
  reports: [],
  ...overrides,
});

describe('retention of a closed case', () => {
  it('runs to the end of the third year after the year of closure', () => {
    const retention = retentionOf(facts({ phase: 'closed', closedOn: '2026-02-14' }));
    expect(retention).toEqual({
      state: 'period',
      rule: 'closed-case',
      from: '2026-02-14',
      keepUntil: '2029-12-31',
      dueOn: '2030-01-01',
    });
    expect(isDue(retention, '2029-12-31')).toBe(false);
    expect(isDue(retention, '2030-01-01')).toBe(true);
  });

  it('is the same for a closure on the last day of the year', () => {
    const retention = retentionOf(facts({ phase: 'closed', closedOn: '2026-12-31' }));
    expect(retention.state === 'period' && retention.keepUntil).toBe('2029-12-31');
  });

  it('stops while the case is reopened, whatever closure it had before', () => {
    // A reopened case has no closure in its facts; even a stale one must not start the clock.
    expect(retentionOf(facts({ phase: 'planning', closedOn: '2020-01-10' }))).toEqual({
      state: 'running',
      reason: 'open',
    });
  });

  it('keeps a closed case without a closure day rather than erasing it', () => {
    expect(retentionOf(facts({ phase: 'closed' }))).toEqual({ state: 'running', reason: 'no-date' });
  });

  it('follows the years the deployment configures', () => {
    const retention = retentionOf(facts({ phase: 'closed', closedOn: '2026-05-01' }), {
      closedCaseYears: 10,
      shortCounsellingMonths: 12,
    });
    expect(retention.state === 'period' && retention.dueOn).toBe('2037-01-01');
  });
});

describe('retention of a Kurzberatung', () => {
  it('runs 12 months from the last contact', () => {
    const retention = retentionOf(
      facts({
        kind: 'short-counselling',
        intakeOn: '2026-01-05',
        contacts: [
          { on: '2026-03-09', kind: 'office', interpreter: false },
          { on: '2026-01-05', kind: 'phone', interpreter: false },
        ],
      }),
    );
    expect(retention).toEqual({
      state: 'period',
      rule: 'short-counselling',
      from: '2026-03-09',
      keepUntil: '2027-03-09',
      dueOn: '2027-03-10',
    });
  });

  it('starts again with every new contact', () => {
    const before = retentionOf(
      facts({
        kind: 'short-counselling',
        contacts: [{ on: '2026-03-09', kind: 'office', interpreter: false }],
      }),
    );
    const after = retentionOf(
      facts({
        kind: 'short-counselling',
        contacts: [
          { on: '2026-03-09', kind: 'office', interpreter: false },
          { on: '2026-11-30', kind: 'phone', interpreter: true },
        ],
      }),
    );
    expect(isDue(before, '2027-06-01')).toBe(true);
    expect(isDue(after, '2027-06-01')).toBe(false);
  });

  it('counts from its intake when no contact is recorded, and keeps it without any day', () => {
    const retention = retentionOf(facts({ kind: 'short-counselling', intakeOn: '2028-02-29' }));
    // 29 February plus 12 months is the last day of February (§ 188 Abs. 3 BGB).
    expect(retention.state === 'period' && retention.keepUntil).toBe('2029-02-28');
    expect(retentionOf(facts({ kind: 'short-counselling' }))).toEqual({
      state: 'running',
      reason: 'no-date',
    });
  });
});

describe('the due list window', () => {
  it('shows a case whose period ends within the window, and not one beyond it', () => {
    const retention = retentionOf(facts({ phase: 'closed', closedOn: '2026-06-01' }));
    expect(isDueWithin(retention, '2029-12-02', 30)).toBe(true);
    expect(isDueWithin(retention, '2029-12-01', 30)).toBe(false);
    expect(isDueWithin(retentionOf(facts({ phase: 'planning' })), '2099-01-01', 30)).toBe(false);
  });
});
