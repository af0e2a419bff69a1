import type { RelayApiOptions } from './admin-api.ts';
import { session } from './session.svelte.ts';

/**
 * The admin and device API as the signed-in person calls it: their access token, and the session ended
 * (which wipes the device, see main.ts) when the relay says this device or account is refused for good.
 */
export function sessionApiOptions(): RelayApiOptions {
  return {
    baseUrl: location.origin,
    getAccessToken: session.getAccessToken,
    onFinalRefusal: (code) => void session.expire(code),
  };
}
