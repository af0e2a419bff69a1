import type { FastifyInstance } from 'fastify';
import { Readable } from 'node:stream';
import type { z } from 'zod';
import {
  ADMIN_PATHS,
  AUDIT_CSV_COLUMNS,
  AUDIT_PAGE_DEFAULT,
  AuditQuerySchema,
  type AuditPage,
  type AuditQuery,
  type DeviceList,
  type RevokeAnswer,
} from '../../../src/protocol/admin.ts';
import type { RelayContext } from '../relay-context.ts';
import type { AuditFilter, RelayStore, StoredAuditEvent } from '../storage/contract.ts';
import { csvRow } from './csv.ts';
import { deviceIdParam, revokeAndDisconnect, toDeviceInfo, type SocketControl } from './device-routes.ts';
import { sendError } from './errors.ts';
import { guard, refuse } from './guard.ts';

/** The CSV export reads the log in pages of this many rows, so memory stays flat for any size of log. */
const CSV_PAGE_ROWS = 1000;

function describeIssues(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'The query is invalid.';
  if (issue.code === 'unrecognized_keys') return `Unknown query parameter: ${issue.keys.join(', ')}`;
  return `${issue.path.join('.') || 'query'}: ${issue.message}`;
}

function filterOf(query: AuditQuery): Omit<AuditFilter, 'limit'> {
  const { cursor, limit: _limit, ...filters } = query;
  return { ...filters, beforeId: cursor };
}

/** Every matching event, newest first, as CSV lines with a header row; read page by page. */
async function* auditCsv(store: RelayStore, filter: Omit<AuditFilter, 'limit'>): AsyncGenerator<string> {
  // A byte order mark, so that spreadsheet programs read umlauts in names as UTF-8.
  yield `\uFEFF${csvRow(AUDIT_CSV_COLUMNS)}`;
  let beforeId = filter.beforeId;
  for (;;) {
    const batch = await store.listAudit({ ...filter, beforeId, limit: CSV_PAGE_ROWS });
    let lines = '';
    for (const event of batch.events) lines += csvRow(csvCells(event));
    if (lines !== '') yield lines;
    const last = batch.events.at(-1);
    if (!batch.more || !last) return;
    beforeId = last.id;
  }
}

function csvCells(event: StoredAuditEvent) {
  return [
    event.id,
    new Date(event.at).toISOString(),
    event.kind,
    event.login,
    event.userId,
    event.deviceId,
    event.teamId,
    event.docId,
    event.code,
    event.address,
    Object.keys(event.detail).length > 0 ? JSON.stringify(event.detail) : '',
  ];
}

/**
 * The admin API (`/api/admin/*`, shapes in src/protocol/admin.ts): the audit log as JSON pages and as CSV,
 * every device, and revoking one. Admins only; every other role, and every bad token, is refused and the
 * refusal audited. Reads flush the audit writer first, so an admin sees every event recorded until then.
 */
export function registerAdminRoutes(
  http: FastifyInstance,
  context: RelayContext,
  sockets: SocketControl,
): void {
  const isAdmin = (principal: { role: string }) => principal.role === 'admin';

  const auditQuery = async (
    request: Parameters<typeof guard>[1],
    reply: Parameters<typeof guard>[2],
  ): Promise<AuditQuery | undefined> => {
    const principal = await guard(context, request, reply, isAdmin);
    if (!principal) return undefined;
    const parsed = AuditQuerySchema.safeParse(request.query ?? {});
    if (!parsed.success) {
      refuse(context, request, reply, 'bad-request', describeIssues(parsed.error), principal);
      return undefined;
    }
    await context.audit.flush();
    return parsed.data;
  };

  http.get(ADMIN_PATHS.audit, async (request, reply) => {
    const query = await auditQuery(request, reply);
    if (!query) return reply;
    const batch = await context.store.listAudit({
      ...filterOf(query),
      limit: query.limit ?? AUDIT_PAGE_DEFAULT,
    });
    const last = batch.events.at(-1);
    const body: AuditPage = {
      events: batch.events,
      nextCursor: batch.more && last ? String(last.id) : null,
    };
    return reply.send(body);
  });

  http.get(ADMIN_PATHS.auditCsv, async (request, reply) => {
    const query = await auditQuery(request, reply);
    if (!query) return reply;
    const day = new Date().toISOString().slice(0, 10);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="lotse-audit-${day}.csv"`)
      .send(Readable.from(auditCsv(context.store, filterOf(query))));
  });

  http.get(ADMIN_PATHS.devices, async (request, reply) => {
    const principal = await guard(context, request, reply, isAdmin);
    if (!principal) return reply;
    const [devices, users] = await Promise.all([context.store.listDevices(), context.store.listUsers()]);
    const byId = new Map(users.map((user) => [user.id, user]));
    const body: DeviceList = {
      devices: devices.map((device) => toDeviceInfo(device, byId.get(device.userId))),
    };
    return reply.send(body);
  });

  http.post(ADMIN_PATHS.revokeDevice, async (request, reply) => {
    const principal = await guard(context, request, reply, isAdmin);
    if (!principal) return reply;
    const id = deviceIdParam(request, reply);
    if (id === undefined) return reply;
    const device = (await context.store.listDevices()).find((candidate) => candidate.id === id);
    if (!device) return sendError(reply, 'not-found', 'No device with this id.');
    const revoked = await revokeAndDisconnect(context, sockets, device, principal, request.ip);
    const body: RevokeAnswer = {
      device: toDeviceInfo(revoked, await context.store.userById(device.userId)),
    };
    return reply.send(body);
  });
}
