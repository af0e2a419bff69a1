import { z } from 'zod';
import { appointmentEntrySchema } from './appointments.ts';
import { dueEntrySchema } from './due-entry.ts';
import { message } from './messages.ts';
import { pathwayFactsSchema } from './pathways/facts-schema.ts';
import { idSchema, isoDateSchema, timestampSchema } from './schema/primitives.ts';
import { caseKindSchema, phaseSchema } from './vocabulary.ts';

const count = z.number().int().min(0);

/**
 * The version of what `summarizeCase` puts into a summary. A summary stored with another version is rebuilt
 * from its doc when the cases load, so a field added here reaches every case, not only the ones that change.
 * Summaries stored before versions were counted read as version 1.
 * - 2: the case's appointments.
 */
export const SUMMARY_VERSION = 2;

/** Whether a stored summary was made by this version of `summarizeCase`; otherwise it is rebuilt. */
export function isCurrentSummary(summary: Pick<CaseSummary, 'summaryVersion'>): boolean {
  return (summary.summaryVersion ?? 1) === SUMMARY_VERSION;
}

/**
 * What the case list, search and the "Heute" screen know about a case without opening its doc. Stored per
 * case on the device and validated on every read back. `overdueCount` is as of `summarizedOn`; recompute
 * summaries whose `summarizedOn` is before today.
 */
export const caseSummarySchema = z.object({
  id: idSchema,
  caseNumber: z.string().nullable(),
  /** "Familienname, Vornamen", or one of them, or "Ohne Namen". */
  displayName: z.string(),
  familyName: z.string().nullable(),
  givenNames: z.string().nullable(),
  aliases: z.array(z.string()),
  birthDate: isoDateSchema.nullable(),
  kind: caseKindSchema,
  phase: phaseSchema,
  teamId: z.string().nullable(),
  /** Who opened the case. */
  createdBy: z.string().nullable(),
  /**
   * Who is responsible for the case (Zuständig): "Meine Fälle" are the ones a person is responsible for.
   * Optional only so that summaries stored by an earlier version still read (they are rebuilt from the doc).
   */
  responsibleId: z.string().nullable().optional(),
  nextDue: isoDateSchema.nullable(),
  lastContactOn: isoDateSchema.nullable(),
  closedOn: isoDateSchema.nullable(),
  counts: z.object({
    contacts: count,
    goals: count,
    openGoals: count,
    openSteps: count,
    referrals: count,
    openReminders: count,
    overdue: count,
    barriers: count,
    /** Values in the doc that failed validation; the list shows a warning when this is not zero. */
    problems: count,
  }),
  due: z.array(dueEntrySchema),
  /**
   * What the residence pathways read, for the _Perspektiven_ list; only for cases with a residence history.
   * Absent from summaries stored by an earlier version (they are rebuilt from the doc).
   */
  pathwayFacts: pathwayFactsSchema.optional(),
  /** The case's appointments in date order (`src/domain/appointments.ts`); absent before version 2. */
  appointments: z.array(appointmentEntrySchema).optional(),
  /** See {@link SUMMARY_VERSION}; absent: version 1. */
  summaryVersion: z.number().int().min(1).optional(),
  updatedAt: timestampSchema.nullable(),
  summarizedOn: isoDateSchema,
});
export type CaseSummary = z.infer<typeof caseSummarySchema>;

/**
 * The person responsible for a case (_Zuständig_): "Meine Fälle" and the "Heute" screen's own cases are the
 * ones this answers with the person's id. Summaries stored by an earlier version name only the creator.
 */
export function responsibleOf(summary: Pick<CaseSummary, 'responsibleId' | 'createdBy'>): string | null {
  return summary.responsibleId ?? summary.createdBy;
}

/** "Familienname, Vornamen" as German case lists show it. */
export function displayName(familyName: string | null, givenNames: string | null): string {
  if (familyName && givenNames) return `${familyName}, ${givenNames}`;
  return familyName ?? givenNames ?? message('unnamed');
}
