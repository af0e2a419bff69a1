import type { Role } from '../../../src/protocol/auth.ts';
import { createAccount } from '../../../sync-server/src/auth/accounts.ts';
import type { User } from '../../../sync-server/src/storage/contract.ts';
import type { TestRelay } from '../../support/relay.ts';

/** Cheap hashing for test accounts; the relay re-hashes with its own parameters at the first login. */
const CHEAP_HASH = { N: 2 ** 10, r: 8, p: 1 };

export const TEAM = {
  id: 'sc-kreis-test',
  name: 'Support-Center Kreis Test',
  kind: 'support-center',
} as const;

/** A case manager in `TEAM` (created on first use), as an admin would set them up. */
export async function createCaseManager(
  relay: TestRelay,
  account: {
    login: string;
    password: string;
    displayName?: string;
    mustChangePassword?: boolean;
    role?: Role;
  },
): Promise<User> {
  if (!(await relay.store.listTeams()).some((team) => team.id === TEAM.id)) {
    await relay.store.createTeam(TEAM);
  }
  return createAccount(relay.store, {
    login: account.login,
    displayName: account.displayName ?? `Person ${account.login}`,
    role: account.role ?? 'case-manager',
    teamIds: [TEAM.id],
    password: account.password,
    mustChangePassword: account.mustChangePassword ?? false,
    hashParams: CHEAP_HASH,
  });
}
