import rateLimit, {
  type FastifyRateLimitStore,
  type FastifyRateLimitStoreCtor,
  type RateLimitOptions,
} from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AUTH_PATHS } from '../../../src/protocol/auth.ts';
import type { RelayContext } from '../relay-context.ts';
import type { RateWindows } from '../storage/rate-windows.ts';
import { sendError } from './errors.ts';

/** Rate-limit refusals of one address and endpoint are audited at most once per this long. */
const AUDIT_WINDOW_MS = 60_000;

/** What @fastify/rate-limit throws for a request over its limit; the relay's error handler answers it. */
export class RateLimitExceeded extends Error {
  override name = 'RateLimitExceeded';
  readonly statusCode = 429;
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many requests from this address; try again in ${retryAfterSeconds} s.`);
  }
}

/** Answers `rate-limited` (429) with a Retry-After in whole seconds. */
export function sendRateLimited(reply: FastifyReply, seconds: number, message: string): FastifyReply {
  reply.header('retry-after', String(Math.max(1, Math.ceil(seconds))));
  return sendError(reply, 'rate-limited', message);
}

/**
 * The route a @fastify/rate-limit store is made for: the plugin passes a route's merged limit options, with
 * the route under `routeInfo` (its type declarations say the route itself; either is read).
 */
function routeScope(options: unknown): string {
  const route = (options as { routeInfo?: unknown }).routeInfo ?? options;
  const { method, url } = route as { method?: string | string[]; url?: string };
  return `address ${[method ?? ''].flat().join(',')} ${url ?? ''}`.trim();
}

/**
 * A store for @fastify/rate-limit that counts in `windows`: each route in a scope of its own, named by its
 * method and path, like the plugin's own stores do.
 */
function storeIn(windows: RateWindows): FastifyRateLimitStoreCtor {
  return class WindowStore implements FastifyRateLimitStore {
    readonly #scope: string;

    constructor(options: unknown) {
      this.#scope = routeScope(options);
    }

    incr: FastifyRateLimitStore['incr'] = (key, done, timeWindow, max) => {
      windows.take(this.#scope, key, max, timeWindow).then(
        (window) => done(null, { current: window.count, ttl: Math.max(0, window.resetAt - Date.now()) }),
        (error: unknown) => done(error instanceof Error ? error : new Error(String(error))),
      );
    };

    child(options: unknown): FastifyRateLimitStore {
      return new WindowStore(options);
    }
  };
}

/**
 * Registers @fastify/rate-limit for routes that ask for it (`perAddressLimit`), and for no others. With
 * `shared` windows (several instances on PostgreSQL), every instance counts an address's requests into the
 * same windows; without, the plugin counts in this process's memory.
 */
export async function registerRateLimits(http: FastifyInstance, shared?: RateWindows): Promise<void> {
  await http.register(rateLimit, {
    ...(shared === undefined ? {} : { store: storeIn(shared) }),
    global: false,
    // Only Retry-After: the remaining count would tell a guesser exactly how fast it may go.
    addHeaders: { 'retry-after': true },
    addHeadersOnExceeding: {},
  });
}

/**
 * The per-address limit of one auth endpoint, as route config. It runs as a preHandler, after the body is
 * parsed, so that a refusal of a login can name the login for the audit log. Keys are the client address
 * (`request.ip`, which honours TRUST_PROXY); IPv6 addresses count per /56, as one household or office does.
 */
export function perAddressLimit(
  context: Pick<RelayContext, 'config' | 'log' | 'audit'>,
  endpoint: (typeof AUTH_PATHS)['login' | 'refresh'],
): { rateLimit: RateLimitOptions } {
  const { rateLimits } = context.config;
  const max = endpoint === AUTH_PATHS.login ? rateLimits.loginPerAddress : rateLimits.refreshPerAddress;
  return {
    rateLimit: {
      hook: 'preHandler',
      max,
      timeWindow: rateLimits.windowSeconds * 1000,
      ipv6Subnet: 56,
      onExceeded: (request: FastifyRequest, key: string) => {
        context.log.warn({ address: request.ip, endpoint }, 'request refused: rate limit of the address');
        context.audit.recordOnce(`address:${endpoint}:${key}`, AUDIT_WINDOW_MS, {
          kind: 'rate-limited',
          login: endpoint === AUTH_PATHS.login ? typedLogin(request.body) : null,
          code: 'rate-limited',
          address: request.ip,
          detail: { endpoint, scope: 'address' },
        });
      },
      errorResponseBuilder: (_request, info) => new RateLimitExceeded(Math.ceil(info.ttl / 1000)),
    },
  };
}

/** The login field of a login body, as typed (trimmed, lower-cased), if there is one. */
function typedLogin(body: unknown): string | null {
  if (typeof body !== 'object' || body === null || !('login' in body)) return null;
  const login = (body as { login: unknown }).login;
  return typeof login === 'string' ? login.trim().toLowerCase().slice(0, 100) : null;
}
