import { z } from 'zod';
import {
  applicationOutcomeSchema,
  authoritySchema,
  documentKindSchema,
  documentStatusSchema,
  pathwaySchema,
  responsiblePartySchema,
} from '../vocabulary.ts';
import { idSchema, isoDateSchema, LIMITS, listSchema, requiredTextSchema, textSchema } from './primitives.ts';
import { notBefore, notInFuture, type Rule } from './rules.ts';

/**
 * One document of a pathway's checklist: what it is, where it stands (fehlt, angefordert, liegt vor,
 * eingereicht), by when it is needed and who obtains it. A document still missing or requested with a due
 * date is a deadline of the case like a step.
 */
export const pathwayDocumentFields = z.object({
  id: idSchema,
  pathway: pathwaySchema,
  kind: documentKindSchema,
  /** What the document is, where the kind does not say it ("other"), or a detail. */
  label: textSchema(LIMITS.short).optional(),
  status: documentStatusSchema,
  dueOn: isoDateSchema.optional(),
  /** The day the document or certificate was issued; never in the future. */
  issuedOn: isoDateSchema.optional(),
  obtainedBy: responsiblePartySchema.optional(),
  note: textSchema(LIMITS.line).optional(),
});
export type PathwayDocument = z.output<typeof pathwayDocumentFields>;

export const pathwayDocumentRules: readonly Rule<PathwayDocument>[] = [
  notInFuture((d) => d.issuedOn, 'issuedOn'),
  {
    onRead: false,
    check(document, _ctx, report) {
      if (document.kind === 'other' && !document.label?.trim()) report({ path: ['label'], code: 'required' });
    },
  },
];

/**
 * An application handed over to the ABH or EBH: when, to which office, under which consent, what was
 * submitted, and what became of it. Handing over shares the client's data, so it needs a consent valid on
 * that day that names the office as recipient (`handOverToAuthority`).
 */
export const authorityApplicationFields = z.object({
  id: idSchema,
  pathway: pathwaySchema,
  authority: authoritySchema,
  /** The office as named in the consent, e.g. "Ausländerbehörde Kreis Unna". */
  authorityName: requiredTextSchema(LIMITS.short),
  consentId: idSchema,
  submittedOn: isoDateSchema,
  /** Ids of checklist documents handed over with it. */
  documentIds: listSchema(idSchema, 30).default([]),
  outcome: applicationOutcomeSchema,
  outcomeOn: isoDateSchema.optional(),
  note: textSchema(LIMITS.line).optional(),
});
export type AuthorityApplication = z.output<typeof authorityApplicationFields>;

export const authorityApplicationRules: readonly Rule<AuthorityApplication>[] = [
  notInFuture((a) => a.submittedOn, 'submittedOn'),
  notInFuture((a) => a.outcomeOn, 'outcomeOn'),
  notBefore(
    (a) => a.submittedOn,
    (a) => a.outcomeOn,
    'outcomeOn',
    'outcome-before-submission',
  ),
];
