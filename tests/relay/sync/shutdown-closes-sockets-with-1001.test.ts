import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestRelay } from '../../support/relay.ts';
import { DeviceClient, wsUrl } from './support/device-client.ts';
import { seedWorld, tokenFor, WORLD } from './support/world.ts';

describe('a relay shutting down', () => {
  it('closes device and doc sockets with 1001 and the reason shutting-down', async () => {
    const relay = await startTestRelay();
    await seedWorld(relay.store);
    const token = await tokenFor(relay.tokens, WORLD.anna);
    const device = await DeviceClient.connect(relay.url, token);
    await device.control('caught-up');

    const doc = new WebSocket(wsUrl(relay.url, `/ws/doc/${WORLD.teamA}/case-1`, { token }));
    const docClosed = new Promise<{ code: number; reason: string }>((resolve) =>
      doc.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    await new Promise((resolve, reject) => {
      doc.once('message', resolve);
      doc.once('error', reject);
    });

    await relay.close();
    expect(await device.closed).toEqual({ code: 1001, reason: 'shutting-down' });
    expect(await docClosed).toEqual({ code: 1001, reason: 'shutting-down' });
  });
});
