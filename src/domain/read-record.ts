import type { z } from 'zod';
import type { PathSegment, ReadProblem } from './case-file.ts';
import { germanErrorMap, message } from './messages.ts';
import { consistencyIssues, type Rule } from './schema/rules.ts';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current = root;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** The path segment that names a list item: its id when it has a usable one, else its position. */
export function itemSegment(raw: unknown, index: number): PathSegment {
  return isRecord(raw) && typeof raw.id === 'string' && raw.id.length > 0 ? raw.id : index;
}

/**
 * Reads one record through its field schema without ever throwing. An invalid optional field is left out
 * and reported; an invalid required field makes the whole record unreadable, reported with its raw value.
 * Read-time consistency rules are checked last and reported without dropping anything.
 */
export function readRecord<S extends z.ZodObject>(
  fields: S,
  rules: readonly Rule<z.output<S>>[],
  raw: unknown,
  path: PathSegment[],
  problems: ReadProblem[],
): z.output<S> | undefined {
  if (!isRecord(raw)) {
    problems.push({ path, message: message('unreadable-item'), raw, effect: 'item-dropped' });
    return undefined;
  }
  const shape = fields.shape as Record<string, z.ZodType>;
  const candidate: Record<string, unknown> = { ...raw };
  const dropped: ReadProblem[] = [];
  // Each round drops every field named by an issue; a second round is needed only for issues that
  // appear once the first ones are gone, so the loop is bounded by the number of fields.
  for (let round = 0; round <= Object.keys(shape).length; round++) {
    const result = fields.safeParse(candidate, { error: germanErrorMap });
    if (result.success) {
      problems.push(...dropped);
      for (const issue of consistencyIssues(result.data, rules)) {
        problems.push({
          path: [...path, ...issue.path],
          message: issue.message,
          raw: valueAt(result.data, issue.path),
          effect: 'inconsistent',
        });
      }
      return result.data;
    }
    let fatal: z.core.$ZodIssue | undefined;
    for (const issue of result.error.issues) {
      const key = issue.path[0];
      if (typeof key !== 'string' || !shape[key]?.safeParse(undefined).success) {
        fatal ??= issue;
        continue;
      }
      if (!Object.hasOwn(candidate, key)) continue;
      dropped.push({
        path: [
          ...path,
          ...issue.path.map((segment) => (typeof segment === 'symbol' ? String(segment) : segment)),
        ],
        message: issue.message,
        raw: valueAt(raw, issue.path),
        effect: 'field-dropped',
      });
      delete candidate[key];
    }
    if (fatal) {
      problems.push({
        path,
        field: fatal.path.map(String).join('.'),
        message: `${message('unreadable-item')} ${fatal.message}`,
        raw,
        effect: 'item-dropped',
      });
      return undefined;
    }
  }
  problems.push({ path, message: message('unreadable-item'), raw, effect: 'item-dropped' });
  return undefined;
}
