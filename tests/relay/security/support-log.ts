import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { LogLevel } from '../../../sync-server/src/config.ts';
import { createLogger } from '../../../sync-server/src/logger.ts';
import { startRelay, type Relay } from '../../../sync-server/src/server.ts';
import { testRelayConfig } from '../../support/relay.ts';
import { seedPeople } from './support.ts';

export interface LoggedRelay {
  relay: Relay;
  /** Every log line written so far, as the raw text pino wrote. */
  readonly text: () => string;
  readonly lines: () => Record<string, unknown>[];
  close(): Promise<void>;
}

/** A relay with the security people seeded, whose log goes to memory at `level` with the real logger. */
export async function startLoggedRelay(level: LogLevel): Promise<LoggedRelay> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'lotse-logged-'));
  let text = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString('utf8');
      done();
    },
  });
  const config = testRelayConfig({ dataDir, logLevel: level });
  const relay = await startRelay(config, createLogger(level, sink), { announce: () => {} });
  await seedPeople({ ...relay, dataDir });
  return {
    relay,
    text: () => text,
    lines: () =>
      text
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    async close() {
      await relay.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
