import { z } from 'zod';
import {
  contactKindSchema,
  interpreterKindSchema,
  lifeDomainSchema,
  referralStatusSchema,
} from '../vocabulary.ts';
import {
  idSchema,
  isoDateSchema,
  languageCodeSchema,
  LIMITS,
  listSchema,
  proseSchema,
  textSchema,
} from './primitives.ts';
import { recordStampFields } from './record-trail.ts';
import { notInFuture, unique, type Rule } from './rules.ts';

/** One entry of the Beratungsverlauf. `note` is prose (`Y.Text`) in the doc. */
export const contactFields = z.object({
  id: idSchema,
  date: isoDateSchema,
  durationMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .optional(),
  kind: contactKindSchema,
  place: textSchema(LIMITS.short).optional(),
  topics: listSchema(lifeDomainSchema, 10).default([]),
  interpreterLanguage: languageCodeSchema.optional(),
  interpreterKind: interpreterKindSchema.optional(),
  note: proseSchema.default(''),
  /** The user id of the case manager who recorded the contact. */
  authorId: idSchema.optional(),
  /** Begleitung: the office the client was accompanied to … */
  accompanimentOffice: textSchema(LIMITS.short).optional(),
  /** … and what the appointment was about. */
  accompanimentAppointment: textSchema(LIMITS.short).optional(),
  ...recordStampFields,
});
export type Contact = z.output<typeof contactFields>;

export const contactRules: readonly Rule<Contact>[] = [
  notInFuture((c) => c.date, 'date'),
  unique(
    (c) => c.topics,
    (t) => t,
    'topics',
  ),
  {
    onRead: false,
    check(contact, _ctx, report) {
      // A contact without a note or a topic says nothing later; date and kind alone are not documentation.
      if (contact.note.trim() === '' && contact.topics.length === 0) {
        report({ path: ['note'], code: 'contact-empty' });
      }
      if (contact.interpreterKind !== undefined && contact.interpreterLanguage === undefined) {
        report({ path: ['interpreterLanguage'], code: 'interpreter-language-missing' });
      }
      if (contact.kind === 'accompaniment' && !contact.accompanimentOffice?.trim()) {
        report({ path: ['accompanimentOffice'], code: 'accompaniment-office-missing' });
      }
    },
  },
];

/** A Vermittlung to a partner service from the team's directory. */
export const referralFields = z.object({
  id: idSchema,
  partnerId: idSchema,
  date: isoDateSchema,
  reason: textSchema(LIMITS.line).optional(),
  status: referralStatusSchema,
  outcome: textSchema(LIMITS.paragraph).optional(),
  /** The consent (Schweigepflichtentbindung) in this case that allows talking to the partner. */
  consentId: idSchema.optional(),
  ...recordStampFields,
});
export type Referral = z.output<typeof referralFields>;

export const referralRules: readonly Rule<Referral>[] = [];
