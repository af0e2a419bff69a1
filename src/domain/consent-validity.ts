import type { IsoDate } from './dates.ts';
import type { Consent } from './schema/consents.ts';
import type { ConsentDataCategory } from './vocabulary.ts';

/**
 * Whether a consent allows sharing data on a given day. Sharing with an institution needs a consent for
 * that recipient that is given, not withdrawn, not expired, and covers the data categories to be shared.
 * Timestamps are compared by their calendar day as written (UTC for timestamps this app writes).
 */
export type ConsentState = 'valid' | 'withdrawn' | 'expired' | 'not-yet-given';

export function consentState(consent: Consent, on: IsoDate): ConsentState {
  if (consent.withdrawnAt !== undefined && consent.withdrawnAt.slice(0, 10) <= on) return 'withdrawn';
  if (consent.givenAt.slice(0, 10) > on) return 'not-yet-given';
  if (consent.validUntil !== undefined && consent.validUntil < on) return 'expired';
  return 'valid';
}

/** A partner from the team directory, or an institution named in free text. */
export type ConsentRecipient = { partnerId: string } | { name: string };

function sameRecipient(consent: Consent, recipient: ConsentRecipient): boolean {
  if ('partnerId' in recipient) return consent.recipientPartnerId === recipient.partnerId;
  return consent.recipient.trim().toLocaleLowerCase('de') === recipient.name.trim().toLocaleLowerCase('de');
}

/** The consents that allow sharing `categories` with `recipient` on `on`; empty means: do not share. */
export function consentsAllowing(
  consents: readonly Consent[],
  recipient: ConsentRecipient,
  categories: readonly ConsentDataCategory[],
  on: IsoDate,
): Consent[] {
  return consents.filter(
    (consent) =>
      sameRecipient(consent, recipient) &&
      consentState(consent, on) === 'valid' &&
      categories.every((category) => consent.dataCategories.includes(category)),
  );
}
