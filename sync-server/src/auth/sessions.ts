import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import {
  AUTH_PATHS,
  type LoginRequestSchema,
  type PasswordChangeRequest,
  type RefreshRequest,
  type Session,
} from '../../../src/protocol/auth.ts';
import type { RelayContext } from '../relay-context.ts';
import type { User } from '../storage/contract.ts';
import { rateLimited, type AccountLimits } from './account-limits.ts';
import { AuthError } from './auth-error.ts';
import { hashPassword, needsRehash, verifyAgainstDummy, verifyPassword } from './password.ts';
import type { Principal } from './principal.ts';
import { hashRefreshToken, newRefreshToken } from './refresh-tokens.ts';

/**
 * Login, refresh, logout and password change: the account API's rules, independent of HTTP. Every refusal
 * is an `AuthError` carrying the code the client sees. Logins, logouts, password changes and every refusal
 * go to the audit log (a failed login with the login name tried), never a password or token; successful
 * refreshes only update the device's last-seen time.
 */

export type AuthDeps = Pick<RelayContext, 'config' | 'log' | 'store' | 'tokens' | 'audit'> & {
  readonly limits: AccountLimits;
};
export type LoginInput = z.output<typeof LoginRequestSchema>;

/** Where a request came from, for the audit log. */
export interface RequestMeta {
  address: string;
}

/** Rate-limit refusals of one key are audited at most once per this long. */
const RATE_LIMIT_AUDIT_WINDOW_MS = 60_000;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * How long after an exchange the same device may show the exchanged refresh token once more and get a new
 * pair: the answer to its refresh can be lost (the app reloaded, the network dropped) after the relay spent
 * the token, and the device then still holds only the old one. Long enough for a reload and the device
 * PIN that unseals the tokens; a replay outside it, from another device, a second time, or after the
 * successor was used, still revokes every refresh token of the device.
 */
export const REFRESH_RETRY_GRACE_MS = 2 * 60_000;

/** Starts a new session: a refresh token of `familyId` and a fresh access token for this device. */
async function issueSession(
  { config, store, tokens }: AuthDeps,
  user: User,
  deviceId: string,
  familyId: string,
  now: number,
  refresh = newRefreshToken(),
): Promise<Session> {
  const refreshExpiresAt = now + config.refreshTokenTtlDays * DAY_MS;
  await store.storeRefreshToken({
    hash: refresh.hash,
    deviceId,
    userId: user.id,
    familyId,
    expiresAt: refreshExpiresAt,
  });
  const access = await tokens.issueAccess({ userId: user.id, deviceId, role: user.role }, now);
  const teams = await store.teamsOf(user.id);
  return {
    accessToken: access.token,
    accessExpiresAt: access.expiresAt,
    refreshToken: refresh.token,
    refreshExpiresAt,
    deviceId,
    user: { id: user.id, login: user.login, displayName: user.displayName, role: user.role },
    teams: teams.map((team) => ({ id: team.id, name: team.name, kind: team.kind })),
    policy: { autoLockMinutes: config.autoLockMinutes },
  };
}

function refuseSamePassword(): never {
  throw new AuthError('bad-request', 'newPassword: must differ from the current password');
}

/**
 * Checks login and password and starts a session on the named device (or a new one). Wrong login and wrong
 * password get the same answer after the same work; whether an account is disabled or must change its
 * password is only told to someone who knows its password.
 */
export async function login(
  deps: AuthDeps,
  input: LoginInput,
  meta: RequestMeta,
  now = Date.now(),
): Promise<Session> {
  const { store, log, audit, limits } = deps;
  const entry = { login: input.login, userId: undefined as string | undefined, deviceId: input.device.id };
  const refuse = (code: AuthError['code'], message: string): never => {
    log.info({ ...entry, outcome: code }, 'login refused');
    audit.record({
      kind: 'login-failed',
      login: input.login,
      userId: entry.userId ?? null,
      deviceId: entry.deviceId ?? null,
      code,
      address: meta.address,
    });
    throw new AuthError(code, message);
  };

  // Every attempt is counted before the password is checked, and the count is cleared only once it proved
  // right: checking first and counting after the (slow, asynchronous) hash would let any number of guesses
  // sent at once all pass the check. A limited account costs no hashing and reveals nothing more.
  const wait = await limits.loginFailures.take(input.login);
  if (wait > 0) {
    log.warn({ login: input.login, address: meta.address }, 'login refused: too many failed logins');
    audit.recordOnce(`login-account:${input.login}`, RATE_LIMIT_AUDIT_WINDOW_MS, {
      kind: 'rate-limited',
      login: input.login,
      code: 'rate-limited',
      address: meta.address,
      detail: { endpoint: AUTH_PATHS.login, scope: 'account' },
    });
    throw rateLimited(wait, 'failed logins for this account');
  }

  const user = await store.userByLogin(input.login);
  const valid = user
    ? await verifyPassword(input.password, user.passwordHash)
    : await verifyAgainstDummy(input.password);
  // The log may say whose password was wrong (operators look for that); the answer may not.
  entry.userId = user?.id;
  if (!user || !valid) return refuse('invalid-credentials', 'Wrong login or password.');
  await limits.loginFailures.clear(input.login);
  if (user.disabled) return refuse('account-disabled', 'The account is disabled.');
  if (user.mustChangePassword && input.newPassword === undefined) {
    // Not a failed login: the password was right, and the app now asks the person for a new one.
    log.info({ ...entry, outcome: 'password-change-required' }, 'login asks for a new password');
    audit.record({
      kind: 'password-change-required',
      login: user.login,
      userId: user.id,
      deviceId: entry.deviceId ?? null,
      address: meta.address,
    });
    throw new AuthError('password-change-required', 'The password must be changed: send newPassword.');
  }
  if (input.newPassword !== undefined && input.newPassword === input.password) refuseSamePassword();

  const known = input.device.id === undefined ? undefined : await store.deviceById(input.device.id);
  const device = known?.userId === user.id ? known : undefined;
  if (device && device.revokedAt !== null) return refuse('device-revoked', 'The device was revoked.');

  if (input.newPassword !== undefined) {
    await store.setPassword(user.id, await hashPassword(input.newPassword), false);
  } else if (needsRehash(user.passwordHash)) {
    await store.setPassword(user.id, await hashPassword(input.password), user.mustChangePassword);
  }
  const deviceId =
    device?.id ??
    (await store.registerDevice({ id: randomUUID(), userId: user.id, name: input.device.name })).id;
  const who = { login: user.login, userId: user.id, deviceId, address: meta.address };
  if (device === undefined) audit.record({ kind: 'device-registered', ...who });
  const session = await issueSession(deps, user, deviceId, randomUUID(), now);
  // Now, not when the request came in: the password check took a while, and a device registered meanwhile
  // must not appear to have been last seen before it was registered.
  await store.markDeviceSeen(deviceId, Date.now());
  audit.record({
    kind: 'login',
    ...who,
    detail: { newDevice: device === undefined, passwordChanged: input.newPassword !== undefined },
  });
  log.info(
    {
      ...entry,
      deviceId,
      newDevice: device === undefined,
      passwordChanged: input.newPassword !== undefined,
      outcome: 'ok',
    },
    'login',
  );
  return session;
}

/**
 * Exchanges a refresh token for a new pair (rotation). A token may be exchanged once; a second use means a
 * copy is in someone else's hands, so every refresh token of that device is revoked (not only the ones
 * rotated from the same login), the event is audited and logged as a warning, and the device must log in
 * again. One exception: the device that exchanged it may show it once more within
 * `REFRESH_RETRY_GRACE_MS`, naming itself, as long as the pair it was given has not been used — the
 * answer was lost on its way. That pair is then spent and a new one issued.
 */
export async function refresh(
  deps: AuthDeps,
  { refreshToken, deviceId: claimedDeviceId }: RefreshRequest,
  meta: RequestMeta,
  now = Date.now(),
): Promise<Session> {
  const { store, log, audit, limits } = deps;
  const hash = hashRefreshToken(refreshToken);
  const stored = await store.refreshTokenByHash(hash);
  const who = { userId: stored?.userId ?? null, deviceId: stored?.deviceId ?? null, address: meta.address };
  const invalid = (reason: string): never => {
    log.info({ ...who, outcome: 'refresh-invalid', reason }, 'refresh refused');
    audit.record({ kind: 'refresh-refused', ...who, code: 'refresh-invalid', detail: { reason } });
    throw new AuthError('refresh-invalid', 'The refresh token is not valid; log in again.');
  };
  const replayed = async (deviceId: string): Promise<never> => {
    const revoked = await store.revokeRefreshTokensOfDevice(deviceId);
    log.warn({ ...who, revoked }, 'refresh token reused; every refresh token of the device is revoked');
    audit.record({ kind: 'refresh-reused', ...who, code: 'refresh-invalid', detail: { revoked } });
    return invalid('replayed');
  };
  if (!stored) return invalid('unknown');
  if (stored.revokedAt !== null) return invalid('revoked');
  const retry = stored.usedAt !== null;
  if (
    retry &&
    (claimedDeviceId !== stored.deviceId ||
      stored.retriedAt !== null ||
      (stored.usedAt ?? 0) < now - REFRESH_RETRY_GRACE_MS)
  ) {
    return replayed(stored.deviceId);
  }
  if (stored.expiresAt <= now) return invalid('expired');
  const wait = await limits.refreshes.take(stored.userId);
  if (wait > 0) {
    log.warn(who, 'refresh refused: too many refreshes for this account');
    audit.recordOnce(`refresh-account:${stored.userId}`, RATE_LIMIT_AUDIT_WINDOW_MS, {
      kind: 'rate-limited',
      ...who,
      code: 'rate-limited',
      detail: { endpoint: AUTH_PATHS.refresh, scope: 'account' },
    });
    throw rateLimited(wait, 'refreshes for this account');
  }

  const [user, device] = await Promise.all([
    store.userById(stored.userId),
    store.deviceById(stored.deviceId),
  ]);
  if (!user || !device) return invalid('unknown user or device');
  const entry = { login: user.login, userId: user.id, deviceId: device.id };
  const refuse = (code: 'account-disabled' | 'device-revoked', message: string): never => {
    log.info({ ...entry, outcome: code }, 'refresh refused');
    audit.record({ kind: 'refresh-refused', ...who, login: user.login, code, detail: { reason: code } });
    throw new AuthError(code, message);
  };
  if (user.disabled) return refuse('account-disabled', 'The account is disabled.');
  if (device.revokedAt !== null) return refuse('device-revoked', 'The device was revoked.');
  // The atomic marks decide between two concurrent uses of one token: only one of them gets a session. A
  // retry is granted only while the successor is unused; the successor is spent with it.
  const next = newRefreshToken();
  const granted = retry
    ? await store.claimRefreshRetry(hash, now - REFRESH_RETRY_GRACE_MS, now)
    : await store.markRefreshTokenUsed(hash, now, next.hash);
  if (!granted) return replayed(device.id);
  const session = await issueSession(deps, user, device.id, stored.familyId, now, next);
  await store.markDeviceSeen(device.id, now);
  if (retry) log.info({ ...entry, outcome: 'ok' }, 'refresh retried after a lost answer');
  else log.debug({ ...entry, outcome: 'ok' }, 'refresh');
  return session;
}

/** Ends the session the refresh token belongs to. Unknown tokens are fine: the session is over either way. */
export async function logout(deps: AuthDeps, refreshToken: string, meta: RequestMeta): Promise<void> {
  const stored = await deps.store.refreshTokenByHash(hashRefreshToken(refreshToken));
  if (!stored) return;
  await deps.store.revokeRefreshFamily(stored.familyId);
  deps.log.info({ userId: stored.userId, deviceId: stored.deviceId, outcome: 'ok' }, 'logout');
  deps.audit.record({
    kind: 'logout',
    userId: stored.userId,
    deviceId: stored.deviceId,
    address: meta.address,
  });
}

/** Sets a new password for the signed-in user after checking the current one. */
export async function changePassword(
  { store, log, audit, limits }: AuthDeps,
  principal: Principal,
  input: PasswordChangeRequest,
  meta: RequestMeta,
): Promise<void> {
  const entry = { login: principal.login, userId: principal.userId, deviceId: principal.deviceId };
  // A guess of the current password here is a guess of the login's password: it spends the same budget
  // of failed attempts as a login, counted before the check (see `login`), so a session left open on a
  // lost device cannot be used to try passwords without limit.
  const wait = await limits.loginFailures.take(principal.login);
  if (wait > 0) {
    log.warn({ ...entry, address: meta.address }, 'password change refused: too many failed attempts');
    audit.recordOnce(`login-account:${principal.login}`, RATE_LIMIT_AUDIT_WINDOW_MS, {
      kind: 'rate-limited',
      ...entry,
      code: 'rate-limited',
      address: meta.address,
      detail: { endpoint: AUTH_PATHS.password, scope: 'account' },
    });
    throw rateLimited(wait, 'failed password checks for this account');
  }
  const user = await store.userById(principal.userId);
  if (!user || !(await verifyPassword(input.currentPassword, user.passwordHash))) {
    log.info({ ...entry, outcome: 'invalid-credentials' }, 'password change refused');
    audit.record({
      kind: 'password-change-failed',
      ...entry,
      code: 'invalid-credentials',
      address: meta.address,
    });
    throw new AuthError('invalid-credentials', 'The current password is wrong.');
  }
  await limits.loginFailures.clear(principal.login);
  if (input.newPassword === input.currentPassword) refuseSamePassword();
  await store.setPassword(user.id, await hashPassword(input.newPassword), false);
  // Whoever knew the old password may hold a session on another device: those sessions end with it. The
  // device the change was made on keeps its session; the others' access tokens run out within their TTL.
  let otherSessionsEnded = 0;
  for (const device of await store.devicesOf(user.id)) {
    if (device.id !== principal.deviceId)
      otherSessionsEnded += await store.revokeRefreshTokensOfDevice(device.id);
  }
  log.info({ ...entry, outcome: 'ok', otherSessionsEnded }, 'password changed');
  audit.record({
    kind: 'password-changed',
    ...entry,
    address: meta.address,
    detail: { otherSessionsEnded },
  });
}
