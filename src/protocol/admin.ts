import { z } from 'zod';

/**
 * The relay's admin and device API: the audit log (`/api/admin/audit`, also as CSV), every device
 * (`/api/admin/devices`) and a person's own devices (`/api/devices`). Shared by the relay, which parses
 * queries and bodies, and the app, which parses answers. Error answers are `ErrorBody` (./errors.ts).
 */

export const ADMIN_PATHS = {
  audit: '/api/admin/audit',
  auditCsv: '/api/admin/audit.csv',
  devices: '/api/admin/devices',
  /** `POST`; `:id` is the device id. */
  revokeDevice: '/api/admin/devices/:id/revoke',
  /** Coordination accounts with the teams each coordinates, and every team. */
  coordinators: '/api/admin/coordinators',
  /** `POST`: adds the team to the coordinator's teams. */
  coordinatorTeamAdd: '/api/admin/coordinators/:userId/teams/:teamId/add',
  /** `POST`: removes the team from the coordinator's teams. */
  coordinatorTeamRemove: '/api/admin/coordinators/:userId/teams/:teamId/remove',
} as const;

/** The path that adds a team to a coordinator's teams or removes it, with the ids filled in, for clients. */
export function coordinatorTeamPath(action: 'add' | 'remove', userId: string, teamId: string): string {
  return (action === 'add' ? ADMIN_PATHS.coordinatorTeamAdd : ADMIN_PATHS.coordinatorTeamRemove)
    .replace(':userId', encodeURIComponent(userId))
    .replace(':teamId', encodeURIComponent(teamId));
}

export const DEVICE_PATHS = {
  /** The signed-in user's own devices. */
  devices: '/api/devices',
  /** `POST`; only the signed-in user's own devices. */
  revokeDevice: '/api/devices/:id/revoke',
  /**
   * `GET`, without a token: whether the device was revoked. A locked app holds no usable token (they are
   * sealed with its vault) and still has to learn that it was reported lost, to wipe itself.
   */
  status: '/api/devices/:id/status',
} as const;

/** A revoke path with the id filled in, for clients. */
export function revokePath(
  path: typeof ADMIN_PATHS.revokeDevice | typeof DEVICE_PATHS.revokeDevice | typeof DEVICE_PATHS.status,
  id: string,
) {
  return path.replace(':id', encodeURIComponent(id));
}

/**
 * What the audit log records. It names people, devices and doc ids, never case content, passwords or tokens.
 * - `login`, `login-failed` (with the login as typed), `logout`, `password-changed`,
 *   `password-change-failed`: account events.
 * - `refresh-refused` (detail `reason`), `refresh-reused`: a refresh token used twice; every token of the
 *   device is revoked.
 * - `device-registered`, `device-revoked` (detail `by`: the admin's or owner's user id, or `cli`).
 * - `access-refused`: any refusal at `/sync`, `/ws/doc`, `/api/admin/*` or `/api/devices` (detail
 *   `endpoint`, `code`).
 * - `rate-limited`: a login or refresh refused by a rate limit (at most one per limit key and minute).
 * - `doc-fetched`: the relay sent a doc's content to a device (at most one per doc and socket).
 * - `doc-changed`: the relay accepted a device's update to a doc (at most one per device, doc and minute).
 * - `vocabulary-changed`: coordination or an admin changed the team's vocabulary over the API (detail
 *   `list`, `action`, `entryId`).
 * - `report-requested`: coordination (or someone refused) asked for a report (detail `teams`, `period`
 *   as asked, `outcome`: `ok` or the error code).
 * - `barrier-reports-requested`: coordination (or someone refused) asked for the barrier reports of teams
 *   (detail `teams` as asked, `outcome`: `ok` or the error code, `reports`: how many were given out).
 * - `coordination-changed`: an admin added a team to a coordinator's teams or removed one (`userId` the
 *   coordinator, `teamId` the team; detail `action`: `team-added` or `team-removed`, `by`, `byLogin`).
 * - `attachment-stored`: the relay stored a device's completed, verified upload of an attachment to a case
 *   (`docId` the case; detail `hash`, `bytes`).
 * - `attachment-fetched`: the relay sent an attachment's (encrypted) bytes to a device (detail `hash`, `bytes`).
 */
export const AUDIT_KINDS = [
  'login',
  'login-failed',
  'logout',
  'password-changed',
  'password-change-failed',
  /** The right password of an account that must choose a new one first (a new account's first login). */
  'password-change-required',
  'refresh-refused',
  'refresh-reused',
  'device-registered',
  'device-revoked',
  'access-refused',
  'rate-limited',
  'doc-fetched',
  'doc-changed',
  'vocabulary-changed',
  'report-requested',
  'barrier-reports-requested',
  'coordination-changed',
  'attachment-stored',
  'attachment-fetched',
  /** A case doc was erased on the relay (docs/architecture.md#data-lifecycle): why, by which rule, who. */
  'case-erased',
  /** A case that was due was not erased (a Löschsperre, or it was reopened meanwhile). */
  'erasure-skipped',
  'legal-hold-set',
  'legal-hold-lifted',
  /** The first step of an erasure on request (Art. 17 DSGVO); a second person confirms it. */
  'erasure-requested',
  'erasure-request-dropped',
  /** Audit events older than the retention were removed behind an anchor of the hash chain. */
  'audit-cut',
  /** A case manager read a case's access list (for an Auskunft, Art. 15 DSGVO; detail `entries`). */
  'case-access-listed',
] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

/** Detail values are short scalars: codes, reasons, paths without queries, counts. */
export const AuditDetailSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));
export type AuditDetail = z.infer<typeof AuditDetailSchema>;

export const AuditEventSchema = z.object({
  /** Increasing with time of writing; the paging cursor. */
  id: z.number().int().positive(),
  /** Milliseconds since the epoch. */
  at: z.number().int(),
  kind: z.enum(AUDIT_KINDS),
  /** The login as stored, or as typed for a failed login of an unknown account. */
  login: z.string().nullable(),
  userId: z.string().nullable(),
  deviceId: z.string().nullable(),
  teamId: z.string().nullable(),
  /** The client's doc id (unique within its team). */
  docId: z.string().nullable(),
  /** The stable error code of a refusal (./errors.ts). */
  code: z.string().nullable(),
  /** The client address the request came from, where there was a request. */
  address: z.string().nullable(),
  detail: AuditDetailSchema,
});
export type AuditEvent = z.infer<typeof AuditEventSchema>;

export const AUDIT_PAGE_DEFAULT = 100;
export const AUDIT_PAGE_MAX = 1000;

const filterId = z.string().trim().min(1).max(200);

/** A moment as milliseconds since the epoch or an ISO 8601 date(-time), as query strings carry it. */
const moment = z.union([
  z
    .string()
    .regex(/^\d{1,15}$/, 'must be milliseconds since the epoch or an ISO 8601 date')
    .transform(Number),
  z.iso
    .datetime({ offset: true, error: 'must be milliseconds since the epoch or an ISO 8601 date' })
    .transform((value) => Date.parse(value)),
  z.iso
    .date({ error: 'must be milliseconds since the epoch or an ISO 8601 date' })
    .transform((value) => Date.parse(value)),
]);

/**
 * The audit query, from a query string: every filter is optional and they combine with AND. `from` is
 * inclusive, `to` exclusive. Pages run newest first; `cursor` is the `nextCursor` of the page before.
 */
export const AuditQuerySchema = z
  .object({
    from: moment.optional(),
    to: moment.optional(),
    userId: filterId.optional(),
    login: filterId.toLowerCase().optional(),
    deviceId: filterId.optional(),
    teamId: filterId.optional(),
    docId: filterId.optional(),
    kind: z.enum(AUDIT_KINDS, { error: `must be one of ${AUDIT_KINDS.join(', ')}` }).optional(),
    limit: z
      .string()
      .regex(/^\d{1,4}$/, `must be a whole number from 1 to ${AUDIT_PAGE_MAX}`)
      .transform(Number)
      .pipe(z.number().min(1).max(AUDIT_PAGE_MAX, `must be a whole number from 1 to ${AUDIT_PAGE_MAX}`))
      .optional(),
    cursor: z
      .string()
      .regex(/^[1-9]\d{0,15}$/, 'must be the nextCursor of an earlier page')
      .transform(Number)
      .optional(),
  })
  .strict();
export type AuditQueryInput = z.input<typeof AuditQuerySchema>;
export type AuditQuery = z.output<typeof AuditQuerySchema>;

export const AuditPageSchema = z.object({
  events: z.array(AuditEventSchema),
  /** Pass as `cursor` for the next (older) page; `null` on the last page. */
  nextCursor: z.string().nullable(),
});
export type AuditPage = z.infer<typeof AuditPageSchema>;

/** The columns of the CSV export, in order. */
export const AUDIT_CSV_COLUMNS = [
  'id',
  'time',
  'kind',
  'login',
  'userId',
  'deviceId',
  'teamId',
  'docId',
  'code',
  'address',
  'detail',
] as const;

export const DeviceInfoSchema = z.object({
  id: z.string(),
  userId: z.string(),
  login: z.string(),
  displayName: z.string(),
  /** What the person calls it ("Tablet Büro"). */
  name: z.string(),
  createdAt: z.number().int(),
  revokedAt: z.number().int().nullable(),
  /** The device's last login, refresh or sync connection; `null` if never seen since it was recorded. */
  lastSeenAt: z.number().int().nullable(),
  /** Whether this is the device the request came from (own device list only; `false` for admins' lists). */
  current: z.boolean(),
});
export type DeviceInfo = z.infer<typeof DeviceInfoSchema>;

export const DeviceListSchema = z.object({ devices: z.array(DeviceInfoSchema) });
export type DeviceList = z.infer<typeof DeviceListSchema>;

/** Path parameters of the revoke routes. */
export const DeviceParamsSchema = z.object({ id: z.string().min(1).max(100) }).strict();

/**
 * Whether a device may still work. Says nothing else about it: the id is a random UUID only its device and
 * the admins know, and "revoked" is all a holder of the id learns.
 */
export const DeviceStatusSchema = z.object({ revoked: z.boolean() });
export type DeviceStatus = z.infer<typeof DeviceStatusSchema>;

/** The answer to a revoke: the device as it is now. */
export const RevokeAnswerSchema = z.object({ device: DeviceInfoSchema });
export type RevokeAnswer = z.infer<typeof RevokeAnswerSchema>;

export const TeamRefSchema = z.object({ id: z.string(), name: z.string() });

/** A coordination account and the teams it coordinates (ordered by name). */
export const CoordinatorSchema = z.object({
  userId: z.string(),
  login: z.string(),
  displayName: z.string(),
  disabled: z.boolean(),
  teams: z.array(TeamRefSchema),
});
export type Coordinator = z.infer<typeof CoordinatorSchema>;

/** Every coordination account, and every team one may be given. */
export const CoordinatorListSchema = z.object({
  coordinators: z.array(CoordinatorSchema),
  teams: z.array(TeamRefSchema),
});
export type CoordinatorList = z.infer<typeof CoordinatorListSchema>;

/** Path parameters of the coordinator-team routes. */
export const CoordinatorTeamParamsSchema = z
  .object({ userId: z.string().min(1).max(100), teamId: z.string().min(1).max(100) })
  .strict();

/** The answer to adding or removing a team: the coordinator as they are now. */
export const CoordinatorAnswerSchema = z.object({ coordinator: CoordinatorSchema });
export type CoordinatorAnswer = z.infer<typeof CoordinatorAnswerSchema>;
