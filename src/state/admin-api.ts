import type { z } from 'zod';
import {
  ADMIN_PATHS,
  AuditPageSchema,
  CoordinatorAnswerSchema,
  CoordinatorListSchema,
  coordinatorTeamPath,
  DEVICE_PATHS,
  DeviceListSchema,
  RevokeAnswerSchema,
  revokePath,
  type AuditPage,
  type AuditQueryInput,
  type Coordinator,
  type CoordinatorList,
  type DeviceInfo,
} from '../protocol/admin.ts';
import { isErrorCode, type ErrorCode } from '../protocol/errors.ts';
import {
  TEAM_MEMBER_PATHS,
  TeamMembersAnswerSchema,
  type TeamMembersAnswer,
} from '../protocol/team-members.ts';

/**
 * The app's side of the relay's admin and device API (src/protocol/admin.ts). Every call carries the
 * access token (renewed once when the relay says it ran out), and every answer is parsed before use: a
 * captive portal's page must never be taken for an audit log or a device list.
 */

/** Why a call failed: a code from the relay, no answer, an answer that is not the relay's, or no session. */
export type ApiFailure = ErrorCode | 'network' | 'bad-answer' | 'no-session';

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiFailure };

/** Refusals that end the session on this device for good. */
export type FinalRefusal = 'device-revoked' | 'account-disabled';

export interface RelayApiOptions {
  baseUrl: string;
  /** The session's token source: `forceRefresh` renews a token the relay did not accept. */
  getAccessToken: (options?: { forceRefresh?: boolean }) => Promise<string | null>;
  /** Told when the relay refused this device or account for good, so the session can end (and wipe). */
  onFinalRefusal?: (code: FinalRefusal) => void;
  fetchImpl?: typeof fetch;
  timeoutMs?: number;
}

/** Whose devices a list or a revocation is about: every device (admins) or the person's own. */
export type DeviceScope = 'all' | 'own';

const DEFAULT_TIMEOUT_MS = 15_000;

/** The query string for an audit query; empty values are left out. */
export function auditSearch(query: AuditQueryInput): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (typeof value === 'string' && value !== '') params.set(key, value);
  }
  const search = params.toString();
  return search === '' ? '' : `?${search}`;
}

/** The failure an error answer stands for, and the answer itself (some carry details, such as `issues`). */
async function errorOf(response: Response): Promise<{ error: ApiFailure; answer: unknown }> {
  let answer: unknown;
  try {
    answer = await response.json();
  } catch {
    answer = undefined;
  }
  const code =
    answer !== null && typeof answer === 'object' ? (answer as { error?: unknown }).error : undefined;
  if (isErrorCode(code)) return { error: code, answer };
  // A gateway that cannot reach the relay answers 502–504 with its own page: the relay was not reached.
  if (response.status >= 502 && response.status <= 504) return { error: 'network', answer: undefined };
  return { error: 'bad-answer', answer: undefined };
}

/** One authorized request; a token the relay calls expired or unknown is renewed and the request sent again. */
async function send(
  options: RelayApiOptions,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<{ ok: true; response: Response } | { ok: false; error: ApiFailure; answer?: unknown }> {
  const fetchImpl = options.fetchImpl ?? fetch;
  for (let attempt = 0; attempt < 2; attempt += 1) {
    let token: string | null;
    try {
      token = await options.getAccessToken(attempt === 0 ? {} : { forceRefresh: true });
    } catch {
      // The token ran out and the relay could not renew it: it is out of reach.
      return { ok: false, error: 'network' };
    }
    if (token === null) return { ok: false, error: 'no-session' };
    let response: Response;
    try {
      response = await fetchImpl(new URL(path, options.baseUrl), {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        cache: 'no-store',
        credentials: 'omit',
        signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
      });
    } catch {
      return { ok: false, error: 'network' };
    }
    if (response.ok) return { ok: true, response };
    const { error, answer } = await errorOf(response);
    if (attempt === 0 && (error === 'token-expired' || error === 'unauthenticated')) continue;
    if (error === 'device-revoked' || error === 'account-disabled') options.onFinalRefusal?.(error);
    return { ok: false, error, answer };
  }
  return { ok: false, error: 'unauthenticated' };
}

/**
 * One authorized request whose answer is parsed with `schema`. Shared with the API modules loaded on demand;
 * a failure says only what failed (`sendJsonWithAnswer` keeps the relay's answer for refusals with details).
 */
export async function sendJson<T>(
  options: RelayApiOptions,
  method: 'GET' | 'POST',
  path: string,
  schema: z.ZodType<T>,
  body?: unknown,
): Promise<ApiResult<T>> {
  const result = await sendJsonWithAnswer(options, method, path, schema, body);
  return result.ok ? result : { ok: false, error: result.error };
}

/**
 * As `sendJson`, but a failure carries the relay's error answer too (`answer`), for APIs whose refusals have
 * details such as `issues`.
 */
export async function sendJsonWithAnswer<T>(
  options: RelayApiOptions,
  method: 'GET' | 'POST',
  path: string,
  schema: z.ZodType<T>,
  body?: unknown,
): Promise<ApiResult<T> & { answer?: unknown }> {
  const sent = await send(options, method, path, body);
  if (!sent.ok) return sent;
  let answer: unknown;
  try {
    answer = await sent.response.json();
  } catch {
    return { ok: false, error: 'bad-answer' };
  }
  const parsed = schema.safeParse(answer);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, error: 'bad-answer' };
}

/** One authorized request whose answer has no body (`204`), such as a lifecycle step. */
export async function sendEmpty(
  options: RelayApiOptions,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<ApiResult<undefined>> {
  const sent = await send(options, method, path, body);
  return sent.ok ? { ok: true, value: undefined } : { ok: false, error: sent.error };
}

/** One page of the audit log, newest first. */
export function fetchAuditPage(
  options: RelayApiOptions,
  query: AuditQueryInput,
): Promise<ApiResult<AuditPage>> {
  return sendJson(options, 'GET', `${ADMIN_PATHS.audit}${auditSearch(query)}`, AuditPageSchema);
}

/** The file name the relay suggests in `Content-Disposition`, if it is a plain one. */
export function attachmentName(header: string | null): string | null {
  const match = header ? /filename="([\w.-]+)"/.exec(header) : null;
  return match?.[1] ?? null;
}

/** Every audit event matching `query` as CSV, with the file name the relay suggests. */
export async function fetchAuditCsv(
  options: RelayApiOptions,
  query: AuditQueryInput,
): Promise<ApiResult<{ blob: Blob; filename: string }>> {
  const { cursor: _cursor, limit: _limit, ...filters } = query;
  const sent = await send(options, 'GET', `${ADMIN_PATHS.auditCsv}${auditSearch(filters)}`);
  if (!sent.ok) return sent;
  if (!(sent.response.headers.get('content-type') ?? '').startsWith('text/csv')) {
    return { ok: false, error: 'bad-answer' };
  }
  let blob: Blob;
  try {
    blob = await sent.response.blob();
  } catch {
    return { ok: false, error: 'network' };
  }
  const filename =
    attachmentName(sent.response.headers.get('content-disposition')) ??
    `lotse-audit-${new Date().toISOString().slice(0, 10)}.csv`;
  return { ok: true, value: { blob, filename } };
}

/** Every device (`all`, admins only) or the signed-in person's own. */
export async function fetchDevices(
  options: RelayApiOptions,
  scope: DeviceScope,
): Promise<ApiResult<DeviceInfo[]>> {
  const path = scope === 'all' ? ADMIN_PATHS.devices : DEVICE_PATHS.devices;
  const result = await sendJson(options, 'GET', path, DeviceListSchema);
  return result.ok ? { ok: true, value: result.value.devices } : result;
}

/** Revokes a device; the answer is the device as it is now. */
export async function revokeDevice(
  options: RelayApiOptions,
  scope: DeviceScope,
  id: string,
): Promise<ApiResult<DeviceInfo>> {
  const path = revokePath(scope === 'all' ? ADMIN_PATHS.revokeDevice : DEVICE_PATHS.revokeDevice, id);
  const result = await sendJson(options, 'POST', path, RevokeAnswerSchema);
  return result.ok ? { ok: true, value: result.value.device } : result;
}

/** The members of the signed-in person's teams (src/protocol/team-members.ts). */
export function fetchTeamMembers(options: RelayApiOptions): Promise<ApiResult<TeamMembersAnswer>> {
  return sendJson(options, 'GET', TEAM_MEMBER_PATHS.members, TeamMembersAnswerSchema);
}

/** Coordination accounts with their teams, and every team (admins only). */
export function fetchCoordinators(options: RelayApiOptions): Promise<ApiResult<CoordinatorList>> {
  return sendJson(options, 'GET', ADMIN_PATHS.coordinators, CoordinatorListSchema);
}

/** Adds a team to a coordinator's teams or removes it; the answer is the coordinator as they are now. */
export async function changeCoordinatorTeam(
  options: RelayApiOptions,
  userId: string,
  teamId: string,
  action: 'add' | 'remove',
): Promise<ApiResult<Coordinator>> {
  const result = await sendJson(
    options,
    'POST',
    coordinatorTeamPath(action, userId, teamId),
    CoordinatorAnswerSchema,
  );
  return result.ok ? { ok: true, value: result.value.coordinator } : result;
}
