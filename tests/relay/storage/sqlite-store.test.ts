import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { openSqliteStore } from '../../../sync-server/src/storage/sqlite.ts';
import { describeStoreContract } from './store-contract.ts';

let dir = '';
let files = 0;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lotse-sqlite-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

// A real file per store, not ':memory:', so that the contract runs with WAL and fsync as in production.
describeStoreContract('sqlite', () => openSqliteStore(path.join(dir, `store-${++files}.sqlite3`)));
