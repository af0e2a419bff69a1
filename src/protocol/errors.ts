/**
 * Stable error codes shared by the relay and the app.
 *
 * Every refusal the relay makes carries one of these codes. This table is the one place that maps a code to
 * its HTTP status and WebSocket close code; the app maps the same codes to German and English messages.
 * Codes are never renamed or reused: an old app must keep understanding what a newer relay says.
 */
export const ERRORS = {
  'bad-request': { http: 400, ws: 4400 },
  'not-found': { http: 404, ws: 4404 },
  'method-not-allowed': { http: 405, ws: 4405 },
  'payload-too-large': { http: 413, ws: 4413 },
  'sync-unavailable': { http: 501, ws: 4501 },
  'app-not-built': { http: 503, ws: 4503 },
  'shutting-down': { http: 503, ws: 1001 },
  internal: { http: 500, ws: 1011 },
} as const satisfies Record<string, { http: number; ws: number }>;

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
