import { describe, expect, test } from 'vitest';
import { parseEnumLenient } from '../../../src/domain/enum.ts';
import { LABELS, labelOf } from '../../../src/domain/labels.ts';
import { LIFE_DOMAINS, VOCABULARIES, type VocabularyName } from '../../../src/domain/vocabulary.ts';

describe('vocabulary values from newer app versions', () => {
  test('parse leniently, keeping the raw value', () => {
    expect(parseEnumLenient('contactKind', 'home-visit')).toEqual({ ok: true, value: 'home-visit' });
    expect(parseEnumLenient('contactKind', 'messenger')).toEqual({ ok: false, raw: 'messenger' });
    expect(parseEnumLenient('needLevel', 3)).toEqual({ ok: false, raw: 3 });
    expect(parseEnumLenient('phase', undefined)).toEqual({ ok: false, raw: undefined });
  });

  test('show as "unbekannter Wert" with the raw value instead of failing', () => {
    expect(labelOf('contactKind', 'messenger')).toBe('Unbekannter Wert „messenger“.');
    expect(labelOf('contactKind', 'messenger', 'en')).toBe('Unknown value “messenger”.');
    expect(labelOf('phase', 'intake')).toBe('Zugang & Klärung');
    expect(labelOf('phase', 'intake', 'en')).toBe('Intake & clarification');
    expect(labelOf('caseKind', 'short-counselling')).toBe('Kurzberatung');
  });
});

describe('labels', () => {
  test('every value of every vocabulary has a German and an English label, and nothing else does', () => {
    for (const name of Object.keys(VOCABULARIES) as VocabularyName[]) {
      const values: readonly string[] = VOCABULARIES[name];
      const table: Record<string, { de: string; en: string }> = LABELS[name];
      expect(Object.keys(table).sort(), name).toEqual([...values].sort());
      for (const value of values) {
        expect(table[value]?.de.trim(), `${name}.${value}`).not.toBe('');
        expect(table[value]?.en.trim(), `${name}.${value}`).not.toBe('');
      }
    }
  });

  test('the ten life domains of KIM in their order', () => {
    expect(LIFE_DOMAINS.map((domain) => LABELS.lifeDomain[domain].de)).toEqual([
      'Aufenthalt & Einbürgerung',
      'Sprache & Integrationskurs',
      'Arbeit & Ausbildung',
      'Anerkennung ausländischer Abschlüsse',
      'Existenzsicherung & Leistungen',
      'Wohnen',
      'Gesundheit (auch psychosozial)',
      'Familie, Kita & Schule',
      'Soziale Teilhabe',
      'Sonstiges',
    ]);
  });
});
