import { describe, expect, it } from 'vitest';
import { AUDIT_KINDS } from '../../src/protocol/admin.ts';
import { ROLES } from '../../src/protocol/auth.ts';
import { accessOf } from '../../src/state/roles.ts';
import { AUDIT_KIND_LABELS } from '../../src/ui/admin/admin-texts.ts';

describe('the audit log’s words', () => {
  it('names every kind of audit event in German and English, each differently', () => {
    for (const locale of ['de', 'en'] as const) {
      const labels = AUDIT_KIND_LABELS[locale];
      expect(Object.keys(labels).sort(), locale).toEqual([...AUDIT_KINDS].sort());
      for (const kind of AUDIT_KINDS) expect(labels[kind].trim(), `${locale} ${kind}`).not.toBe('');
      expect(new Set(Object.values(labels)).size, locale).toBe(AUDIT_KINDS.length);
    }
    expect(AUDIT_KIND_LABELS.de['login-failed']).toBe('Anmeldung fehlgeschlagen');
  });
});

describe('what each role may see', () => {
  it('gives case screens to case managers only and Verwaltung to admins only', () => {
    expect(ROLES.filter((role) => accessOf(role).cases)).toEqual(['case-manager']);
    expect(ROLES.filter((role) => accessOf(role).administration)).toEqual(['admin']);
    expect(ROLES.filter((role) => accessOf(role).reports)).toEqual(['coordination']);
    expect(ROLES.filter((role) => accessOf(role).vocabulary)).toEqual(['coordination', 'admin']);
    expect(ROLES.filter((role) => accessOf(role).themen)).toEqual(['coordination']);
    expect(accessOf(null)).toEqual({
      cases: false,
      administration: false,
      reports: false,
      vocabulary: false,
      themen: false,
    });
  });
});
