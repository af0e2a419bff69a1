import { afterAll, beforeAll } from 'vitest';
import { releaseTestDatabase, reusableTestStores } from '../../support/postgres.ts';
import { describeStoreContract } from './store-contract.ts';

const stores = reusableTestStores('contract');

// The property test opens one store per run (25) at once: their schemas are made ahead.
beforeAll(() => stores.prepare(26), 180_000);
afterAll(releaseTestDatabase, 60_000);

// Each store in a schema of its own, emptied for reuse once closed: as empty as SQLite's file per store.
describeStoreContract('postgres', () => stores.fresh());
