import { describe, expect, it } from 'vitest';
import { DEVICE_PATHS, DeviceStatusSchema, revokePath } from '../../../src/protocol/admin.ts';
import { request, useSecurityRelay } from './support.ts';

const sec = useSecurityRelay();

describe('a device’s status', () => {
  it('tells a locked app, without a token, whether its device was revoked, and nothing more', async () => {
    const session = await sec.login('anna');
    const path = revokePath(DEVICE_PATHS.status, session.deviceId);

    const before = await request(sec.relay, 'GET', path);
    expect(before.status).toBe(200);
    expect(DeviceStatusSchema.strict().parse(before.body)).toEqual({ revoked: false });
    expect(before.headers.get('cache-control')).toBe('no-store');

    await sec.relay.store.revokeDevice(session.deviceId, Date.now());
    const after = await request(sec.relay, 'GET', path);
    expect(DeviceStatusSchema.strict().parse(after.body)).toEqual({ revoked: true });
  });

  it('answers not-found for an id no device has, and for one longer than any id', async () => {
    const unknown = await request(sec.relay, 'GET', revokePath(DEVICE_PATHS.status, 'no-such-device'));
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: 'not-found' });
    const tooLong = await request(sec.relay, 'GET', revokePath(DEVICE_PATHS.status, 'x'.repeat(101)));
    expect(tooLong.status).toBe(404);
    expect(tooLong.body).toMatchObject({ error: 'not-found' });
  });
});
