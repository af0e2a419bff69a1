import { COORDINATION_LOG_ID } from '../../../src/domain/coordination-doc.ts';
import type { AccountMethods, RelayStore, Role, User } from './contract.ts';
import { StoreError } from './errors.ts';
import type { PgContext } from './postgres.ts';
import { newEpochId } from './sqlite-log.ts';
import {
  toDevice,
  toDeviceOverview,
  toRefreshToken,
  toTeam,
  type DeviceOverviewRow,
  type DeviceRow,
  type RefreshTokenRow,
  type TeamRow,
} from './sqlite-rows.ts';

/** A user as PostgreSQL stores it: real booleans where SQLite has 0 and 1. */
interface PgUserRow {
  id: string;
  login: string;
  display_name: string;
  role: Role;
  password_hash: string;
  must_change_password: boolean;
  disabled: boolean;
  created_at: number;
}

const toUser = (row: PgUserRow): User => ({
  id: row.id,
  login: row.login,
  displayName: row.display_name,
  role: row.role,
  passwordHash: row.password_hash,
  mustChangePassword: row.must_change_password,
  disabled: row.disabled,
  createdAt: row.created_at,
});

/** The PostgreSQL engine's teams, users, memberships, devices and refresh tokens. */
export function pgAccountsOn({ run, write, now }: PgContext): Pick<RelayStore, AccountMethods> {
  /** For an UPDATE by primary key: no changed row means there was no such record. */
  const mustChange = (changes: number, what: string): void => {
    if (changes === 0) throw new StoreError('not-found', `${what} does not exist`);
  };

  return {
    createTeam: (team) =>
      write(`create team ${team.id}`, async (db) => {
        if (team.id === COORDINATION_LOG_ID) {
          throw new StoreError('invalid-input', `${COORDINATION_LOG_ID} is the coordination log, not a team`);
        }
        const row: TeamRow = { id: team.id, name: team.name, kind: team.kind, created_at: now() };
        await db.change('INSERT INTO teams (id, name, kind, created_at) VALUES ($1, $2, $3, $4)', [
          row.id,
          row.name,
          row.kind,
          row.created_at,
        ]);
        await db.change('INSERT INTO team_logs (team_id) VALUES ($1)', [team.id]);
        await db.change(
          'INSERT INTO log_epochs (team_id, number, epoch, first_seq, started_at) VALUES ($1, 1, $2, 1, $3)',
          [team.id, newEpochId(), row.created_at],
        );
        return toTeam(row);
      }),

    listTeams: () =>
      run('list teams', async (db) =>
        (
          await db.rows<TeamRow>('SELECT * FROM teams WHERE id <> $1 ORDER BY name, id', [
            COORDINATION_LOG_ID,
          ])
        ).map(toTeam),
      ),

    createUser: (user) =>
      write(`create user ${user.id}`, async (db) => {
        const row: PgUserRow = {
          id: user.id,
          login: user.login,
          display_name: user.displayName,
          role: user.role,
          password_hash: user.passwordHash,
          must_change_password: user.mustChangePassword,
          disabled: false,
          created_at: now(),
        };
        await db.change(
          `INSERT INTO users (id, login, display_name, role, password_hash, must_change_password, disabled,
             created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [
            row.id,
            row.login,
            row.display_name,
            row.role,
            row.password_hash,
            row.must_change_password,
            row.disabled,
            row.created_at,
          ],
        );
        return toUser(row);
      }),

    userByLogin: (login) =>
      run('find user by login', async (db) => {
        const row = await db.one<PgUserRow>('SELECT * FROM users WHERE login = $1', [login]);
        return row && toUser(row);
      }),

    userById: (id) =>
      run(`find user ${id}`, async (db) => {
        const row = await db.one<PgUserRow>('SELECT * FROM users WHERE id = $1', [id]);
        return row && toUser(row);
      }),

    listUsers: () =>
      run('list users', async (db) =>
        (await db.rows<PgUserRow>('SELECT * FROM users ORDER BY login')).map(toUser),
      ),

    setUserDisabled: (userId, disabled) =>
      run(`set user ${userId} disabled`, async (db) => {
        mustChange(
          await db.change('UPDATE users SET disabled = $1 WHERE id = $2', [disabled, userId]),
          `user ${userId}`,
        );
      }),

    setPassword: (userId, passwordHash, mustChangePassword) =>
      run(`set password of user ${userId}`, async (db) => {
        const changes = await db.change(
          'UPDATE users SET password_hash = $1, must_change_password = $2 WHERE id = $3',
          [passwordHash, mustChangePassword, userId],
        );
        mustChange(changes, `user ${userId}`);
      }),

    addMembership: (userId, teamId) =>
      run(`add user ${userId} to team ${teamId}`, async (db) => {
        if (teamId === COORDINATION_LOG_ID) {
          throw new StoreError('not-found', `${COORDINATION_LOG_ID} is the coordination log, not a team`);
        }
        await db.change('INSERT INTO memberships (user_id, team_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
          userId,
          teamId,
        ]);
      }),

    removeMembership: (userId, teamId) =>
      run(
        `remove user ${userId} from team ${teamId}`,
        async (db) =>
          (await db.change('DELETE FROM memberships WHERE user_id = $1 AND team_id = $2', [userId, teamId])) >
          0,
      ),

    teamsOf: (userId) =>
      run(`list teams of user ${userId}`, async (db) =>
        (
          await db.rows<TeamRow>(
            `SELECT teams.* FROM teams JOIN memberships ON memberships.team_id = teams.id
             WHERE memberships.user_id = $1 ORDER BY teams.name, teams.id`,
            [userId],
          )
        ).map(toTeam),
      ),

    membersOf: (teamId) =>
      run(`list members of team ${teamId}`, async (db) =>
        (
          await db.rows<PgUserRow>(
            `SELECT users.* FROM users JOIN memberships ON memberships.user_id = users.id
             WHERE memberships.team_id = $1 ORDER BY users.display_name, users.id`,
            [teamId],
          )
        ).map(toUser),
      ),

    countUsers: () =>
      run(
        'count users',
        async (db) => (await db.one<{ n: number }>('SELECT count(*) AS n FROM users'))?.n ?? 0,
      ),

    registerDevice: (device) =>
      run(`register device ${device.id}`, async (db) => {
        const row: DeviceRow = {
          id: device.id,
          user_id: device.userId,
          name: device.name,
          created_at: now(),
          revoked_at: null,
        };
        await db.change('INSERT INTO devices (id, user_id, name, created_at) VALUES ($1, $2, $3, $4)', [
          row.id,
          row.user_id,
          row.name,
          row.created_at,
        ]);
        return toDevice(row);
      }),

    deviceById: (id) =>
      run(`find device ${id}`, async (db) => {
        const row = await db.one<DeviceRow>('SELECT * FROM devices WHERE id = $1', [id]);
        return row && toDevice(row);
      }),

    revokeDevice: (id, at) =>
      run(`revoke device ${id}`, async (db) => {
        // coalesce keeps the first revocation time: the audit trail should say when access really ended.
        const changes = await db.change(
          'UPDATE devices SET revoked_at = coalesce(revoked_at, $1) WHERE id = $2',
          [at, id],
        );
        mustChange(changes, `device ${id}`);
      }),

    devicesOf: (userId) =>
      run(`list devices of user ${userId}`, async (db) =>
        (
          await db.rows<DeviceRow>('SELECT * FROM devices WHERE user_id = $1 ORDER BY created_at, id', [
            userId,
          ])
        ).map(toDevice),
      ),

    listDevices: (filter = {}) =>
      run('list devices', async (db) => {
        const rows =
          filter.userId === undefined
            ? await db.rows<DeviceOverviewRow>('SELECT * FROM devices ORDER BY created_at, id')
            : await db.rows<DeviceOverviewRow>(
                'SELECT * FROM devices WHERE user_id = $1 ORDER BY created_at, id',
                [filter.userId],
              );
        return rows.map(toDeviceOverview);
      }),

    markDeviceSeen: (id, at) =>
      run(`mark device ${id} seen`, async (db) => {
        await db.change(
          'UPDATE devices SET last_seen_at = $1 WHERE id = $2 AND (last_seen_at IS NULL OR last_seen_at < $1)',
          [at, id],
        );
      }),

    storeRefreshToken: (token) =>
      run(`store refresh token of device ${token.deviceId}`, async (db) => {
        const row: RefreshTokenRow = {
          hash: token.hash,
          device_id: token.deviceId,
          user_id: token.userId,
          family_id: token.familyId,
          expires_at: token.expiresAt,
          created_at: now(),
          used_at: null,
          revoked_at: null,
          replaced_by: null,
          retried_at: null,
        };
        await db.change(
          `INSERT INTO refresh_tokens (hash, device_id, user_id, family_id, expires_at, created_at)
           VALUES ($1, $2, $3, $4, $5, $6)`,
          [row.hash, row.device_id, row.user_id, row.family_id, row.expires_at, row.created_at],
        );
        return toRefreshToken(row);
      }),

    refreshTokenByHash: (hash) =>
      run('find refresh token', async (db) => {
        const row = await db.one<RefreshTokenRow>('SELECT * FROM refresh_tokens WHERE hash = $1', [hash]);
        return row && toRefreshToken(row);
      }),

    markRefreshTokenUsed: (hash, at, replacedBy) =>
      run('mark refresh token used', async (db) => {
        // The WHERE clause is the compare-and-set: a second UPDATE of the row waits for the first to commit,
        // then finds used_at set and changes nothing.
        const changes = await db.change(
          'UPDATE refresh_tokens SET used_at = $1, replaced_by = $2 WHERE hash = $3 AND used_at IS NULL',
          [at, replacedBy ?? null, hash],
        );
        if (changes === 1) return true;
        const exists = await db.one('SELECT 1 FROM refresh_tokens WHERE hash = $1', [hash]);
        if (exists === undefined) throw new StoreError('not-found', 'the refresh token does not exist');
        return false;
      }),

    claimRefreshRetry: (hash, usedSince, at) =>
      write('grant the retry of a refresh', async (db) => {
        // Both updates are compare-and-sets in one transaction: of two racing retries the second waits for
        // the first's row lock, then finds retried_at set; the successor is then spent with it.
        const changes = await db.change(
          `UPDATE refresh_tokens SET retried_at = $1
           WHERE hash = $2 AND retried_at IS NULL AND used_at IS NOT NULL AND used_at >= $3
             AND EXISTS (SELECT 1 FROM refresh_tokens AS successor
               WHERE successor.hash = refresh_tokens.replaced_by
                 AND successor.used_at IS NULL AND successor.revoked_at IS NULL)`,
          [at, hash, usedSince],
        );
        if (changes === 0) return false;
        const spent = await db.change(
          `UPDATE refresh_tokens SET used_at = $1
           WHERE hash = (SELECT replaced_by FROM refresh_tokens WHERE hash = $2) AND used_at IS NULL`,
          [at, hash],
        );
        // The successor was shown in between (used by another instance): then this is no retry after all.
        if (spent === 0) throw new RetryLost();
        return true;
      }).catch((error: unknown) => {
        if (error instanceof StoreError && error.cause instanceof RetryLost) return false;
        throw error;
      }),

    revokeRefreshFamily: (familyId) =>
      run(`revoke refresh token family ${familyId}`, (db) =>
        db.change('UPDATE refresh_tokens SET revoked_at = $1 WHERE family_id = $2 AND revoked_at IS NULL', [
          now(),
          familyId,
        ]),
      ),

    revokeRefreshTokensOfDevice: (deviceId) =>
      run(`revoke refresh tokens of device ${deviceId}`, (db) =>
        db.change('UPDATE refresh_tokens SET revoked_at = $1 WHERE device_id = $2 AND revoked_at IS NULL', [
          now(),
          deviceId,
        ]),
      ),
  };
}

/** Rolls back a retry whose successor was used meanwhile; answered as `false`. */
class RetryLost extends Error {}
