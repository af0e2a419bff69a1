import { z } from 'zod';
import { legalDomainSchema, residenceStatusSchema } from '../vocabulary.ts';
import { idSchema, isoDateSchema, LIMITS, textSchema, timeOfDaySchema } from './primitives.ts';
import { notBefore, notInFuture, type Rule } from './rules.ts';

/** Aufenthalt: status and the dates that drive derived deadlines. */
export const residenceFields = z.object({
  status: residenceStatusSchema.optional(),
  /** The day the present status began; a change of status moves the one before into the history. */
  statusSince: isoDateSchema.optional(),
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
  notInFuture((r) => r.statusSince, 'statusSince'),
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

/**
 * An earlier residence status and the time it lasted (`until` its last day). Written when the present status
 * changes, so statuses over time are kept, not overwritten; a case manager may add or correct earlier ones.
 */
export const residencePeriodFields = z.object({
  id: idSchema,
  status: residenceStatusSchema,
  from: isoDateSchema.optional(),
  until: isoDateSchema.optional(),
  permitSection: textSchema(60).optional(),
});
export type ResidencePeriodRecord = z.output<typeof residencePeriodFields>;

export const residencePeriodRules: readonly Rule<ResidencePeriodRecord>[] = [
  notInFuture((p) => p.from, 'from'),
  notInFuture((p) => p.until, 'until'),
  notBefore(
    (p) => p.from,
    (p) => p.until,
    'until',
    'valid-until-before-from',
  ),
];
