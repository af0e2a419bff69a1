import { z } from 'zod';
import { legalDomainSchema, residenceStatusSchema } from '../vocabulary.ts';
import { isoDateSchema, LIMITS, textSchema, timeOfDaySchema } from './primitives.ts';
import { notBefore, type Rule } from './rules.ts';

/** Aufenthalt: status and the dates that drive derived deadlines. */
export const residenceFields = z.object({
  status: residenceStatusSchema.optional(),
  /** The paragraph of an Aufenthaltserlaubnis, e.g. "§ 25 Abs. 5 AufenthG". */
  permitSection: textSchema(60).optional(),
  documentValidFrom: isoDateSchema.optional(),
  documentValidUntil: isoDateSchema.optional(),
  /** The day the § 104c Chancen-Aufenthaltsrecht was granted; its 18 months run from here. */
  opportunityGrantedOn: isoDateSchema.optional(),
  nextAbhAppointmentOn: isoDateSchema.optional(),
  nextAbhAppointmentTime: timeOfDaySchema.optional(),
  /** The responsible Ausländerbehörde. */
  authority: textSchema(LIMITS.short).optional(),
});
export type Residence = z.output<typeof residenceFields>;
export type ResidenceInput = z.input<typeof residenceFields>;

export const residenceRules: readonly Rule<Residence>[] = [
  notBefore(
    (r) => r.documentValidFrom,
    (r) => r.documentValidUntil,
    'documentValidUntil',
    'valid-until-before-from',
  ),
];

/**
 * A time alone names no ABH appointment: worth a message next to the time, never a refusal, so that a
 * person who types the time before the date loses neither. `undefined` when there is nothing to say.
 */
export function abhTimeWithoutDate(residence: {
  nextAbhAppointmentOn?: string | undefined;
  nextAbhAppointmentTime?: string | undefined;
}): { code: 'abh-time-without-date' } | undefined {
  if (residence.nextAbhAppointmentTime === undefined || residence.nextAbhAppointmentOn !== undefined) {
    return undefined;
  }
  return { code: 'abh-time-without-date' };
}

/** Leistungsbezug. */
export const benefitsFields = z.object({
  legalDomain: legalDomainSchema.optional(),
  office: textSchema(LIMITS.short).optional(),
  contactPerson: textSchema(LIMITS.name).optional(),
  contactPhone: textSchema(40).optional(),
});
export type Benefits = z.output<typeof benefitsFields>;
export type BenefitsInput = z.input<typeof benefitsFields>;

export const benefitsRules: readonly Rule<Benefits>[] = [];
