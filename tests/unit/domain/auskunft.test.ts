import { describe, expect, test } from 'vitest';
import {
  AuskunftSchema,
  buildAuskunft,
  handoverConsents,
  sectionsAllowed,
  type Auskunft,
} from '../../../src/domain/auskunft.ts';
import { readCase } from '../../../src/domain/case-read.ts';
import { referToPartner, withdrawConsentOn } from '../../../src/domain/case-write-consents.ts';
import { addConsent, addContact } from '../../../src/domain/case-write-items.ts';
import { setPersonField, setProse } from '../../../src/domain/case-write.ts';
import { NOW, newCase, writeOptions } from './case-fixtures.ts';

function must<T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

const NAMES: Record<string, string> = { 'user-1': 'Anna Berger', 'user-2': 'Carla Diaz' };
const PARTNERS: Record<string, string> = { 'partner-jc': 'Jobcenter Duisburg' };

/** A case with a person, a contact, two consents (one withdrawn), a referral and a note. */
function recordedCase() {
  const doc = newCase({ person: { familyName: 'Haddad', givenNames: 'Samira', nationalities: ['SY'] } });
  const opts = writeOptions('r');
  must(setPersonField(doc, 'phone', '0203 123456', opts));
  must(
    addContact(
      doc,
      { date: '2025-05-20', kind: 'office', topics: ['housing'], note: 'Wohnungssuche besprochen.' },
      opts,
    ),
  );
  const jobcenter = must(
    addConsent(
      doc,
      {
        recipient: 'Jobcenter Duisburg',
        recipientPartnerId: 'partner-jc',
        purpose: 'Abstimmung über Leistungen',
        dataCategories: ['identity', 'benefits', 'contact'],
        givenAt: '2025-05-01T09:00:00.000Z',
        form: 'written',
        language: 'de',
      },
      opts,
    ),
  );
  const school = must(
    addConsent(
      doc,
      {
        recipient: 'Gesamtschule Nord',
        purpose: 'Schulanmeldung',
        dataCategories: ['identity', 'family'],
        givenAt: '2025-04-01T09:00:00.000Z',
        form: 'written',
        language: 'de',
      },
      opts,
    ),
  );
  must(withdrawConsentOn(doc, school, { on: '2025-05-15' }, opts));
  must(
    referToPartner(
      doc,
      { partnerId: 'partner-jc', partnerName: 'Jobcenter Duisburg', date: '2025-05-21', status: 'agreed' },
      opts,
    ),
  );
  must(setProse(doc, { part: 'notes' }, 'Notiz-Markierung-7731', opts));
  return { file: readCase(doc).file, jobcenter, school };
}

const base = {
  now: NOW,
  nameOf: (id: string) => NAMES[id] ?? `Unbekannt (${id})`,
  partnerName: (id: string) => PARTNERS[id],
};

const section = (auskunft: Auskunft, id: string) => auskunft.sections.find((entry) => entry.id === id);
const values = (auskunft: Auskunft, id: string) =>
  (section(auskunft, id)?.items ?? []).flatMap((item) => item.fields.map((field) => field.value));

describe('the Auskunft document', () => {
  test('holds every section, the contacts, consents given and withdrawn, and the note, and parses with its schema', () => {
    const { file } = recordedCase();
    const auskunft = buildAuskunft(file, base);
    expect(AuskunftSchema.parse(JSON.parse(JSON.stringify(auskunft)))).toEqual(auskunft);
    expect(auskunft.case).toMatchObject({
      id: 'case-1',
      subject: 'Samira Haddad',
      caseNumber: 'DU-2025-0042',
    });
    expect(auskunft.sections.map((entry) => entry.id)).toContain('history');

    const person = section(auskunft, 'person')?.fields ?? [];
    expect(person).toContainEqual({ key: 'person.familyName', label: 'Familienname', value: 'Haddad' });
    // The phone number is a contact detail, its own section (an Übergabe may leave it out).
    expect(person.map((field) => field.key)).not.toContain('person.phone');
    expect(section(auskunft, 'contact-details')?.fields).toEqual([
      { key: 'person.phone', label: 'Telefon', value: '0203 123456' },
    ]);

    const contact = section(auskunft, 'contacts')?.items[0];
    expect(contact?.title).toContain('20.05.2025');
    expect(contact?.fields).toContainEqual(
      expect.objectContaining({ label: 'Notiz', value: 'Wohnungssuche besprochen.' }),
    );
    // The author by name, a life domain by its German label.
    expect(contact?.fields).toContainEqual(
      expect.objectContaining({ label: 'Dokumentiert von', value: 'Anna Berger' }),
    );
    expect(contact?.fields).toContainEqual(expect.objectContaining({ label: 'Themen', value: 'Wohnen' }));

    const consents = section(auskunft, 'consents')?.items ?? [];
    expect(consents.map((item) => item.title)).toEqual([
      expect.stringContaining('Jobcenter Duisburg'),
      expect.stringMatching(/Gesamtschule Nord.*widerrufen 15\.05\.2025/),
    ]);
    expect(values(auskunft, 'referrals')).toContain('Jobcenter Duisburg');
    expect(section(auskunft, 'notes')?.fields[0]?.value).toBe('Notiz-Markierung-7731');
  });

  test('names to whom data was passed and on which consent', () => {
    const { file, jobcenter } = recordedCase();
    const auskunft = buildAuskunft(file, base);
    expect(auskunft.disclosures).toEqual([
      {
        kind: 'referral',
        on: '2025-05-21',
        recipient: 'Jobcenter Duisburg',
        consent: expect.objectContaining({ id: jobcenter, recipient: 'Jobcenter Duisburg' }),
      },
    ]);
  });

  test('marks the access list as pending without the relay, and lists it by name with it', () => {
    const { file } = recordedCase();
    expect(buildAuskunft(file, base).access).toEqual({ state: 'pending' });
    const at = Date.parse('2025-05-20T08:00:00.000Z');
    const withAccess = buildAuskunft(file, {
      ...base,
      access: { truncated: false, entries: [{ at, userId: 'user-2', login: 'carla', kind: 'doc-fetched' }] },
    });
    expect(withAccess.access).toEqual({
      state: 'included',
      truncated: false,
      entries: [{ at: '2025-05-20T08:00:00.000Z', who: 'Carla Diaz', kind: 'doc-fetched' }],
    });
  });

  test('writes English labels when asked to', () => {
    const { file } = recordedCase();
    const auskunft = buildAuskunft(file, { ...base, locale: 'en' });
    expect(section(auskunft, 'person')?.fields).toContainEqual({
      key: 'person.familyName',
      label: 'Family name',
      value: 'Haddad',
    });
    expect(section(auskunft, 'contacts')?.title).toBe('Contacts (counselling history)');
  });
});

describe('the Übergabe', () => {
  test('keeps only the chosen sections that the consent covers, and nothing of disclosures or access', () => {
    const { file, jobcenter } = recordedCase();
    const allowed = sectionsAllowed(
      file.consents,
      { partnerId: 'partner-jc', name: 'Jobcenter Duisburg' },
      '2025-06-02',
      jobcenter,
    );
    expect(allowed).toMatchObject({
      person: true,
      'contact-details': true,
      benefits: true,
      contacts: false,
      household: false,
    });

    const handover = buildAuskunft(file, {
      ...base,
      handover: { consentId: jobcenter, sections: ['person', 'contacts', 'benefits'] },
    });
    expect(AuskunftSchema.parse(handover).purpose).toBe('uebergabe');
    // Contacts were chosen but the consent does not cover counselling notes.
    expect(handover.sections.map((entry) => entry.id)).toEqual(['person', 'benefits']);
    expect(JSON.stringify(handover)).not.toContain('Wohnungssuche');
    expect(handover.recipient).toEqual({
      name: 'Jobcenter Duisburg',
      consentId: jobcenter,
      consentGivenAt: '2025-05-01T09:00:00.000Z',
      categories: ['identity', 'benefits', 'contact'],
    });
    expect(handover.disclosures).toEqual([]);
    expect(handover.access).toEqual({ state: 'omitted' });
  });

  test('offers only consents that are valid today: a withdrawn one allows nothing', () => {
    const { file, jobcenter } = recordedCase();
    expect(handoverConsents(file.consents, '2025-06-02').map((consent) => consent.id)).toEqual([jobcenter]);
    // Before the withdrawal the school's consent allowed its sections.
    expect(handoverConsents(file.consents, '2025-05-10')).toHaveLength(2);
  });
});

describe('readable values', () => {
  test('a referral names its consent by recipient and day, and unassessed life domains are left out', () => {
    const { file } = recordedCase();
    const auskunft = buildAuskunft(file, base);
    expect(section(auskunft, 'referrals')?.items[0]?.fields).toContainEqual(
      expect.objectContaining({ label: 'Einwilligung', value: 'Jobcenter Duisburg (01.05.2025)' }),
    );
    expect(section(auskunft, 'assessment')?.items).toEqual([]);
  });
});
