import type { Appointment } from './schema/appointments.ts';
import type { Attachment } from './schema/attachments.ts';
import type { Handover, PhaseChange } from './schema/case-history.ts';
import type { CaseMeta, Closure } from './schema/case-meta.ts';
import type { Consent } from './schema/consents.ts';
import type { Contact, Referral } from './schema/contacts.ts';
import type { HouseholdMember, Person } from './schema/person.ts';
import type { AssessmentEntry, Goal } from './schema/planning.ts';
import type { Barrier, Notice, Reminder } from './schema/records.ts';
import type { TrailEntry } from './schema/record-trail.ts';
import type { AuthorityApplication, PathwayDocument } from './schema/pathway-records.ts';
import type { Perspective } from './schema/perspective.ts';
import type { Benefits, Residence, ResidencePeriodRecord } from './schema/residence.ts';
import type { LifeDomain } from './vocabulary.ts';

/** A whole case file as plain, validated data: what `readCase` returns. */
export interface CaseFile {
  meta: CaseMeta;
  person: Person;
  residence: Residence;
  benefits: Benefits;
  /** The facts the residence pathways need beyond the rest of the file. */
  perspective: Perspective;
  /** Earlier residence statuses, in the doc's order. */
  residenceHistory: ResidencePeriodRecord[];
  /** The pathways' document checklists. */
  pathwayDocuments: PathwayDocument[];
  /** Applications handed over to the ABH or EBH, with their outcome. */
  applications: AuthorityApplication[];
  assessment: Partial<Record<LifeDomain, AssessmentEntry>>;
  household: HouseholdMember[];
  goals: Goal[];
  contacts: Contact[];
  referrals: Referral[];
  reminders: Reminder[];
  notices: Notice[];
  consents: Consent[];
  barriers: Barrier[];
  /** Termine, planned ahead; a contact documents what happened at one. */
  appointments: Appointment[];
  /** Photos and documents: their descriptions; the bytes are kept apart. */
  attachments: Attachment[];
  closure: Closure;
  /** General case notes (prose). */
  notes: string;
  /** Edits and erroneous markings of traced records, in the doc's order (see `trailOf`). */
  trail: TrailEntry[];
  /** Every phase change, oldest first (append-only). */
  phaseHistory: PhaseChange[];
  /** Every handover of the responsibility, oldest first (append-only). */
  handovers: Handover[];
}

export type PathSegment = string | number;

/**
 * A value in the doc that did not pass its schema. The UI shows these next to the case ("unbekannter Wert",
 * with `raw`) instead of failing; nothing is deleted from the doc.
 * - `field-dropped`: the field is left out of the read record; the rest of the record reads.
 * - `item-dropped`: a required field is unreadable, so the whole record is left out of its list.
 * - `inconsistent`: the record reads, but two of its fields contradict each other (e.g. after merging
 *   concurrent edits); `path` names the field to look at.
 */
export interface ReadProblem {
  /** Where the value sits, list items by id where they have one: `['contacts', 'c-1', 'kind']`. */
  path: PathSegment[];
  /** For `item-dropped`: the offending field inside the record, e.g. `kind`. */
  field?: string;
  /** German text. */
  message: string;
  raw: unknown;
  effect: 'field-dropped' | 'item-dropped' | 'inconsistent';
}

export interface ReadCaseResult {
  file: CaseFile;
  problems: ReadProblem[];
}
