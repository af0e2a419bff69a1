import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { newPasswordSchema, type Role } from '../../../src/protocol/auth.ts';
import type { RelayStore, User } from '../storage/contract.ts';
import { isStoreError } from '../storage/contract.ts';
import type { AccessEvents } from './access-events.ts';
import { hashPassword, type ScryptParams } from './password.ts';

/**
 * Account operations shared by the admin CLI, the first-start admin and the demo seed: they validate what
 * the store takes as given (login form, password length, existing teams) and keep the pairs of writes the
 * store leaves to its caller (a disabled user's or revoked device's refresh tokens) together.
 */

/** Logins are stored lower-case; the login form lower-cases what people type the same way. */
export const LoginNameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^[a-z0-9][a-z0-9._@-]{0,99}$/,
    'must be 1–100 letters, digits or . _ @ - and start with a letter or digit',
  );

export const DisplayNameSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(100, 'must be at most 100 characters');

/** A refusal an operator can act on; the message names the problem. */
export class AccountError extends Error {
  override name = 'AccountError';
}

export interface NewAccount {
  login: string;
  displayName: string;
  role: Role;
  teamIds: readonly string[];
  password: string;
  mustChangePassword: boolean;
  /** Cheaper hashing for tests; defaults to the production parameters. */
  hashParams?: ScryptParams;
}

function checked<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new AccountError(`${what} ${result.error.issues[0]?.message ?? 'is invalid'}.`);
  return result.data;
}

/**
 * Creates a user with a new id and adds them to `teamIds`. Refuses (AccountError) a malformed login or
 * name, a short password, an unknown team or a taken login, before writing anything.
 */
export async function createAccount(store: RelayStore, account: NewAccount): Promise<User> {
  const login = checked(LoginNameSchema, account.login, `The login ${JSON.stringify(account.login)}`);
  const displayName = checked(DisplayNameSchema, account.displayName, 'The display name');
  checked(newPasswordSchema, account.password, 'The password');
  const known = new Set((await store.listTeams()).map((team) => team.id));
  const missing = account.teamIds.filter((id) => !known.has(id));
  if (missing.length > 0) throw new AccountError(`No team with the id ${missing.join(', ')}.`);
  if (await store.userByLogin(login)) throw new AccountError(`The login ${login} is taken.`);

  let user: User;
  try {
    user = await store.createUser({
      id: randomUUID(),
      login,
      displayName,
      role: account.role,
      passwordHash: await hashPassword(account.password, account.hashParams),
      mustChangePassword: account.mustChangePassword,
    });
  } catch (error) {
    if (isStoreError(error, 'conflict')) throw new AccountError(`The login ${login} is taken.`);
    throw error;
  }
  for (const teamId of new Set(account.teamIds)) await store.addMembership(user.id, teamId);
  return user;
}

/** Revokes the refresh tokens of every device of the user; resolves how many were revoked. */
export async function revokeSessionsOfUser(store: RelayStore, userId: string): Promise<number> {
  let revoked = 0;
  for (const device of await store.devicesOf(userId)) {
    revoked += await store.revokeRefreshTokensOfDevice(device.id);
  }
  return revoked;
}

/**
 * Disables the user and ends every session they have: their refresh tokens are revoked, access tokens stop
 * working at their next check, and open sync sockets close with `account-disabled` — at once on the relay
 * that publishes to `events`, within the access sweep's interval on one that is not told (the CLI's case).
 */
export async function disableUser(store: RelayStore, userId: string, events?: AccessEvents): Promise<void> {
  await store.setUserDisabled(userId, true);
  await revokeSessionsOfUser(store, userId);
  events?.publish({ kind: 'user-disabled', userId });
}

/**
 * Takes the user out of the team. Their open sockets that serve the team close with `not-in-team`, the
 * device socket included (it reconnects and is then welcomed to the teams that remain); resolves whether
 * they were a member.
 */
export async function removeFromTeam(
  store: RelayStore,
  userId: string,
  teamId: string,
  events?: AccessEvents,
): Promise<boolean> {
  const removed = await store.removeMembership(userId, teamId);
  events?.publish({ kind: 'membership-removed', userId, teamId });
  return removed;
}

/** Revokes the device and its refresh tokens; idempotent. */
export async function revokeDevice(
  store: RelayStore,
  deviceId: string,
  at = Date.now(),
  events?: AccessEvents,
): Promise<void> {
  await store.revokeDevice(deviceId, at);
  await store.revokeRefreshTokensOfDevice(deviceId);
  events?.publish({ kind: 'device-revoked', deviceId });
}
