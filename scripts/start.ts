/**
 * `npm start`: builds the app if its sources changed since the last build, then runs the relay, which
 * serves the app and syncs it. Configuration comes from the environment (sync-server/.env.example).
 */
import { buildIfNeeded } from './build-if-needed.ts';

buildIfNeeded();
await import('../sync-server/src/main.ts');
