import { z } from 'zod';
import { livelihoodExceptionSchema, livelihoodShareSchema } from '../vocabulary.ts';
import { isoDateSchema } from './primitives.ts';
import { notInFuture, type Rule } from './rules.ts';

/**
 * Perspektive: the facts the residence pathways need that the rest of the case file does not hold
 * (docs/architecture.md#residence-pathways). Every field is optional: absent means not known, and a pathway
 * criterion that rests on it stays unknown.
 */
export const perspectiveFields = z.object({
  /** Years of successful school attendance in Germany (§ 25a). */
  schoolYearsInGermany: z.number().int().min(0).max(20).optional(),
  /** A school or vocational qualification obtained or recognised in Germany (§ 25a). */
  recognisedQualification: z.boolean().optional(),
  /** Integration course, "Leben in Deutschland" test or a German school certificate (§ 25b). */
  lifeInGermanyShown: z.boolean().optional(),
  naturalisationTestPassed: z.boolean().optional(),
  identityClarified: z.boolean().optional(),
  positiveIntegrationPrognosis: z.boolean().optional(),
  commitmentToBasicOrder: z.boolean().optional(),
  livelihood: livelihoodShareSchema.optional(),
  livelihoodException: livelihoodExceptionSchema.optional(),
  childrenAttendSchool: z.boolean().optional(),
  /** The day a Beschäftigungsduldung (§ 60d AufenthG) began (§ 25b Abs. 6). */
  employmentTolerationSince: isoDateSchema.optional(),
});
export type Perspective = z.output<typeof perspectiveFields>;
export type PerspectiveInput = z.input<typeof perspectiveFields>;

export const perspectiveRules: readonly Rule<Perspective>[] = [
  notInFuture((p) => p.employmentTolerationSince, 'employmentTolerationSince'),
];
