import { VOCABULARIES, type VocabularyName, type VocabularyValue } from './vocabulary.ts';

/**
 * The outcome of reading an enum value that may come from a newer app version. `ok: false` keeps the raw
 * value so the UI can show "unbekannter Wert" next to it instead of failing or silently dropping it.
 */
export type LenientEnum<T extends string> = { ok: true; value: T } | { ok: false; raw: unknown };

/** Reads `raw` as a value of the named vocabulary without ever throwing. */
export function parseEnumLenient<V extends VocabularyName>(
  vocabulary: V,
  raw: unknown,
): LenientEnum<VocabularyValue<V>> {
  const values: readonly string[] = VOCABULARIES[vocabulary];
  if (typeof raw === 'string' && values.includes(raw)) {
    return { ok: true, value: raw as VocabularyValue<V> };
  }
  return { ok: false, raw };
}

/** Type guard for one vocabulary. */
export function isVocabularyValue<V extends VocabularyName>(
  vocabulary: V,
  raw: unknown,
): raw is VocabularyValue<V> {
  return parseEnumLenient(vocabulary, raw).ok;
}
