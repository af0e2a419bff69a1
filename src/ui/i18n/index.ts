import { LABELS, labelOf } from '../../domain/labels.ts';
import type { VocabularyName } from '../../domain/vocabulary.ts';
import { locale } from '../../state/locale.svelte.ts';

/**
 * The one way Lotse's screens get their texts: each component (or a `*-texts.ts` module beside the
 * components that share them) declares its German and English texts together. The compiler holds English to
 * the German keys, `tests/unit/ui-texts.test.ts` reads every catalogue in `src/ui` and holds both languages to
 * the same placeholders; the returned function reads the current language, so templates re-render when it
 * changes. Texts travel with the code that shows them, so a screen loaded on demand brings its own.
 */
export function localTexts<T extends Record<string, string>>(catalogues: {
  de: T;
  en: { [K in keyof T]: string };
}): () => { [K in keyof T]: string } {
  return () => catalogues[locale.current];
}

/** Fills `{name}` placeholders; unknown ones stay visible, so a missing value is noticed, not hidden. */
export function fill(text: string, params: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (match, param: string) =>
    Object.hasOwn(params, param) ? String(params[param]) : match,
  );
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

/**
 * Dates already formatted, per language. `Intl.DateTimeFormat#format` is slow next to a lookup, and a list
 * of cases formats the same few hundred dates again on every search keystroke. Bounded, as a long session
 * may see many.
 */
const formatted = { de: new Map<string, string>(), en: new Map<string, string>() };
const MAX_FORMATTED = 5_000;

/** `2025-03-04` as people read it: 04.03.2025 in German. Invalid input is shown as it is. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '–';
  const cache = formatted[locale.current];
  let text = cache.get(iso);
  if (text === undefined) {
    const time = Date.parse(`${iso.slice(0, 10)}T00:00:00Z`);
    text = Number.isNaN(time) ? iso : dateFormats[locale.current].format(time);
    if (cache.size >= MAX_FORMATTED) cache.clear();
    cache.set(iso, text);
  }
  return text;
}
