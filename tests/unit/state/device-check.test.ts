import { describe, expect, it } from 'vitest';
import { checkDevice } from '../../../src/state/device-check.ts';

const ORIGIN = 'https://relay.test';

/** A fetch that answers every request with `status` and `body`, and remembers what it was asked. */
function answering(status: number, body: unknown) {
  const requests: Request[] = [];
  const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    requests.push(new Request(input, init));
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status });
  }) as typeof fetch;
  return { fetchImpl, requests };
}

describe('asking the relay whether this device was revoked', () => {
  it('asks by device id, without any token', async () => {
    const { fetchImpl, requests } = answering(200, { revoked: false });
    expect(await checkDevice(ORIGIN, 'dev 1/2', fetchImpl)).toBe('ok');
    expect(requests[0]?.url).toBe(`${ORIGIN}/api/devices/dev%201%2F2/status`);
    expect(requests[0]?.headers.get('authorization')).toBeNull();
  });

  it('reads a revoked device', async () => {
    expect(await checkDevice(ORIGIN, 'd', answering(200, { revoked: true }).fetchImpl)).toBe('revoked');
  });

  it('takes an unknown device, a malformed answer, an error page and no network for "unknown"', async () => {
    expect(await checkDevice(ORIGIN, 'd', answering(404, { error: 'not-found' }).fetchImpl)).toBe('unknown');
    expect(await checkDevice(ORIGIN, 'd', answering(200, { revoked: 'yes' }).fetchImpl)).toBe('unknown');
    expect(await checkDevice(ORIGIN, 'd', answering(502, '<html>Bad gateway</html>').fetchImpl)).toBe(
      'unknown',
    );
    const offline = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    expect(await checkDevice(ORIGIN, 'd', offline)).toBe('unknown');
  });
});
