import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig, PROJECT_ROOT } from '../../sync-server/src/config.ts';

describe('relay configuration from the environment', () => {
  it('uses documented defaults for an empty environment', () => {
    const config = parseConfig({}, '/srv/lotse');
    expect(config).toEqual({
      port: 8080,
      host: '127.0.0.1',
      dataDir: '/srv/lotse/data',
      databaseUrl: undefined,
      staticDir: path.join(PROJECT_ROOT, 'dist'),
      logLevel: 'info',
      shutdownTimeoutMs: 10_000,
      tokenSecret: undefined,
      accessTokenTtlSeconds: 900,
      refreshTokenTtlDays: 30,
      autoLockMinutes: 5,
      rateLimits: {
        windowSeconds: 900,
        loginPerAddress: 30,
        loginFailuresPerAccount: 5,
        refreshPerAddress: 600,
        refreshPerAccount: 60,
      },
      trustProxy: false,
      accessSweepMs: 10_000,
      syncHelloTimeoutMs: 10_000,
      attachments: { maxFileBytes: 20 * 1024 * 1024, maxCaseBytes: 200 * 1024 * 1024 },
      retention: { closedCaseYears: 3, shortCounsellingMonths: 12 },
      auditRetentionDays: 730,
      lifecycleSweepMinutes: 60,
      appendBatch: true,
    });
  });

  it('reads TRUST_PROXY as a switch or a hop count', () => {
    expect(parseConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(parseConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(parseConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
  });

  it('treats an empty variable like an unset one', () => {
    expect(parseConfig({ PORT: '', LOG_LEVEL: '' }).port).toBe(8080);
  });

  it('reads every variable and resolves relative paths against the working directory', () => {
    const config = parseConfig(
      {
        PORT: '9000',
        HOST: '0.0.0.0',
        DATA_DIR: 'var/lotse',
        DATABASE_URL: 'postgres://lotse:geheim@db.example:5432/lotse?sslmode=require',
        STATIC_DIR: '/opt/lotse/dist',
        LOG_LEVEL: 'debug',
        SHUTDOWN_TIMEOUT_MS: '2500',
        TOKEN_SECRET: 'k'.repeat(40),
        ACCESS_TOKEN_TTL_SECONDS: '120',
        REFRESH_TOKEN_TTL_DAYS: '7',
        AUTO_LOCK_MINUTES: '10',
        RATE_LIMIT_WINDOW_SECONDS: '60',
        LOGIN_LIMIT_PER_ADDRESS: '10',
        LOGIN_FAILURES_PER_ACCOUNT: '3',
        REFRESH_LIMIT_PER_ADDRESS: '100',
        REFRESH_LIMIT_PER_ACCOUNT: '20',
        TRUST_PROXY: 'loopback, 10.0.0.0/8',
        ACCESS_SWEEP_MS: '500',
        SYNC_HELLO_TIMEOUT_MS: '3000',
        ATTACHMENT_MAX_BYTES: '5000000',
        ATTACHMENT_CASE_MAX_BYTES: '90000000',
        RETENTION_CLOSED_CASE_YEARS: '10',
        RETENTION_SHORT_COUNSELLING_MONTHS: '24',
        AUDIT_RETENTION_DAYS: '3650',
        LIFECYCLE_SWEEP_MINUTES: '15',
        APPEND_BATCH: 'false',
      },
      '/srv',
    );
    expect(config).toEqual({
      port: 9000,
      host: '0.0.0.0',
      dataDir: '/srv/var/lotse',
      databaseUrl: 'postgres://lotse:geheim@db.example:5432/lotse?sslmode=require',
      staticDir: '/opt/lotse/dist',
      logLevel: 'debug',
      shutdownTimeoutMs: 2500,
      tokenSecret: 'k'.repeat(40),
      accessTokenTtlSeconds: 120,
      refreshTokenTtlDays: 7,
      autoLockMinutes: 10,
      rateLimits: {
        windowSeconds: 60,
        loginPerAddress: 10,
        loginFailuresPerAccount: 3,
        refreshPerAddress: 100,
        refreshPerAccount: 20,
      },
      trustProxy: ['loopback', '10.0.0.0/8'],
      accessSweepMs: 500,
      syncHelloTimeoutMs: 3000,
      attachments: { maxFileBytes: 5_000_000, maxCaseBytes: 90_000_000 },
      retention: { closedCaseYears: 10, shortCounsellingMonths: 24 },
      auditRetentionDays: 3650,
      lifecycleSweepMinutes: 15,
      appendBatch: false,
    });
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT="abc": must be a number'],
    [{ APPEND_BATCH: 'yes' }, 'APPEND_BATCH="yes": must be true or false'],
    [{ PORT: '70000' }, 'PORT="70000": must be between 0 and 65535'],
    [{ PORT: '80.5' }, 'PORT="80.5": must be a whole number'],
    [
      { TOKEN_SECRET: 'short' },
      'TOKEN_SECRET=(hidden, 5 characters): must be at least 32 characters (use `openssl rand -base64 48`)',
    ],
    [
      { DATABASE_URL: 'mysql://lotse:geheim@db/lotse' },
      'DATABASE_URL=(hidden, 29 characters): must be a PostgreSQL URL: postgres://user:password@host:5432/database',
    ],
    [
      { DATABASE_URL: 'db.example:5432' },
      'DATABASE_URL=(hidden, 15 characters): must be a PostgreSQL URL: postgres://user:password@host:5432/database',
    ],
    [{ ACCESS_TOKEN_TTL_SECONDS: '5' }, 'ACCESS_TOKEN_TTL_SECONDS="5": must be at least 30'],
    [{ AUTO_LOCK_MINUTES: '60' }, 'AUTO_LOCK_MINUTES="60": must be at most 30'],
    [{ ATTACHMENT_MAX_BYTES: '10' }, 'ATTACHMENT_MAX_BYTES="10": must be at least 1024'],
    [
      { LOG_LEVEL: 'verbose' },
      'LOG_LEVEL="verbose": must be one of fatal, error, warn, info, debug, trace, silent',
    ],
    [{ SHUTDOWN_TIMEOUT_MS: '999999' }, 'SHUTDOWN_TIMEOUT_MS="999999": must be at most 120000'],
    [{ SYNC_HELLO_TIMEOUT_MS: '10' }, 'SYNC_HELLO_TIMEOUT_MS="10": must be at least 100'],
    [{ LOGIN_FAILURES_PER_ACCOUNT: '0' }, 'LOGIN_FAILURES_PER_ACCOUNT="0": must be at least 1'],
    [{ RATE_LIMIT_WINDOW_SECONDS: 'soon' }, 'RATE_LIMIT_WINDOW_SECONDS="soon": must be a number'],
    [{ ACCESS_SWEEP_MS: '10' }, 'ACCESS_SWEEP_MS="10": must be at least 100'],
    [{ RETENTION_CLOSED_CASE_YEARS: '0' }, 'RETENTION_CLOSED_CASE_YEARS="0": must be at least 1'],
    [{ AUDIT_RETENTION_DAYS: '7' }, 'AUDIT_RETENTION_DAYS="7": must be at least 30'],
    [
      { TRUST_PROXY: 'my proxy' },
      'TRUST_PROXY="my proxy": must be true, false, a hop count, or a comma-separated list of addresses or CIDR ranges',
    ],
  ])('refuses %o, naming the variable', (env, problem) => {
    expect(() => parseConfig(env)).toThrow(ConfigError);
    try {
      parseConfig(env);
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([problem]);
    }
  });

  it('reports every bad variable at once', () => {
    expect(() => parseConfig({ PORT: 'x', LOG_LEVEL: 'y' })).toThrow(/PORT="x".*\n.*LOG_LEVEL="y"/);
  });
});
