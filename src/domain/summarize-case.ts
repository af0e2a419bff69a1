import { caseAppointmentEntries } from './appointments.ts';
import type { ReadCaseResult } from './case-file.ts';
import type { IsoDate } from './dates.ts';
import { caseDueEntries, nextDue, overdueCount } from './due-items.ts';
import { germanErrorMap } from './messages.ts';
import { pathwayFactsOf } from './pathways/from-case.ts';
import { caseSummarySchema, displayName, SUMMARY_VERSION, type CaseSummary } from './summary.ts';
import { FINISHED_GOAL_STATUSES } from './vocabulary.ts';

/*
 * Building a summary needs the deadline, pathway and appointment rules; reading one needs only its schema
 * (./summary.ts). The app builds summaries only where a doc changed, so this module travels with the doc
 * runtime and the rules stay out of the code every start loads.
 */

function clean(value: string | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
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
