import type { z } from 'zod';
import type { IsoDate } from '../dates.ts';
import { message, type MessageCode } from '../messages.ts';

/** What input rules may depend on besides the value: the device's calendar day. */
export interface RuleContext {
  today: IsoDate;
}

export interface RuleIssue {
  path: (string | number)[];
  code: MessageCode;
  params?: Record<string, string | number>;
}

/**
 * A rule across fields of one record. Rules marked `onRead` describe consistency every stored record should
 * have (a read that breaks one is reported, and the values are kept); the others apply only when a person
 * enters data, because they depend on today or ask for completeness.
 */
export interface Rule<T> {
  onRead: boolean;
  check(value: T, ctx: RuleContext, report: (issue: RuleIssue) => void): void;
}

/** `fields` plus every rule, for validating what a person entered. */
export function inputSchema<S extends z.ZodObject>(
  fields: S,
  rules: readonly Rule<z.output<S>>[],
  ctx: RuleContext,
) {
  return fields.superRefine((value, zodCtx) => {
    for (const rule of rules) {
      rule.check(value, ctx, (issue) =>
        zodCtx.addIssue({
          code: 'custom',
          path: issue.path,
          message: message(issue.code, issue.params),
          params: { code: issue.code },
        }),
      );
    }
  });
}

/** Issues of the read-time rules for a record that already passed its field schema. */
export function consistencyIssues<T>(
  value: T,
  rules: readonly Rule<T>[],
): (RuleIssue & { message: string })[] {
  const issues: (RuleIssue & { message: string })[] = [];
  // Read-time rules never look at `today`; an empty day makes any accidental use visible in review.
  const ctx: RuleContext = { today: '' };
  for (const rule of rules) {
    if (rule.onRead)
      rule.check(value, ctx, (issue) =>
        issues.push({ ...issue, message: message(issue.code, issue.params) }),
      );
  }
  return issues;
}

/** `later` must not be before `earlier` when both are set (ISO dates and timestamps compare as strings). */
export function notBefore<T>(
  earlier: (value: T) => string | undefined,
  later: (value: T) => string | undefined,
  path: string,
  code: MessageCode,
): Rule<T> {
  return {
    onRead: true,
    check(value, _ctx, report) {
      const from = earlier(value);
      const until = later(value);
      if (from !== undefined && until !== undefined && until.slice(0, 10) < from.slice(0, 10)) {
        report({ path: [path], code });
      }
    },
  };
}

/** The date at `path` must not lie after today (input only: a device's clock may be wrong). */
export function notInFuture<T>(
  pick: (value: T) => IsoDate | undefined,
  path: string,
  code: MessageCode = 'date-in-future',
): Rule<T> {
  return {
    onRead: false,
    check(value, ctx, report) {
      const date = pick(value);
      if (date !== undefined && date > ctx.today) report({ path: [path], code });
    },
  };
}

/** The list at `path` must not hold the same key twice. */
export function unique<T, E>(
  pick: (value: T) => readonly E[],
  key: (entry: E) => string,
  path: string,
): Rule<T> {
  return {
    onRead: false,
    check(value, _ctx, report) {
      const seen = new Set<string>();
      pick(value).forEach((entry, index) => {
        const k = key(entry);
        if (seen.has(k)) report({ path: [path, index], code: 'duplicate-value' });
        seen.add(k);
      });
    },
  };
}
