import { afterEach, describe, expect, it } from 'vitest';
import { AUTH_PATHS, SessionSchema } from '../../../src/protocol/auth.ts';
import { hashRefreshToken } from '../../../sync-server/src/auth/refresh-tokens.ts';
import { loginAs } from '../auth/support.ts';
import { passwordOf, request } from './support.ts';
import { startLoggedRelay, type LoggedRelay } from './support-log.ts';

let logged: LoggedRelay | undefined;

afterEach(async () => {
  await logged?.close();
  logged = undefined;
});

async function relayWithLog() {
  logged = await startLoggedRelay('info');
  return { relay: logged.relay, lines: logged.lines };
}

describe('a refresh token used a second time', () => {
  it('revokes every refresh token of the device, of every login on it, and is audited and logged', async () => {
    const { relay, lines } = await relayWithLog();
    // Two logins on the same device make two token families; a login on another device is a third.
    const first = await loginAs(relay, 'anna', passwordOf('anna'), { name: 'Tablet' });
    const second = await loginAs(relay, 'anna', passwordOf('anna'), { id: first.deviceId, name: 'Tablet' });
    const laptop = await loginAs(relay, 'anna', passwordOf('anna'), { name: 'Laptop' });
    expect(second.deviceId).toBe(first.deviceId);

    const rotated = await request(relay, 'POST', AUTH_PATHS.refresh, {
      body: { refreshToken: first.refreshToken },
    });
    expect(rotated.status).toBe(200);
    const next = SessionSchema.parse(rotated.body);

    // The stolen copy of the first token is replayed.
    const replay = await request(relay, 'POST', AUTH_PATHS.refresh, {
      body: { refreshToken: first.refreshToken },
    });
    expect(replay.status).toBe(401);
    expect(replay.body).toMatchObject({ error: 'refresh-invalid' });

    for (const token of [next.refreshToken, second.refreshToken]) {
      expect((await relay.store.refreshTokenByHash(hashRefreshToken(token)))?.revokedAt).not.toBeNull();
      const answer = await request(relay, 'POST', AUTH_PATHS.refresh, { body: { refreshToken: token } });
      expect(answer.status).toBe(401);
    }
    const other = await request(relay, 'POST', AUTH_PATHS.refresh, {
      body: { refreshToken: laptop.refreshToken },
    });
    expect(other.status).toBe(200);

    await relay.audit.flush();
    const reused = (await relay.store.listAudit({ kind: 'refresh-reused', limit: 10 })).events;
    expect(reused).toEqual([
      expect.objectContaining({
        userId: first.user.id,
        deviceId: first.deviceId,
        // The replayed token, the one rotated from it, and the second login's.
        detail: { revoked: 3 },
      }),
    ]);
    const warning = lines().find(
      (line) => line.msg === 'refresh token reused; every refresh token of the device is revoked',
    );
    expect(warning).toMatchObject({ level: 'warn', deviceId: first.deviceId, revoked: 3 });
  });

  it('revokes the device’s tokens when two refreshes with one token race', async () => {
    const { relay } = await relayWithLog();
    const session = await loginAs(relay, 'bert', passwordOf('bert'));
    const answers = await Promise.all(
      [1, 2].map(() =>
        request(relay, 'POST', AUTH_PATHS.refresh, { body: { refreshToken: session.refreshToken } }),
      ),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 401]);
    const winner = SessionSchema.parse(answers.find((answer) => answer.status === 200)!.body);
    // The winner's new token was issued before or after the revocation; either way the device must log in
    // again once the race is detected: no token of the device may still refresh.
    const after = await request(relay, 'POST', AUTH_PATHS.refresh, {
      body: { refreshToken: winner.refreshToken },
    });
    expect(after.status).toBe(401);
  });
});
