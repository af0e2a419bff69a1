import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH_PATHS } from '../../../src/protocol/auth.ts';
import { PROJECT_ROOT } from '../../../sync-server/src/config.ts';
import { startTestRelay, type TestRelay } from '../../support/relay.ts';
import { loginAs, post } from './support.ts';

const CLI = path.join(PROJECT_ROOT, 'sync-server/src/admin/cli.ts');

let relay: TestRelay;

beforeAll(async () => {
  // The relay runs on the same data directory the whole time: the CLI is meant to work next to it.
  relay = await startTestRelay();
});

afterAll(async () => {
  await relay?.close();
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the admin CLI as `npm run admin` does, as a child process on the relay's DATA_DIR. */
function admin(args: string[], input?: string, dataDir = relay.dataDir): Promise<Run> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATA_DIR: dataDir },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin.end(input ?? '');
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('npm run admin', () => {
  it('creates teams and lists them', async () => {
    const added = await admin(['team', 'add', 'sc-bochum', '--name', 'SC Bochum']);
    expect(added).toMatchObject({ code: 0 });
    expect(added.stdout).toContain('Created team sc-bochum');
    expect(
      await admin(['team', 'add', 'traeger-nord', '--name', 'Träger Nord', '--kind', 'provider-site']),
    ).toMatchObject({ code: 0 });

    const listed = await admin(['team', 'list']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/sc-bochum\s+SC Bochum\s+support-center/);
    expect(listed.stdout).toMatch(/traeger-nord\s+Träger Nord\s+provider-site/);
    expect((await relay.store.listTeams()).map((team) => team.id)).toEqual(['sc-bochum', 'traeger-nord']);

    const again = await admin(['team', 'add', 'sc-bochum', '--name', 'SC Bochum']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('sc-bochum exists already');
  });

  it('creates a user with a password from stdin who must change it at the first login', async () => {
    const added = await admin(
      [
        'user',
        'add',
        'Mira',
        '--name',
        'Mira Yilmaz',
        '--team',
        'sc-bochum',
        '--team',
        'traeger-nord',
        '--role',
        'case-manager',
        '--password-stdin',
      ],
      'mira-start-password\n',
    );
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    const mira = await relay.store.userByLogin('mira');
    expect(mira).toMatchObject({
      displayName: 'Mira Yilmaz',
      role: 'case-manager',
      mustChangePassword: true,
    });
    expect((await relay.store.teamsOf(mira!.id)).map((team) => team.id)).toEqual([
      'sc-bochum',
      'traeger-nord',
    ]);

    const first = await post(relay, AUTH_PATHS.login, {
      login: 'mira',
      password: 'mira-start-password',
      device: { name: 'Tablet' },
    });
    expect(first.body).toMatchObject({ error: 'password-change-required' });

    const listed = await admin(['user', 'list']);
    expect(listed.stdout).toMatch(/mira\s+Mira Yilmaz\s+case-manager\s+sc-bochum, traeger-nord\s+no/);
  });

  it('creates a user who may keep the password with --no-must-change', async () => {
    const added = await admin(
      [
        'user',
        'add',
        'jonas',
        '--name',
        'Jonas K',
        '--team',
        'sc-bochum',
        '--role',
        'coordination',
        '--password-stdin',
        '--no-must-change',
      ],
      'jonas-password-1\r\nignored second line\n',
    );
    expect(added.code).toBe(0);
    await expect(loginAs(relay, 'jonas', 'jonas-password-1')).resolves.toMatchObject({
      user: { login: 'jonas', role: 'coordination' },
    });
  });

  it('refuses short passwords, unknown teams and taken logins, creating nothing', async () => {
    const short = await admin(
      [
        'user',
        'add',
        'kurz',
        '--name',
        'Kurz',
        '--team',
        'sc-bochum',
        '--role',
        'case-manager',
        '--password-stdin',
      ],
      'short\n',
    );
    expect(short.code).toBe(1);
    expect(short.stderr).toContain('at least 10 characters');
    const team = await admin(
      [
        'user',
        'add',
        'kurz',
        '--name',
        'Kurz',
        '--team',
        'nowhere',
        '--role',
        'case-manager',
        '--password-stdin',
      ],
      'long-enough-password\n',
    );
    expect(team.code).toBe(1);
    expect(team.stderr).toContain('No team with the id nowhere');
    expect(await relay.store.userByLogin('kurz')).toBeUndefined();

    const taken = await admin(
      [
        'user',
        'add',
        'MIRA',
        '--name',
        'Other',
        '--team',
        'sc-bochum',
        '--role',
        'case-manager',
        '--password-stdin',
      ],
      'long-enough-password\n',
    );
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain('mira is taken');
  });

  it('disables a user, ending their sessions, and enables them again', async () => {
    const session = await loginAs(relay, 'jonas', 'jonas-password-1');
    expect((await admin(['user', 'disable', 'jonas'])).code).toBe(0);
    const refreshed = await post(relay, AUTH_PATHS.refresh, { refreshToken: session.refreshToken });
    expect(refreshed.status).toBe(401);
    expect(refreshed.body).toMatchObject({ error: 'refresh-invalid' });
    await expect(loginAs(relay, 'jonas', 'jonas-password-1')).rejects.toThrow(/account-disabled/);
    expect((await admin(['user', 'list'])).stdout).toMatch(/jonas\s+.*\s+yes/);

    expect((await admin(['user', 'enable', 'jonas'])).code).toBe(0);
    await expect(loginAs(relay, 'jonas', 'jonas-password-1')).resolves.toMatchObject({
      user: { login: 'jonas' },
    });
  });

  it('resets a forgotten password, which must then be changed at the next login', async () => {
    const reset = await admin(
      ['user', 'reset-password', 'jonas', '--password-stdin'],
      'jonas-reset-password\n',
    );
    expect(reset.code).toBe(0);
    await expect(loginAs(relay, 'jonas', 'jonas-password-1')).rejects.toThrow(/invalid-credentials/);
    const next = await post(relay, AUTH_PATHS.login, {
      login: 'jonas',
      password: 'jonas-reset-password',
      newPassword: 'jonas-password-1',
      device: { name: 'Tablet' },
    });
    expect(next.status).toBe(200);
    const short = await admin(['user', 'reset-password', 'jonas', '--password-stdin'], 'short\n');
    expect(short.code).toBe(1);
    await expect(loginAs(relay, 'jonas', 'jonas-password-1')).resolves.toMatchObject({
      user: { login: 'jonas' },
    });
  });

  it('lists and revokes devices', async () => {
    const session = await loginAs(relay, 'jonas', 'jonas-password-1', { name: 'Laptop Flur' });
    const listed = await admin(['device', 'list', '--user', 'jonas']);
    expect(listed.code).toBe(0);
    const when = '\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC';
    // Registered and last seen at the login, not revoked.
    expect(listed.stdout).toMatch(
      new RegExp(`${session.deviceId}\\s+jonas\\s+Laptop Flur\\s+${when}\\s+${when}\\s+-`),
    );
    expect((await admin(['device', 'list'])).stdout).toContain(session.deviceId);

    const revoked = await admin(['device', 'revoke', session.deviceId]);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toContain('Laptop Flur');
    const refreshed = await post(relay, AUTH_PATHS.refresh, { refreshToken: session.refreshToken });
    expect(refreshed.status).toBe(401);
    expect((await relay.store.deviceById(session.deviceId))?.revokedAt).not.toBeNull();

    expect((await admin(['device', 'revoke', 'no-such-device'])).code).toBe(1);

    // The relay writes its audit events within a second; the CLI reads the database, so flush first.
    await relay.audit.flush();
    const audit = await admin(['audit', 'list', '--user', 'jonas', '--kind', 'device-revoked']);
    expect(audit.code).toBe(0);
    expect(audit.stdout).toMatch(
      new RegExp(`device-revoked\\s+-\\s+${session.deviceId}\\s+-\\s+-\\s+by=cli`),
    );
    const logins = await admin(['audit', 'list', '--user', 'jonas', '--since', '2020-01-01']);
    expect(logins.stdout).toMatch(/login\s+jonas/);
    expect((await admin(['audit', 'list', '--since', 'yesterday'])).code).toBe(2);
    expect((await admin(['audit', 'list', '--since', '2999-01-01'])).stdout).toContain(
      'No matching audit events.',
    );
  });

  it('answers usage errors with exit code 2 and --help with the usage', async () => {
    const unknown = await admin(['user', 'frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown command: user frobnicate');
    const missing = await admin(['user', 'add', 'x', '--team', 'sc-bochum', '--role', 'case-manager']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--name is required');
    const badRole = await admin(['user', 'add', 'x', '--name', 'X', '--team', 'sc-bochum', '--role', 'boss']);
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toContain('--role must be one of');
    const badId = await admin(['team', 'add', 'a/b', '--name', 'Slash']);
    expect(badId.code).toBe(2);
    // A team id is a key of every device's hello: names JavaScript objects reserve are no team ids.
    const reserved = await admin(['team', 'add', '__proto__', '--name', 'Prototyp']);
    expect(reserved.code).toBe(2);
    expect(reserved.stderr).toContain('must not be a name JavaScript objects reserve');
    // The coordination doc's log is keyed like a team and must never become one.
    const coordination = await admin(['team', 'add', '_koordination', '--name', 'Koordination']);
    expect(coordination.code).toBe(2);
    expect(coordination.stderr).toContain('reserved for coordination');
    expect((await relay.store.listTeams()).map((team) => team.id)).not.toContain('_koordination');
    const noTerminal = await admin([
      'user',
      'add',
      'x',
      '--name',
      'X',
      '--team',
      'sc-bochum',
      '--role',
      'case-manager',
    ]);
    expect(noTerminal.code).toBe(2);
    expect(noTerminal.stderr).toContain('--password-stdin');

    const help = await admin(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('user add <login>');
  });

  it('refuses to list from a data directory without a database', async () => {
    const empty = await admin(['user', 'list'], undefined, path.join(relay.dataDir, 'nothing-here'));
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain('No Lotse database');
  });
});
