import { describe, expect, it } from 'vitest';
import { AUDIT_KINDS } from '../../src/protocol/admin.ts';
import { ROLES } from '../../src/protocol/auth.ts';
import { accessOf } from '../../src/state/roles.ts';
import { AUDIT_KIND_LABELS, auditEventLabel } from '../../src/ui/admin/admin-texts.ts';

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

describe('a doc event in the audit log', () => {
  it('names the kind of doc it touched, so only a case file reads as one', () => {
    const label = (kind: 'doc-fetched' | 'doc-changed', docId: string | null) =>
      auditEventLabel({ kind, docId });
    expect(label('doc-fetched', 'k7x2m9q4p1w8')).toBe('Fallakte abgerufen');
    expect(label('doc-changed', 'k7x2m9q4p1w8')).toBe('Fallakte geändert');
    expect(label('doc-fetched', 'coordination')).toBe('Themen der Koordination abgerufen');
    expect(label('doc-changed', 'coordination')).toBe('Themen der Koordination geändert');
    expect(label('doc-fetched', 'team:team-nord')).toBe('Teamverzeichnis abgerufen');
    expect(label('doc-fetched', 'themen:team-nord')).toBe('Themen-Rückmeldung an das Team abgerufen');
    expect(label('doc-fetched', null)).toBe('Fallakte abgerufen');
    expect(auditEventLabel({ kind: 'login', docId: 'coordination' })).toBe('Anmeldung');
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
