import { z } from 'zod';
import { consentDataCategorySchema, consentFormSchema } from '../vocabulary.ts';
import {
  hashSchema,
  idSchema,
  isoDateSchema,
  languageCodeSchema,
  LIMITS,
  listSchema,
  requiredTextSchema,
  textSchema,
  timestampSchema,
} from './primitives.ts';
import { message } from '../messages.ts';
import { notBefore, unique, type Rule } from './rules.ts';

/** Largest signature image kept in a case, in characters of its data URL (about 60 KB of PNG). */
export const SIGNATURE_MAX_CHARS = 80_000;

/**
 * A signature as drawn: a PNG data URL, nothing else (no SVG, which could carry script), and small enough
 * that one consent cannot bloat the case doc.
 */
export const signatureSchema = z
  .string()
  .max(SIGNATURE_MAX_CHARS, { error: message('signature-too-large') })
  .regex(/^data:image\/png;base64,[A-Za-z0-9+/]+={0,2}$/, { error: message('invalid-signature') });

/** A withdrawal in part: from `on`, the listed categories may no longer be shared. */
export const partialWithdrawalSchema = z.object({
  on: isoDateSchema,
  categories: listSchema(consentDataCategorySchema, 10).min(1, { error: message('required') }),
});
export type PartialWithdrawal = z.output<typeof partialWithdrawalSchema>;

/**
 * An Einwilligung or Schweigepflichtentbindung: specific to one recipient and purpose, provable (form and
 * the hash of the exact text version, in the language it was read in), and withdrawable.
 */
export const consentFields = z.object({
  id: idSchema,
  recipient: requiredTextSchema(LIMITS.short),
  /** Set when the recipient is a partner from the team directory. */
  recipientPartnerId: idSchema.optional(),
  purpose: requiredTextSchema(LIMITS.line),
  dataCategories: listSchema(consentDataCategorySchema, 10).default([]),
  givenAt: timestampSchema,
  validUntil: isoDateSchema.optional(),
  form: consentFormSchema,
  /**
   * SHA-256 (hex) of `textShown`, computed by the app when the text was shown; never typed by a person.
   * Older records may hold a value that was typed in.
   */
  textVersionHash: hashSchema.optional(),
  language: languageCodeSchema,
  withdrawnAt: timestampSchema.optional(),
  /** Data categories withdrawn while the rest of the consent stays in force (a withdrawal in part). */
  partialWithdrawals: listSchema(partialWithdrawalSchema, 10).optional(),
  /** The template the text was made from, and its version: which wording the person agreed to. */
  templateId: idSchema.optional(),
  templateVersion: z.number().int().min(1).max(10_000).optional(),
  /** The exact text shown to the person, in `language`. */
  textShown: textSchema(LIMITS.prose).optional(),
  /** The same consent in German, kept beside a translation for the printed copy. */
  textGerman: textSchema(LIMITS.prose).optional(),
  /** The signature drawn on the tablet, as a small PNG data URL. */
  signature: signatureSchema.optional(),
  /** User id and name of the person who witnessed the signature or the oral consent. */
  witnessedBy: idSchema.optional(),
  witnessName: textSchema(LIMITS.name).optional(),
  /** Why consent was given orally and not signed. */
  oralReason: textSchema(LIMITS.line).optional(),
});
export type Consent = z.output<typeof consentFields>;

export const consentRules: readonly Rule<Consent>[] = [
  notBefore(
    (c) => c.givenAt,
    (c) => c.validUntil,
    'validUntil',
    'consent-until-before-given',
  ),
  notBefore(
    (c) => c.givenAt,
    (c) => c.withdrawnAt,
    'withdrawnAt',
    'withdrawn-before-given',
  ),
  unique(
    (c) => c.dataCategories,
    (d) => d,
    'dataCategories',
  ),
  {
    onRead: false,
    check(consent, _ctx, report) {
      if (consent.dataCategories.length === 0) report({ path: ['dataCategories'], code: 'required' });
    },
  },
  {
    onRead: false,
    check(consent, _ctx, report) {
      if (consent.form === 'signed-on-tablet' && (!consent.signature || !consent.textShown)) {
        report({ path: ['signature'], code: 'signature-missing' });
      }
      if (consent.form === 'oral-documented' && !consent.oralReason?.trim()) {
        report({ path: ['oralReason'], code: 'oral-reason-missing' });
      }
    },
  },
];
