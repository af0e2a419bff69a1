import type { z } from 'zod';
import { germanErrorMap } from './messages.ts';
import { inputSchema, type Rule, type RuleContext } from './schema/rules.ts';
import { issuesFromZod, type FieldIssue } from './write-result.ts';

export type Validated<T> = { ok: true; data: T } | { ok: false; issues: FieldIssue[] };

/** Validates what a person entered against a part's fields and all of its rules. */
export function validateInput<S extends z.ZodObject>(
  fields: S,
  rules: readonly Rule<z.output<S>>[],
  value: unknown,
  ctx: RuleContext,
): Validated<z.output<S>> {
  const result = inputSchema(fields, rules, ctx).safeParse(value, { error: germanErrorMap });
  return result.success
    ? { ok: true, data: result.data }
    : { ok: false, issues: issuesFromZod(result.error) };
}

/**
 * The record as it stands, minus fields that no longer validate, merged with `patch` (where `undefined`
 * clears a field). Validating this whole merge lets rules across fields see the new value next to the old.
 */
export function mergePatch<S extends z.ZodObject>(
  fields: S,
  currentRaw: unknown,
  patch: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const merged = withoutInvalidFields(fields, currentRaw);
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}

/**
 * The raw record without the fields that fail validation, required ones included, so that a damaged value
 * (say, an enum from a newer version) does not block editing the record's other fields: the person is asked
 * for the missing field instead.
 */
function withoutInvalidFields<S extends z.ZodObject>(fields: S, raw: unknown): Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return {};
  const candidate: Record<string, unknown> = { ...(raw as Record<string, unknown>) };
  for (let round = 0; round <= Object.keys(fields.shape).length; round++) {
    const result = fields.safeParse(candidate);
    if (result.success) return candidate;
    let dropped = false;
    for (const issue of result.error.issues) {
      const key = issue.path[0];
      if (typeof key === 'string' && Object.hasOwn(candidate, key)) {
        delete candidate[key];
        dropped = true;
      }
    }
    if (!dropped) return candidate;
  }
  return candidate;
}
