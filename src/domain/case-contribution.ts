import type { CaseFacts } from './case-facts.ts';
import type { IsoDate } from './dates.ts';

/**
 * What an erased case leaves behind for coordination's statistics (docs/architecture.md#data-lifecycle):
 * its facts with every day coarsened to the first of its month and every text and id that could lead back
 * to the case removed. A report period is a month at its finest, and whether a day falls before, into or
 * after a period of whole months is the same for the first of that month, so every report of a past period
 * counts the contribution exactly as it counted the case. What it cannot tell any more is which case it was,
 * nor on which day of a month something happened.
 */

/** Stands in for the texts of a barrier report once its case is erased; the texts themselves are gone. */
export const ERASED_TEXT = '–';
/** Stands in for a barrier report's id, which coordination's Themen link to. */
export const ERASED_REPORT_ID = 'erased';

const month = (day: IsoDate): IsoDate => `${day.slice(0, 7)}-01`;
const maybeMonth = (day: IsoDate | undefined): IsoDate | undefined =>
  day === undefined ? undefined : month(day);

/** The anonymous contribution of a case's facts. Pure; the facts given are not changed. */
export function anonymousContribution(facts: CaseFacts): CaseFacts {
  const contribution: CaseFacts = {
    v: facts.v,
    kind: facts.kind,
    phase: facts.phase,
    phases: facts.phases.map((entry) => ({ phase: entry.phase, on: month(entry.on) })),
    lifeDomains: facts.lifeDomains.map((entry) => ({ domain: entry.domain, need: entry.need })),
    goals: facts.goals.map((goal) => {
      const setOn = maybeMonth(goal.setOn);
      const reachedOn = maybeMonth(goal.reachedOn);
      return {
        domain: goal.domain,
        status: goal.status,
        ...(setOn === undefined ? {} : { setOn }),
        ...(reachedOn === undefined ? {} : { reachedOn }),
      };
    }),
    contacts: facts.contacts.map((contact) => ({
      on: month(contact.on),
      kind: contact.kind,
      interpreter: contact.interpreter,
    })),
    // The partner id names an organisation of the team's directory, not the person; reports read the
    // partner's category through it.
    referrals: facts.referrals.map((referral) => ({
      on: month(referral.on),
      partnerId: referral.partnerId,
      status: referral.status,
    })),
    barriers: facts.barriers.map((barrier) => ({
      category: barrier.category,
      observedOn: month(barrier.observedOn),
    })),
    // The institution is the authority or service where the barrier happened; reports group by it. The
    // texts the case manager wrote are dropped.
    reports: facts.reports.map((report) => ({
      reportId: ERASED_REPORT_ID,
      category: report.category,
      institution: report.institution,
      happened: ERASED_TEXT,
      reportedOn: month(report.reportedOn),
    })),
  };
  const intakeOn = maybeMonth(facts.intakeOn);
  if (intakeOn !== undefined) contribution.intakeOn = intakeOn;
  const closedOn = maybeMonth(facts.closedOn);
  if (closedOn !== undefined) contribution.closedOn = closedOn;
  if (facts.closureReason !== undefined) contribution.closureReason = facts.closureReason;
  if (facts.residenceStatus !== undefined) contribution.residenceStatus = facts.residenceStatus;
  if (facts.residenceAtIntake !== undefined) contribution.residenceAtIntake = facts.residenceAtIntake;
  if (facts.residenceChanges !== undefined) {
    contribution.residenceChanges = facts.residenceChanges.map((change) => ({
      on: month(change.on),
      to: change.to,
    }));
  }
  if (facts.gender !== undefined) contribution.gender = facts.gender;
  if (facts.pathways !== undefined) {
    contribution.pathways = {
      checklists: [...facts.pathways.checklists],
      applications: facts.pathways.applications.map((application) => {
        const outcomeOn = maybeMonth(application.outcomeOn);
        return {
          pathway: application.pathway,
          submittedOn: month(application.submittedOn),
          outcome: application.outcome,
          ...(outcomeOn === undefined ? {} : { outcomeOn }),
        };
      }),
    };
  }
  if (facts.ageBand !== undefined) contribution.ageBand = facts.ageBand;
  if (facts.nationality !== undefined) contribution.nationality = facts.nationality;
  if (facts.interpreterNeeded !== undefined) contribution.interpreterNeeded = facts.interpreterNeeded;
  return contribution;
}
