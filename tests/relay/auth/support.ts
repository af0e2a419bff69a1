import type { Role } from '../../../src/protocol/auth.ts';
import { AUTH_PATHS, SessionSchema, type Session } from '../../../src/protocol/auth.ts';
import { createAccount } from '../../../sync-server/src/auth/accounts.ts';
import type { User } from '../../../sync-server/src/storage/contract.ts';
import type { TestRelay } from '../../support/relay.ts';

/** Cheap hashing for accounts the tests create; a login re-hashes with the production parameters. */
export const CHEAP_HASH = { N: 2 ** 10, r: 8, p: 1 };

export interface Answer {
  status: number;
  body: unknown;
  headers: Headers;
}

/** A real HTTP request to the relay, with a JSON body (or a raw string, to test malformed bodies). */
export async function post(
  relay: { readonly url: string },
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const response = await fetch(new URL(path, relay.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text === '' ? undefined : JSON.parse(text),
    headers: response.headers,
  };
}

export interface TestAccount {
  login: string;
  password: string;
  role?: Role;
  teamIds?: string[];
  mustChangePassword?: boolean;
}

/** Creates a team `team-a` if needed and a user in it. */
export async function createUser(relay: TestRelay, account: TestAccount): Promise<User> {
  const teams = await relay.store.listTeams();
  if (!teams.some((team) => team.id === 'team-a')) {
    await relay.store.createTeam({ id: 'team-a', name: 'SC Test', kind: 'support-center' });
  }
  return createAccount(relay.store, {
    login: account.login,
    displayName: `Person ${account.login}`,
    role: account.role ?? 'case-manager',
    teamIds: account.teamIds ?? ['team-a'],
    password: account.password,
    mustChangePassword: account.mustChangePassword ?? false,
    hashParams: CHEAP_HASH,
  });
}

/** Logs in and parses the answer as a Session; fails the test with the relay's answer otherwise. */
export async function loginAs(
  relay: { readonly url: string },
  login: string,
  password: string,
  device: { id?: string; name: string } = { name: 'Tablet' },
): Promise<Session> {
  const answer = await post(relay, AUTH_PATHS.login, { login, password, device });
  if (answer.status !== 200) throw new Error(`login failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  return SessionSchema.parse(answer.body);
}
