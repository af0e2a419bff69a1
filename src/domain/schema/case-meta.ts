import { z } from 'zod';
import { caseKindSchema, closureReasonSchema, phaseSchema } from '../vocabulary.ts';
import {
  idSchema,
  isoDateSchema,
  LIMITS,
  listSchema,
  requiredTextSchema,
  textSchema,
  timestampSchema,
} from './primitives.ts';
import { personFields } from './person.ts';
import { notInFuture, type Rule } from './rules.ts';

/** Version of the doc layout written by this code; readers of a newer layout still read what they know. */
export const CASE_DOC_SCHEMA_VERSION = 1;

/**
 * Case meta as read back. Who created the case and for which team is set once by `createCaseDoc`; it is
 * optional here only so that a damaged value never hides the rest of the case.
 */
export const caseMetaFields = z.object({
  schemaVersion: z.number().int().optional(),
  id: idSchema,
  kind: caseKindSchema,
  phase: phaseSchema,
  caseNumber: textSchema(40).optional(),
  createdAt: timestampSchema.optional(),
  createdBy: idSchema.optional(),
  /**
   * The case manager responsible for the case (Zuständig). Cases from before it existed read as their
   * creator's (`readCaseMeta`); it changes only by a handover (`handOverCase`), which records it.
   */
  responsibleId: idSchema.optional(),
  teamId: idSchema.optional(),
  /** Other spellings of the name (transliterations, former names) the case should be found by. */
  aliases: listSchema(requiredTextSchema(LIMITS.name)).default([]),
  updatedAt: timestampSchema.optional(),
  updatedBy: idSchema.optional(),
});
export type CaseMeta = z.output<typeof caseMetaFields>;

/** What it takes to open a case file. */
export const caseInitSchema = z.object({
  id: idSchema.optional(),
  kind: caseKindSchema,
  caseNumber: textSchema(40).optional(),
  teamId: idSchema,
  createdBy: idSchema,
  aliases: listSchema(requiredTextSchema(LIMITS.name)).default([]),
  person: personFields.optional(),
});
export type CaseInit = z.input<typeof caseInitSchema>;

/** Abschluss. Both fields are required when closing; as read, each may be missing on its own. */
export const closureFields = z.object({
  reason: closureReasonSchema.optional(),
  closedOn: isoDateSchema.optional(),
});
export type Closure = z.output<typeof closureFields>;

export const closureInputSchema = z.object({
  reason: closureReasonSchema,
  closedOn: isoDateSchema,
});
export type ClosureInput = z.input<typeof closureInputSchema>;

export const closureRules: readonly Rule<Closure>[] = [notInFuture((c) => c.closedOn, 'closedOn')];
