import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH_PATHS, SessionSchema } from '../../../src/protocol/auth.ts';
import { createLogger } from '../../../sync-server/src/logger.ts';
import { startRelay } from '../../../sync-server/src/server.ts';
import { testRelayConfig } from '../../support/relay.ts';
import { post } from './support.ts';

let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'lotse-first-admin-'));
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

/** Starts a relay on `dataDir`, collecting what it announces and what it logs. */
async function start() {
  const config = testRelayConfig({ dataDir, logLevel: 'info' });
  const announced: string[] = [];
  let logged = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logged += chunk.toString('utf8');
      done();
    },
  });
  const relay = await startRelay(config, createLogger('info', sink), {
    announce: (text) => announced.push(text),
  });
  return { relay, announced, logs: () => logged };
}

describe('the first start on an empty database', () => {
  it('creates an admin, announces a one-time password once, and insists on a new one at the first login', async () => {
    const first = await start();
    let password: string;
    try {
      expect(first.announced).toHaveLength(1);
      const notice = first.announced[0]!;
      expect(notice).toMatch(/login:\s+admin\n/);
      const match = /password:\s+(\S+)\n/.exec(notice);
      expect(match).not.toBeNull();
      password = match![1]!;
      expect(password).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
      expect(notice).toMatch(/new password at the first login/);

      expect(first.logs()).toContain('created the administrator account');
      expect(first.logs()).not.toContain(password);

      const admin = await first.relay.store.userByLogin('admin');
      expect(admin).toMatchObject({ role: 'admin', displayName: 'Administrator', mustChangePassword: true });
      expect(await first.relay.store.teamsOf(admin!.id)).toEqual([]);

      const withoutNew = await post(first.relay, AUTH_PATHS.login, {
        login: 'admin',
        password,
        device: { name: 'Laptop' },
      });
      expect(withoutNew.status).toBe(403);
      expect(withoutNew.body).toMatchObject({ error: 'password-change-required' });
    } finally {
      await first.relay.close();
    }

    const second = await start();
    try {
      expect(second.announced).toEqual([]);
      expect(second.logs()).not.toContain('created the administrator account');
      expect(await second.relay.store.countUsers()).toBe(1);

      const changed = await post(second.relay, AUTH_PATHS.login, {
        login: 'admin',
        password,
        newPassword: 'the-admins-own-password',
        device: { name: 'Laptop' },
      });
      expect(changed.status).toBe(200);
      expect(SessionSchema.parse(changed.body).user).toMatchObject({ login: 'admin', role: 'admin' });
      const again = await post(second.relay, AUTH_PATHS.login, {
        login: 'admin',
        password: 'the-admins-own-password',
        device: { name: 'Laptop' },
      });
      expect(again.status).toBe(200);
    } finally {
      await second.relay.close();
    }
  });
});
