/**
 * Stable error codes shared by the relay and the app.
 *
 * Every refusal the relay makes carries one of these codes. This table is the one place that maps a code to
 * its HTTP status and WebSocket close code, and says whether it is permanent: the same request, sent again
 * unchanged, will be refused again (a device sets such a push aside instead of re-sending it), while a
 * transient refusal may pass later. The app maps the same codes to German and English messages.
 * Codes are never renamed or reused: an old app must keep understanding what a newer relay says.
 */
export const ERRORS = {
  'bad-request': { http: 400, ws: 4400, permanent: true },
  /** A WebSocket frame that does not decode, or a control frame that fails its schema. */
  'malformed-frame': { http: 400, ws: 4401, permanent: true },
  /** No access token, or one that is not ours (bad signature, wrong issuer, garbled). */
  unauthenticated: { http: 401, ws: 4410, permanent: false },
  /** The access token was ours but has expired: refresh it and reconnect; nothing is lost. */
  'token-expired': { http: 401, ws: 4411, permanent: false },
  /** Login with an unknown login or a wrong password; the answer does not say which. */
  'invalid-credentials': { http: 401, ws: 4412, permanent: true },
  /** The refresh token is unknown, expired, revoked, or was used before (then its whole family is revoked). */
  'refresh-invalid': { http: 401, ws: 4414, permanent: true },
  /** The account must set a new password before it may do anything else (first login of a new account). */
  'password-change-required': { http: 403, ws: 4403, permanent: true },
  'account-disabled': { http: 403, ws: 4415, permanent: true },
  /** The device was revoked by an admin or its owner; it must not sync again. */
  'device-revoked': { http: 403, ws: 4416, permanent: true },
  /** The role may not do this (for example, coordinators get no case content). */
  forbidden: { http: 403, ws: 4417, permanent: true },
  /** The doc id names a team the user does not belong to. Says nothing about whether the doc exists. */
  'not-in-team': { http: 403, ws: 4418, permanent: true },
  /**
   * The role may use the doc but not make this change: a case manager's push that renames, archives,
   * restores or confirms an entry of the team's vocabulary that belongs to coordination
   * (src/domain/team-vocabulary.ts).
   */
  'not-allowed-for-role': { http: 403, ws: 4420, permanent: true },
  'not-found': { http: 404, ws: 4404, permanent: true },
  /**
   * The doc was erased (its retention period ended, or the person asked for it): it is gone from the relay
   * and its id can never be used again, so a change to it is dropped, not re-sent
   * (docs/architecture.md#data-lifecycle).
   */
  'doc-erased': { http: 410, ws: 4421, permanent: true },
  /** A Löschsperre (legal hold) keeps the case from being erased until it is lifted. */
  'on-hold': { http: 409, ws: 4422, permanent: false },
  'method-not-allowed': { http: 405, ws: 4405, permanent: true },
  /** A login or refresh id that is already taken (admin API). */
  conflict: { http: 409, ws: 4409, permanent: true },
  /** A device socket that did not authenticate in its first frame in time (`SYNC_HELLO_TIMEOUT_MS`). */
  'hello-timeout': { http: 408, ws: 4408, permanent: false },
  'payload-too-large': { http: 413, ws: 4413, permanent: true },
  /** A single Yjs update larger than the relay accepts. */
  'doc-too-large': { http: 413, ws: 4419, permanent: true },
  /** An attachment larger than the relay accepts per file (`ATTACHMENT_MAX_BYTES`). */
  'attachment-too-large': { http: 413, ws: 4431, permanent: true },
  /** The case's attachments would together exceed what the relay keeps per case (`ATTACHMENT_CASE_MAX_BYTES`). */
  'case-attachments-full': { http: 413, ws: 4432, permanent: false },
  /** The uploaded bytes do not have the SHA-256 they were announced under; the relay keeps none of them. */
  'attachment-hash-mismatch': { http: 422, ws: 4433, permanent: true },
  /** A chunk sent for another offset than the one the relay has reached: ask where the upload stands. */
  'upload-offset-mismatch': { http: 409, ws: 4434, permanent: false },
  /**
   * The client speaks a protocol version this relay does not serve: a newer app and an older relay, or an
   * app older than the relay's oldest supported version.
   */
  'protocol-unsupported': { http: 426, ws: 4426, permanent: true },
  'rate-limited': { http: 429, ws: 4429, permanent: false },
  'sync-unavailable': { http: 501, ws: 4501, permanent: false },
  'app-not-built': { http: 503, ws: 4503, permanent: false },
  'shutting-down': { http: 503, ws: 1001, permanent: false },
  /**
   * The relay lost its database: it acknowledges nothing until the database is back. Devices reconnect with
   * backoff, perhaps to another instance; 1013 is WebSocket's standard "try again later".
   */
  'storage-unavailable': { http: 503, ws: 1013, permanent: false },
  internal: { http: 500, ws: 1011, permanent: false },
} as const satisfies Record<string, { http: number; ws: number; permanent: boolean }>;

export type ErrorCode = keyof typeof ERRORS;

export const ERROR_CODES = Object.keys(ERRORS) as ErrorCode[];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERRORS, value);
}

/** The JSON body of every error answer the relay gives over HTTP. */
export interface ErrorBody {
  error: ErrorCode;
  /** A short English explanation for logs and operators; people see the app's translation of `error`. */
  message: string;
}

/** The error code behind a WebSocket close code, if it is one of ours. */
export function errorCodeOfClose(closeCode: number): ErrorCode | undefined {
  return ERROR_CODES.find((code) => ERRORS[code].ws === closeCode && closeCode >= 4000);
}

/** Whether sending the same request again, unchanged, will be refused again (see `ERRORS`). */
export function isPermanent(code: ErrorCode): boolean {
  return ERRORS[code].permanent;
}
