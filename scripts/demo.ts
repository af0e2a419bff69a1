/**
 * `npm run demo`: runs Lotse like `npm start`, but on its own data directory (data-demo/) that is seeded on
 * the first run with a team, two case managers, an admin, a coordination account and 50 fictitious cases.
 * Later runs keep what is there; delete data-demo/ to start over.
 */
import path from 'node:path';
import {
  DEMO_CASE_COUNT,
  DEMO_PASSWORD,
  DEMO_STAFF,
  DEMO_TEAM,
  DEMO_USERS,
  seedDemo,
} from '../sync-server/src/admin/demo-seed.ts';
import { ConfigError, parseConfig, PROJECT_ROOT } from '../sync-server/src/config.ts';
import { prepareDataDir } from '../sync-server/src/data-dir.ts';
import { openSqliteStore, SQLITE_FILE_NAME } from '../sync-server/src/storage/sqlite.ts';
import { buildIfNeeded } from './build-if-needed.ts';

// Always the demo directory, so that demo accounts never end up in a real DATA_DIR.
process.env.DATA_DIR = path.join(PROJECT_ROOT, 'data-demo');

buildIfNeeded();

let config;
try {
  config = parseConfig(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(
    `${error.message}\nSee sync-server/.env.example for every variable and its default.\n`,
  );
  process.exit(1);
}
const { dataDir, port } = config;
await prepareDataDir(dataDir);
const store = await openSqliteStore(path.join(dataDir, SQLITE_FILE_NAME));
try {
  const result = await seedDemo(store);
  console.log(
    result.seeded
      ? `Seeded the demo data into ${dataDir}.`
      : `Using the demo data in ${dataDir} (delete the directory to start over).`,
  );
} finally {
  await store.close();
}

const everyone = [...DEMO_USERS.map((user) => ({ ...user, role: 'case manager' })), ...DEMO_STAFF];
const width = Math.max(...everyone.map((user) => user.login.length));
console.log(
  [
    '',
    `Lotse demo: ${DEMO_CASE_COUNT} fictitious cases in the team "${DEMO_TEAM.name}".`,
    `Open http://localhost:${port} and log in as anyone of them, all with the password ${DEMO_PASSWORD}:`,
    ...everyone.map((user) => `    ${user.login.padEnd(width)}  ${user.displayName}, ${user.role}`),
    'The admin CLI on the demo data: DATA_DIR=data-demo npm run admin -- user list',
    'Stop with Ctrl-C.',
    '',
  ].join('\n'),
);

await import('../sync-server/src/main.ts');
