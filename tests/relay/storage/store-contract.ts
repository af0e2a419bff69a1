import { afterEach, beforeEach } from 'vitest';
import type { RelayStore } from '../../../sync-server/src/storage/contract.ts';
import { describeAccountsContract } from './contract-accounts.ts';
import { describeAuditContract } from './contract-audit.ts';
import { describeBatchContract } from './contract-batches.ts';
import { describeEpochContract } from './contract-epochs.ts';
import { describeFactsContract } from './contract-facts.ts';
import { describeLifecycleContract } from './contract-lifecycle.ts';
import { describeLogContract } from './contract-log.ts';
import { describeLogProperties } from './contract-properties.ts';
import { describePushContract } from './contract-pushes.ts';

/** Makes a fresh, empty, migrated store; called once per test (and once per property run). */
export type StoreFactory = () => Promise<RelayStore>;

/** Hands each test a fresh store and closes every store it made, also when the test fails. */
export interface StoreSlot {
  /** The store of the running test. */
  readonly current: RelayStore;
  /** Another fresh store, closed after the test, for tests that need several (property runs). */
  fresh(): Promise<RelayStore>;
}

/**
 * The storage contract every engine must pass (docs/architecture.md#relay-storage-contract). An engine's test
 * file calls this once with a factory, for example `describeStoreContract('sqlite', () =>
 * openSqliteStore(tempFile()))`. Must be called at the top level of a test file or inside a `describe`.
 */
export function describeStoreContract(engine: string, createStore: StoreFactory): void {
  const opened: RelayStore[] = [];
  let current: RelayStore | undefined;

  const slot: StoreSlot = {
    get current() {
      if (current === undefined) throw new Error('the store is only available inside a test');
      return current;
    },
    async fresh() {
      const store = await createStore();
      opened.push(store);
      return store;
    },
  };

  beforeEach(async () => {
    current = await slot.fresh();
  });

  afterEach(async () => {
    current = undefined;
    await Promise.all(opened.splice(0).map((store) => store.close()));
  });

  describeAccountsContract(engine, slot);
  describeAuditContract(engine, slot);
  describeLogContract(engine, slot);
  describePushContract(engine, slot);
  describeBatchContract(engine, slot);
  describeEpochContract(engine, slot);
  describeFactsContract(engine, slot);
  describeLifecycleContract(engine, slot);
  describeLogProperties(engine, slot);
}
