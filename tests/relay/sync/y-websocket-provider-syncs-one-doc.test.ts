import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { DOC_PATH_PREFIX, encodeControl } from '../../../src/protocol/sync.ts';
import { wsUrl } from './support/device-client.ts';
import { useSyncRelay } from './support/fixture.ts';
import { WORLD } from './support/world.ts';
import * as decoding from 'lib0/decoding';
import * as awarenessProtocol from 'y-protocols/awareness';

const sync = useSyncRelay();
const A = WORLD.teamA;
const providers: WebsocketProvider[] = [];

afterEach(() => {
  for (const provider of providers.splice(0)) provider.destroy();
});

/** The stock provider, exactly as the README tells an integrator to use it. */
async function provider(docId: string, doc = new Y.Doc()): Promise<WebsocketProvider> {
  const token = await sync.token(WORLD.anna);
  const created = new WebsocketProvider(wsUrl(sync.relay.url, `${DOC_PATH_PREFIX}${A}`), docId, doc, {
    params: { token },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    // Two providers in one process would otherwise talk over a BroadcastChannel, past the relay.
    disableBc: true,
  });
  providers.push(created);
  return created;
}

function synced(provider: WebsocketProvider): Promise<void> {
  if (provider.synced) return Promise.resolve();
  return new Promise((resolve) => {
    const onSync = (state: boolean) => {
      if (!state) return;
      provider.off('sync', onSync);
      resolve();
    };
    provider.on('sync', onSync);
  });
}

function textBecomes(doc: Y.Doc, expected: string): Promise<void> {
  const text = doc.getText('body');
  if (text.toString() === expected) return Promise.resolve();
  return new Promise((resolve) => {
    const check = () => {
      if (text.toString() !== expected) return;
      doc.off('update', check);
      resolve();
    };
    doc.on('update', check);
  });
}

describe('the /ws/doc endpoint with the stock y-websocket provider', () => {
  it('syncs a doc with the token as URL parameter, both ways with a device socket', async () => {
    const device = await sync.connect(WORLD.annaSecond);
    await device.control('caught-up');
    const first = await device.write(A, 'case-7', 'vom Tablet ');

    const doc = new Y.Doc();
    const browser = await provider('case-7', doc);
    await synced(browser);
    expect(doc.getText('body').toString()).toBe('vom Tablet ');

    doc.getText('body').insert(doc.getText('body').length, 'vom Browser ');
    const fromBrowser = await device.waitFor(
      (e) =>
        e.kind === 'log' && e.frame.entries.some((entry) => entry.docId === 'case-7' && entry.seq > first),
      'the browser change as a log frame',
    );
    expect(fromBrowser.kind === 'log' && fromBrowser.frame.teamId).toBe(A);
    expect(device.text(A, 'case-7')).toBe('vom Tablet vom Browser ');

    await device.write(A, 'case-7', 'wieder Tablet ');
    await textBecomes(doc, 'vom Tablet vom Browser wieder Tablet ');

    // What the provider wrote is in the log, not only in memory: a new provider on a new doc loads it.
    browser.destroy();
    const again = new Y.Doc();
    await synced(await provider('case-7', again));
    expect(again.getText('body').toString()).toBe('vom Tablet vom Browser wieder Tablet ');
  });

  it('creates a new doc of the own team and logs a reconnect that brings nothing new not again', async () => {
    const doc = new Y.Doc();
    doc.getText('body').insert(0, 'offline begonnen ');
    const first = await provider('case-new', doc);
    await synced(first);
    const device = await sync.connect(WORLD.annaSecond);
    await device.control('caught-up');
    expect(device.text(A, 'case-new')).toBe('offline begonnen ');
    first.destroy();

    const before = await sync.relay.store.latestSeq(A);
    const second = await provider('case-new', doc);
    await synced(second);
    // Awareness is handled in order after the provider's own sync step 2, so once the device sees this
    // state, the relay has handled that step 2 too.
    device.send(encodeControl({ type: 'open', teamId: A, docId: 'case-new' }));
    second.awareness.setLocalStateField('user', { name: 'Anna' });
    await device.waitFor(
      (e) =>
        e.kind === 'doc' && e.frame.docId === 'case-new' && awarenessUsers(e.frame.message).includes('Anna'),
      'the provider awareness',
    );
    expect(await sync.relay.store.latestSeq(A)).toBe(before);
  });

  it('relays awareness between providers of one doc', async () => {
    const one = await provider('case-3');
    const two = await provider('case-3');
    await Promise.all([synced(one), synced(two)]);
    one.awareness.setLocalStateField('user', { name: 'Anna' });
    await new Promise<void>((resolve) => {
      const check = () => {
        const names = [...two.awareness.getStates().values()].map((state) => state.user?.name);
        if (names.includes('Anna')) {
          two.awareness.off('change', check);
          resolve();
        }
      };
      two.awareness.on('change', check);
      check();
    });
    expect(two.awareness.getStates().get(one.awareness.clientID)).toEqual({ user: { name: 'Anna' } });
  });
});

/** The user names in an awareness message. */
function awarenessUsers(message: Uint8Array): string[] {
  const decoder = decoding.createDecoder(message);
  if (decoding.readVarUint(decoder) !== 1) return [];
  const awareness = new awarenessProtocol.Awareness(new Y.Doc());
  awarenessProtocol.applyAwarenessUpdate(awareness, decoding.readVarUint8Array(decoder), 'test');
  const names = [...awareness.getStates().values()].map((state) => state.user?.name as string);
  awareness.destroy();
  return names;
}
