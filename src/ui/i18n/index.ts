import { locale, type Locale } from '../../state/locale.svelte.ts';
import { de } from './de.ts';
import { en } from './en.ts';
import { format, type MessageKey, type Messages } from './messages.ts';

const CATALOGUES: Record<Locale, Messages> = { de, en };

/**
 * Translates `key` into the current UI language. Reading `locale.current` makes every template that calls
 * `t` re-render when the language changes.
 */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  return format(CATALOGUES[locale.current], key, params);
}

export type { MessageKey };
