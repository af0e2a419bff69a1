import { z } from 'zod';
import { ContentHashSchema } from '../../protocol/attachments.ts';
import { STORED_TYPES } from '../attachments.ts';
import { idSchema, LIMITS, requiredTextSchema, timestampSchema } from './primitives.ts';
import type { Rule } from './rules.ts';

/** The parts of a case an attachment can belong to besides the case itself. */
export const ATTACHMENT_LINK_PARTS = ['notices', 'residence', 'pathwayDocuments', 'contacts'] as const;
export type AttachmentLinkPart = (typeof ATTACHMENT_LINK_PARTS)[number];

/**
 * A photo or document of the case: only its description lives in the doc. The bytes travel apart
 * (docs/architecture.md#attachments), encrypted on the device under `key`, and are named by `hash`, the
 * SHA-256 of those encrypted bytes.
 */
export const attachmentFields = z.object({
  id: idSchema,
  name: requiredTextSchema(LIMITS.short),
  type: z.enum(STORED_TYPES),
  /** Bytes of the (downscaled) file, before encryption. */
  size: z.number().int().min(1),
  /** Bytes uploaded: the encrypted file. */
  storedSize: z.number().int().min(1),
  hash: ContentHashSchema,
  /** The attachment's own AES-256-GCM key, base64 of 32 bytes. */
  key: z.string().regex(/^[A-Za-z0-9+/]{43}=$/),
  width: z.number().int().min(1).optional(),
  height: z.number().int().min(1).optional(),
  /** The record it belongs to (absent: the case as a whole); `residence` is the current residence document. */
  linkPart: z.enum(ATTACHMENT_LINK_PARTS).optional(),
  linkId: idSchema.optional(),
  addedAt: timestampSchema,
  addedBy: idSchema.optional(),
});
export type Attachment = z.output<typeof attachmentFields>;

export const attachmentRules: readonly Rule<Attachment>[] = [];
