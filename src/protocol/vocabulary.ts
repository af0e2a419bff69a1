import { z } from 'zod';
import { IdSchema } from './sync.ts';

/**
 * The team vocabulary API (docs/architecture.md#team-vocabulary): coordination and admins read a team's
 * partner directory and barrier categories and confirm, rename, archive, restore and add entries. The relay
 * makes each change as an update of the team doc and appends it to the team's log like a push. Shared by
 * the relay, which parses params and bodies, and the app, which parses answers. Error answers are
 * `ErrorBody` (./errors.ts), with `issues` when the entry itself was refused.
 */

export const VOCABULARY_PATHS = {
  /** `GET`: the teams the caller may manage (coordination: their own; admins: every team). */
  teams: '/api/vocabulary/teams',
  /** `GET`: one team's vocabulary. */
  team: '/api/teams/:teamId/vocabulary',
  /** `POST`: adds a confirmed entry to `partners` or `categories`. */
  add: '/api/teams/:teamId/vocabulary/:list',
  /** `POST`: `confirm`, `rename`, `archive` or `restore` one entry, or `categorize` a partner. */
  entry: '/api/teams/:teamId/vocabulary/:list/:id/:action',
  /** `POST`: sets (or clears) the team's staffing in full-time posts. */
  staffing: '/api/teams/:teamId/vocabulary/staffing',
  /**
   * `POST`: imports the organisation's reviewed consent translation for one language (the file format of
   * src/domain/consent-templates.ts, documented in the README), replacing the team's earlier one.
   */
  consentTranslation: '/api/teams/:teamId/vocabulary/consent-translation',
  /**
   * `POST`: removes the team's translation for one language; case managers are offered the shipped sample
   * translation for it again (marked as not reviewed), and consents already recorded keep the text shown.
   */
  removeConsentTranslation: '/api/teams/:teamId/vocabulary/consent-translation/:language/remove',
} as const;

/** The consent translation path of a team, for clients. */
export function consentTranslationPath(teamId: string): string {
  return `/api/teams/${encodeURIComponent(teamId)}/vocabulary/consent-translation`;
}

export const VOCABULARY_LISTS = ['partners', 'categories'] as const;
export type VocabularyListParam = (typeof VOCABULARY_LISTS)[number];

export const VOCABULARY_ACTIONS = ['confirm', 'rename', 'archive', 'restore', 'categorize'] as const;
export type VocabularyAction = (typeof VOCABULARY_ACTIONS)[number];

/** A path with its parameters filled in, for clients. */
export function vocabularyPath(
  teamId: string,
  list?: VocabularyListParam,
  id?: string,
  action?: VocabularyAction,
): string {
  const base = `/api/teams/${encodeURIComponent(teamId)}/vocabulary`;
  if (list === undefined) return base;
  if (id === undefined || action === undefined) return `${base}/${list}`;
  return `${base}/${list}/${encodeURIComponent(id)}/${action}`;
}

export const VocabularyTeamParamsSchema = z.object({ teamId: IdSchema }).strict();

/** The removal path of a team's consent translation, for clients. */
export function removeConsentTranslationPath(teamId: string, language: string): string {
  return `${consentTranslationPath(teamId)}/${encodeURIComponent(language)}/remove`;
}

export const ConsentTranslationParamsSchema = z
  .object({ teamId: IdSchema, language: z.string().regex(/^[a-z]{2,3}$/, 'must be a language code') })
  .strict();

/** The path of the staffing action, for clients. */
export function staffingPath(teamId: string): string {
  return `/api/teams/${encodeURIComponent(teamId)}/vocabulary/staffing`;
}
export const VocabularyListParamsSchema = z
  .object({
    teamId: IdSchema,
    list: z.enum(VOCABULARY_LISTS, { error: `must be one of ${VOCABULARY_LISTS.join(', ')}` }),
  })
  .strict();
export const VocabularyEntryParamsSchema = z
  .object({
    teamId: IdSchema,
    list: z.enum(VOCABULARY_LISTS, { error: `must be one of ${VOCABULARY_LISTS.join(', ')}` }),
    id: IdSchema,
    action: z.enum(VOCABULARY_ACTIONS, { error: `must be one of ${VOCABULARY_ACTIONS.join(', ')}` }),
  })
  .strict();

/** Text fields of a body; their own limits and rules are the domain's (src/domain/schema/team.ts). */
const text = z.string({ error: 'must be a string' }).max(5000, 'is too long');

/** A partner's category: an id of the domain's closed list (`PARTNER_CATEGORIES`), checked there. */
const partnerCategory = z.string({ error: 'must be a string' }).max(100, 'is too long');

/** `POST …/vocabulary/partners`: a partner with its details. */
export const AddPartnerBodySchema = z
  .object({
    name: text,
    service: text.optional(),
    category: partnerCategory.optional(),
    contactPerson: text.optional(),
    phone: text.optional(),
    email: text.optional(),
    address: text.optional(),
    note: text.optional(),
  })
  .strict();
export type AddPartnerBody = z.infer<typeof AddPartnerBodySchema>;

/** `POST …/vocabulary/categories`: a category's label. */
export const AddCategoryBodySchema = z.object({ label: text }).strict();
export type AddCategoryBody = z.infer<typeof AddCategoryBodySchema>;

/** `POST …/:id/rename`: the new name (partners) or label (categories), as `name` for both. */
export const RenameBodySchema = z.object({ name: text }).strict();
export type RenameBody = z.infer<typeof RenameBodySchema>;

/** `POST …/partners/:id/categorize`: the partner's category, or `null` to clear it. */
export const CategorizeBodySchema = z.object({ category: partnerCategory.nullable() }).strict();
export type CategorizeBody = z.infer<typeof CategorizeBodySchema>;

/**
 * `POST …/vocabulary/staffing`: the team's full-time posts (more than 0, at most 100, two decimals at most,
 * e.g. 2.5), or `null` to clear them.
 */
export const StaffingBodySchema = z
  .object({
    fullTimePosts: z
      .number({ error: 'must be a number' })
      .gt(0, 'must be more than 0')
      .max(100, 'must be at most 100')
      .refine((value) => Math.abs(value * 100 - Math.round(value * 100)) < 1e-9, 'at most two decimals')
      .nullable(),
  })
  .strict();
export type StaffingBody = z.infer<typeof StaffingBodySchema>;

/** `confirm`, `archive`, `restore` take no body, or an empty object. */
export const EmptyBodySchema = z.object({}).strict().optional();

export const VocabularyEntrySchema = z.object({
  id: z.string(),
  /** A partner's name or a category's label, as stored. */
  name: z.string(),
  archived: z.boolean(),
  proposed: z.boolean(),
  /** Who proposed it (kept after it is confirmed); null for entries nobody proposed. */
  proposedBy: z.string().nullable(),
  /** That person's display name, when the relay knows the account. */
  proposedByName: z.string().nullable(),
  /** A partner's details (`category` among them, a `PARTNER_CATEGORIES` id); empty for categories. */
  details: z.record(z.string(), z.string()),
});
export type VocabularyEntry = z.infer<typeof VocabularyEntrySchema>;

export const VocabularyAnswerSchema = z.object({
  team: z.object({ id: z.string(), name: z.string() }),
  partners: z.array(VocabularyEntrySchema),
  categories: z.array(VocabularyEntrySchema),
  /** The team's staffing in full-time posts; null while not set (and from older relays). */
  fullTimePosts: z.number().nullable().default(null),
  /** The reviewed consent translations the team imported: language, reviewer and review day. */
  consentTranslations: z
    .array(z.object({ language: z.string(), reviewedBy: z.string(), reviewedOn: z.string() }))
    .default([]),
});
export type VocabularyAnswer = z.infer<typeof VocabularyAnswerSchema>;

export const VocabularyTeamsAnswerSchema = z.object({
  teams: z.array(z.object({ id: z.string(), name: z.string() })),
});
export type VocabularyTeamsAnswer = z.infer<typeof VocabularyTeamsAnswerSchema>;

/**
 * What a refused entry says, beside the error code (`issues` of the error answer): per field, the domain's
 * message code where it has one (the app shows it in the UI language) and the German message.
 */
export const VocabularyIssueSchema = z.object({
  path: z.string(),
  code: z.string().optional(),
  message: z.string(),
});
export type VocabularyIssue = z.infer<typeof VocabularyIssueSchema>;
