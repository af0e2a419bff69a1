import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import {
  AUTH_PATHS,
  LoginRequestSchema,
  LogoutRequestSchema,
  PasswordChangeRequestSchema,
  RefreshRequestSchema,
} from '../../../src/protocol/auth.ts';
import { isAuthError } from '../auth/auth-error.ts';
import { dummyPasswordHash } from '../auth/password.ts';
import { resolvePrincipal } from '../auth/principal.ts';
import { changePassword, login, logout, refresh, type AuthDeps } from '../auth/sessions.ts';
import type { RelayContext } from '../server.ts';
import { sendError } from './errors.ts';

/** A body that fails its schema: the message names the first field at fault. */
function describeIssues(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'The request body is invalid.';
  const field = issue.path.length > 0 ? issue.path.join('.') : 'body';
  return `${field}: ${issue.message}`;
}

function bearerToken(request: FastifyRequest): string | undefined {
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
      if (isAuthError(error)) return sendError(reply, error.code, error.message);
      throw error;
    }
  };
}

/**
 * The account API (`/api/auth/*`, bodies in src/protocol/auth.ts). Every answer under `/api/` is marked
 * `Cache-Control: no-store`: sessions and tokens must never land in a cache.
 */
export function registerAuthRoutes(http: FastifyInstance, context: RelayContext): void {
  const deps: AuthDeps = context;
  // Made now, so the first login for an unknown user costs no more than any other.
  void dummyPasswordHash().catch((error: unknown) =>
    context.log.error({ err: error }, 'could not prepare the dummy password hash'),
  );

  http.addHook('onSend', async (request, reply, payload) => {
    if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
    return payload;
  });

  http.post(
    AUTH_PATHS.login,
    route(LoginRequestSchema, async (body, _request, reply) => reply.send(await login(deps, body))),
  );

  http.post(
    AUTH_PATHS.refresh,
    route(RefreshRequestSchema, async (body, _request, reply) =>
      reply.send(await refresh(deps, body.refreshToken)),
    ),
  );

  http.post(
    AUTH_PATHS.logout,
    route(LogoutRequestSchema, async (body, _request, reply) => {
      await logout(deps, body.refreshToken);
      return reply.code(204).send();
    }),
  );

  http.post(AUTH_PATHS.password, async (request, reply) => {
    // Who asks comes before what they ask: an unauthenticated request learns nothing about body rules.
    let principal;
    try {
      principal = await resolvePrincipal(context.store, context.tokens, bearerToken(request));
    } catch (error) {
      if (isAuthError(error)) return sendError(reply, error.code, error.message);
      throw error;
    }
    return route(PasswordChangeRequestSchema, async (body, _request, answer) => {
      await changePassword(deps, principal, body);
      return answer.code(204).send();
    })(request, reply);
  });
}
