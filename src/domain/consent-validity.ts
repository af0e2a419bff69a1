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

/**
 * The categories a consent still covers on `on`: those it names, less those withdrawn in part by that day.
 * A withdrawal takes effect from its own day, so sharing before it stays covered.
 */
export function coveredCategories(consent: Consent, on: IsoDate): ConsentDataCategory[] {
  const withdrawn = new Set(
    (consent.partialWithdrawals ?? []).filter((w) => w.on <= on).flatMap((w) => w.categories),
  );
  return consent.dataCategories.filter((category) => !withdrawn.has(category));
}

/**
 * A partner from the team directory (with its name, which older consents were recorded by), or an
 * institution named in free text.
 */
export type ConsentRecipient = { partnerId: string; name?: string } | { name: string };

const sameName = (a: string, b: string) =>
  a.trim().toLocaleLowerCase('de') === b.trim().toLocaleLowerCase('de');

/** Whether `consent` names `recipient`: by directory id, or by the name as written. */
export function namesRecipient(consent: Consent, recipient: ConsentRecipient): boolean {
  if ('partnerId' in recipient && consent.recipientPartnerId === recipient.partnerId) return true;
  // A consent tied to another partner of the directory never counts for this one, whatever its name.
  if ('partnerId' in recipient && consent.recipientPartnerId !== undefined) return false;
  return recipient.name !== undefined && sameName(consent.recipient, recipient.name);
}

/** Whether `consent` allows sharing `categories` with `recipient` on `on`. */
export function consentAllows(
  consent: Consent,
  recipient: ConsentRecipient,
  categories: readonly ConsentDataCategory[],
  on: IsoDate,
): boolean {
  if (!namesRecipient(consent, recipient) || consentState(consent, on) !== 'valid') return false;
  const covered = coveredCategories(consent, on);
  return categories.every((category) => covered.includes(category));
}

/** The consents that allow sharing `categories` with `recipient` on `on`; empty means: do not share. */
export function consentsAllowing(
  consents: readonly Consent[],
  recipient: ConsentRecipient,
  categories: readonly ConsentDataCategory[],
  on: IsoDate,
): Consent[] {
  return consents.filter((consent) => consentAllows(consent, recipient, categories, on));
}

/**
 * The gate every sharing passes (a referral, a handover to the ABH/EBH, any later export): the consent to
 * rely on, or the reason there is none. With `chosenId`, that consent must allow it; without, the most
 * recently given consent that allows it is taken.
 */
export type SharingGate =
  { ok: true; consent: Consent } | { ok: false; reason: 'no-consent' | 'chosen-does-not-cover' };

export function sharingGate(
  consents: readonly Consent[],
  recipient: ConsentRecipient,
  categories: readonly ConsentDataCategory[],
  on: IsoDate,
  chosenId?: string,
): SharingGate {
  if (chosenId !== undefined) {
    const chosen = consents.find((consent) => consent.id === chosenId);
    return chosen && consentAllows(chosen, recipient, categories, on)
      ? { ok: true, consent: chosen }
      : { ok: false, reason: 'chosen-does-not-cover' };
  }
  const allowing = consentsAllowing(consents, recipient, categories, on).sort((a, b) =>
    b.givenAt.localeCompare(a.givenAt),
  );
  return allowing[0] ? { ok: true, consent: allowing[0] } : { ok: false, reason: 'no-consent' };
}
