import { describe, expect, test } from 'vitest';
import { readCase } from '../../../../src/domain/case-read.ts';
import { updateSection } from '../../../../src/domain/case-write.ts';
import { addItem } from '../../../../src/domain/case-write-items.ts';
import {
  DEFAULT_CHECKLISTS,
  handOverToAuthority,
  startChecklist,
} from '../../../../src/domain/case-write-pathways.ts';
import { caseDueEntries } from '../../../../src/domain/due-items.ts';
import { newCase, snapshot, writeOptions } from '../case-fixtures.ts';

function must<T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

describe('a pathway’s document checklist', () => {
  test('starts with the usual documents as missing, and adds only what is not listed yet', () => {
    const doc = newCase();
    const opts = writeOptions('d');
    must(addItem(doc, 'pathwayDocuments', { pathway: '25b', kind: 'passport', status: 'available' }, opts));
    const added = must(startChecklist(doc, '25b', opts));
    expect(added).toHaveLength(DEFAULT_CHECKLISTS['25b'].length - 1);
    const documents = readCase(doc).file.pathwayDocuments;
    expect(documents.filter((d) => d.kind === 'passport')).toHaveLength(1);
    expect(documents.filter((d) => d.kind !== 'passport').every((d) => d.status === 'missing')).toBe(true);
    expect(must(startChecklist(doc, '25b', opts))).toEqual([]);
  });

  test('a certificate dated in the future is refused on its field', () => {
    const doc = newCase();
    const result = addItem(
      doc,
      'pathwayDocuments',
      { pathway: '25b', kind: 'language-certificate', issuedOn: '2025-06-03' },
      writeOptions('c'),
    );
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.error.issues[0]).toMatchObject({ path: 'issuedOn', code: 'date-in-future' });
  });

  test('"other" needs a description', () => {
    const doc = newCase();
    expect(addItem(doc, 'pathwayDocuments', { pathway: '25a', kind: 'other' }, writeOptions('o')).ok).toBe(
      false,
    );
    expect(
      addItem(
        doc,
        'pathwayDocuments',
        { pathway: '25a', kind: 'other', label: 'Meldebescheinigung' },
        writeOptions('o'),
      ).ok,
    ).toBe(true);
  });

  test('a document missing or requested with a date is a deadline; one that is there is not', () => {
    const doc = newCase();
    const opts = writeOptions('d');
    const id = must(
      addItem(doc, 'pathwayDocuments', { pathway: '25b', kind: 'payslips', dueOn: '2025-08-01' }, opts),
    );
    must(
      addItem(
        doc,
        'pathwayDocuments',
        { pathway: '25b', kind: 'cv', dueOn: '2025-08-01', status: 'available' },
        opts,
      ),
    );
    const due = caseDueEntries(readCase(doc).file).filter((entry) => entry.kind === 'document-due');
    expect(due).toEqual([
      expect.objectContaining({
        due: '2025-08-01',
        remindFrom: '2025-07-18',
        sourceId: id,
        label: expect.objectContaining({ text: 'Lohnabrechnungen (letzte 3)' }),
      }),
    ]);
  });
});

describe('the handover to the ABH', () => {
  function withConsent(recipient: string) {
    const doc = newCase();
    const opts = writeOptions('h');
    const consentId = must(
      addItem(
        doc,
        'consents',
        {
          recipient,
          purpose: 'Antrag nach § 25b',
          dataCategories: ['identity', 'residence'],
          givenAt: '2025-05-01T09:00:00.000Z',
          form: 'written',
          language: 'de',
        } as never,
        opts,
      ),
    );
    return { doc, opts, consentId };
  }

  test('is refused without a consent naming the office, and nothing is written', () => {
    const { doc, opts } = withConsent('Jobcenter Kreis Unna');
    const before = snapshot(doc);
    const result = handOverToAuthority(
      doc,
      {
        pathway: '25b',
        authority: 'abh',
        authorityName: 'Ausländerbehörde Kreis Unna',
        submittedOn: '2025-06-01',
      },
      opts,
    );
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.error.issues[0]).toMatchObject({
        path: 'consentId',
        code: 'consent-missing-for-authority',
      });
    expect(snapshot(doc)).toBe(before);
  });

  test('is refused when the consent was given only after the handover', () => {
    const { doc, opts } = withConsent('Ausländerbehörde Kreis Unna');
    const result = handOverToAuthority(
      doc,
      {
        pathway: '25b',
        authority: 'abh',
        authorityName: 'Ausländerbehörde Kreis Unna',
        submittedOn: '2025-04-30',
      },
      opts,
    );
    expect(result.ok).toBe(false);
  });

  test('with a valid consent, records the application under it and marks the documents submitted', () => {
    const { doc, opts, consentId } = withConsent('Ausländerbehörde Kreis Unna');
    const passport = must(
      addItem(doc, 'pathwayDocuments', { pathway: '25b', kind: 'passport', status: 'available' }, opts),
    );
    const id = must(
      handOverToAuthority(
        doc,
        {
          pathway: '25b',
          authority: 'abh',
          authorityName: ' ausländerbehörde kreis unna ',
          submittedOn: '2025-06-01',
          documentIds: [passport, 'unknown'],
        },
        opts,
      ),
    );
    const { file } = readCase(doc);
    expect(file.applications).toEqual([
      expect.objectContaining({
        id,
        consentId,
        outcome: 'applied',
        submittedOn: '2025-06-01',
        documentIds: [passport],
      }),
    ]);
    expect(file.pathwayDocuments[0]?.status).toBe('submitted');
  });
});

describe('the deadlines of the pathways', () => {
  test('someone tolerated gets the last day for § 25a and the day § 25b’s stay is complete', () => {
    const doc = newCase();
    const opts = writeOptions('p');
    must(updateSection(doc, 'person', { birthDate: '2001-07-20' }, opts));
    must(updateSection(doc, 'residence', { status: 'toleration', statusSince: '2021-09-01' }, opts));
    const entries = caseDueEntries(readCase(doc).file);
    expect(entries.find((entry) => entry.kind === 'pathway-deadline')).toMatchObject({ due: '2028-07-19' });
    const times = entries
      .filter((entry) => entry.kind === 'pathway-time')
      .map((entry) => [entry.due, entry.label.text]);
    expect(times).toContainEqual(['2027-09-01', expect.stringContaining('§ 25b')]);
    expect(times).toContainEqual(['2022-09-01', expect.stringContaining('§ 25a')]);
  });
});
