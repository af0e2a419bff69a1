import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ERRORS } from '../../src/protocol/errors.ts';
import { startTestRelay, type TestRelay } from '../support/relay.ts';

let relay: TestRelay;

beforeAll(async () => {
  relay = await startTestRelay();
});

afterAll(async () => {
  await relay?.close();
});

/** Tries a WebSocket upgrade and resolves with the HTTP answer the relay gave instead. */
function refusedUpgrade(pathname: string): Promise<{ status: number; body: unknown }> {
  const url = new URL(pathname, relay.url.replace('http', 'ws'));
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.on('open', () => reject(new Error(`${pathname} accepted the upgrade`)));
    socket.on('unexpected-response', (_request, response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) }));
    });
    socket.on('error', () => {
      // 'unexpected-response' has the details; ws also reports the refused handshake as an error.
    });
  });
}

describe('WebSocket upgrades', () => {
  it('refuses the device sync endpoint with a stable code until sync is in place', async () => {
    const answer = await refusedUpgrade('/sync');
    expect(answer.status).toBe(ERRORS['sync-unavailable'].http);
    expect(answer.body).toMatchObject({ error: 'sync-unavailable' });
  });

  it('refuses the per-doc endpoint the same way', async () => {
    const answer = await refusedUpgrade('/ws/doc/case-1');
    expect(answer.body).toMatchObject({ error: 'sync-unavailable' });
  });

  it('answers an unknown upgrade path with not-found', async () => {
    const answer = await refusedUpgrade('/elsewhere');
    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({ error: 'not-found' });
  });

  it('keeps serving HTTP after refused upgrades', async () => {
    await Promise.all(Array.from({ length: 20 }, () => refusedUpgrade('/sync')));
    expect((await fetch(new URL('/healthz', relay.url))).status).toBe(200);
  });
});
