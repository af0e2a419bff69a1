import type { de } from './de.ts';

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

/** The shape every UI language must fill: the German texts' keys, with any string as value. */
export type Messages = Widen<typeof de>;

type Join<K extends string, P extends string> = `${K}.${P}`;

/** Dotted keys of every text, e.g. `'nav.cases'`. */
export type MessageKey = {
  [K in keyof Messages & string]: {
    [P in keyof Messages[K] & string]: Join<K, P>;
  }[keyof Messages[K] & string];
}[keyof Messages & string];

/** Looks up a dotted key and fills `{name}` placeholders. */
export function format(
  messages: Messages,
  key: MessageKey,
  params?: Record<string, string | number>,
): string {
  const [section, name] = key.split('.') as [keyof Messages, string];
  const text = (messages[section] as Record<string, string>)[name] ?? key;
  return params ? fill(text, params) : text;
}

/** Fills `{name}` placeholders; unknown ones stay visible, so a missing value is noticed, not hidden. */
export function fill(text: string, params: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (match, param: string) =>
    Object.hasOwn(params, param) ? String(params[param]) : match,
  );
}
