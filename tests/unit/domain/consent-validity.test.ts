import { describe, expect, test } from 'vitest';
import { consentsAllowing, consentState } from '../../../src/domain/consent-validity.ts';
import type { Consent } from '../../../src/domain/schema/consents.ts';

const consent = (overrides: Partial<Consent> = {}): Consent => ({
  id: 'c1',
  recipient: 'Jobcenter Duisburg',
  recipientPartnerId: 'partner-jc',
  purpose: 'Abstimmung zum Sprachkurs',
  dataCategories: ['identity', 'work-education'],
  givenAt: '2025-03-01T09:00:00.000Z',
  validUntil: '2026-02-28',
  form: 'written',
  language: 'uk',
  ...overrides,
});

describe('consent validity', () => {
  test('valid from the day it is given until its last day', () => {
    expect(consentState(consent(), '2025-02-28')).toBe('not-yet-given');
    expect(consentState(consent(), '2025-03-01')).toBe('valid');
    expect(consentState(consent(), '2026-02-28')).toBe('valid');
    expect(consentState(consent(), '2026-03-01')).toBe('expired');
    expect(consentState(consent({ validUntil: undefined }), '2030-01-01')).toBe('valid');
  });

  test('a withdrawal ends it from that day on', () => {
    const withdrawn = consent({ withdrawnAt: '2025-06-10T14:00:00.000Z' });
    expect(consentState(withdrawn, '2025-06-09')).toBe('valid');
    expect(consentState(withdrawn, '2025-06-10')).toBe('withdrawn');
  });

  test('sharing needs a consent for that recipient covering every category', () => {
    const consents = [
      consent(),
      consent({ id: 'c2', recipient: 'Caritas', recipientPartnerId: 'partner-caritas' }),
    ];
    const on = '2025-06-02';
    expect(
      consentsAllowing(consents, { partnerId: 'partner-jc' }, ['identity'], on).map((c) => c.id),
    ).toEqual(['c1']);
    expect(consentsAllowing(consents, { name: ' jobcenter duisburg ' }, ['work-education'], on)).toHaveLength(
      1,
    );
    expect(consentsAllowing(consents, { partnerId: 'partner-jc' }, ['identity', 'health'], on)).toEqual([]);
    expect(consentsAllowing(consents, { partnerId: 'partner-abh' }, ['identity'], on)).toEqual([]);
    expect(consentsAllowing(consents, { partnerId: 'partner-jc' }, ['identity'], '2026-03-01')).toEqual([]);
  });
});
