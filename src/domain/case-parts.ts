import type { z } from 'zod';
import { appointmentFields, appointmentRules } from './schema/appointments.ts';
import { attachmentFields, attachmentRules } from './schema/attachments.ts';
import { contactFields, contactRules, referralFields, referralRules } from './schema/contacts.ts';
import { consentFields, consentRules } from './schema/consents.ts';
import { householdMemberFields, householdMemberRules, personFields, personRules } from './schema/person.ts';
import { goalFields, goalRules, stepFields, stepRules } from './schema/planning.ts';
import {
  barrierFields,
  barrierRules,
  noticeFields,
  noticeRules,
  reminderFields,
  reminderRules,
} from './schema/records.ts';
import {
  authorityApplicationFields,
  authorityApplicationRules,
  pathwayDocumentFields,
  pathwayDocumentRules,
} from './schema/pathway-records.ts';
import { perspectiveFields, perspectiveRules } from './schema/perspective.ts';
import {
  benefitsFields,
  benefitsRules,
  residenceFields,
  residencePeriodFields,
  residencePeriodRules,
  residenceRules,
} from './schema/residence.ts';
import type { Rule } from './schema/rules.ts';

/**
 * The registry of a case file's parts: which schema and rules each part has, and which of its fields are
 * prose (`Y.Text`). Readers and mutators are written once against this table.
 */
interface PartSpec<S extends z.ZodObject> {
  fields: S;
  rules: readonly Rule<z.output<S>>[];
  /** Fields stored as `Y.Text` so concurrent edits merge character by character. */
  prose: readonly string[];
  /** Values a new record gets unless the input says otherwise. */
  defaults: Readonly<Record<string, unknown>>;
}

function part<S extends z.ZodObject>(spec: PartSpec<S>): PartSpec<S> {
  return spec;
}

/** Single-record parts, each a root `Y.Map` of the same name. */
export const SECTIONS = {
  person: part({ fields: personFields, rules: personRules, prose: [], defaults: {} }),
  residence: part({ fields: residenceFields, rules: residenceRules, prose: [], defaults: {} }),
  benefits: part({ fields: benefitsFields, rules: benefitsRules, prose: [], defaults: {} }),
  perspective: part({ fields: perspectiveFields, rules: perspectiveRules, prose: [], defaults: {} }),
};
export type SectionName = keyof typeof SECTIONS;

/** List parts, each a root `Y.Array` of `Y.Map`s with a stable `id`. */
export const COLLECTIONS = {
  household: part({ fields: householdMemberFields, rules: householdMemberRules, prose: [], defaults: {} }),
  goals: part({ fields: goalFields, rules: goalRules, prose: [], defaults: { status: 'open' } }),
  contacts: part({ fields: contactFields, rules: contactRules, prose: ['note'], defaults: {} }),
  referrals: part({
    fields: referralFields,
    rules: referralRules,
    prose: [],
    defaults: { status: 'proposed' },
  }),
  reminders: part({ fields: reminderFields, rules: reminderRules, prose: [], defaults: { done: false } }),
  notices: part({ fields: noticeFields, rules: noticeRules, prose: [], defaults: {} }),
  consents: part({ fields: consentFields, rules: consentRules, prose: [], defaults: {} }),
  barriers: part({ fields: barrierFields, rules: barrierRules, prose: ['description'], defaults: {} }),
  residenceHistory: part({
    fields: residencePeriodFields,
    rules: residencePeriodRules,
    prose: [],
    defaults: {},
  }),
  pathwayDocuments: part({
    fields: pathwayDocumentFields,
    rules: pathwayDocumentRules,
    prose: [],
    defaults: { status: 'missing' },
  }),
  applications: part({
    fields: authorityApplicationFields,
    rules: authorityApplicationRules,
    prose: [],
    defaults: { outcome: 'applied' },
  }),
  appointments: part({ fields: appointmentFields, rules: appointmentRules, prose: [], defaults: {} }),
  /** Descriptions of photos and documents; their bytes travel apart (docs/architecture.md#attachments). */
  attachments: part({ fields: attachmentFields, rules: attachmentRules, prose: [], defaults: {} }),
};
export type CollectionName = keyof typeof COLLECTIONS;
export const COLLECTION_NAMES = Object.keys(COLLECTIONS) as CollectionName[];

/** Steps live in a `Y.Array` named `steps` inside each goal's map. */
export const STEPS = part({ fields: stepFields, rules: stepRules, prose: [], defaults: { status: 'open' } });

export type FieldsOf<C extends CollectionName> = (typeof COLLECTIONS)[C]['fields'];
export type ItemOf<C extends CollectionName> = z.output<FieldsOf<C>>;

type Defaulted<C extends CollectionName> = C extends 'goals' | 'referrals' | 'pathwayDocuments'
  ? 'status'
  : C extends 'reminders'
    ? 'done'
    : C extends 'applications'
      ? 'outcome'
      : never;

/** What a caller gives to add a record: everything but the generated id; defaulted fields may be left out. */
export type ItemInput<C extends CollectionName> = Omit<z.input<FieldsOf<C>>, 'id' | Defaulted<C>> &
  Partial<Pick<z.input<FieldsOf<C>>, Defaulted<C> & keyof z.input<FieldsOf<C>>>>;

/** A change to a record; a field set to `undefined` is cleared. */
export type ItemPatch<C extends CollectionName> = Partial<Omit<z.input<FieldsOf<C>>, 'id'>>;

export type StepInput = Omit<z.input<typeof stepFields>, 'id' | 'status'> &
  Partial<Pick<z.input<typeof stepFields>, 'status'>>;
export type StepPatch = Partial<Omit<z.input<typeof stepFields>, 'id'>>;

export type SectionPatch<P extends SectionName> = Partial<z.input<(typeof SECTIONS)[P]['fields']>>;
