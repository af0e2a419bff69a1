import { z } from 'zod';
import { isIsoDate, isIsoTimestamp } from '../dates.ts';
import { check, message } from '../messages.ts';

/** Length limits, in characters. Generous for people, tight enough that one record cannot bloat a doc. */
export const LIMITS = {
  id: 80,
  name: 100,
  short: 200,
  line: 500,
  paragraph: 2_000,
  prose: 20_000,
  list: 20,
} as const;

/** Stable ids of array items and of records in other docs (partners, consents, users, teams). */
export const idSchema = z
  .string()
  .min(1, { error: message('required') })
  .max(LIMITS.id, { error: message('too-long', { max: LIMITS.id }) });

export const isoDateSchema = z.string().refine(isIsoDate, check('invalid-date'));

export const timestampSchema = z.string().refine(isIsoTimestamp, check('invalid-timestamp'));

export const timeOfDaySchema = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: message('invalid-time') });

/** Optional-length text; empty is allowed. */
export function textSchema(max: number) {
  return z.string().max(max, { error: message('too-long', { max }) });
}

/** Text that must contain more than white space. */
export function requiredTextSchema(max: number) {
  return textSchema(max).refine((value) => value.trim().length > 0, check('required'));
}

/** Prose stored as `Y.Text` in the doc and read back as a plain string. */
export const proseSchema = textSchema(LIMITS.prose);

/** A BCP 47 language tag as used by `Intl.DisplayNames`: `ar`, `uk`, `fa-AF`, `ckb`. */
export const languageCodeSchema = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { error: message('invalid-language') });

/** An ISO 3166-1 alpha-2 country code, or `stateless` / `unclear` (staatenlos, ungeklärt). */
export const nationalitySchema = z
  .string()
  .refine((value) => /^[A-Z]{2}$/.test(value) || value === 'stateless' || value === 'unclear', {
    ...check('invalid-country'),
  });

export const emailSchema = z
  .string()
  .max(LIMITS.short, { error: message('too-long', { max: LIMITS.short }) })
  .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, { error: message('invalid-email') });

/** A hex digest (e.g. SHA-256) that identifies the exact consent text a person agreed to. */
export const hashSchema = z.string().regex(/^[0-9a-f]{32,128}$/, { error: message('invalid-hash') });

export function listSchema<T extends z.ZodType>(item: T, max: number = LIMITS.list) {
  return z.array(item).max(max, { error: message('too-many', { max }) });
}
