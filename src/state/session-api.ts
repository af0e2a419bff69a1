import {
  AUTH_PATHS,
  SessionSchema,
  type LoginRequest,
  type PasswordChangeRequest,
  type Session,
} from '../protocol/auth.ts';
import { isErrorCode, type ErrorCode } from '../protocol/errors.ts';

/**
 * The app's side of the relay's account API (`/api/auth/*`). Every answer is parsed before use: a captive
 * portal or proxy error page must never be mistaken for a session.
 */

/** Why a call failed: a code from the relay, no answer at all, or an answer that is not the relay's. */
export type AuthFailure = ErrorCode | 'network' | 'bad-answer';

export type AuthResult<T> = { ok: true; value: T } | { ok: false; error: AuthFailure };

export interface AuthApiOptions {
  baseUrl: string;
  fetchImpl?: typeof fetch;
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 15_000;

async function post(
  options: AuthApiOptions,
  path: string,
  body: unknown,
  accessToken?: string,
): Promise<AuthResult<unknown>> {
  const fetchImpl = options.fetchImpl ?? fetch;
  let response: Response;
  try {
    response = await fetchImpl(new URL(path, options.baseUrl), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}),
      },
      body: JSON.stringify(body),
      cache: 'no-store',
      credentials: 'omit',
      signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    });
  } catch {
    return { ok: false, error: 'network' };
  }
  let answer: unknown = undefined;
  if (response.status !== 204) {
    try {
      answer = await response.json();
    } catch {
      answer = undefined;
    }
  }
  if (response.ok) return { ok: true, value: answer };
  const code =
    answer !== null && typeof answer === 'object' ? (answer as { error?: unknown }).error : undefined;
  if (isErrorCode(code)) return { ok: false, error: code };
  // A gateway that cannot reach the relay answers 502–504 with its own page: the relay was not reached.
  if (response.status >= 502 && response.status <= 504) return { ok: false, error: 'network' };
  return { ok: false, error: 'bad-answer' };
}

function asSession(result: AuthResult<unknown>): AuthResult<Session> {
  if (!result.ok) return result;
  const session = SessionSchema.safeParse(result.value);
  return session.success ? { ok: true, value: session.data } : { ok: false, error: 'bad-answer' };
}

export async function requestLogin(
  options: AuthApiOptions,
  request: LoginRequest,
): Promise<AuthResult<Session>> {
  return asSession(await post(options, AUTH_PATHS.login, request));
}

export async function requestRefresh(
  options: AuthApiOptions,
  refreshToken: string,
  deviceId: string,
): Promise<AuthResult<Session>> {
  return asSession(await post(options, AUTH_PATHS.refresh, { refreshToken, deviceId }));
}

export async function requestLogout(
  options: AuthApiOptions,
  refreshToken: string,
): Promise<AuthResult<null>> {
  const result = await post(options, AUTH_PATHS.logout, { refreshToken });
  return result.ok ? { ok: true, value: null } : result;
}

/**
 * Sets a new password for the signed-in person. The relay checks the current one (a wrong one counts like a
 * failed login), keeps this device's session and ends the sessions of the person's other devices.
 */
export async function requestPasswordChange(
  options: AuthApiOptions,
  accessToken: string,
  request: PasswordChangeRequest,
): Promise<AuthResult<null>> {
  const result = await post(options, AUTH_PATHS.password, request, accessToken);
  return result.ok ? { ok: true, value: null } : result;
}
