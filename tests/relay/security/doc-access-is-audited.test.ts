import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { DOC_PATH_PREFIX } from '../../../src/protocol/sync.ts';
import { DeviceClient, wsUrl } from '../sync/support/device-client.ts';
import { TEAM_A, useSecurityRelay } from './support.ts';

const sec = useSecurityRelay();
const clients: DeviceClient[] = [];
const providers: WebsocketProvider[] = [];

afterEach(async () => {
  for (const provider of providers.splice(0)) provider.destroy();
  await Promise.all(clients.splice(0).map((client) => (client.isOpen ? client.close() : undefined)));
});

async function device(token: string, cursors: Record<string, number> = {}): Promise<DeviceClient> {
  const client = await DeviceClient.connect(sec.relay.url, token, cursors);
  clients.push(client);
  await client.control('caught-up', (frame) => frame.teamId === TEAM_A);
  return client;
}

const MARKER = 'Aufenthaltstitel-Marker-4711';

describe('the audit log of doc access', () => {
  it('records one doc-changed per device, doc and minute, and one doc-fetched per doc and socket', async () => {
    const tablet = await sec.login('anna', { name: 'Tablet' });
    const writer = await device(tablet.accessToken);
    for (const word of ['eins ', 'zwei ', MARKER]) await writer.write(TEAM_A, 'case-1', word);
    await writer.write(TEAM_A, 'case-2', 'anderer Fall ');

    const changed = await sec.audit({ kind: 'doc-changed' });
    expect(changed.map((event) => event.docId).sort()).toEqual(['case-1', 'case-2']);
    for (const event of changed) {
      expect(event).toMatchObject({
        userId: tablet.user.id,
        deviceId: tablet.deviceId,
        login: 'anna',
        teamId: TEAM_A,
        detail: { endpoint: '/sync' },
      });
    }

    // A second device catches up from zero: it is sent three entries of case-1 and one of case-2.
    const laptop = await sec.login('anna', { name: 'Laptop' });
    const reader = await device(laptop.accessToken, { [TEAM_A]: 0 });
    expect(reader.text(TEAM_A, 'case-1')).toContain(MARKER);
    const fetched = await sec.audit({ kind: 'doc-fetched', deviceId: laptop.deviceId });
    expect(fetched.map((event) => event.docId).sort()).toEqual(['case-1', 'case-2']);

    // Live updates of a doc this socket already fetched add nothing; a new socket fetches again.
    await writer.write(TEAM_A, 'case-1', 'drei ');
    await reader.waitFor((e) => e.kind === 'log' && reader.text(TEAM_A, 'case-1').includes('drei'));
    expect(await sec.audit({ kind: 'doc-fetched', deviceId: laptop.deviceId })).toHaveLength(2);
    await reader.close();
    const again = await device(laptop.accessToken, { [TEAM_A]: 0 });
    expect(again.text(TEAM_A, 'case-1')).toContain('drei');
    expect(await sec.audit({ kind: 'doc-fetched', deviceId: laptop.deviceId })).toHaveLength(4);

    // The writer changed case-1 again within the minute: still one event for it.
    expect(await sec.audit({ kind: 'doc-changed', docId: 'case-1' })).toHaveLength(1);
    expect(JSON.stringify(await sec.audit())).not.toContain(MARKER);
  });

  it('records fetches and changes through the y-websocket endpoint', async () => {
    const session = await sec.login('anna');
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(
      wsUrl(sec.relay.url, `${DOC_PATH_PREFIX}${TEAM_A}`),
      'case-9',
      doc,
      {
        params: { token: session.accessToken },
        WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
        disableBc: true,
      },
    );
    providers.push(provider);
    await new Promise<void>((resolve) => {
      if (provider.synced) resolve();
      else provider.once('sync', () => resolve());
    });
    doc.getText('body').insert(0, MARKER);
    // Poll the log until the change is there: the relay audits it after the durable append.
    let changed = await sec.audit({ kind: 'doc-changed', docId: 'case-9' });
    while (changed.length === 0) {
      await new Promise((resolve) => setImmediate(resolve));
      changed = await sec.audit({ kind: 'doc-changed', docId: 'case-9' });
    }
    expect(changed[0]).toMatchObject({ deviceId: session.deviceId, detail: { endpoint: '/ws/doc' } });
    expect(await sec.audit({ kind: 'doc-fetched', docId: 'case-9' })).toEqual([
      expect.objectContaining({
        deviceId: session.deviceId,
        teamId: TEAM_A,
        detail: { endpoint: '/ws/doc' },
      }),
    ]);
    expect(JSON.stringify(await sec.audit())).not.toContain(MARKER);
  });
});
