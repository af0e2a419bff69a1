/**
 * The relay's entry point: parse the environment, start, and shut down cleanly on SIGTERM/SIGINT.
 * A second signal during shutdown exits at once.
 */
import { ConfigError, parseConfig, type RelayConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { startRelay } from './server.ts';
import { RELAY_VERSION } from './version.ts';

let config: RelayConfig;
try {
  config = parseConfig(process.env);
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(
      `${error.message}\nSee sync-server/.env.example for every variable and its default.\n`,
    );
    process.exit(1);
  }
  throw error;
}

const log = createLogger(config.logLevel);

/** Exits once every log line is written: pino writes asynchronously, and the last lines matter most. */
function exit(code: number): void {
  log.flush(() => process.exit(code));
}

try {
  const relay = await startRelay(config, log);
  log.info(
    { url: relay.url, dataDir: config.dataDir, staticDir: config.staticDir, version: RELAY_VERSION },
    `Lotse relay listening on ${relay.url}`,
  );

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      log.warn({ signal }, 'second signal during shutdown; exiting now');
      exit(1);
    }
    stopping = true;
    log.info({ signal }, 'shutting down');
    relay.close().then(
      () => {
        log.info('relay stopped');
        exit(0);
      },
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
} catch (error) {
  log.fatal({ err: error }, 'relay failed to start');
  exit(1);
}
