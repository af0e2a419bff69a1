import { z } from 'zod';
import { isoDateSchema } from '../schema/primitives.ts';
import { perspectiveFields } from '../schema/perspective.ts';
import { languageLevelSchema, legalDomainSchema, residenceStatusSchema } from '../vocabulary.ts';
import type { PathwayFacts } from './types.ts';

/**
 * `PathwayFacts` as stored in a case summary, so the _Perspektiven_ list can evaluate every case of a team
 * without opening its doc, and validated when read back like the rest of the summary.
 */
export const pathwayFactsSchema = perspectiveFields.extend({
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
  benefits: legalDomainSchema.optional(),
  opportunityGrantedOn: isoDateSchema.optional(),
  opportunityValidUntil: isoDateSchema.optional(),
}) satisfies z.ZodType<PathwayFacts>;
