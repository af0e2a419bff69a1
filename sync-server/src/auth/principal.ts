import type { Role } from '../../../src/protocol/auth.ts';
import type { RelayStore } from '../storage/contract.ts';
import { AuthError } from './auth-error.ts';
import type { TokenService } from './tokens.ts';

/** Who is on the other end of a request or socket, checked against the store at that moment. */
export interface Principal {
  userId: string;
  login: string;
  deviceId: string;
  role: Role;
  /** Ids of the teams the user belongs to now. */
  teamIds: ReadonlySet<string>;
  /** When the access token expires (ms since the epoch); sockets are closed with `token-expired` then. */
  expiresAt: number;
}

/**
 * Verifies an access token and checks that its user is still enabled and its device still registered to
 * that user and not revoked. Throws `AuthError` with the code to answer with.
 */
export async function resolvePrincipal(
  store: RelayStore,
  tokens: TokenService,
  token: string | null | undefined,
  now = Date.now(),
): Promise<Principal> {
  const claims = await tokens.verifyAccess(token, now);
  const [user, device] = await Promise.all([
    store.userById(claims.userId),
    store.deviceById(claims.deviceId),
  ]);
  // The token was ours, so whom it names may go to the audit log even when access is refused.
  const who = { userId: claims.userId, deviceId: claims.deviceId };
  if (!user)
    throw new AuthError('unauthenticated', 'The access token names an unknown user.', undefined, who);
  if (user.disabled) throw new AuthError('account-disabled', 'The account is disabled.', undefined, who);
  if (!device || device.userId !== user.id) {
    throw new AuthError('unauthenticated', 'The access token names an unknown device.', undefined, who);
  }
  if (device.revokedAt !== null) {
    throw new AuthError('device-revoked', 'The device was revoked.', undefined, who);
  }
  const teams = await store.teamsOf(user.id);
  return {
    userId: user.id,
    login: user.login,
    deviceId: device.id,
    role: user.role,
    teamIds: new Set(teams.map((team) => team.id)),
    expiresAt: claims.expiresAt,
  };
}
