import { z } from 'zod';
import {
  goalStatusSchema,
  lifeDomainSchema,
  needLevelSchema,
  responsiblePartySchema,
} from '../vocabulary.ts';
import { idSchema, isoDateSchema, LIMITS, proseSchema, requiredTextSchema } from './primitives.ts';
import { recordStampFields } from './record-trail.ts';
import { notBefore, notInFuture, type Rule } from './rules.ts';

/** The assessment of one life domain. `resources` and `notes` are prose (`Y.Text`) in the doc. */
export const assessmentEntryFields = z.object({
  need: needLevelSchema.optional(),
  assessedOn: isoDateSchema.optional(),
  resources: proseSchema.default(''),
  notes: proseSchema.default(''),
});
export type AssessmentEntry = z.output<typeof assessmentEntryFields>;
export type AssessmentEntryInput = z.input<typeof assessmentEntryFields>;

export const assessmentEntryRules: readonly Rule<AssessmentEntry>[] = [
  notInFuture((a) => a.assessedOn, 'assessedOn'),
];

/** A goal agreed with the client (Zielvereinbarung); its steps are read separately. */
export const goalFields = z.object({
  id: idSchema,
  text: requiredTextSchema(LIMITS.line),
  lifeDomain: lifeDomainSchema,
  status: goalStatusSchema,
  agreedOn: isoDateSchema.optional(),
  dueOn: isoDateSchema.optional(),
  ...recordStampFields,
});
export type GoalRecord = z.output<typeof goalFields>;

export const goalRules: readonly Rule<GoalRecord>[] = [
  notBefore(
    (g) => g.agreedOn,
    (g) => g.dueOn,
    'dueOn',
    'goal-due-before-agreed',
  ),
];

/** A step towards a goal: who does what by when. */
export const stepFields = z.object({
  id: idSchema,
  text: requiredTextSchema(LIMITS.line),
  responsible: responsiblePartySchema,
  /** The partner service from the team directory, when `responsible` is `partner`. */
  partnerId: idSchema.optional(),
  dueOn: isoDateSchema.optional(),
  status: goalStatusSchema,
  ...recordStampFields,
});
export type Step = z.output<typeof stepFields>;

export const stepRules: readonly Rule<Step>[] = [
  {
    onRead: false,
    check(step, _ctx, report) {
      if (step.responsible === 'partner' && step.partnerId === undefined) {
        report({ path: ['partnerId'], code: 'partner-missing' });
      }
    },
  },
];

export interface Goal extends GoalRecord {
  steps: Step[];
}

/**
 * A step due after its goal's target date is allowed (plans slip) but worth a second look: a warning, never
 * a refusal. `undefined` when there is nothing to say.
 */
export function stepDueAfterGoal(
  step: { dueOn?: string | undefined },
  goal: { dueOn?: string | undefined },
): { code: 'step-due-after-goal'; date: string } | undefined {
  if (step.dueOn === undefined || goal.dueOn === undefined || step.dueOn <= goal.dueOn) return undefined;
  return { code: 'step-due-after-goal', date: goal.dueOn };
}
