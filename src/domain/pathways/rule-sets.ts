import type { IsoDate } from '../dates.ts';
import type { ResidenceStatus } from '../vocabulary.ts';

/**
 * The rules as dated data. When the law changes, a new rule set is added with the day it applies from; a case
 * is evaluated under the set in force on the evaluation day, and every result names that set's date
 * (Rechtsstand). Sets are never edited once released, only added.
 */
export interface RuleSet {
  /** The day from which this set applies. */
  asOf: IsoDate;
  /** § 104c AufenthG: whether a new Chancen-Aufenthaltsrecht can still be applied for. */
  opportunityNewApplications: boolean;
  /** § 10 Abs. 1 StAG: years of lawful habitual residence for naturalisation. */
  naturalisationYears: number;
}

export const RULE_SETS: readonly RuleSet[] = [
  // The reform of the nationality law in force since 27 June 2024 (5 instead of 8 years). Its 3-year track
  // for special integration achievements was abolished in 2025 and is not evaluated.
  { asOf: '2024-06-27', opportunityNewApplications: true, naturalisationYears: 5 },
  // § 104c: applications could be made until 31 December 2025; permits granted run off.
  { asOf: '2026-01-01', opportunityNewApplications: false, naturalisationYears: 5 },
];

/** The set in force on `on`; the earliest one for days before it (earlier law is not modelled). */
export function ruleSetOn(on: IsoDate): RuleSet {
  let found = RULE_SETS[0] as RuleSet;
  for (const set of RULE_SETS) if (set.asOf <= on) found = set;
  return found;
}

/** Permitted (Aufenthaltserlaubnis and beyond), tolerated or gestattet stays (§§ 25a, 25b AufenthG). */
export const PERMITTED_TOLERATED_OR_GESTATTET: ReadonlySet<ResidenceStatus> = new Set([
  'asylum-permission',
  'toleration',
  'residence-permit',
  'temporary-protection',
  'opportunity-residence',
  'settlement-permit',
]);

/** Lawful stays for naturalisation; a Gestattung counts once the person is recognised (§ 55 Abs. 3 AsylG). */
export const LAWFUL: ReadonlySet<ResidenceStatus> = new Set([
  'residence-permit',
  'temporary-protection',
  'opportunity-residence',
  'settlement-permit',
  'eu-free-movement',
]);
export const LAWFUL_AFTER_RECOGNITION: ReadonlySet<ResidenceStatus> = new Set([
  ...LAWFUL,
  'asylum-permission',
]);

export const TOLERATED: ReadonlySet<ResidenceStatus> = new Set(['toleration']);
