import type { z } from 'zod';
import { message, type MessageCode } from './messages.ts';

/** One refused field, for showing next to the input it belongs to. */
export interface FieldIssue {
  /** Dotted path inside the record, e.g. `documentValidUntil` or `languages.1.level`; empty for the record. */
  path: string;
  /** The stable message code where one is known (custom rules), so another UI language can translate it. */
  code?: string;
  /** German text for people. */
  message: string;
}

/**
 * Why a write was refused. Nothing was written when a mutator returns one of these.
 * - `invalid-input`: the value breaks a rule; `issues` says which field and why.
 * - `not-found`: the record addressed by id is not (or no longer) in the doc.
 * - `refused`: the change is not allowed in the case's current state (e.g. a phase transition).
 */
export interface DomainError {
  code: 'invalid-input' | 'not-found' | 'refused';
  issues: FieldIssue[];
}

export type WriteResult<T = void> = { ok: true; value: T } | { ok: false; error: DomainError };

export function ok<T>(value: T): WriteResult<T> {
  return { ok: true, value };
}

export function refused<T = never>(
  code: DomainError['code'],
  messageCode: MessageCode,
  path = '',
  params: Record<string, string | number> = {},
): WriteResult<T> {
  return {
    ok: false,
    error: { code, issues: [{ path, code: messageCode, message: message(messageCode, params) }] },
  };
}

export function invalidInput<T = never>(issues: FieldIssue[]): WriteResult<T> {
  return { ok: false, error: { code: 'invalid-input', issues } };
}

export function issuesFromZod(error: z.ZodError, prefix: readonly (string | number)[] = []): FieldIssue[] {
  return error.issues.map((issue) => {
    const code = issue.code === 'custom' ? (issue.params as { code?: unknown } | undefined)?.code : undefined;
    return {
      path: [...prefix, ...issue.path].map(String).join('.'),
      ...(typeof code === 'string' ? { code } : {}),
      message: issue.message,
    };
  });
}

/** Messages grouped by field path, the shape a form wants. */
export function fieldErrors(error: DomainError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) (out[issue.path] ??= []).push(issue.message);
  return out;
}
