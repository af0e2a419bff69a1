import { randomBytes } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { ERRORS } from '../../../src/protocol/errors.ts';
import { PROTOCOL_VERSION } from '../../../src/protocol/health.ts';
import {
  encodeBinaryFrame,
  FRAME_LOG,
  MAX_FRAME_BYTES,
  MAX_UPDATE_BYTES,
} from '../../../src/protocol/sync.ts';
import { TokenService } from '../../../sync-server/src/auth/tokens.ts';
import { DeviceClient, wsUrl } from './support/device-client.ts';
import { useSyncRelay } from './support/fixture.ts';
import { refusedSocket, refusedUpgrade } from './support/upgrade.ts';
import { WORLD } from './support/world.ts';

const sync = useSyncRelay();
const A = WORLD.teamA;

let writer: DeviceClient;
let reader: DeviceClient;

beforeEach(async () => {
  writer = await sync.connect(WORLD.annaSecond);
  reader = await sync.connect(WORLD.annaThird);
  await Promise.all([writer.control('caught-up'), reader.control('caught-up')]);
});

/** The devices that did nothing wrong still sync: a write of one reaches the other. */
async function othersStillSync(): Promise<void> {
  const seq = await writer.write(A, 'case-ok', 'läuft ');
  await reader.logged(A, seq);
  expect(reader.text(A, 'case-ok')).toContain('läuft ');
}

/** Opens a device socket as Anna's first device, says hello unless told not to. */
async function offender(hello = true): Promise<DeviceClient> {
  const client = sync.track(await DeviceClient.open(sync.relay.url, await sync.token(WORLD.anna)));
  if (hello) {
    client.hello();
    await client.control('caught-up');
  }
  return client;
}

async function expectClosedWith(client: DeviceClient, code: keyof typeof ERRORS): Promise<void> {
  expect(await client.closed).toEqual({ code: ERRORS[code].ws, reason: code });
}

describe('frames the relay cannot use end the offending socket only', () => {
  it('closes on a garbled binary frame with malformed-frame', async () => {
    const client = await offender();
    client.send(new Uint8Array([1, 0xff, 0xff]));
    await expectClosedWith(client, 'malformed-frame');
    await othersStillSync();
  });

  it('closes on an unknown frame kind', async () => {
    const client = await offender();
    client.send(new Uint8Array([9, 1, 2, 3]));
    await expectClosedWith(client, 'malformed-frame');
    await othersStillSync();
  });

  it('closes on a log frame, which only the relay sends', async () => {
    const client = await offender();
    client.send(encodeBinaryFrame({ kind: FRAME_LOG, teamId: A, entries: [] }));
    await expectClosedWith(client, 'malformed-frame');
  });

  it('closes on a text frame that is not JSON', async () => {
    const client = await offender();
    client.send('hallo relay');
    await expectClosedWith(client, 'malformed-frame');
    await othersStillSync();
  });

  it('closes when the first frame is not a hello', async () => {
    const client = await offender(false);
    client.send(client.edit(A, 'case-1', 'zu früh'));
    await expectClosedWith(client, 'malformed-frame');
  });

  it('closes on a hello from a newer protocol version with 4426', async () => {
    const client = await offender(false);
    client.send(JSON.stringify({ v: PROTOCOL_VERSION + 1, type: 'hello', token: 'x', cursors: {} }));
    const closed = await client.closed;
    expect(closed).toEqual({ code: 4426, reason: 'protocol-unsupported' });
    await othersStillSync();
  });

  it('closes on a frame larger than MAX_FRAME_BYTES with payload-too-large', async () => {
    const client = await offender();
    client.send(new Uint8Array(MAX_FRAME_BYTES + 1));
    await expectClosedWith(client, 'payload-too-large');
    await othersStillSync();
  });
});

describe('updates the relay refuses get an error frame and leave the socket open', () => {
  it('refuses an update over MAX_UPDATE_BYTES with doc-too-large', async () => {
    const client = await offender();
    const huge = client.edit(A, 'case-big', 'x'.repeat(MAX_UPDATE_BYTES + 16));
    expect(huge.byteLength).toBeGreaterThan(MAX_UPDATE_BYTES);
    const answer = await client.push(A, 'case-big', huge);
    expect(answer).toMatchObject({ type: 'error', code: 'doc-too-large', teamId: A, docId: 'case-big' });
    expect(await sync.relay.store.teamOfDoc(`${A}/case-big`)).toBeUndefined();
    expect(await client.write(A, 'case-small', 'klein ')).toBeGreaterThan(0);
    await othersStillSync();
  });

  it('refuses a push that is not a Yjs update with malformed-frame', async () => {
    const client = await offender();
    const before = await sync.relay.store.latestSeq(A);
    const answer = await client.push(A, 'case-1', new TextEncoder().encode('kein Yjs-Update'));
    expect(answer).toMatchObject({ type: 'error', code: 'malformed-frame', ref: 1 });
    expect(await sync.relay.store.latestSeq(A)).toBe(before);
    expect(await client.write(A, 'case-1', 'richtig ')).toBe(before + 1);
    await othersStillSync();
  });
});

describe('device sockets the relay refuses: closed right after the handshake with the code', () => {
  const refused = (token: string, v?: string) => refusedSocket(sync.relay.url, token, { v });

  /** The close a browser can read: the code's close code, the code as reason, and nothing served. */
  const closedWith = (code: keyof typeof ERRORS) => ({ code: ERRORS[code].ws, reason: code, frames: 0 });

  it('closes on an expired token with token-expired', async () => {
    const token = await sync.token(WORLD.anna, Date.now() - 3_600_000);
    expect(await refused(token)).toEqual(closedWith('token-expired'));
    await othersStillSync();
  });

  it('closes on a forged or missing token with unauthenticated', async () => {
    const forger = new TokenService(randomBytes(48), 900);
    const { token } = await forger.issueAccess(WORLD.anna);
    expect(await refused(token)).toEqual(closedWith('unauthenticated'));
    expect(await refused('')).toEqual(closedWith('unauthenticated'));
    await othersStillSync();
  });

  it('closes on a revoked device with device-revoked', async () => {
    const token = await sync.token(WORLD.anna);
    await sync.relay.store.revokeDevice(WORLD.anna.deviceId, Date.now());
    expect(await refused(token)).toEqual(closedWith('device-revoked'));
    await othersStillSync();
  });

  it('closes on a disabled user with account-disabled', async () => {
    const token = await sync.token(WORLD.bert);
    await sync.relay.store.setUserDisabled(WORLD.bert.userId, true);
    expect(await refused(token)).toEqual(closedWith('account-disabled'));
    await othersStillSync();
  });

  it('closes on an admin with forbidden', async () => {
    expect(await refused(await sync.token(WORLD.olaf))).toEqual(closedWith('forbidden'));
    await othersStillSync();
  });

  it('closes on a newer protocol version in the URL with protocol-unsupported, a garbled one with bad-request', async () => {
    const token = await sync.token(WORLD.anna);
    expect(await refused(token, String(PROTOCOL_VERSION + 1))).toEqual(closedWith('protocol-unsupported'));
    expect(await refused(token, 'eins')).toEqual(closedWith('bad-request'));
    await othersStillSync();
  });
});

describe('upgrades the relay refuses over HTTP, before the handshake', () => {
  const refused = async (token: string, path: string) => {
    const answer = await refusedUpgrade(wsUrl(sync.relay.url, path, { token, v: String(PROTOCOL_VERSION) }));
    return { status: answer.status, error: (answer.body as { error: string }).error };
  };
  const docPath = `/ws/doc/${A}/case-1`;

  it('refuses a doc socket with an expired, forged or missing token', async () => {
    const expired = await sync.token(WORLD.anna, Date.now() - 3_600_000);
    expect(await refused(expired, docPath)).toEqual({ status: 401, error: 'token-expired' });
    const { token: forged } = await new TokenService(randomBytes(48), 900).issueAccess(WORLD.anna);
    expect(await refused(forged, docPath)).toEqual({ status: 401, error: 'unauthenticated' });
    expect(await refused('', docPath)).toEqual({ status: 401, error: 'unauthenticated' });
    await othersStillSync();
  });

  it('refuses a doc socket of a revoked device or a disabled user', async () => {
    const anna = await sync.token(WORLD.anna);
    const bert = await sync.token(WORLD.bert);
    await sync.relay.store.revokeDevice(WORLD.anna.deviceId, Date.now());
    await sync.relay.store.setUserDisabled(WORLD.bert.userId, true);
    expect(await refused(anna, docPath)).toEqual({ status: 403, error: 'device-revoked' });
    expect(await refused(bert, `/ws/doc/${WORLD.teamB}/case-1`)).toEqual({
      status: 403,
      error: 'account-disabled',
    });
    await othersStillSync();
  });

  it('refuses coordination on the doc endpoint with forbidden', async () => {
    expect(await refused(await sync.token(WORLD.carla), docPath)).toEqual({
      status: 403,
      error: 'forbidden',
    });
    await othersStillSync();
  });

  it('refuses a newer protocol version on the doc endpoint with protocol-unsupported', async () => {
    const token = await sync.token(WORLD.anna);
    const answer = await refusedUpgrade(
      wsUrl(sync.relay.url, docPath, { token, v: String(PROTOCOL_VERSION + 1) }),
    );
    expect(answer).toEqual({ status: 426, body: expect.objectContaining({ error: 'protocol-unsupported' }) });
  });

  it('refuses malformed doc paths with bad-request and other paths with not-found', async () => {
    const token = await sync.token(WORLD.anna);
    for (const path of ['/ws/doc/case-1', `/ws/doc/${A}/case 1`, `/ws/doc/${A}/case-1/more`]) {
      const answer = await refusedUpgrade(wsUrl(sync.relay.url, path, { token }));
      expect(answer, path).toEqual({ status: 400, body: expect.objectContaining({ error: 'bad-request' }) });
    }
    for (const path of ['/elsewhere', '/sync/more']) {
      const answer = await refusedUpgrade(wsUrl(sync.relay.url, path, { token }));
      expect(answer, path).toEqual({ status: 404, body: expect.objectContaining({ error: 'not-found' }) });
    }
  });
});

describe('a session whose token expires', () => {
  it('is closed with token-expired when the token runs out', async () => {
    // Issued so that it has about a second left of the relay's 900 s lifetime.
    const token = await sync.token(WORLD.anna, Date.now() - 899_000);
    const client = sync.track(await DeviceClient.connect(sync.relay.url, token));
    await client.control('caught-up');
    await expectClosedWith(client, 'token-expired');
    await othersStillSync();
  });
});
