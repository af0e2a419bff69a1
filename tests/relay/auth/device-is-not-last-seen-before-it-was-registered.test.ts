import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRelay, type TestRelay } from '../../support/relay.ts';
import { createUser, loginAs } from './support.ts';

let relay: TestRelay;

beforeAll(async () => {
  relay = await startTestRelay();
  // Created with cheap hashing: the first login re-hashes the password, which takes a noticeable while
  // between the request's arrival and the device's registration.
  await createUser(relay, { login: 'mira', password: 'mira-password-1' });
});

afterAll(async () => {
  await relay?.close();
});

describe('a device registered at login', () => {
  it('is last seen at or after it was registered', async () => {
    const session = await loginAs(relay, 'mira', 'mira-password-1', { name: 'Tablet' });
    const [device] = await relay.store.listDevices({ userId: session.user.id });
    expect(device?.lastSeenAt).toEqual(expect.any(Number));
    expect(device!.lastSeenAt!).toBeGreaterThanOrEqual(device!.createdAt);
  });
});
