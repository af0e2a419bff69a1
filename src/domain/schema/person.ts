import { z } from 'zod';
import {
  accessRouteSchema,
  genderSchema,
  householdRelationSchema,
  languageLevelSchema,
} from '../vocabulary.ts';
import {
  emailSchema,
  idSchema,
  isoDateSchema,
  languageCodeSchema,
  LIMITS,
  listSchema,
  nationalitySchema,
  requiredTextSchema,
  textSchema,
} from './primitives.ts';
import { notBefore, notInFuture, unique, type Rule } from './rules.ts';

export const spokenLanguageSchema = z.object({
  language: languageCodeSchema,
  level: languageLevelSchema,
});
export type SpokenLanguage = z.output<typeof spokenLanguageSchema>;

/**
 * The person the case is about. Every field is optional because a Kurzberatung may stay anonymous and a
 * case file grows over several contacts; the address is flat so that two devices editing street and city
 * at the same time both keep their change.
 */
export const personFields = z.object({
  familyName: textSchema(LIMITS.name).optional(),
  givenNames: textSchema(LIMITS.name).optional(),
  birthDate: isoDateSchema.optional(),
  /** As the person states it; absent when not stated. */
  gender: genderSchema.optional(),
  nationalities: listSchema(nationalitySchema, 5).default([]),
  languages: listSchema(spokenLanguageSchema, 12).default([]),
  interpreterNeeded: z.boolean().optional(),
  interpreterLanguage: languageCodeSchema.optional(),
  phone: textSchema(40).optional(),
  email: emailSchema.optional(),
  street: textSchema(LIMITS.short).optional(),
  postalCode: textSchema(10).optional(),
  city: textSchema(LIMITS.name).optional(),
  /** Gemeinschaftsunterkunft: the address is a shared accommodation. */
  sharedAccommodation: z.boolean().optional(),
  arrivedInGermanyOn: isoDateSchema.optional(),
  arrivedInMunicipalityOn: isoDateSchema.optional(),
  accessRoute: accessRouteSchema.optional(),
});
export type Person = z.output<typeof personFields>;
export type PersonInput = z.input<typeof personFields>;

export const personRules: readonly Rule<Person>[] = [
  notInFuture((p) => p.birthDate, 'birthDate', 'birth-date-future'),
  notInFuture((p) => p.arrivedInGermanyOn, 'arrivedInGermanyOn'),
  notInFuture((p) => p.arrivedInMunicipalityOn, 'arrivedInMunicipalityOn'),
  notBefore(
    (p) => p.arrivedInGermanyOn,
    (p) => p.arrivedInMunicipalityOn,
    'arrivedInMunicipalityOn',
    'arrival-order',
  ),
  unique(
    (p) => p.nationalities,
    (n) => n,
    'nationalities',
  ),
  unique(
    (p) => p.languages,
    (l) => l.language,
    'languages',
  ),
];

/** A member of the household or Bedarfsgemeinschaft. */
export const householdMemberFields = z.object({
  id: idSchema,
  name: requiredTextSchema(LIMITS.short),
  relation: householdRelationSchema,
  birthDate: isoDateSchema.optional(),
  /** Part of the Bedarfsgemeinschaft (SGB II), not only living in the same flat. */
  inBenefitUnit: z.boolean().optional(),
});
export type HouseholdMember = z.output<typeof householdMemberFields>;

export const householdMemberRules: readonly Rule<HouseholdMember>[] = [
  notInFuture((m) => m.birthDate, 'birthDate', 'birth-date-future'),
];
