import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import {
  DEFAULT_ATTACHMENT_CASE_MAX_BYTES,
  DEFAULT_ATTACHMENT_MAX_BYTES,
} from '../../src/protocol/attachments.ts';
import type { RetentionRules } from '../../src/domain/retention.ts';

/** The repository root, so that relative defaults do not depend on the directory the relay was started from. */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Unset and empty variables both mean "use the default", as in most shells' `${VAR:-default}`. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

const port = z.coerce
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .min(0, 'must be between 0 and 65535')
  .max(65535, 'must be between 0 and 65535');

const count = (min: number, max: number) =>
  z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);

/**
 * `false` (the default: the client address is the TCP peer), `true` (trust every X-Forwarded-For hop, only
 * safe when nothing but the proxy can reach the relay), a hop count, or a comma-separated list of proxy
 * addresses, CIDR ranges or the names loopback, linklocal, uniquelocal.
 */
const trustProxy = z
  .string()
  .trim()
  .transform((value, ctx): boolean | number | string[] => {
    if (value === 'false') return false;
    if (value === 'true') return true;
    if (/^\d{1,2}$/.test(value)) return Number(value);
    const entries = value.split(',').map((entry) => entry.trim());
    if (entries.every((entry) => /^[0-9a-zA-Z.:/]+$/.test(entry))) return entries;
    ctx.addIssue({
      code: 'custom',
      message: 'must be true, false, a hop count, or a comma-separated list of addresses or CIDR ranges',
    });
    return z.NEVER;
  });

/**
 * A PostgreSQL connection URL, `postgres://user:password@host:port/database` (or `postgresql://`), with
 * libpq's query parameters such as `?sslmode=require`. Unset: the relay keeps its SQLite file in DATA_DIR.
 */
const databaseUrl = z
  .string()
  .trim()
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== '';
    } catch {
      return false;
    }
  }, 'must be a PostgreSQL URL: postgres://user:password@host:5432/database');

const EnvSchema = z.object({
  PORT: optional(port).default(8080),
  HOST: optional(z.string().trim().min(1)).default('127.0.0.1'),
  DATA_DIR: optional(z.string().trim().min(1)).default('./data'),
  DATABASE_URL: optional(databaseUrl),
  STATIC_DIR: optional(z.string().trim().min(1)).default(path.join(PROJECT_ROOT, 'dist')),
  LOG_LEVEL: optional(z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` })).default(
    'info',
  ),
  SHUTDOWN_TIMEOUT_MS: optional(
    z.coerce.number({ error: 'must be a number' }).int().min(100).max(120_000, 'must be at most 120000'),
  ).default(10_000),
  TOKEN_SECRET: optional(
    z.string().min(32, 'must be at least 32 characters (use `openssl rand -base64 48`)'),
  ),
  ACCESS_TOKEN_TTL_SECONDS: optional(
    z.coerce
      .number({ error: 'must be a number' })
      .int('must be a whole number')
      .min(30, 'must be at least 30')
      .max(3600, 'must be at most 3600'),
  ).default(900),
  REFRESH_TOKEN_TTL_DAYS: optional(
    z.coerce
      .number({ error: 'must be a number' })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(365, 'must be at most 365'),
  ).default(30),
  AUTO_LOCK_MINUTES: optional(
    z.coerce
      .number({ error: 'must be a number' })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(30, 'must be at most 30'),
  ).default(5),
  RATE_LIMIT_WINDOW_SECONDS: optional(count(10, 86_400)).default(900),
  LOGIN_LIMIT_PER_ADDRESS: optional(count(1, 100_000)).default(30),
  LOGIN_FAILURES_PER_ACCOUNT: optional(count(1, 1_000)).default(5),
  REFRESH_LIMIT_PER_ADDRESS: optional(count(1, 100_000)).default(600),
  REFRESH_LIMIT_PER_ACCOUNT: optional(count(1, 100_000)).default(60),
  TRUST_PROXY: optional(trustProxy).default(false),
  ACCESS_SWEEP_MS: optional(count(100, 300_000)).default(10_000),
  SYNC_HELLO_TIMEOUT_MS: optional(count(100, 120_000)).default(10_000),
  ATTACHMENT_MAX_BYTES: optional(count(1024, 1024 ** 3)).default(DEFAULT_ATTACHMENT_MAX_BYTES),
  ATTACHMENT_CASE_MAX_BYTES: optional(count(1024, 1024 ** 4)).default(DEFAULT_ATTACHMENT_CASE_MAX_BYTES),
  RETENTION_CLOSED_CASE_YEARS: optional(count(1, 30)).default(3),
  RETENTION_SHORT_COUNSELLING_MONTHS: optional(count(1, 360)).default(12),
  AUDIT_RETENTION_DAYS: optional(count(30, 36_500)).default(730),
  LIFECYCLE_SWEEP_MINUTES: optional(count(1, 1_440)).default(60),
  APPEND_BATCH: optional(z.enum(['true', 'false'], { error: 'must be true or false' })).default('true'),
});

/** Variables whose values never appear in a message, not even in a refusal. */
const SECRET_VARIABLES = new Set(['TOKEN_SECRET', 'DATABASE_URL']);

export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Limits on `POST /api/auth/login` and `/api/auth/refresh`, each per window of `windowSeconds`. Per address
 * counts every request from one client address; per account counts failed logins of one login name (a
 * successful login clears them) and refreshes of one user.
 */
export interface RateLimits {
  windowSeconds: number;
  loginPerAddress: number;
  loginFailuresPerAccount: number;
  refreshPerAddress: number;
  refreshPerAccount: number;
}

/** The defaults of `RateLimits`, as the environment's defaults set them. */
export const DEFAULT_RATE_LIMITS: RateLimits = {
  windowSeconds: 900,
  loginPerAddress: 30,
  loginFailuresPerAccount: 5,
  refreshPerAddress: 600,
  refreshPerAccount: 60,
};

/** The relay's configuration after parsing: every field present, every path absolute. */
export interface RelayConfig {
  port: number;
  host: string;
  dataDir: string;
  /**
   * Where the relay keeps its data: a PostgreSQL URL (several instances may share it), or `undefined` for the
   * embedded SQLite file in `dataDir`. The token secret and attachments stay in `dataDir` either way.
   */
  databaseUrl: string | undefined;
  staticDir: string;
  logLevel: LogLevel;
  shutdownTimeoutMs: number;
  /**
   * The key that signs access tokens. When unset, the relay generates one on first start and keeps it in
   * `DATA_DIR`, so sessions survive a restart; set it to share one key between several relay instances.
   */
  tokenSecret: string | undefined;
  accessTokenTtlSeconds: number;
  refreshTokenTtlDays: number;
  /** Minutes without input before the app locks on every device (1–30); sent with each session. */
  autoLockMinutes: number;
  rateLimits: RateLimits;
  /** Which proxies' X-Forwarded-For to believe for the client address (Fastify's `trustProxy`). */
  trustProxy: boolean | number | string[];
  /**
   * How often the relay checks the users, devices and memberships behind its open sync sockets against the
   * store, for changes it was not told of (the admin CLI writes to the database from another process).
   */
  accessSweepMs: number;
  /** How long a device socket may stay open before its first frame, the authenticating `hello`, arrives. */
  syncHelloTimeoutMs: number;
  /** Limits on attachments, in uploaded (encrypted) bytes: per file and per case. */
  attachments: AttachmentLimits;
  /**
   * How long closed cases and Kurzberatungen are kept before the relay erases them
   * (src/domain/retention.ts); the defaults are for each organisation's data-protection officer to confirm.
   */
  retention: RetentionRules;
  /** Days an audit event is kept; older ones are cut off behind an anchor that keeps the chain verifiable. */
  auditRetentionDays: number;
  /** How often the relay looks for cases whose retention period has ended and erases them. */
  lifecycleSweepMinutes: number;
  /**
   * Group commit: pushes waiting for the store are appended in one transaction with one durable commit
   * (default). Off, every push is a commit of its own; the scale benchmark compares the two.
   */
  appendBatch: boolean;
}

export interface AttachmentLimits {
  maxFileBytes: number;
  maxCaseBytes: number;
}

/** The defaults of `AttachmentLimits`, as the environment's defaults set them. */
export const DEFAULT_ATTACHMENT_LIMITS: AttachmentLimits = {
  maxFileBytes: DEFAULT_ATTACHMENT_MAX_BYTES,
  maxCaseBytes: DEFAULT_ATTACHMENT_CASE_MAX_BYTES,
};

/** Thrown for an environment that cannot run the relay; the message names every bad variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Invalid relay configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/**
 * Parses the relay's environment once, at start-up. Relative paths are resolved against `cwd`, so that
 * `DATA_DIR=./data` means the same thing in a shell and in a service manager's unit file.
 */
export function parseConfig(env: NodeJS.ProcessEnv, cwd = process.cwd()): RelayConfig {
  const result = EnvSchema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const variable = issue.path.join('.');
        const value = env[variable] ?? '';
        const shown = SECRET_VARIABLES.has(variable)
          ? `(hidden, ${value.length} characters)`
          : JSON.stringify(value);
        return `${variable}=${shown}: ${issue.message}`;
      }),
    );
  }
  const parsed = result.data;
  return {
    port: parsed.PORT,
    host: parsed.HOST,
    dataDir: path.resolve(cwd, parsed.DATA_DIR),
    databaseUrl: parsed.DATABASE_URL,
    staticDir: path.resolve(cwd, parsed.STATIC_DIR),
    logLevel: parsed.LOG_LEVEL,
    shutdownTimeoutMs: parsed.SHUTDOWN_TIMEOUT_MS,
    tokenSecret: parsed.TOKEN_SECRET,
    accessTokenTtlSeconds: parsed.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlDays: parsed.REFRESH_TOKEN_TTL_DAYS,
    autoLockMinutes: parsed.AUTO_LOCK_MINUTES,
    rateLimits: {
      windowSeconds: parsed.RATE_LIMIT_WINDOW_SECONDS,
      loginPerAddress: parsed.LOGIN_LIMIT_PER_ADDRESS,
      loginFailuresPerAccount: parsed.LOGIN_FAILURES_PER_ACCOUNT,
      refreshPerAddress: parsed.REFRESH_LIMIT_PER_ADDRESS,
      refreshPerAccount: parsed.REFRESH_LIMIT_PER_ACCOUNT,
    },
    trustProxy: parsed.TRUST_PROXY,
    accessSweepMs: parsed.ACCESS_SWEEP_MS,
    syncHelloTimeoutMs: parsed.SYNC_HELLO_TIMEOUT_MS,
    attachments: {
      maxFileBytes: parsed.ATTACHMENT_MAX_BYTES,
      maxCaseBytes: parsed.ATTACHMENT_CASE_MAX_BYTES,
    },
    retention: {
      closedCaseYears: parsed.RETENTION_CLOSED_CASE_YEARS,
      shortCounsellingMonths: parsed.RETENTION_SHORT_COUNSELLING_MONTHS,
    },
    auditRetentionDays: parsed.AUDIT_RETENTION_DAYS,
    lifecycleSweepMinutes: parsed.LIFECYCLE_SWEEP_MINUTES,
    appendBatch: parsed.APPEND_BATCH === 'true',
  };
}
