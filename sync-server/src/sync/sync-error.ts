import type { ErrorCode } from '../../../src/protocol/errors.ts';

/**
 * A refusal of one sync frame or update, with the stable code the client gets: in an `error` control frame
 * on the device socket, or as the close code where the refusal ends the session.
 */
export class SyncError extends Error {
  override name = 'SyncError';
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function isSyncError(error: unknown): error is SyncError {
  return error instanceof SyncError;
}
