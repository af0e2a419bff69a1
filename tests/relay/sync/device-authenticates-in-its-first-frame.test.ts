import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ERRORS, type ErrorCode } from '../../../src/protocol/errors.ts';
import { PROTOCOL_VERSION } from '../../../src/protocol/health.ts';
import { encodeControl, SYNC_PATH } from '../../../src/protocol/sync.ts';
import { DeviceClient, wsUrl } from './support/device-client.ts';
import { useSyncRelay } from './support/fixture.ts';
import { refusedSocket } from './support/upgrade.ts';
import { WORLD } from './support/world.ts';

const HELLO_TIMEOUT_MS = 1_000;
const sync = useSyncRelay({ syncHelloTimeoutMs: HELLO_TIMEOUT_MS });
const A = WORLD.teamA;

const closedWith = (code: ErrorCode) => ({ code: ERRORS[code].ws, reason: code, frames: 0 });

async function refusalsAudited() {
  await sync.relay.audit.flush();
  return (await sync.relay.store.listAudit({ kind: 'access-refused', limit: 100 })).events;
}

describe('the device socket /sync authenticates in its first frame', () => {
  it('serves a device whose upgrade carries no token once its hello brings one', async () => {
    const writer = await sync.connect(WORLD.annaSecond);
    await writer.control('caught-up');
    const seq = await writer.write(A, 'case-1', 'ohne Token in der URL ');

    const device = sync.track(await DeviceClient.open(sync.relay.url, await sync.token(WORLD.anna)));
    // Nothing is served before the hello: the relay does not know yet who is there.
    device.hello();
    const welcome = await device.control('welcome');
    expect(device.received[0]).toEqual({ kind: 'control', frame: welcome });
    expect(welcome.teams).toEqual([expect.objectContaining({ id: A, latest: seq })]);
    await device.logged(A, seq);
    expect(device.text(A, 'case-1')).toBe('ohne Token in der URL ');
  });

  it('ignores a token in the URL: only the hello authenticates', async () => {
    const token = await sync.token(WORLD.anna);
    const closed = await new Promise<{ code: number; reason: string; frames: number }>((resolve) => {
      const ws = new WebSocket(wsUrl(sync.relay.url, SYNC_PATH, { token, v: String(PROTOCOL_VERSION) }));
      let frames = 0;
      ws.on('open', () => ws.send(encodeControl({ type: 'hello', token: '', cursors: {} })));
      ws.on('message', () => (frames += 1));
      ws.on('close', (code, reason) => resolve({ code, reason: reason.toString(), frames }));
    });
    expect(closed).toEqual(closedWith('unauthenticated'));
  });

  it('refuses a first frame that is not a hello with malformed-frame', async () => {
    const token = await sync.token(WORLD.anna);
    const open = encodeControl({ type: 'open', teamId: A, docId: 'case-1' });
    expect(await refusedSocket(sync.relay.url, token, { first: open })).toEqual(
      closedWith('malformed-frame'),
    );
    const binary = new Uint8Array([0, 1, 2]);
    expect(await refusedSocket(sync.relay.url, token, { first: binary })).toEqual(
      closedWith('malformed-frame'),
    );
  });

  it('refuses a hello of the protocol before first-frame authentication with protocol-unsupported', async () => {
    const token = await sync.token(WORLD.anna);
    const old = JSON.stringify({ v: PROTOCOL_VERSION - 1, type: 'hello', cursors: {} });
    expect(await refusedSocket(sync.relay.url, token, { first: old })).toEqual(
      closedWith('protocol-unsupported'),
    );
  });

  it('closes a socket that says nothing with hello-timeout, serving nothing, audited', async () => {
    const device = sync.track(await DeviceClient.open(sync.relay.url, await sync.token(WORLD.anna)));
    expect(await device.closed).toEqual({ code: ERRORS['hello-timeout'].ws, reason: 'hello-timeout' });
    expect(device.received).toEqual([]);
    expect(await refusalsAudited()).toEqual([
      expect.objectContaining({
        code: 'hello-timeout',
        userId: null,
        address: '127.0.0.1',
        detail: { endpoint: SYNC_PATH, stage: 'hello' },
      }),
    ]);
  });

  it('audits a refused hello with whom its token named, at the hello stage', async () => {
    const token = await sync.token(WORLD.olaf);
    expect(await refusedSocket(sync.relay.url, token)).toEqual(closedWith('forbidden'));
    expect(await refusalsAudited()).toEqual([
      expect.objectContaining({
        code: 'forbidden',
        userId: WORLD.olaf.userId,
        deviceId: WORLD.olaf.deviceId,
        detail: { endpoint: SYNC_PATH, stage: 'hello' },
      }),
    ]);
  });

  it('keeps frames sent right after the hello, in order, for the session', async () => {
    const device = sync.track(await DeviceClient.open(sync.relay.url, await sync.token(WORLD.anna)));
    device.hello();
    // Sent before the relay has checked the token: held, then handled after the welcome.
    const ref = device.sendPush(A, 'case-2', device.edit(A, 'case-2', 'gleich nach dem Hallo '));
    const ack = await device.control('ack', (frame) => frame.ref === ref);
    expect(ack.seq).toBeGreaterThan(0);
    expect(device.controls()[0]?.type).toBe('welcome');
  });
});
