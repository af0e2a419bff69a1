import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  DEFAULT_ATTACHMENT_LIMITS,
  DEFAULT_RATE_LIMITS,
  PROJECT_ROOT,
  type RelayConfig,
} from '../../sync-server/src/config.ts';
import { DEFAULT_RETENTION } from '../../src/domain/retention.ts';
import { createLogger } from '../../sync-server/src/logger.ts';
import { startRelay, type Relay, type RelayOptions } from '../../sync-server/src/server.ts';

export interface TestRelay extends Relay {
  readonly dataDir: string;
}

/**
 * The configuration of a relay for tests: a free port on loopback, the built app, quiet logs (unless
 * `TEST_LOG_LEVEL` says otherwise), short shutdown, and the defaults of everything else.
 */
export function testRelayConfig(overrides: Partial<RelayConfig> & { dataDir: string }): RelayConfig {
  return {
    port: 0,
    host: '127.0.0.1',
    databaseUrl: undefined,
    staticDir: path.join(PROJECT_ROOT, 'dist'),
    logLevel: (process.env.TEST_LOG_LEVEL as RelayConfig['logLevel'] | undefined) ?? 'silent',
    shutdownTimeoutMs: 2_000,
    tokenSecret: undefined,
    accessTokenTtlSeconds: 900,
    refreshTokenTtlDays: 30,
    autoLockMinutes: 5,
    rateLimits: DEFAULT_RATE_LIMITS,
    trustProxy: false,
    accessSweepMs: 10_000,
    syncHelloTimeoutMs: 10_000,
    attachments: DEFAULT_ATTACHMENT_LIMITS,
    retention: DEFAULT_RETENTION,
    auditRetentionDays: 730,
    lifecycleSweepMinutes: 60,
    appendBatch: true,
    ...overrides,
  };
}

/**
 * A real relay, in this process, on a free port, with quiet logs and a fresh data directory that is
 * removed again on close. The first start's admin notice is dropped unless `options.announce` takes it.
 */
export async function startTestRelay(
  overrides: Partial<RelayConfig> = {},
  options: RelayOptions = {},
): Promise<TestRelay> {
  const dataDir = overrides.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'lotse-relay-')));
  const config = testRelayConfig({ dataDir, ...overrides });
  const relay = await startRelay(config, createLogger(config.logLevel), {
    announce: () => {},
    ...options,
  });
  return {
    url: relay.url,
    port: relay.port,
    http: relay.http,
    store: relay.store,
    tokens: relay.tokens,
    audit: relay.audit,
    access: relay.access,
    lifecycle: relay.lifecycle,
    reports: relay.reports,
    dataDir,
    close: async () => {
      await relay.close();
      if (!overrides.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
