import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorCode } from '../../../src/protocol/errors.ts';
import { isAuthError } from '../auth/auth-error.ts';
import { resolvePrincipal, type Principal } from '../auth/principal.ts';
import type { RelayContext } from '../relay-context.ts';
import { bearerToken } from './auth-routes.ts';
import { sendError } from './errors.ts';

export type Guarded = Pick<RelayContext, 'store' | 'tokens' | 'audit'>;

/** The route's path pattern (`/api/admin/devices/:id/revoke`), not the URL: ids go to their own columns. */
function endpointOf(request: FastifyRequest): string {
  return request.routeOptions.url ?? request.url.split('?')[0] ?? '';
}

/** Audits a refused API request and answers it with `code`. */
export function refuse(
  context: Guarded,
  request: FastifyRequest,
  reply: FastifyReply,
  code: ErrorCode,
  message: string,
  who: { userId?: string; deviceId?: string; login?: string } = {},
): FastifyReply {
  context.audit.record({
    kind: 'access-refused',
    userId: who.userId ?? null,
    deviceId: who.deviceId ?? null,
    login: who.login ?? null,
    code,
    address: request.ip,
    detail: { endpoint: endpointOf(request), method: request.method },
  });
  return sendError(reply, code, message);
}

/**
 * Resolves the Bearer token's principal and checks the role. Resolves the principal, or `undefined` after
 * answering and auditing the refusal: `unauthenticated`/`token-expired`/`device-revoked`/... for the token,
 * `forbidden` for a role that may not use the endpoint.
 */
export async function guard(
  context: Guarded,
  request: FastifyRequest,
  reply: FastifyReply,
  allowed: (principal: Principal) => boolean,
): Promise<Principal | undefined> {
  let principal: Principal;
  try {
    principal = await resolvePrincipal(context.store, context.tokens, bearerToken(request));
  } catch (error) {
    if (!isAuthError(error)) throw error;
    refuse(context, request, reply, error.code, error.message, error.who);
    return undefined;
  }
  if (!allowed(principal)) {
    refuse(context, request, reply, 'forbidden', 'Your role may not use this endpoint.', principal);
    return undefined;
  }
  return principal;
}
