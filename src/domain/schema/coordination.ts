import { z } from 'zod';
import { themaStatusSchema } from '../vocabulary.ts';
import {
  idSchema,
  isoDateSchema,
  LIMITS,
  requiredTextSchema,
  textSchema,
  timestampSchema,
} from './primitives.ts';

/** Version of the coordination doc layout written by this code. */
export const COORDINATION_DOC_SCHEMA_VERSION = 1;

export const coordinationMetaFields = z.object({
  schemaVersion: z.number().int().optional(),
  updatedAt: timestampSchema.optional(),
  updatedBy: idSchema.optional(),
});
export type CoordinationMeta = z.output<typeof coordinationMetaFields>;

/** What coordination types to start a Thema or to change its title and description. */
export const themaInputFields = z.object({
  title: requiredTextSchema(LIMITS.short),
  description: textSchema(LIMITS.paragraph).optional(),
});
export type ThemaInput = z.output<typeof themaInputFields>;

export const THEMA_ENTRY_KINDS = ['note', 'decision', 'status'] as const;
export type ThemaEntryKind = (typeof THEMA_ENTRY_KINDS)[number];

/**
 * One dated line of a Thema's history: a note, a decision (of a working group or the Lenkungsgruppe), or a
 * move to another status. `on` is the day it happened (a meeting's date), `at` when it was written.
 */
export const themaEntryFields = z.object({
  id: idSchema,
  kind: z.enum(THEMA_ENTRY_KINDS),
  on: isoDateSchema,
  text: textSchema(LIMITS.paragraph).optional(),
  /** For `status`: the status moved to, and the one it moved from. */
  status: themaStatusSchema.optional(),
  from: themaStatusSchema.optional(),
  at: timestampSchema,
  by: idSchema.optional(),
});
export type ThemaEntry = z.output<typeof themaEntryFields>;

/** A Thema as read from the doc: its history in the order it was written. */
export const themaFields = z.object({
  id: idSchema,
  title: requiredTextSchema(LIMITS.short),
  description: textSchema(LIMITS.paragraph).optional(),
  status: themaStatusSchema,
  /** The day of the last status move (or of the Thema's start). */
  statusOn: isoDateSchema,
  createdAt: timestampSchema,
  createdBy: idSchema.optional(),
  entries: z.array(z.unknown()).optional(),
});

export interface Thema extends Omit<z.output<typeof themaFields>, 'entries'> {
  entries: ThemaEntry[];
}

/**
 * A barrier report assigned to a Thema. A report feeds at most one Thema; `caseKey` is the relay's
 * pseudonym of the case (never its doc id), so a Thema can count the cases it affects.
 */
export const reportLinkFields = z.object({
  reportId: z.string().min(1).max(200),
  themaId: idSchema,
  teamId: idSchema,
  caseKey: idSchema,
  linkedAt: timestampSchema,
  linkedBy: idSchema.optional(),
});
export type ReportLink = z.output<typeof reportLinkFields>;

/** What the case managers of one team learn about the Thema one of their reports feeds. */
export const themenFeedEntryFields = z.object({
  themaId: idSchema,
  title: requiredTextSchema(LIMITS.short),
  status: themaStatusSchema,
  statusOn: isoDateSchema,
  /** The latest decision written on the Thema, if any. */
  decision: z.object({ on: isoDateSchema, text: textSchema(LIMITS.paragraph) }).optional(),
});
export type ThemenFeedEntry = z.output<typeof themenFeedEntryFields>;
