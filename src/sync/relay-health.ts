import { HealthSchema, PROTOCOL_VERSION, type Health } from '../protocol/health.ts';

export type RelayHealth =
  | { reachable: true; health: Health; compatible: boolean }
  | { reachable: false; reason: 'network' | 'timeout' | 'bad-answer' };

/**
 * Asks the relay whether it is up. A relay that answers with something other than our health document
 * (a captive portal, a proxy error page) counts as unreachable: only the relay itself can sync.
 */
export async function probeRelay(
  baseUrl: string,
  { fetchImpl = fetch, timeoutMs = 5000 }: { fetchImpl?: typeof fetch; timeoutMs?: number } = {},
): Promise<RelayHealth> {
  let response: Response;
  try {
    response = await fetchImpl(new URL('/healthz', baseUrl), {
      cache: 'no-store',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    return { reachable: false, reason: timedOut ? 'timeout' : 'network' };
  }
  if (!response.ok) return { reachable: false, reason: 'bad-answer' };
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return { reachable: false, reason: 'bad-answer' };
  }
  const parsed = HealthSchema.safeParse(body);
  if (!parsed.success) return { reachable: false, reason: 'bad-answer' };
  return { reachable: true, health: parsed.data, compatible: parsed.data.protocol === PROTOCOL_VERSION };
}
