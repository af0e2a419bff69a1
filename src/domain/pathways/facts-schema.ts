import { z } from 'zod';
import { isoDateSchema } from '../schema/primitives.ts';
import {
  languageLevelSchema,
  legalDomainSchema,
  livelihoodExceptionSchema,
  livelihoodShareSchema,
  residenceStatusSchema,
} from '../vocabulary.ts';
import type { PathwayFacts } from './types.ts';

/**
 * `PathwayFacts` as stored in a case summary, so the _Perspektiven_ list can evaluate every case of a team
 * without opening its doc, and validated when read back like the rest of the summary.
 */
export const pathwayFactsSchema = z.object({
  dateOfBirth: isoDateSchema.optional(),
  arrivalInGermany: isoDateSchema.optional(),
  residence: z.array(
    z.object({
      status: residenceStatusSchema,
      from: isoDateSchema,
      until: isoDateSchema.optional(),
      section: z.string().max(60).optional(),
    }),
  ),
  householdChildren: z.array(isoDateSchema).optional(),
  germanLevel: languageLevelSchema.optional(),
  schoolYearsInGermany: z.number().int().min(0).max(20).optional(),
  recognisedQualification: z.boolean().optional(),
  lifeInGermanyShown: z.boolean().optional(),
  naturalisationTestPassed: z.boolean().optional(),
  identityClarified: z.boolean().optional(),
  positiveIntegrationPrognosis: z.boolean().optional(),
  commitmentToBasicOrder: z.boolean().optional(),
  livelihood: livelihoodShareSchema.optional(),
  benefits: legalDomainSchema.optional(),
  livelihoodException: livelihoodExceptionSchema.optional(),
  childrenAttendSchool: z.boolean().optional(),
  employmentTolerationSince: isoDateSchema.optional(),
  opportunityGrantedOn: isoDateSchema.optional(),
  opportunityValidUntil: isoDateSchema.optional(),
}) satisfies z.ZodType<PathwayFacts>;
