/**
 * `npm run admin -- <command>`: the operator's tool for teams, users and devices. It opens the relay's
 * database directly: the PostgreSQL one of DATABASE_URL when that is set, else the SQLite file in DATA_DIR
 * (the write-ahead log and SQLite's locking make that safe while the relay runs). The relay checks users
 * and devices on every request, so changes take effect at once.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, parseConfig } from '../config.ts';
import { prepareDataDir } from '../data-dir.ts';
import type { RelayStore } from '../storage/contract.ts';
import { isStoreError } from '../storage/contract.ts';
import { openRelayStore } from '../storage/open-store.ts';
import { SQLITE_FILE_NAME } from '../storage/sqlite.ts';
import { parseCommand, usage, type CommandIo } from './commands.ts';
import { CommandError, UsageError } from './errors.ts';

const io: CommandIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

async function main(argv: readonly string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseCommand(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`${error.message}\nRun \`npm run admin -- --help\` for every command.`);
    return 2;
  }
  if (!parsed) {
    io.out(usage());
    return 0;
  }

  // Only DATA_DIR and DATABASE_URL matter here; a relay-only variable with a bad value must not stop the
  // operator.
  const { dataDir, databaseUrl } = parseConfig({
    DATA_DIR: process.env.DATA_DIR,
    DATABASE_URL: process.env.DATABASE_URL,
  });
  const file = path.join(dataDir, SQLITE_FILE_NAME);
  if (databaseUrl === undefined && !existsSync(file)) {
    if (parsed.command.readOnly) {
      io.err(`No Lotse database in ${dataDir}. Check DATA_DIR, or start the relay once to create it.`);
      return 1;
    }
    await prepareDataDir(dataDir);
    io.err(`Creating a new Lotse database in ${dataDir}.`);
  }

  let store: RelayStore | undefined;
  try {
    store = (await openRelayStore({ dataDir, databaseUrl })).store;
    await parsed.command.run(store, parsed, { ...io, dataDir });
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(error.message);
      return 2;
    }
    if (error instanceof CommandError) {
      io.err(error.message);
      return 1;
    }
    if (isStoreError(error)) {
      io.err(`The database refused: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    await store?.close();
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof ConfigError) {
    io.err(error.message);
    process.exitCode = 1;
  } else {
    io.err(`Unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
  }
}
