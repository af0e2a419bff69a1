import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import {
  AUTH_PATHS,
  LoginRequestSchema,
  LogoutRequestSchema,
  PasswordChangeRequestSchema,
  RefreshRequestSchema,
} from '../../../src/protocol/auth.ts';
import { AccountLimits } from '../auth/account-limits.ts';
import type { RateWindows } from '../storage/rate-windows.ts';
import { isAuthError, type AuthError } from '../auth/auth-error.ts';
import { dummyPasswordHash } from '../auth/password.ts';
import { resolvePrincipal } from '../auth/principal.ts';
import { changePassword, login, logout, refresh, type AuthDeps } from '../auth/sessions.ts';
import type { RelayContext } from '../relay-context.ts';
import { sendError } from './errors.ts';
import { perAddressLimit, sendRateLimited } from './rate-limits.ts';

/** A body that fails its schema: the message names the first field at fault. */
function describeIssues(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'The request body is invalid.';
  const field = issue.path.length > 0 ? issue.path.join('.') : 'body';
  return `${field}: ${issue.message}`;
}

/** Answers an `AuthError` with its code, and a Retry-After for `rate-limited`. */
export function sendAuthError(reply: FastifyReply, error: AuthError): FastifyReply {
  if (error.code === 'rate-limited' && error.retryAfterSeconds !== undefined) {
    return sendRateLimited(reply, error.retryAfterSeconds, error.message);
  }
  return sendError(reply, error.code, error.message);
}

export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const match = header === undefined ? null : /^Bearer ([^\s]+)$/i.exec(header.trim());
  return match?.[1];
}

/**
 * Parses the body with `schema` and runs `handle`; answers 400 for a bad body and the `AuthError`'s code for
 * a refusal. Anything else goes to the relay's error handler (500, logged).
 */
function route<T>(
  schema: z.ZodType<T>,
  handle: (body: T, request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>,
) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const parsed = schema.safeParse(request.body);
    if (!parsed.success) return sendError(reply, 'bad-request', describeIssues(parsed.error));
    try {
      return await handle(parsed.data, request, reply);
    } catch (error) {
      if (isAuthError(error)) return sendAuthError(reply, error);
      throw error;
    }
  };
}

/**
 * The account API (`/api/auth/*`, bodies in src/protocol/auth.ts). Login and refresh are rate-limited per
 * client address (@fastify/rate-limit) and per account (failed logins of a login name, refreshes of a
 * user); both answer `rate-limited` (429) with Retry-After.
 */
export function registerAuthRoutes(http: FastifyInstance, context: RelayContext, windows: RateWindows): void {
  const deps: AuthDeps = { ...context, limits: new AccountLimits(context.config.rateLimits, windows) };
  // Made now, so the first login for an unknown user costs no more than any other.
  void dummyPasswordHash().catch((error: unknown) =>
    context.log.error({ err: error }, 'could not prepare the dummy password hash'),
  );

  http.post(
    AUTH_PATHS.login,
    { config: perAddressLimit(context, AUTH_PATHS.login) },
    route(LoginRequestSchema, async (body, request, reply) =>
      reply.send(await login(deps, body, { address: request.ip })),
    ),
  );

  http.post(
    AUTH_PATHS.refresh,
    { config: perAddressLimit(context, AUTH_PATHS.refresh) },
    route(RefreshRequestSchema, async (body, request, reply) =>
      reply.send(await refresh(deps, body, { address: request.ip })),
    ),
  );

  http.post(
    AUTH_PATHS.logout,
    route(LogoutRequestSchema, async (body, request, reply) => {
      await logout(deps, body.refreshToken, { address: request.ip });
      return reply.code(204).send();
    }),
  );

  http.post(AUTH_PATHS.password, async (request, reply) => {
    // Who asks comes before what they ask: an unauthenticated request learns nothing about body rules.
    let principal;
    try {
      principal = await resolvePrincipal(context.store, context.tokens, bearerToken(request));
    } catch (error) {
      if (isAuthError(error)) return sendAuthError(reply, error);
      throw error;
    }
    return route(PasswordChangeRequestSchema, async (body, _request, answer) => {
      await changePassword(deps, principal, body, { address: request.ip });
      return answer.code(204).send();
    })(request, reply);
  });
}
