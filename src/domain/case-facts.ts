import type * as Y from 'yjs';
import { z } from 'zod';
import { barrierReportId, isActiveReport } from './barrier-report.ts';
import type { CaseFile } from './case-file.ts';
import { readCase } from './case-read.ts';
import { isIsoDate, type IsoDate } from './dates.ts';
import {
  idSchema,
  isoDateSchema,
  LIMITS,
  nationalitySchema,
  requiredTextSchema,
  textSchema,
} from './schema/primitives.ts';
import { residencePeriods } from './pathways/from-case.ts';
import { periodOn } from './pathways/time.ts';
import {
  applicationOutcomeSchema,
  caseKindSchema,
  genderSchema,
  pathwaySchema,
  closureReasonSchema,
  contactKindSchema,
  goalStatusSchema,
  lifeDomainSchema,
  needLevelSchema,
  phaseSchema,
  referralStatusSchema,
  residenceStatusSchema,
} from './vocabulary.ts';

/**
 * The pseudonymous facts of one case that coordination's reports count (docs/architecture.md#reports):
 * computed on the relay from the case doc, stored per doc, and never sent to a device as they are.
 *
 * No names, no contact data, no free text of the case, no user ids: only vocabulary values, days, the
 * partner ids of the team's directory, and the texts of barrier reports, which the case manager wrote for
 * coordination and which passed the identity check (`src/domain/barrier-report.ts`). The date of birth is
 * reduced to an age band at intake. Records marked as erroneous are left out, as everywhere they would be
 * counted.
 */

/**
 * 2: reports carry their `reportId`. 3: gender, the residence status at intake and its changes, and the
 * residence pathways' checklists and applications. Rows of an older version are dropped and projected again.
 */
export const FACTS_VERSION = 3;

/** Age bands at intake, as KIM statistics count them. */
export const AGE_BANDS = ['under-18', '18-26', '27-44', '45-64', '65-plus'] as const;
export const ageBandSchema = z.enum(AGE_BANDS);
export type AgeBand = z.infer<typeof ageBandSchema>;

export const caseFactsSchema = z.object({
  v: z.literal(FACTS_VERSION),
  kind: caseKindSchema,
  phase: phaseSchema,
  /** The day the case was opened. */
  intakeOn: isoDateSchema.optional(),
  /** Every phase the case entered and the day it did, oldest first. */
  phases: z.array(z.object({ phase: phaseSchema, on: isoDateSchema })),
  closedOn: isoDateSchema.optional(),
  closureReason: closureReasonSchema.optional(),
  /** Life domains with an assessed need level. */
  lifeDomains: z.array(z.object({ domain: lifeDomainSchema, need: needLevelSchema })),
  goals: z.array(
    z.object({
      domain: lifeDomainSchema,
      status: goalStatusSchema,
      setOn: isoDateSchema.optional(),
      /** For a goal reached: the day its status last changed (or it was recorded, if recorded as reached). */
      reachedOn: isoDateSchema.optional(),
    }),
  ),
  contacts: z.array(z.object({ on: isoDateSchema, kind: contactKindSchema, interpreter: z.boolean() })),
  referrals: z.array(z.object({ on: isoDateSchema, partnerId: idSchema, status: referralStatusSchema })),
  residenceStatus: residenceStatusSchema.optional(),
  /** The status of the residence period that covered the day of intake. */
  residenceAtIntake: residenceStatusSchema.optional(),
  /** Every change of the residence status: the day the new one began and what it is. */
  residenceChanges: z.array(z.object({ on: isoDateSchema, to: residenceStatusSchema })).optional(),
  gender: genderSchema.optional(),
  /** The residence pathways worked on: those with a document checklist, and the applications handed over. */
  pathways: z
    .object({
      checklists: z.array(pathwaySchema),
      applications: z.array(
        z.object({
          pathway: pathwaySchema,
          submittedOn: isoDateSchema,
          outcome: applicationOutcomeSchema,
          outcomeOn: isoDateSchema.optional(),
        }),
      ),
    })
    .optional(),
  ageBand: ageBandSchema.optional(),
  /** The first nationality recorded (ISO 3166-1 alpha-2, `stateless` or `unclear`). */
  nationality: nationalitySchema.optional(),
  interpreterNeeded: z.boolean().optional(),
  /** Every barrier of the case by category and the day it was observed. */
  barriers: z.array(z.object({ category: idSchema, observedOn: isoDateSchema })),
  /** Barriers reported to coordination (active reports only), with the texts written for it. */
  reports: z.array(
    z.object({
      /** `barrierReportId` of the report, as coordination's Themen link it. */
      reportId: z.string().min(1).max(200),
      category: idSchema,
      institution: requiredTextSchema(LIMITS.short),
      happened: requiredTextSchema(LIMITS.paragraph),
      wouldHelp: textSchema(LIMITS.paragraph).optional(),
      reportedOn: isoDateSchema,
    }),
  ),
});
export type CaseFacts = z.output<typeof caseFactsSchema>;

const berlinDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Berlin',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar day in Germany of an ISO timestamp (the relay's clock zone does not matter). */
export function dayOf(timestamp: string | undefined): IsoDate | undefined {
  if (timestamp === undefined) return undefined;
  const time = Date.parse(timestamp);
  if (Number.isNaN(time)) return undefined;
  const day = berlinDay.format(time);
  return isIsoDate(day) ? day : undefined;
}

/** Whole years between a birth date and a day. */
export function ageOn(birthDate: IsoDate, on: IsoDate): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

export function ageBand(age: number): AgeBand {
  if (age < 18) return 'under-18';
  if (age <= 26) return '18-26';
  if (age <= 44) return '27-44';
  if (age <= 64) return '45-64';
  return '65-plus';
}

function goalReachedOn(file: CaseFile, goal: CaseFile['goals'][number]): IsoDate | undefined {
  if (goal.status !== 'achieved') return undefined;
  let last: string | undefined;
  for (const entry of file.trail) {
    if (entry.part !== 'goals' || entry.id !== goal.id || entry.event !== 'edited') continue;
    if (entry.before && Object.hasOwn(entry.before, 'status') && (last === undefined || entry.at > last)) {
      last = entry.at;
    }
  }
  return dayOf(last ?? goal.createdAt);
}

/** The facts of a case file read as plain data. */
export function factsOfFile(file: CaseFile): CaseFacts {
  const { meta, person, residence, closure } = file;
  const intakeOn = dayOf(meta.createdAt) ?? dayOf(file.phaseHistory[0]?.at);
  const phases = file.phaseHistory.flatMap((change) => {
    const on = dayOf(change.at);
    return on === undefined ? [] : [{ phase: change.to, on }];
  });
  const facts: CaseFacts = {
    v: FACTS_VERSION,
    kind: meta.kind,
    phase: meta.phase,
    phases,
    lifeDomains: Object.entries(file.assessment).flatMap(([domain, entry]) =>
      entry?.need === undefined
        ? []
        : [{ domain: domain as z.infer<typeof lifeDomainSchema>, need: entry.need }],
    ),
    goals: file.goals
      .filter((goal) => goal.erroneous === undefined)
      .map((goal) => {
        const setOn = goal.agreedOn ?? dayOf(goal.createdAt);
        const reachedOn = goalReachedOn(file, goal);
        return {
          domain: goal.lifeDomain,
          status: goal.status,
          ...(setOn !== undefined ? { setOn } : {}),
          ...(reachedOn !== undefined ? { reachedOn } : {}),
        };
      }),
    contacts: file.contacts
      .filter((contact) => contact.erroneous === undefined)
      .map((contact) => ({
        on: contact.date,
        kind: contact.kind,
        interpreter: contact.interpreterKind !== undefined || contact.interpreterLanguage !== undefined,
      })),
    referrals: file.referrals
      .filter((referral) => referral.erroneous === undefined)
      .map((referral) => ({ on: referral.date, partnerId: referral.partnerId, status: referral.status })),
    barriers: file.barriers.map((barrier) => ({
      category: barrier.category,
      observedOn: barrier.observedOn,
    })),
    reports: file.barriers.flatMap((barrier) => {
      const report = barrier.report;
      const reportedOn = dayOf(report?.reportedAt);
      if (!isActiveReport(report) || reportedOn === undefined) return [];
      return [
        {
          reportId: barrierReportId(barrier.id, report.reportedAt),
          category: report.category,
          institution: report.institution,
          happened: report.happened,
          ...(report.wouldHelp !== undefined ? { wouldHelp: report.wouldHelp } : {}),
          reportedOn,
        },
      ];
    }),
  };
  if (intakeOn !== undefined) facts.intakeOn = intakeOn;
  if (meta.phase === 'closed') {
    if (closure.closedOn !== undefined) facts.closedOn = closure.closedOn;
    if (closure.reason !== undefined) facts.closureReason = closure.reason;
  }
  if (residence.status !== undefined) facts.residenceStatus = residence.status;
  const periods = residencePeriods(file).sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  if (intakeOn !== undefined) {
    const atIntake = periodOn(periods, intakeOn)?.status;
    if (atIntake !== undefined) facts.residenceAtIntake = atIntake;
  }
  facts.residenceChanges = periods.slice(1).map((period) => ({ on: period.from, to: period.status }));
  if (person.gender !== undefined) facts.gender = person.gender;
  facts.pathways = {
    checklists: [...new Set(file.pathwayDocuments.map((document) => document.pathway))].sort(),
    applications: file.applications.map((application) => ({
      pathway: application.pathway,
      submittedOn: application.submittedOn,
      outcome: application.outcome,
      ...(application.outcomeOn !== undefined ? { outcomeOn: application.outcomeOn } : {}),
    })),
  };
  if (person.birthDate !== undefined && intakeOn !== undefined) {
    facts.ageBand = ageBand(ageOn(person.birthDate, intakeOn));
  }
  const [nationality] = person.nationalities;
  if (nationality !== undefined) facts.nationality = nationality;
  if (person.interpreterNeeded !== undefined) facts.interpreterNeeded = person.interpreterNeeded;
  return facts;
}

/**
 * The facts of a case doc, or `undefined` for a doc that is no case file (the team doc, or a doc whose
 * meta was never written).
 */
export function caseFacts(doc: Y.Doc): CaseFacts | undefined {
  let kind: unknown;
  try {
    kind = doc.getMap<unknown>('meta').get('kind');
  } catch {
    return undefined; // 'meta' is no map: not a case file this code can read
  }
  if (!caseKindSchema.safeParse(kind).success) return undefined;
  return factsOfFile(readCase(doc).file);
}
