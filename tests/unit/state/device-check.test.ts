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

describe('asking the relay whether this device may still work', () => {
  it('sends the access token to the own-devices endpoint and reads a yes', async () => {
    const { fetchImpl, requests } = answering(200, { devices: [] });
    expect(await checkDevice(ORIGIN, 'token-1', fetchImpl)).toEqual({ kind: 'ok' });
    expect(requests[0]?.url).toBe(`${ORIGIN}/api/devices`);
    expect(requests[0]?.headers.get('authorization')).toBe('Bearer token-1');
  });

  it('reads a revoked device from the stable error code', async () => {
    const { fetchImpl } = answering(403, { error: 'device-revoked', message: 'The device was revoked.' });
    expect(await checkDevice(ORIGIN, 't', fetchImpl)).toEqual({ kind: 'refused', code: 'device-revoked' });
  });

  it('takes an unknown code, a page that is not JSON, and no network for "ask again later"', async () => {
    expect(await checkDevice(ORIGIN, 't', answering(403, { error: 'made-up' }).fetchImpl)).toEqual({
      kind: 'unreachable',
    });
    expect(await checkDevice(ORIGIN, 't', answering(502, '<html>Bad gateway</html>').fetchImpl)).toEqual({
      kind: 'unreachable',
    });
    const offline = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    expect(await checkDevice(ORIGIN, 't', offline)).toEqual({ kind: 'unreachable' });
  });
});
