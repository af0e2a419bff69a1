import type { CaseFacts } from './case-facts.ts';
import { addDays, addMonths, type IsoDate } from './dates.ts';

/**
 * How long a case file is kept once its purpose has ended (docs/architecture.md#data-lifecycle), as pure,
 * dated rules over the facts the relay already projects from every case doc.
 *
 * The defaults are a proposal for each organisation's data-protection officer to confirm or change in the
 * relay's configuration: a closed case is kept until the end of the 3rd year after the year it was closed
 * (the regular limitation period, § 195 and § 199 BGB), a Kurzberatung 12 months after its last contact.
 */
export interface RetentionRules {
  /** Full calendar years after the year of closure that a closed case is kept. */
  closedCaseYears: number;
  /** Months after a Kurzberatung's last contact (or its closure, if later) that it is kept. */
  shortCounsellingMonths: number;
}

export const DEFAULT_RETENTION: RetentionRules = { closedCaseYears: 3, shortCounsellingMonths: 12 };

/** Why a case's retention period runs, or why it does not. */
export type Retention =
  /** Still being worked on (or reopened): no period runs. */
  | { state: 'running'; reason: 'open' | 'no-date' }
  /** The period runs: the case is kept up to and including `keepUntil` and may be erased from `dueOn`. */
  | { state: 'period'; rule: RetentionRule; from: IsoDate; keepUntil: IsoDate; dueOn: IsoDate };

/** Which rule set a case's period, as the erasure record names it. */
export type RetentionRule = 'closed-case' | 'short-counselling';

const latest = (dates: readonly (IsoDate | undefined)[]): IsoDate | undefined => {
  let found: IsoDate | undefined;
  for (const date of dates) if (date !== undefined && (found === undefined || date > found)) found = date;
  return found;
};

/**
 * The retention of one case from its facts. A full case's period starts when it is closed and ends on
 * 31 December of the `closedCaseYears`-th year after; reopening it (any phase but `closed`) stops the clock,
 * and closing it again starts a new period from the new closure. A Kurzberatung's period starts at its last
 * contact, or at its closure or intake when that is later (a Kurzberatung without any contact counts from
 * its intake), so every new contact restarts it. A case without the day its period would start from is
 * kept: a date that is missing must never make a case due.
 */
export function retentionOf(facts: CaseFacts, rules: RetentionRules = DEFAULT_RETENTION): Retention {
  if (facts.kind === 'short-counselling') {
    const from = latest([...facts.contacts.map((contact) => contact.on), facts.closedOn, facts.intakeOn]);
    if (from === undefined) return { state: 'running', reason: 'no-date' };
    const keepUntil = addMonths(from, rules.shortCounsellingMonths);
    return { state: 'period', rule: 'short-counselling', from, keepUntil, dueOn: addDays(keepUntil, 1) };
  }
  if (facts.phase !== 'closed') return { state: 'running', reason: 'open' };
  if (facts.closedOn === undefined) return { state: 'running', reason: 'no-date' };
  const closureYear = Number(facts.closedOn.slice(0, 4));
  const lastYear = closureYear + rules.closedCaseYears;
  const keepUntil = `${String(lastYear).padStart(4, '0')}-12-31`;
  return {
    state: 'period',
    rule: 'closed-case',
    from: facts.closedOn,
    keepUntil,
    dueOn: `${String(lastYear + 1).padStart(4, '0')}-01-01`,
  };
}

/** Whether the case may be erased on `today` (its period has ended). */
export function isDue(retention: Retention, today: IsoDate): boolean {
  return retention.state === 'period' && retention.dueOn <= today;
}

/** Whether the case's period ends within `days` days of `today` (or has ended): what the due list shows. */
export function isDueWithin(retention: Retention, today: IsoDate, days: number): boolean {
  return retention.state === 'period' && retention.dueOn <= addDays(today, days);
}
