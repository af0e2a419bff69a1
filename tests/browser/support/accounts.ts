import { createAccount } from '../../../sync-server/src/auth/accounts.ts';
import type { Role } from '../../../src/protocol/auth.ts';
import type { RelayStore } from '../../../sync-server/src/storage/contract.ts';

/** Someone the browser tests log in as; created in the relay's store, as an admin would. */
export interface TestAccount {
  login: string;
  password: string;
  displayName: string;
  /** A case manager in `TEAM` unless it says otherwise; coordination belongs to `TEAM` too, admins to none. */
  role?: Role;
}

export const TEAM = { id: 'sc-duisburg', name: 'Support-Center Duisburg', kind: 'support-center' } as const;

/** The case manager every browser test works as, unless it says otherwise. */
export const CASE_MANAGER: TestAccount = {
  login: 'amira.haddad',
  password: 'Lotse-Test-Passwort-1',
  displayName: 'Amira Haddad',
};

/** A colleague in the same team, for tests with two devices. */
export const COLLEAGUE: TestAccount = {
  login: 'jonas.weber',
  password: 'Lotse-Test-Passwort-2',
  displayName: 'Jonas Weber',
};

/** The admin: the audit log and every device, no case content. */
export const ADMIN: TestAccount = {
  login: 'petra.schulz',
  password: 'Lotse-Test-Passwort-3',
  displayName: 'Petra Schulz',
  role: 'admin',
};

/** Koordination: no case content, reports come later; keeps `TEAM`'s vocabulary, as in the demo. */
export const COORDINATOR: TestAccount = {
  login: 'deniz.arslan',
  password: 'Lotse-Test-Passwort-4',
  displayName: 'Deniz Arslan',
  role: 'coordination',
};

/** Cheap hashing for test accounts: the relay re-hashes with its own parameters at the first login. */
const CHEAP_HASH = { N: 2 ** 10, r: 8, p: 1 };

/** Creates `TEAM` (once) and the accounts: case managers and coordination in it, admins without a team. */
export async function createAccounts(
  store: RelayStore,
  accounts: readonly (TestAccount & { mustChangePassword?: boolean })[] = [
    CASE_MANAGER,
    COLLEAGUE,
    ADMIN,
    COORDINATOR,
  ],
): Promise<void> {
  if (!(await store.listTeams()).some((team) => team.id === TEAM.id)) await store.createTeam(TEAM);
  for (const account of accounts) {
    if (await store.userByLogin(account.login)) continue;
    await createAccount(store, {
      login: account.login,
      displayName: account.displayName,
      role: account.role ?? 'case-manager',
      teamIds: account.role === 'admin' ? [] : [TEAM.id],
      password: account.password,
      mustChangePassword: account.mustChangePassword ?? false,
      hashParams: CHEAP_HASH,
    });
  }
}
