import * as Y from 'yjs';

/**
 * Turns a Yjs value into plain data for validation: `Y.Text` becomes its string, maps and arrays recurse.
 * Anything else (numbers, strings, JSON written by any version) passes through unchanged.
 */
export function toPlain(value: unknown): unknown {
  if (value instanceof Y.Text) return value.toString();
  if (value instanceof Y.Map) {
    const out: Record<string, unknown> = {};
    for (const [key, entry] of value.entries()) out[key] = toPlain(entry);
    return out;
  }
  if (value instanceof Y.Array) return value.toArray().map(toPlain);
  if (value instanceof Y.AbstractType) return value.toJSON();
  return value;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/**
 * Makes `text` read `next` by deleting and inserting only the changed middle part, so that an edit on this
 * device merges with concurrent edits elsewhere instead of replacing the whole note. The cut never splits
 * a surrogate pair (an emoji), which would leave half a character behind.
 */
export function replaceText(text: Y.Text, next: string): void {
  const current = text.toString();
  if (current === next) return;
  let prefix = 0;
  const maxPrefix = Math.min(current.length, next.length);
  while (prefix < maxPrefix && current.charCodeAt(prefix) === next.charCodeAt(prefix)) prefix++;
  if (prefix > 0 && isHighSurrogate(current.charCodeAt(prefix - 1))) prefix--;
  let suffix = 0;
  const maxSuffix = maxPrefix - prefix;
  while (
    suffix < maxSuffix &&
    current.charCodeAt(current.length - 1 - suffix) === next.charCodeAt(next.length - 1 - suffix)
  ) {
    suffix++;
  }
  if (suffix > 0 && isLowSurrogate(current.charCodeAt(current.length - suffix))) suffix--;
  const deleteCount = current.length - prefix - suffix;
  if (deleteCount > 0) text.delete(prefix, deleteCount);
  const insert = next.slice(prefix, next.length - suffix);
  if (insert.length > 0) text.insert(prefix, insert);
}
