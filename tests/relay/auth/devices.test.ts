import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH_PATHS } from '../../../src/protocol/auth.ts';
import type { User } from '../../../sync-server/src/storage/contract.ts';
import { startTestRelay, type TestRelay } from '../../support/relay.ts';
import { createUser, loginAs, post } from './support.ts';

let relay: TestRelay;
let mira: User;

beforeAll(async () => {
  relay = await startTestRelay();
  mira = await createUser(relay, { login: 'mira', password: 'mira-password-1' });
  await createUser(relay, { login: 'jonas', password: 'jonas-password-1' });
});

afterAll(async () => {
  await relay?.close();
});

describe('devices at login', () => {
  it('registers a new device for a login without a device id, and reuses it when the id is sent again', async () => {
    const first = await loginAs(relay, 'mira', 'mira-password-1', { name: 'Tablet' });
    const again = await loginAs(relay, 'mira', 'mira-password-1', { id: first.deviceId, name: 'Tablet' });
    expect(again.deviceId).toBe(first.deviceId);
    const other = await loginAs(relay, 'mira', 'mira-password-1', { name: 'Laptop' });
    expect(other.deviceId).not.toBe(first.deviceId);
    const devices = await relay.store.devicesOf(mira.id);
    expect(devices.map((device) => device.name)).toEqual(['Tablet', 'Laptop']);
  });

  it("registers a new device when the id is unknown or another user's", async () => {
    const hers = await loginAs(relay, 'mira', 'mira-password-1', { name: 'Her tablet' });
    const his = await loginAs(relay, 'jonas', 'jonas-password-1', { id: hers.deviceId, name: 'His tablet' });
    expect(his.deviceId).not.toBe(hers.deviceId);
    expect((await relay.store.deviceById(his.deviceId))?.userId).toBe(his.user.id);
    const unknown = await loginAs(relay, 'jonas', 'jonas-password-1', {
      id: 'no-such-device',
      name: 'Tablet',
    });
    expect(unknown.deviceId).not.toBe('no-such-device');
  });

  it('refuses a login on a revoked device and registers nothing instead', async () => {
    const session = await loginAs(relay, 'mira', 'mira-password-1', { name: 'Lost tablet' });
    await relay.store.revokeDevice(session.deviceId, Date.now());
    const before = (await relay.store.devicesOf(mira.id)).length;
    const answer = await post(relay, AUTH_PATHS.login, {
      login: 'mira',
      password: 'mira-password-1',
      device: { id: session.deviceId, name: 'Lost tablet' },
    });
    expect(answer.status).toBe(403);
    expect(answer.body).toMatchObject({ error: 'device-revoked' });
    expect(await relay.store.devicesOf(mira.id)).toHaveLength(before);
  });
});
