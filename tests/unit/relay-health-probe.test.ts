import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../src/protocol/health.ts';
import { probeRelay } from '../../src/sync/relay-health.ts';

const healthy = { status: 'ok', protocol: PROTOCOL_VERSION, version: '1.0.0', uptimeSeconds: 3 };

function answering(body: unknown, status = 200): typeof fetch {
  return async () => new Response(typeof body === 'string' ? body : JSON.stringify(body), { status });
}

describe('probing the relay', () => {
  it('reports a relay that answers with its health document as reachable and compatible', async () => {
    const result = await probeRelay('http://relay.test', { fetchImpl: answering(healthy) });
    expect(result).toEqual({ reachable: true, health: healthy, compatible: true });
  });

  it('notices a relay speaking another protocol version', async () => {
    const result = await probeRelay('http://relay.test', {
      fetchImpl: answering({ ...healthy, protocol: PROTOCOL_VERSION + 1 }),
    });
    expect(result).toMatchObject({ reachable: true, compatible: false });
  });

  it.each([
    ['an error status', answering(healthy, 502)],
    ['a captive portal page', answering('<html>Bitte anmelden</html>')],
    ['JSON that is not a health document', answering({ status: 'fine' })],
  ])('treats %s as unreachable', async (_name, fetchImpl) => {
    expect(await probeRelay('http://relay.test', { fetchImpl })).toEqual({
      reachable: false,
      reason: 'bad-answer',
    });
  });

  it('treats a network failure as unreachable', async () => {
    const fetchImpl: typeof fetch = async () => {
      throw new TypeError('Failed to fetch');
    };
    expect(await probeRelay('http://relay.test', { fetchImpl })).toEqual({
      reachable: false,
      reason: 'network',
    });
  });

  it('gives up after the timeout', async () => {
    const fetchImpl: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) =>
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
      );
    expect(await probeRelay('http://relay.test', { fetchImpl, timeoutMs: 10 })).toEqual({
      reachable: false,
      reason: 'timeout',
    });
  });
});
