import type { ErrorCode } from '../../../src/protocol/errors.ts';

/** A refusal on the way in (login, token, device, role), carrying the stable code the client sees. */
export class AuthError extends Error {
  override name = 'AuthError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** For `rate-limited`: how long the client must wait, sent as Retry-After. */
    readonly retryAfterSeconds?: number,
    /** Whom a refused token belonged to, when the token itself was valid (for the audit log). */
    readonly who?: { userId: string; deviceId: string },
  ) {
    super(message);
  }
}

export function isAuthError(error: unknown): error is AuthError {
  return error instanceof AuthError;
}
