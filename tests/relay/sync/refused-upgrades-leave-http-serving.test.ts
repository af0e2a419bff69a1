import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERRORS } from '../../../src/protocol/errors.ts';
import { startTestRelay, type TestRelay } from '../../support/relay.ts';
import { wsUrl } from './support/device-client.ts';
import { refusedSocket, refusedUpgrade } from './support/upgrade.ts';

let relay: TestRelay;

beforeAll(async () => {
  relay = await startTestRelay();
});

afterAll(async () => {
  await relay?.close();
});

const UNAUTHENTICATED = { code: ERRORS.unauthenticated.ws, reason: 'unauthenticated', frames: 0 };

describe('WebSocket upgrades without a token', () => {
  it('closes the device socket with unauthenticated and refuses the doc socket over HTTP', async () => {
    expect(await refusedSocket(relay.url, '')).toEqual(UNAUTHENTICATED);
    expect(await refusedUpgrade(wsUrl(relay.url, '/ws/doc/team-a/case-1'))).toEqual({
      status: 401,
      body: expect.objectContaining({ error: 'unauthenticated' }),
    });
  });

  it('keeps serving HTTP after many refused upgrades', async () => {
    const [closes, answers] = await Promise.all([
      Promise.all(Array.from({ length: 20 }, (_, i) => refusedSocket(relay.url, `falsch-${i}`))),
      Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          refusedUpgrade(wsUrl(relay.url, '/ws/doc/team-a/case-1', { token: `falsch-${i}` })),
        ),
      ),
    ]);
    expect(closes).toEqual(Array.from({ length: 20 }, () => UNAUTHENTICATED));
    expect(answers.map((answer) => answer.status)).toEqual(Array.from({ length: 20 }, () => 401));
    expect((await fetch(new URL('/healthz', relay.url))).status).toBe(200);
  });
});
