import { addDays, addMonths, type IsoDate } from './dates.ts';
import { nextWorkingDay } from './holidays-nrw.ts';
import type { NoticePeriod } from './vocabulary.ts';

/**
 * Deadlines derived from dates in the case file. All arithmetic is on calendar dates; a month added to a
 * day that does not exist in the target month lands on that month's last day (§ 188 Abs. 3 BGB).
 */

/** How long before a residence document expires the case manager is reminded: renewals take time. */
export const RESIDENCE_EXPIRY_LEAD_MONTHS = 3;

/** The § 104c Chancen-Aufenthaltsrecht is granted for 18 months (§ 104c Abs. 1 AufenthG). */
export const OPPORTUNITY_RESIDENCE_MONTHS = 18;

/** How long before the § 104c window ends the case manager is reminded to prepare §§ 25a/25b. */
export const OPPORTUNITY_RESIDENCE_LEAD_MONTHS = 3;

/** The day to start reminding about a residence document that is valid until `validUntil`. */
export function residenceExpiryReminder(validUntil: IsoDate): IsoDate {
  return addMonths(validUntil, -RESIDENCE_EXPIRY_LEAD_MONTHS);
}

export interface OpportunityWindow {
  /** Granted date plus 18 months. */
  endsOn: IsoDate;
  /** Three months before the end. */
  remindFrom: IsoDate;
}

/**
 * The 18-month window of § 104c AufenthG, counted from the day it was granted. The ABH's "gültig bis" on
 * the document is authoritative; this is the estimate when only the grant date is recorded.
 */
export function opportunityResidenceWindow(grantedOn: IsoDate): OpportunityWindow {
  const endsOn = addMonths(grantedOn, OPPORTUNITY_RESIDENCE_MONTHS);
  return { endsOn, remindFrom: addMonths(endsOn, -OPPORTUNITY_RESIDENCE_LEAD_MONTHS) };
}

export interface ObjectionDeadline {
  /** The last day to lodge the objection (or action), after moving off weekends and NRW holidays. */
  endsOn: IsoDate;
  /** The end by §§ 187, 188 BGB alone, before that move. */
  nominalEnd: IsoDate;
}

/**
 * The last day to challenge a notice received on `receivedOn` (Widerspruchs- or Klagefrist). The day of
 * receipt does not count (§ 187 Abs. 1 BGB); a period of months or weeks ends on the day with the same
 * number or weekday (§ 188 Abs. 2 BGB), in a shorter month on its last day (§ 188 Abs. 3 BGB); an end on
 * a Saturday, Sunday or public holiday moves to the next working day (§ 193 BGB, § 222 Abs. 2 ZPO).
 */
export function objectionDeadline(
  receivedOn: IsoDate,
  period: NoticePeriod = 'one-month',
): ObjectionDeadline {
  let nominalEnd: IsoDate;
  switch (period) {
    case 'one-month':
      nominalEnd = addMonths(receivedOn, 1);
      break;
    case 'two-weeks':
      nominalEnd = addDays(receivedOn, 14);
      break;
    case 'one-week':
      nominalEnd = addDays(receivedOn, 7);
      break;
    case 'one-year':
      nominalEnd = addMonths(receivedOn, 12);
      break;
  }
  return { endsOn: nextWorkingDay(nominalEnd), nominalEnd };
}
