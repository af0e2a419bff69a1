import { z } from 'zod';
import { appointmentEntrySchema, caseAppointmentEntries } from './appointments.ts';
import type { ReadCaseResult } from './case-file.ts';
import type { IsoDate } from './dates.ts';
import { caseDueEntries, dueEntrySchema, nextDue, overdueCount } from './due-items.ts';
import { germanErrorMap, message } from './messages.ts';
import { pathwayFactsSchema } from './pathways/facts-schema.ts';
import { pathwayFactsOf } from './pathways/from-case.ts';
import { idSchema, isoDateSchema, timestampSchema } from './schema/primitives.ts';
import { caseKindSchema, FINISHED_GOAL_STATUSES, phaseSchema } from './vocabulary.ts';

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

function clean(value: string | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

/** "Familienname, Vornamen" as German case lists show it. */
export function displayName(familyName: string | null, givenNames: string | null): string {
  if (familyName && givenNames) return `${familyName}, ${givenNames}`;
  return familyName ?? givenNames ?? message('unnamed');
}

/** Summarises a read case as of `today`. Pure; validated, so a bug here cannot store a bad summary. */
export function summarizeCase({ file, problems }: ReadCaseResult, today: IsoDate): CaseSummary {
  const familyName = clean(file.person.familyName);
  const givenNames = clean(file.person.givenNames);
  const due = caseDueEntries(file);
  // Entries marked as erroneous stay in the file but count for nothing: not as a contact, not as open work.
  const contacts = file.contacts.filter((contact) => !contact.erroneous);
  let lastContactOn: IsoDate | null = null;
  for (const contact of contacts)
    if (lastContactOn === null || contact.date > lastContactOn) lastContactOn = contact.date;
  const openGoals = file.goals.filter(
    (goal) => !FINISHED_GOAL_STATUSES.includes(goal.status) && !goal.erroneous,
  );
  const summary: CaseSummary = {
    id: file.meta.id,
    caseNumber: clean(file.meta.caseNumber),
    displayName: displayName(familyName, givenNames),
    familyName,
    givenNames,
    aliases: file.meta.aliases,
    birthDate: file.person.birthDate ?? null,
    kind: file.meta.kind,
    phase: file.meta.phase,
    teamId: file.meta.teamId ?? null,
    createdBy: file.meta.createdBy ?? null,
    responsibleId: file.meta.responsibleId ?? null,
    nextDue: nextDue(due),
    lastContactOn,
    closedOn: file.meta.phase === 'closed' ? (file.closure.closedOn ?? null) : null,
    counts: {
      contacts: contacts.length,
      goals: file.goals.length,
      openGoals: openGoals.length,
      openSteps: openGoals.reduce(
        (sum, goal) =>
          sum + goal.steps.filter((step) => !FINISHED_GOAL_STATUSES.includes(step.status)).length,
        0,
      ),
      referrals: file.referrals.length,
      openReminders: file.reminders.filter((reminder) => !reminder.done && !reminder.erroneous).length,
      overdue: overdueCount(due, file.meta.phase === 'closed', today),
      barriers: file.barriers.length,
      problems: problems.length,
    },
    due,
    appointments: caseAppointmentEntries(file),
    summaryVersion: SUMMARY_VERSION,
    updatedAt: file.meta.updatedAt ?? null,
    summarizedOn: today,
  };
  const facts = pathwayFactsOf(file);
  if (facts.residence.length > 0 && file.meta.phase !== 'closed') summary.pathwayFacts = facts;
  return caseSummarySchema.parse(summary, { error: germanErrorMap });
}
