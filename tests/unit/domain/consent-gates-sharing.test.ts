import { describe, expect, test } from 'vitest';
import { readCase } from '../../../src/domain/case-read.ts';
import { addConsent, addReferral } from '../../../src/domain/case-write-items.ts';
import {
  changeReferral,
  referToPartner,
  withdrawConsentOn,
} from '../../../src/domain/case-write-consents.ts';
import { handOverToAuthority } from '../../../src/domain/case-write-pathways.ts';
import { coveredCategories, consentState, sharingGate } from '../../../src/domain/consent-validity.ts';
import { newCase, writeOptions } from './case-fixtures.ts';

function must<T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

const jobcenterConsent = {
  recipient: 'Jobcenter Duisburg',
  recipientPartnerId: 'partner-jc',
  purpose: 'Abstimmung über Leistungen',
  dataCategories: ['identity', 'benefits'] as ('identity' | 'benefits')[],
  givenAt: '2025-05-01T09:00:00.000Z',
  form: 'written' as const,
  language: 'de',
};

describe('consent gates sharing', () => {
  test('a referral to a partner without a consent naming it is refused and nothing is written', () => {
    const doc = newCase();
    const opts = writeOptions('r');
    must(
      addConsent(
        doc,
        { ...jobcenterConsent, recipient: 'Caritas', recipientPartnerId: 'partner-caritas' },
        opts,
      ),
    );
    const result = referToPartner(
      doc,
      { partnerId: 'partner-jc', partnerName: 'Jobcenter Duisburg', date: '2025-06-02', status: 'agreed' },
      opts,
    );
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.issues[0]?.code).toBe('consent-missing-for-recipient');
      expect(result.error.issues[0]?.message).toContain('„Jobcenter Duisburg“');
      expect(result.error.issues[0]?.message).toContain('02.06.2025');
    }
    expect(readCase(doc).file.referrals).toEqual([]);
  });

  test('with a valid consent for that partner the referral is recorded and linked to it', () => {
    const doc = newCase();
    const opts = writeOptions('r');
    const consentId = must(addConsent(doc, jobcenterConsent, opts));
    must(
      referToPartner(
        doc,
        { partnerId: 'partner-jc', partnerName: 'Jobcenter Duisburg', date: '2025-06-02', status: 'agreed' },
        opts,
      ),
    );
    expect(readCase(doc).file.referrals.map((r) => r.consentId)).toEqual([consentId]);
  });

  test('a chosen consent for another recipient does not open the gate', () => {
    const doc = newCase();
    const opts = writeOptions('r');
    const other = must(
      addConsent(doc, { ...jobcenterConsent, recipient: 'ABH', recipientPartnerId: 'partner-abh' }, opts),
    );
    const result = referToPartner(
      doc,
      {
        partnerId: 'partner-jc',
        partnerName: 'Jobcenter Duisburg',
        date: '2025-06-02',
        status: 'agreed',
        consentId: other,
      },
      opts,
    );
    expect(!result.ok && result.error.issues[0]?.code).toBe('consent-not-for-recipient');
  });

  test('a consent tied to one directory partner never counts for another partner of the same name', () => {
    const consent = { ...jobcenterConsent, id: 'c1' };
    const gate = sharingGate(
      [consent],
      { partnerId: 'partner-jc-2', name: 'Jobcenter Duisburg' },
      [],
      '2025-06-02',
    );
    expect(gate.ok).toBe(false);
  });

  test('the handover to the ABH uses the same gate', () => {
    const doc = newCase();
    const opts = writeOptions('h');
    const input = {
      pathway: '25b' as const,
      authority: 'abh' as const,
      authorityName: 'ABH Duisburg',
      submittedOn: '2025-06-02',
    };
    expect(handOverToAuthority(doc, input, opts).ok).toBe(false);
    must(
      addConsent(
        doc,
        { ...jobcenterConsent, recipient: 'abh duisburg', recipientPartnerId: undefined },
        opts,
      ),
    );
    expect(handOverToAuthority(doc, input, opts).ok).toBe(true);
  });

  test('changing a referral’s partner, day or consent passes the same gate; other fields change freely', () => {
    const doc = newCase();
    const opts = writeOptions('r');
    const names: Record<string, string> = {
      'partner-jc': 'Jobcenter Duisburg',
      'partner-caritas': 'Caritas',
      'partner-awo': 'AWO',
    };
    const nameOf = (id: string) => names[id] ?? '';
    const jobcenter = must(addConsent(doc, jobcenterConsent, opts));
    const caritas = must(
      addConsent(
        doc,
        { ...jobcenterConsent, recipient: 'Caritas', recipientPartnerId: 'partner-caritas' },
        opts,
      ),
    );
    const referral = must(
      referToPartner(
        doc,
        { partnerId: 'partner-jc', partnerName: 'Jobcenter Duisburg', date: '2025-06-02', status: 'agreed' },
        opts,
      ),
    );
    const stored = () => readCase(doc).file.referrals.find((r) => r.id === referral)!;

    // To a partner no consent names: refused, nothing written.
    const toAwo = changeReferral(doc, referral, { partnerId: 'partner-awo' }, nameOf, opts);
    expect(!toAwo.ok && toAwo.error.issues[0]?.code).toBe('consent-missing-for-recipient');
    expect(stored()).toMatchObject({ partnerId: 'partner-jc', consentId: jobcenter });
    // To a partner another consent names: that consent is linked instead.
    must(changeReferral(doc, referral, { partnerId: 'partner-caritas' }, nameOf, opts));
    expect(stored()).toMatchObject({ partnerId: 'partner-caritas', consentId: caritas });
    // A chosen consent for another recipient, or none at all, is refused.
    const wrong = changeReferral(doc, referral, { consentId: jobcenter }, nameOf, opts);
    expect(!wrong.ok && wrong.error.issues[0]?.code).toBe('consent-not-for-recipient');
    const none = changeReferral(doc, referral, { consentId: undefined }, nameOf, opts);
    expect(!none.ok && none.error.issues[0]?.code).toBe('consent-missing-for-recipient');
    // A day before any consent was given: refused.
    const early = changeReferral(doc, referral, { date: '2025-04-01' }, nameOf, opts);
    expect(!early.ok && early.error.issues[0]?.code).toBe('consent-missing-for-recipient');
    expect(stored()).toMatchObject({ partnerId: 'partner-caritas', consentId: caritas, date: '2025-06-02' });
    // Status and outcome change freely, also on a referral recorded before consents were checked.
    const old = must(
      addReferral(doc, { partnerId: 'partner-awo', date: '2024-01-10', status: 'agreed' }, opts),
    );
    must(changeReferral(doc, old, { status: 'attended', outcome: 'Platz erhalten' }, nameOf, opts));
    expect(readCase(doc).file.referrals.find((r) => r.id === old)).toMatchObject({
      status: 'attended',
      outcome: 'Platz erhalten',
    });
  });
});

describe('withdrawal', () => {
  test('a whole withdrawal on a past day ends the consent from that day', () => {
    const doc = newCase();
    const opts = writeOptions('w');
    const id = must(addConsent(doc, jobcenterConsent, opts));
    must(withdrawConsentOn(doc, id, { on: '2025-05-20' }, opts));
    const consent = readCase(doc).file.consents[0]!;
    expect(consentState(consent, '2025-05-19')).toBe('valid');
    expect(consentState(consent, '2025-05-20')).toBe('withdrawn');
  });

  test('a withdrawal in part removes only the named categories, from its day on', () => {
    const doc = newCase();
    const opts = writeOptions('w');
    const id = must(addConsent(doc, jobcenterConsent, opts));
    must(withdrawConsentOn(doc, id, { on: '2025-05-20', categories: ['benefits'] }, opts));
    const consent = readCase(doc).file.consents[0]!;
    expect(consent.withdrawnAt).toBeUndefined();
    expect(coveredCategories(consent, '2025-05-19')).toEqual(['identity', 'benefits']);
    expect(coveredCategories(consent, '2025-05-20')).toEqual(['identity']);
    const recipient = { partnerId: 'partner-jc' };
    expect(sharingGate([consent], recipient, ['benefits'], '2025-05-21').ok).toBe(false);
    expect(sharingGate([consent], recipient, ['identity'], '2025-05-21').ok).toBe(true);
  });

  test('a withdrawal dated in the future is refused', () => {
    const doc = newCase();
    const opts = writeOptions('w');
    const id = must(addConsent(doc, jobcenterConsent, opts));
    expect(withdrawConsentOn(doc, id, { on: '2025-06-03' }, opts).ok).toBe(false);
    expect(readCase(doc).file.consents[0]?.withdrawnAt).toBeUndefined();
  });
});

describe('how a consent was given', () => {
  test('signed on the tablet needs the signature and the text; oral needs a reason', () => {
    const doc = newCase();
    const opts = writeOptions('f');
    const signed = addConsent(doc, { ...jobcenterConsent, form: 'signed-on-tablet' }, opts);
    expect(!signed.ok && signed.error.issues.map((i) => i.code)).toEqual(['signature-missing']);
    const oral = addConsent(doc, { ...jobcenterConsent, form: 'oral-documented' }, opts);
    expect(!oral.ok && oral.error.issues.map((i) => i.code)).toEqual(['oral-reason-missing']);
    const svg = addConsent(
      doc,
      {
        ...jobcenterConsent,
        form: 'signed-on-tablet',
        textShown: 'Text',
        signature: 'data:image/svg+xml;base64,PHN2Zz4=',
      },
      opts,
    );
    expect(!svg.ok && svg.error.issues[0]?.path).toBe('signature');
    const big = addConsent(
      doc,
      {
        ...jobcenterConsent,
        form: 'signed-on-tablet',
        textShown: 'Text',
        signature: `data:image/png;base64,${'A'.repeat(90_000)}`,
      },
      opts,
    );
    expect(!big.ok && big.error.issues[0]?.message).toContain('zu groß');
    must(
      addConsent(
        doc,
        {
          ...jobcenterConsent,
          form: 'signed-on-tablet',
          textShown: 'Text',
          signature: 'data:image/png;base64,iVBORw0KGgo=',
        },
        opts,
      ),
    );
    expect(readCase(doc).file.consents).toHaveLength(1);
  });
});
