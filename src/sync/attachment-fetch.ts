import { attachmentPath } from '../protocol/attachments.ts';
import { isErrorCode, type ErrorCode } from '../protocol/errors.ts';
import { sha256Hex } from '../storage/attachment-seal.ts';

export type FetchOutcome =
  { ok: true; sealed: Uint8Array } | { ok: false; error: ErrorCode | 'network' | 'damaged' | 'no-session' };

/**
 * Downloads an attachment's sealed bytes from the relay when it is opened on a device that does not hold
 * them, and checks them against the hash the case doc names before anyone uses them: bytes that differ
 * (a damaged download, a relay that serves something else) are refused as `damaged`.
 */
export async function fetchSealed(options: {
  baseUrl: string;
  teamId: string;
  caseId: string;
  hash: string;
  getAccessToken: (options?: { forceRefresh?: boolean }) => Promise<string | null>;
  fetchImpl?: typeof fetch;
}): Promise<FetchOutcome> {
  const doFetch = options.fetchImpl ?? ((input, init) => fetch(input, init));
  const url = new URL(attachmentPath(options.teamId, options.caseId, options.hash), options.baseUrl);
  for (let renewed = false; ; renewed = true) {
    const token = await options.getAccessToken(renewed ? { forceRefresh: true } : {}).catch(() => undefined);
    if (token === undefined) return { ok: false, error: 'network' };
    if (!token) return { ok: false, error: 'no-session' };
    let response: Response;
    let bytes: Uint8Array;
    try {
      response = await doFetch(url, { headers: { authorization: `Bearer ${token}` } });
      bytes = new Uint8Array(await response.arrayBuffer());
    } catch {
      return { ok: false, error: 'network' };
    }
    if (response.ok) {
      if ((await sha256Hex(bytes)) !== options.hash) return { ok: false, error: 'damaged' };
      return { ok: true, sealed: bytes };
    }
    let code: unknown;
    try {
      code = (JSON.parse(new TextDecoder().decode(bytes)) as { error?: unknown }).error;
    } catch {
      code = undefined;
    }
    if (!isErrorCode(code)) return { ok: false, error: response.status >= 502 ? 'network' : 'internal' };
    if ((code === 'token-expired' || code === 'unauthenticated') && !renewed) continue;
    return { ok: false, error: code };
  }
}
