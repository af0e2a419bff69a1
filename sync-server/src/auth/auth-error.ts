import type { ErrorCode } from '../../../src/protocol/errors.ts';

/** A refusal on the way in (login, token, device, role), carrying the stable code the client sees. */
export class AuthError extends Error {
  override name = 'AuthError';
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function isAuthError(error: unknown): error is AuthError {
  return error instanceof AuthError;
}
