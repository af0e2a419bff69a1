import type { TestProject } from 'vitest/node';
import { findTestDatabase } from '../support/postgres-server.ts';

/**
 * Finds (or starts) the PostgreSQL the relay tests share, once per run, so that test files running at once
 * do not each start a throwaway server; stops a started one when the run ends.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const database = await findTestDatabase();
  project.provide('testDatabaseUrl', database.url);
  return database.stop;
}
