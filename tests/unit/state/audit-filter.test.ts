import { describe, expect, it } from 'vitest';
import { AuditQuerySchema } from '../../../src/protocol/admin.ts';
import { buildAuditQuery, EMPTY_AUDIT_FILTER, startOfLocalDay } from '../../../src/state/audit-filter.ts';

const form = (changes: Partial<typeof EMPTY_AUDIT_FILTER>) => ({ ...EMPTY_AUDIT_FILTER, ...changes });

describe('the audit log’s filter form', () => {
  it('asks for everything when nothing is filled in', () => {
    expect(buildAuditQuery(EMPTY_AUDIT_FILTER)).toEqual({ ok: true, query: {} });
  });

  it('takes whole days in the device’s time zone, both included', () => {
    const result = buildAuditQuery(form({ from: '2025-03-01', to: '2025-03-31' }));
    if (!result.ok) throw new Error('refused');
    expect(Number(result.query.from)).toBe(new Date(2025, 2, 1).getTime());
    // The relay's `to` is exclusive: the midnight after the last day.
    expect(Number(result.query.to)).toBe(new Date(2025, 3, 1).getTime());
    // One day from and to is that whole day.
    const single = buildAuditQuery(form({ from: '2025-03-12', to: '2025-03-12' }));
    if (!single.ok) throw new Error('refused');
    expect(Number(single.query.to) - Number(single.query.from)).toBeGreaterThanOrEqual(23 * 3600_000);
  });

  it('refuses days that do not exist and periods that end before they start', () => {
    expect(startOfLocalDay('2025-02-30')).toBeUndefined();
    expect(startOfLocalDay('12.03.2025')).toBeUndefined();
    expect(buildAuditQuery(form({ from: '2025-02-30' }))).toEqual({
      ok: false,
      problems: { from: 'invalid-date' },
    });
    expect(buildAuditQuery(form({ from: '2025-03-10', to: '2025-03-09' }))).toEqual({
      ok: false,
      problems: { to: 'range-reversed' },
    });
  });

  it('asks for a known person by user id and for anything else by the login as typed', () => {
    const known = new Map([['amira.haddad', 'user-1']]);
    expect(buildAuditQuery(form({ login: '  Amira.Haddad ' }), known)).toEqual({
      ok: true,
      query: { userId: 'user-1' },
    });
    expect(buildAuditQuery(form({ login: 'Niemand' }), known)).toEqual({
      ok: true,
      query: { login: 'niemand' },
    });
    expect(buildAuditQuery(form({ login: 'x'.repeat(101) }))).toEqual({
      ok: false,
      problems: { login: 'too-long' },
    });
  });

  it('passes kind and device through and refuses a kind the relay does not know', () => {
    expect(buildAuditQuery(form({ kind: 'login-failed', deviceId: ' dev-7 ' }))).toEqual({
      ok: true,
      query: { kind: 'login-failed', deviceId: 'dev-7' },
    });
    const unknown = { ...EMPTY_AUDIT_FILTER, kind: 'everything' } as unknown as typeof EMPTY_AUDIT_FILTER;
    expect(buildAuditQuery(unknown)).toEqual({ ok: false, problems: { kind: 'unknown-kind' } });
  });

  it('builds only queries the relay’s schema accepts', () => {
    const result = buildAuditQuery(
      form({ from: '2024-12-31', to: '2025-01-01', login: 'x', kind: 'doc-fetched', deviceId: 'd' }),
    );
    if (!result.ok) throw new Error('refused');
    expect(AuditQuerySchema.safeParse(result.query).success).toBe(true);
  });
});
