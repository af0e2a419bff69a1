import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ERRORS } from '../../../src/protocol/errors.ts';
import { TokenService } from '../../../sync-server/src/auth/tokens.ts';
import { createLogger } from '../../../sync-server/src/logger.ts';
import type { RelayStore } from '../../../sync-server/src/storage/contract.ts';
import { openSqliteStore } from '../../../sync-server/src/storage/sqlite.ts';
import { AuditTrail } from '../../../sync-server/src/audit/audit-trail.ts';
import { AccessEvents } from '../../../sync-server/src/auth/access-events.ts';
import { createUpgradeHandler, type UpgradeHandler } from '../../../sync-server/src/ws/upgrade.ts';
import { testRelayConfig } from '../../support/relay.ts';
import { DeviceClient } from './support/device-client.ts';
import { refusedSocket } from './support/upgrade.ts';
import { seedWorld, tokenFor, WORLD } from './support/world.ts';

/**
 * The upgrade handler on a plain HTTP server, so that the test can count the sockets it serves and read
 * what it logs.
 */
let dataDir: string;
let store: RelayStore;
let tokens: TokenService;
let handler: UpgradeHandler;
let audit: AuditTrail;
let server: Server;
let url: string;
let logLines: Record<string, unknown>[];

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'lotse-upgrade-'));
  store = await openSqliteStore(path.join(dataDir, 'relay.sqlite3'));
  await seedWorld(store);
  tokens = new TokenService(randomBytes(48), 900);
  logLines = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) logLines.push(JSON.parse(line));
      done();
    },
  });
  const config = testRelayConfig({ dataDir, logLevel: 'debug' });
  const log = createLogger('debug', sink);
  handler = createUpgradeHandler({
    config,
    log,
    store,
    tokens,
    audit: (audit = new AuditTrail(store, log)),
    access: new AccessEvents(),
    isShuttingDown: () => false,
    isDatabaseLost: () => false,
  });
  server = createServer((_request, response) => response.writeHead(404).end());
  server.on('upgrade', handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  await handler.close();
  await audit.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await store.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('a device socket the relay refuses', () => {
  it('is never counted among the open sync sockets, while a served one is', async () => {
    const served = await DeviceClient.connect(url, await tokenFor(tokens, WORLD.annaSecond));
    await served.control('caught-up');
    expect(handler.openSockets()).toBe(1);

    await store.revokeDevice(WORLD.anna.deviceId, Date.now());
    const refused = await DeviceClient.open(url, await tokenFor(tokens, WORLD.anna));
    // Open but not yet past its hello: not served, so not counted.
    expect(handler.openSockets()).toBe(1);
    refused.hello();
    expect(await refused.closed).toEqual({ code: ERRORS['device-revoked'].ws, reason: 'device-revoked' });
    expect(refused.received).toEqual([]);
    expect(handler.openSockets()).toBe(1);
    await served.close();
  });

  it('serves no frames even when it says hello', async () => {
    const token = await tokenFor(tokens, WORLD.olaf);
    expect(await refusedSocket(url, token)).toEqual({
      code: ERRORS.forbidden.ws,
      reason: 'forbidden',
      frames: 0,
    });
    expect(logLines.some((line) => line.msg === 'sync socket connected')).toBe(false);
  });

  it('is logged at warn with its code and never with the token', async () => {
    const token = await tokenFor(tokens, WORLD.anna, Date.now() - 3_600_000);
    const closed = await refusedSocket(url, token);
    expect(closed.reason).toBe('token-expired');
    const refusal = logLines.find((line) => line.code === 'token-expired');
    expect(refusal).toMatchObject({ level: 'warn', path: '/sync' });
    expect(JSON.stringify(logLines)).not.toContain(token);
  });
});
