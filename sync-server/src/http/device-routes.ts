import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  DEVICE_PATHS,
  DeviceParamsSchema,
  type DeviceInfo,
  type DeviceStatus,
  type DeviceList,
  type RevokeAnswer,
} from '../../../src/protocol/admin.ts';
import { revokeDevice } from '../auth/accounts.ts';
import type { Principal } from '../auth/principal.ts';
import type { RelayContext } from '../relay-context.ts';
import type { DeviceOverview, User } from '../storage/contract.ts';
import { sendError } from './errors.ts';
import { guard, refuse } from './guard.ts';

/** What the device routes need from the WebSocket side. */
export interface SocketControl {
  /** Closes the device's open sync sockets with `device-revoked`; resolves how many there were. */
  closeDevice(deviceId: string): number;
}

export function toDeviceInfo(
  device: DeviceOverview,
  owner: Pick<User, 'login' | 'displayName'> | undefined,
  currentDeviceId?: string,
): DeviceInfo {
  return {
    id: device.id,
    userId: device.userId,
    login: owner?.login ?? '',
    displayName: owner?.displayName ?? '',
    name: device.name,
    createdAt: device.createdAt,
    revokedAt: device.revokedAt,
    lastSeenAt: device.lastSeenAt,
    current: device.id === currentDeviceId,
  };
}

/**
 * Revokes a device: no more refreshes (its refresh tokens are revoked), no more syncing (its open sockets
 * close at once with `device-revoked`, which tells the app to wipe its local data), and an audit event
 * naming who revoked it. Idempotent: revoking again keeps the first time and closes nothing new.
 */
export async function revokeAndDisconnect(
  context: Pick<RelayContext, 'store' | 'audit' | 'log'>,
  sockets: SocketControl,
  device: DeviceOverview,
  by: Principal,
  address: string,
): Promise<DeviceOverview> {
  const at = Date.now();
  await revokeDevice(context.store, device.id, at);
  const closed = sockets.closeDevice(device.id);
  if (device.revokedAt === null) {
    context.log.info({ deviceId: device.id, userId: device.userId, by: by.userId, closed }, 'device revoked');
    context.audit.record({
      kind: 'device-revoked',
      userId: device.userId,
      deviceId: device.id,
      address,
      detail: { by: by.userId, byLogin: by.login, byRole: by.role, socketsClosed: closed },
    });
  }
  return { ...device, revokedAt: device.revokedAt ?? at };
}

/** The `:id` of a revoke path, or `undefined` after answering `bad-request`. */
export function deviceIdParam(request: FastifyRequest, reply: FastifyReply): string | undefined {
  const parsed = DeviceParamsSchema.safeParse(request.params);
  if (parsed.success) return parsed.data.id;
  sendError(reply, 'bad-request', 'id: must be a device id');
  return undefined;
}

/**
 * A person's own devices (`/api/devices`): any signed-in role may list theirs and revoke one, for example
 * the tablet left on the train, from their laptop. Another person's device is `not-found`, the same as a
 * device that does not exist.
 */
export function registerDeviceRoutes(
  http: FastifyInstance,
  context: RelayContext,
  sockets: SocketControl,
): void {
  http.get(DEVICE_PATHS.devices, async (request, reply) => {
    const principal = await guard(context, request, reply, () => true);
    if (!principal) return reply;
    const [devices, user] = await Promise.all([
      context.store.listDevices({ userId: principal.userId }),
      context.store.userById(principal.userId),
    ]);
    const body: DeviceList = {
      devices: devices.map((device) => toDeviceInfo(device, user, principal.deviceId)),
    };
    return reply.send(body);
  });

  // No token: a locked app cannot use its own (they are sealed). Unknown ids are `not-found`, like others'.
  http.get(DEVICE_PATHS.status, async (request, reply) => {
    const id = deviceIdParam(request, reply);
    if (id === undefined) return reply;
    const device = await context.store.deviceById(id);
    if (!device) return sendError(reply, 'not-found', 'There is no device with this id.');
    const body: DeviceStatus = { revoked: device.revokedAt !== null };
    return reply.send(body);
  });

  http.post(DEVICE_PATHS.revokeDevice, async (request, reply) => {
    const principal = await guard(context, request, reply, () => true);
    if (!principal) return reply;
    const id = deviceIdParam(request, reply);
    if (id === undefined) return reply;
    const own = await context.store.listDevices({ userId: principal.userId });
    const device = own.find((candidate) => candidate.id === id);
    if (!device) {
      return refuse(context, request, reply, 'not-found', 'You have no device with this id.', principal);
    }
    const revoked = await revokeAndDisconnect(context, sockets, device, principal, request.ip);
    const user = await context.store.userById(principal.userId);
    const body: RevokeAnswer = { device: toDeviceInfo(revoked, user, principal.deviceId) };
    return reply.send(body);
  });
}
