import { describe, expect, it } from 'vitest';
import { de } from '../../src/ui/i18n/de.ts';
import { en } from '../../src/ui/i18n/en.ts';
import { format, type Messages } from '../../src/ui/i18n/messages.ts';

function keys(messages: Messages): string[] {
  return Object.entries(messages).flatMap(([section, texts]) =>
    Object.keys(texts as Record<string, string>).map((name) => `${section}.${name}`),
  );
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!).sort();
}

describe('UI texts', () => {
  it('has the same keys in German and English', () => {
    expect(keys(en)).toEqual(keys(de));
  });

  it('has no empty text and the same placeholders in both languages', () => {
    for (const key of keys(de)) {
      const [section, name] = key.split('.') as [keyof Messages, string];
      const german = (de[section] as Record<string, string>)[name]!;
      const english = (en[section] as Record<string, string>)[name]!;
      expect(german.trim(), key).not.toBe('');
      expect(english.trim(), key).not.toBe('');
      expect(placeholders(english), key).toEqual(placeholders(german));
    }
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(format(de, 'app.version', { version: '1.2.3' })).toBe('Version 1.2.3');
    expect(format(de, 'app.version', {})).toBe('Version {version}');
  });
});
