import { LABELS, labelOf } from '../../domain/labels.ts';
import type { VocabularyName } from '../../domain/vocabulary.ts';
import { locale, type Locale } from '../../state/locale.svelte.ts';
import { de } from './de.ts';
import { en } from './en.ts';
import { fill, format, type MessageKey, type Messages } from './messages.ts';

export { fill };

const CATALOGUES: Record<Locale, Messages> = { de, en };

/**
 * Translates `key` into the current UI language. Reading `locale.current` makes every template that calls
 * `t` re-render when the language changes.
 */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  return format(CATALOGUES[locale.current], key, params);
}

export type { MessageKey };

/**
 * Texts that belong to one component, kept next to it. The English catalogue must have the German one's
 * keys; the returned function reads the current language, so templates re-render when it changes.
 */
export function localTexts<T extends Record<string, string>>(catalogues: {
  de: T;
  en: { [K in keyof T]: string };
}): () => { [K in keyof T]: string } {
  return () => catalogues[locale.current];
}

/** The label of a vocabulary value in the current language; unknown values say so and show the raw value. */
export function label<V extends VocabularyName>(vocabulary: V, value: unknown): string {
  return labelOf(vocabulary, value, locale.current);
}

/** Every value of a vocabulary with its label, for selects and chips. */
export function options<V extends VocabularyName>(vocabulary: V): { value: string; label: string }[] {
  return Object.keys(LABELS[vocabulary]).map((value) => ({ value, label: label(vocabulary, value) }));
}

const dateFormats = {
  de: new Intl.DateTimeFormat('de-DE', {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    timeZone: 'UTC',
  }),
  en: new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }),
};

/** `2025-03-04` as people read it: 04.03.2025 in German. Invalid input is shown as it is. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '–';
  const time = Date.parse(`${iso.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(time) ? iso : dateFormats[locale.current].format(time);
}
