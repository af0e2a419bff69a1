import { DEVICE_PATHS, DeviceStatusSchema, revokePath } from '../protocol/admin.ts';

/** What the relay says about this device: still allowed, revoked, or nothing to go by now. */
export type DeviceCheck = 'ok' | 'revoked' | 'unknown';

/**
 * Asks the relay whether this device was revoked, without a token and without opening anything of the cases:
 * a device reported lost learns it at its next start even while it stays locked, so whoever holds it needs
 * no PIN for the wipe to happen. Anything but a clear answer (offline, an unknown device, a gateway's error
 * page) is `unknown`: the app asks again at the next start, and the sync refuses a revoked device anyway.
 */
export async function checkDevice(
  origin: string,
  deviceId: string,
  fetchImpl: typeof fetch = fetch,
  timeoutMs = 10_000,
): Promise<DeviceCheck> {
  try {
    const response = await fetchImpl(new URL(revokePath(DEVICE_PATHS.status, deviceId), origin), {
      cache: 'no-store',
      credentials: 'omit',
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!response.ok) return 'unknown';
    const status = DeviceStatusSchema.safeParse(await response.json());
    if (!status.success) return 'unknown';
    return status.data.revoked ? 'revoked' : 'ok';
  } catch {
    return 'unknown';
  }
}
