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
  timestampSchema,
} from './primitives.ts';
import { notBefore, unique, type Rule } from './rules.ts';

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
  textVersionHash: hashSchema.optional(),
  language: languageCodeSchema,
  withdrawnAt: timestampSchema.optional(),
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
];
