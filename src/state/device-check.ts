import { DEVICE_PATHS } from '../protocol/admin.ts';
import { isErrorCode, type ErrorCode } from '../protocol/errors.ts';

/** What the relay says about this device: still allowed, refused with a code, or not reachable now. */
export type DeviceCheck = { kind: 'ok' } | { kind: 'refused'; code: ErrorCode } | { kind: 'unreachable' };

/**
 * Asks the relay whether this device may still work, without opening anything of the cases: a device reported
 * lost learns it at its next start even while it stays locked (nobody needs to know its PIN for the wipe).
 * `token` is the current access token; a refusal of the token itself (expired) is for the session to renew.
 */
export async function checkDevice(
  origin: string,
  token: string,
  fetchImpl: typeof fetch = fetch,
  timeoutMs = 10_000,
): Promise<DeviceCheck> {
  let response: Response;
  try {
    response = await fetchImpl(new URL(DEVICE_PATHS.devices, origin), {
      headers: { authorization: `Bearer ${token}` },
      cache: 'no-store',
      credentials: 'omit',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch {
    return { kind: 'unreachable' };
  }
  if (response.ok) return { kind: 'ok' };
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return { kind: 'unreachable' };
  }
  const code = body !== null && typeof body === 'object' ? (body as { error?: unknown }).error : undefined;
  return isErrorCode(code) ? { kind: 'refused', code } : { kind: 'unreachable' };
}
