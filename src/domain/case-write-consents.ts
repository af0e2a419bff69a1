import type * as Y from 'yjs';
import { ruleContext, type WriteOptions } from './case-doc.ts';
import { readCase } from './case-read.ts';
import type { ItemInput, ItemPatch } from './case-parts.ts';
import { addReferral, updateItem } from './case-write-items.ts';
import { sharingGate, type ConsentRecipient, type SharingGate } from './consent-validity.ts';
import type { IsoDate } from './dates.ts';
import type { ConsentDataCategory } from './vocabulary.ts';
import { invalidInput, refused, type WriteResult } from './write-result.ts';

/**
 * Writes that share data or end a consent. Every sharing passes `sharingGate` (consent-validity.ts): a
 * referral here, the handover to the ABH/EBH in case-write-pathways.ts.
 */

const germanDate = (day: IsoDate) => day.split('-').reverse().join('.');

/** The refusal for a gate that said no, naming the recipient and the day. */
export function gateRefusal<T>(
  gate: Extract<SharingGate, { ok: false }>,
  recipientName: string,
  day: IsoDate,
): WriteResult<T> {
  const code = gate.reason === 'no-consent' ? 'consent-missing-for-recipient' : 'consent-not-for-recipient';
  return refused('refused', code, 'consentId', { recipient: recipientName.trim(), date: germanDate(day) });
}

export interface ReferralInput extends ItemInput<'referrals'> {
  /** The partner's name as the directory has it: older consents name their recipient only by name. */
  partnerName: string;
}

/**
 * Records a referral to a partner. Referring means talking to the partner about the person, so it needs a
 * consent that names that partner and is valid on the referral's day; the chosen consent must be one, and
 * without a choice the latest such consent is linked. Without one nothing is written and the refusal says
 * so (`consent-missing-for-recipient`), so the screen can offer to record the consent first.
 */
export function referToPartner(
  doc: Y.Doc,
  input: ReferralInput,
  opts: WriteOptions = {},
): WriteResult<string> {
  const { partnerName, ...referral } = input;
  if (!referral.partnerId)
    return invalidInput([{ path: 'partnerId', message: 'Bitte einen Netzwerkpartner wählen.' }]);
  const day = referral.date || ruleContext(opts).today;
  const recipient: ConsentRecipient = { partnerId: referral.partnerId, name: partnerName };
  const gate = sharingGate(readCase(doc).file.consents, recipient, [], day, referral.consentId);
  if (!gate.ok) return gateRefusal(gate, partnerName, day);
  return addReferral(doc, { ...referral, consentId: gate.consent.id }, opts);
}

/**
 * Changes a recorded referral. Changing to whom it went, on which day, or which consent covers it passes
 * the same gate as recording it: the linked consent must still allow it (or the chosen one, when the
 * consent is what changes); where the linked one no longer does, the latest consent that does is linked
 * instead, and without one nothing is written. Status, outcome and reason change freely, also on referrals
 * recorded before consents were checked.
 */
export function changeReferral(
  doc: Y.Doc,
  referralId: string,
  patch: ItemPatch<'referrals'>,
  partnerName: (partnerId: string) => string,
  opts: WriteOptions = {},
): WriteResult {
  const gated = 'partnerId' in patch || 'date' in patch || 'consentId' in patch;
  if (!gated) return updateItem(doc, 'referrals', referralId, patch, opts);
  const { file } = readCase(doc);
  const current = file.referrals.find((referral) => referral.id === referralId);
  if (!current) return refused('not-found', 'item-not-found');
  const partnerId = 'partnerId' in patch ? patch.partnerId : current.partnerId;
  if (!partnerId)
    return invalidInput([{ path: 'partnerId', message: 'Bitte einen Netzwerkpartner wählen.' }]);
  const day = ('date' in patch ? patch.date : current.date) || ruleContext(opts).today;
  const name = partnerName(partnerId);
  const recipient: ConsentRecipient = { partnerId, name };
  let gate: SharingGate;
  if ('consentId' in patch) {
    gate = patch.consentId
      ? sharingGate(file.consents, recipient, [], day, patch.consentId)
      : { ok: false, reason: 'no-consent' };
  } else {
    const linked = current.consentId
      ? sharingGate(file.consents, recipient, [], day, current.consentId)
      : undefined;
    gate = linked?.ok ? linked : sharingGate(file.consents, recipient, [], day);
  }
  if (!gate.ok) return gateRefusal(gate, name, day);
  return updateItem(doc, 'referrals', referralId, { ...patch, consentId: gate.consent.id }, opts);
}

export interface Withdrawal {
  /** The day the withdrawal was declared; it ends the consent (or the categories) from that day on. */
  on: IsoDate;
  /** Only these categories; the whole consent when missing or when it names every category left. */
  categories?: readonly ConsentDataCategory[];
}

/**
 * Records a withdrawal, in whole or in part. Sharing before `on` stays covered; referrals that relied on
 * the consent show from that day that it no longer covers them.
 */
export function withdrawConsentOn(
  doc: Y.Doc,
  consentId: string,
  withdrawal: Withdrawal,
  opts: WriteOptions = {},
): WriteResult {
  const consent = readCase(doc).file.consents.find((candidate) => candidate.id === consentId);
  if (!consent) return refused('not-found', 'item-not-found');
  const today = ruleContext(opts).today;
  if (!withdrawal.on || withdrawal.on > today) return refused('invalid-input', 'date-in-future', 'on');
  const categories = (withdrawal.categories ?? []).filter((c) => consent.dataCategories.includes(c));
  const whole =
    categories.length === 0 || consent.dataCategories.every((category) => categories.includes(category));
  if (whole) {
    // Declared today: this moment. Another day: noon UTC, the same calendar day across Europe.
    const at =
      withdrawal.on === today ? (opts.now ?? new Date()).toISOString() : `${withdrawal.on}T12:00:00.000Z`;
    return updateItem(doc, 'consents', consentId, { withdrawnAt: at }, opts);
  }
  const partialWithdrawals = [...(consent.partialWithdrawals ?? []), { on: withdrawal.on, categories }];
  return updateItem(doc, 'consents', consentId, { partialWithdrawals }, opts);
}
