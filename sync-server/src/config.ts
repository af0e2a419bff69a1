import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

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

const EnvSchema = z.object({
  PORT: optional(port).default(8080),
  HOST: optional(z.string().trim().min(1)).default('127.0.0.1'),
  DATA_DIR: optional(z.string().trim().min(1)).default('./data'),
  STATIC_DIR: optional(z.string().trim().min(1)).default(path.join(PROJECT_ROOT, 'dist')),
  LOG_LEVEL: optional(z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` })).default(
    'info',
  ),
  SHUTDOWN_TIMEOUT_MS: optional(
    z.coerce.number({ error: 'must be a number' }).int().min(100).max(120_000, 'must be at most 120000'),
  ).default(10_000),
});

export type LogLevel = (typeof LOG_LEVELS)[number];

/** The relay's configuration after parsing: every field present, every path absolute. */
export interface RelayConfig {
  port: number;
  host: string;
  dataDir: string;
  staticDir: string;
  logLevel: LogLevel;
  shutdownTimeoutMs: number;
}

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
        const value = env[variable];
        return `${variable}=${JSON.stringify(value ?? '')}: ${issue.message}`;
      }),
    );
  }
  const parsed = result.data;
  return {
    port: parsed.PORT,
    host: parsed.HOST,
    dataDir: path.resolve(cwd, parsed.DATA_DIR),
    staticDir: path.resolve(cwd, parsed.STATIC_DIR),
    logLevel: parsed.LOG_LEVEL,
    shutdownTimeoutMs: parsed.SHUTDOWN_TIMEOUT_MS,
  };
}
