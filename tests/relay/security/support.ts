import { afterEach, beforeEach } from 'vitest';
import type { Role } from '../../../src/protocol/auth.ts';
import type { Session } from '../../../src/protocol/auth.ts';
import { createAccount } from '../../../sync-server/src/auth/accounts.ts';
import type { RelayConfig } from '../../../sync-server/src/config.ts';
import type { AuditFilter, StoredAuditEvent } from '../../../sync-server/src/storage/contract.ts';
import { startTestRelay, type TestRelay } from '../../support/relay.ts';
import { CHEAP_HASH, loginAs } from '../auth/support.ts';

/**
 * The people of the security tests, each logged in over HTTP: a case manager in each of two teams, a
 * coordinator of team A and an admin of no team.
 */
export const TEAM_A = 'sc-bochum';
export const TEAM_B = 'traeger-nord';

export const PEOPLE = {
  anna: { role: 'case-manager', teams: [TEAM_A] },
  bert: { role: 'case-manager', teams: [TEAM_B] },
  carla: { role: 'coordination', teams: [TEAM_A] },
  ada: { role: 'admin', teams: [] },
} as const satisfies Record<string, { role: Role; teams: readonly string[] }>;

export type PersonName = keyof typeof PEOPLE;

export const passwordOf = (name: string) => `${name}-password-123`;

export async function seedPeople(relay: TestRelay): Promise<void> {
  await relay.store.createTeam({ id: TEAM_A, name: 'SC Bochum', kind: 'support-center' });
  await relay.store.createTeam({ id: TEAM_B, name: 'Träger Nord', kind: 'provider-site' });
  for (const [login, person] of Object.entries(PEOPLE)) {
    await createAccount(relay.store, {
      login,
      displayName: `Person ${login}`,
      role: person.role,
      teamIds: person.teams,
      password: passwordOf(login),
      mustChangePassword: false,
      hashParams: CHEAP_HASH,
    });
  }
}

export interface SecurityFixture {
  readonly relay: TestRelay;
  login(name: PersonName, device?: { id?: string; name: string }): Promise<Session>;
  /** The audit events matching `filter`, newest first, after flushing the relay's audit writer. */
  audit(filter?: Omit<AuditFilter, 'limit'>): Promise<StoredAuditEvent[]>;
}

/** A fresh relay with the people seeded, per test. */
export function useSecurityRelay(overrides: Partial<RelayConfig> = {}): SecurityFixture {
  let relay: TestRelay | undefined;
  beforeEach(async () => {
    relay = await startTestRelay(overrides);
    await seedPeople(relay);
  });
  afterEach(async () => {
    await relay?.close();
    relay = undefined;
  });
  const fixture: SecurityFixture = {
    get relay() {
      if (!relay) throw new Error('the relay is not running');
      return relay;
    },
    login: (name, device = { name: `Tablet ${name}` }) =>
      loginAs(fixture.relay, name, passwordOf(name), device),
    async audit(filter = {}) {
      await fixture.relay.audit.flush();
      return (await fixture.relay.store.listAudit({ ...filter, limit: 1000 })).events;
    },
  };
  return fixture;
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  body: unknown;
}

/** A real HTTP request with an optional Bearer token; JSON answers are parsed. */
export async function request(
  relay: { readonly url: string },
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] ??= 'application/json';
  const response = await fetch(new URL(path, relay.url), {
    method,
    headers,
    body:
      options.body === undefined
        ? undefined
        : typeof options.body === 'string'
          ? options.body
          : JSON.stringify(options.body),
  });
  const text = await response.text();
  const json = (response.headers.get('content-type') ?? '').includes('application/json');
  return {
    status: response.status,
    headers: response.headers,
    text,
    body: json ? JSON.parse(text) : undefined,
  };
}
