import type { IsoDate } from '../dates.ts';
import type { Label } from '../labels.ts';
import type {
  LanguageLevel,
  LegalDomain,
  LIVELIHOOD_EXCEPTIONS,
  LIVELIHOOD_SHARES,
  ResidenceStatus,
} from '../vocabulary.ts';

/**
 * The residence pathways Lotse gives counselling hints for (Baustein 3): what a case already holds plus a few
 * facts entered for the purpose go in, each pathway's criteria come out as met, open or unknown, with their
 * legal basis and the dates the law attaches. A hint, never a decision: the ABH or EBH decides.
 */

/** A stretch of time with one residence status. `until` is its last day; absent while it lasts. */
export interface ResidencePeriod {
  status: ResidenceStatus;
  from: IsoDate;
  until?: IsoDate;
  /** The paragraph of an Aufenthaltserlaubnis, as recorded ("§ 25 Abs. 2 AufenthG"). */
  section?: string;
}

/** How much of the household's living is secured without benefits, as the case manager assessed it. */
export type LivelihoodShare = (typeof LIVELIHOOD_SHARES)[number];

/**
 * Who may naturalise although they receive SGB II/XII benefits (§ 10 Abs. 1 S. 1 Nr. 3 StAG): former guest or
 * contract workers, people in full-time work for 20 of the last 24 months, and their spouses or registered
 * partners living with them and a minor child.
 */
export type LivelihoodException = (typeof LIVELIHOOD_EXCEPTIONS)[number];

/**
 * Everything the rules read. `undefined` always means "not known", never "no": an unknown fact leaves its
 * criterion unknown, it is never guessed as met.
 */
export interface PathwayFacts {
  dateOfBirth?: IsoDate;
  arrivalInGermany?: IsoDate;
  /** The residence history in any order; periods may not overlap. Empty when nothing is recorded. */
  residence: ResidencePeriod[];
  /** The dates of birth of the children living in the household; `undefined` when the household is not recorded. */
  householdChildren?: IsoDate[];
  /** The best German level the person has shown (certificate or assessment). */
  germanLevel?: LanguageLevel;
  /** Years of successful school attendance in Germany. */
  schoolYearsInGermany?: number;
  /** A school or vocational qualification obtained or recognised in Germany. */
  recognisedQualification?: boolean;
  /** Integration course passed, "Leben in Deutschland" test passed, or a German school certificate. */
  lifeInGermanyShown?: boolean;
  naturalisationTestPassed?: boolean;
  /** Identity clarified and passport (or substitute) held or obtainable with reasonable effort. */
  identityClarified?: boolean;
  /** The case manager's assessment that the integration prognosis is positive (§ 25a). */
  positiveIntegrationPrognosis?: boolean;
  /** Committed to the free democratic basic order (declaration). */
  commitmentToBasicOrder?: boolean;
  livelihood?: LivelihoodShare;
  /** The current Rechtskreis of benefits. */
  benefits?: LegalDomain;
  livelihoodException?: LivelihoodException;
  /** Children of school age in the household actually attend school. */
  childrenAttendSchool?: boolean;
  /** The day a Beschäftigungsduldung (§ 60d AufenthG) began, if one was granted. */
  employmentTolerationSince?: IsoDate;
  /** The day a § 104c Chancen-Aufenthaltsrecht was granted, if one was. */
  opportunityGrantedOn?: IsoDate;
  /** The "gültig bis" of the § 104c permit, when recorded; else 18 months from the grant. */
  opportunityValidUntil?: IsoDate;
}

/** Erfüllt, offen (known not to be met yet), unbekannt (a fact is missing). */
export type CriterionState = 'met' | 'open' | 'unknown';

export interface Criterion {
  id: string;
  label: Label;
  /** The legal basis, e.g. "§ 25a Abs. 1 S. 2 Nr. 1 AufenthG". */
  basis: string;
  state: CriterionState;
  /** For a criterion of time: the day it is (or was) met if nothing changes. */
  metOn?: IsoDate;
  /** Open for good: it can no longer be met (an age limit passed, a pathway closed by law). */
  final?: boolean;
  /** What the state rests on, or what is missing. */
  detail?: Label;
}

export interface PathwayDeadline {
  id: string;
  label: Label;
  date: IsoDate;
  basis: string;
}

export type PathwayId = '25a' | '25b' | '25b-6' | '104c' | 'naturalisation';

/**
 * A pathway under the rules in force on `evaluatedOn`: `met` when every criterion is, `closed` when one can
 * no longer be, `unknown` when none is open but some are unknown, `open` otherwise.
 */
export interface PathwayEvaluation {
  pathway: PathwayId;
  title: Label;
  basis: string;
  /** The date of the rules applied (Rechtsstand). */
  rulesAsOf: IsoDate;
  evaluatedOn: IsoDate;
  state: 'met' | 'open' | 'unknown' | 'closed';
  criteria: Criterion[];
  /** When every criterion of time will be met, if the others are met or unknown and nothing changes. */
  reachableOn?: IsoDate;
  deadlines: PathwayDeadline[];
}
