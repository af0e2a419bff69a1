import { z } from 'zod';

/**
 * Every row read back from IndexedDB is parsed with these before use: storage is a trust boundary. A newer
 * app version, a browser bug or a person poking at DevTools can leave anything there.
 */
export const UpdateRowSchema = z.object({
  seq: z.number().int().positive(),
  docId: z.string().min(1),
  data: z.instanceof(Uint8Array),
  at: z.number(),
});

export const SummaryRowSchema = z.object({
  id: z.string().min(1),
  data: z.instanceof(Uint8Array),
  seq: z.number().int().nonnegative(),
  at: z.number(),
});

/** A short English description of why a value failed a schema, for the quarantine record. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(record)'}: ${issue.message}`).join('; ');
}
