import { describe, expect, test } from 'vitest';
import {
  consentTemplate,
  consentTemplates,
  consentTextHash,
  isRightToLeft,
  parseTranslationFile,
  renderConsent,
  templateLanguages,
  TRANSLATION_FILE_FORMAT,
  validUntilFor,
} from '../../../src/domain/consent-templates.ts';
import { SHIPPED_PHRASES } from '../../../src/domain/consent-template-texts.ts';

const template = (id: string) => {
  const found = consentTemplate(id);
  if (!found) throw new Error(`no template ${id}`);
  return found;
};

/** A complete, valid Farsi file: phrases copied from the English ones stand in for a real translation. */
function farsiFile(overrides: Record<string, unknown> = {}) {
  return {
    format: TRANSLATION_FILE_FORMAT,
    formatVersion: 1,
    language: 'fa',
    reviewedBy: 'Übersetzungsbüro Rahimi',
    reviewedOn: '2026-11-30',
    phrases: { ...SHIPPED_PHRASES.en!.phrases, recipient: 'با این نهاد: {recipient}.' },
    templates: { jobcenter: { title: 'رضایت‌نامه Jobcenter', purpose: 'هماهنگی با Jobcenter.' } },
    ...overrides,
  };
}

describe('shipped consent templates', () => {
  test('cover the common purposes in German and English, with Arabic, Ukrainian and Turkish as samples', () => {
    expect(consentTemplates().map((t) => t.id)).toEqual([
      'case-management',
      'jobcenter',
      'immigration-office',
      'school-kita',
      'health-services',
    ]);
    for (const t of consentTemplates()) {
      const languages = templateLanguages(t);
      expect(languages.map((l) => l.language)).toEqual(['de', 'en', 'ar', 'uk', 'tr']);
      expect(languages.filter((l) => l.sample).map((l) => l.language)).toEqual(['ar', 'uk', 'tr']);
      expect(languages.filter((l) => !l.sample).every((l) => l.reviewedBy && l.reviewedOn)).toBe(true);
    }
  });

  test('name health data only where the purpose needs it', () => {
    const withHealth = consentTemplates().filter((t) => t.dataCategories.includes('health'));
    expect(withHealth.map((t) => t.id)).toEqual(['health-services']);
    const text = renderConsent(template('health-services'), 'de', { recipient: 'Gesundheitsamt' })!.text;
    expect(text).toContain('Gesundheitsdaten sind besonders geschützt');
    expect(renderConsent(template('jobcenter'), 'de', { recipient: 'Jobcenter' })!.text).not.toContain(
      'Gesundheit',
    );
  });

  test('fill in the recipient and the last day, with the numerals of the language', () => {
    const de = renderConsent(template('jobcenter'), 'de', {
      recipient: 'Jobcenter Duisburg',
      validUntil: '2027-12-06',
    })!;
    expect(de.paragraphs[0]).toContain('Jobcenter Duisburg');
    expect(de.text).toContain('6. Dezember 2027');
    expect(de.text).toContain('jederzeit ganz oder teilweise widerrufen');
    const ar = renderConsent(template('jobcenter'), 'ar', {
      recipient: 'Jobcenter Duisburg',
      validUntil: '2027-12-06',
    })!;
    expect(ar.text).toContain('٢٠٢٧');
    expect(isRightToLeft('ar')).toBe(true);
    expect(isRightToLeft('fa')).toBe(true);
    expect(isRightToLeft('uk')).toBe(false);
  });

  test('last a number of months, ending the day before the same date', () => {
    expect(validUntilFor(template('jobcenter'), '2026-12-07')).toBe('2027-12-06');
    expect(validUntilFor(template('health-services'), '2026-08-31')).toBe('2027-02-27');
  });
});

describe('the text hash', () => {
  test('is the SHA-256 of the exact text, in hex', async () => {
    expect(await consentTextHash('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    const a = renderConsent(template('jobcenter'), 'de', { recipient: 'Jobcenter A' })!.text;
    const b = renderConsent(template('jobcenter'), 'de', { recipient: 'Jobcenter B' })!.text;
    expect(await consentTextHash(a)).not.toBe(await consentTextHash(b));
  });
});

describe('importing an organisation’s translation', () => {
  test('a valid file is taken, carries its reviewer, and is preferred to a sample', () => {
    const parsed = parseTranslationFile(JSON.stringify(farsiFile({ language: 'ar' })));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const languages = templateLanguages(template('jobcenter'), [parsed.value]);
    expect(languages.find((l) => l.language === 'ar')).toEqual({
      language: 'ar',
      reviewedBy: 'Übersetzungsbüro Rahimi',
      reviewedOn: '2026-11-30',
    });
    expect(renderConsent(template('jobcenter'), 'ar', { recipient: 'X' }, [parsed.value])!.title).toBe(
      'رضایت‌نامه Jobcenter',
    );
  });

  test('adds a language Lotse does not ship', () => {
    const parsed = parseTranslationFile(JSON.stringify(farsiFile()));
    if (!parsed.ok) throw new Error(parsed.errors.join());
    expect(
      renderConsent(template('jobcenter'), 'fa', { recipient: 'JC' }, [parsed.value])?.paragraphs[0],
    ).toBe('با این نهاد: JC.');
    expect(renderConsent(template('school-kita'), 'fa', { recipient: 'JC' }, [parsed.value])).toBeUndefined();
  });

  test('refuses bad files with German messages that say where', () => {
    const errors = (value: unknown) => {
      const parsed = parseTranslationFile(typeof value === 'string' ? value : JSON.stringify(value));
      return parsed.ok ? [] : parsed.errors;
    };
    expect(errors('{nope')).toEqual(['Die Datei ist kein gültiges JSON.']);
    expect(errors(farsiFile({ format: 'other' }))[0]).toContain('keine Übersetzung von Einwilligungstexten');
    expect(errors(farsiFile({ language: 'xx' }))[0]).toBe(
      'language: Diese Sprache ist für Einwilligungstexte nicht vorgesehen.',
    );
    expect(errors(farsiFile({ reviewedBy: ' ' }))).toEqual(['reviewedBy: Bitte ausfüllen.']);
    const noPlaceholder = farsiFile();
    noPlaceholder.phrases = { ...noPlaceholder.phrases, recipient: 'ohne Platzhalter' };
    expect(errors(noPlaceholder)).toEqual(['phrases.recipient: Der Platzhalter {recipient} fehlt.']);
    expect(errors(farsiFile({ templates: { jobcentre: { title: 'a', purpose: 'b' } } }))).toEqual([
      'templates.jobcentre: Eine Vorlage „jobcentre“ gibt es nicht.',
    ]);
  });
});
