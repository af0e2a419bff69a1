import { COORDINATION_LOG_ID } from '../../../src/domain/coordination-doc.ts';
import type { AccountMethods, RelayStore } from './contract.ts';
import { StoreError } from './errors.ts';
import type { SqliteContext } from './sqlite.ts';
import { newEpochId } from './sqlite-log.ts';
import {
  toDevice,
  toDeviceOverview,
  toRefreshToken,
  toTeam,
  toUser,
  type DeviceRow,
  type DeviceOverviewRow,
  type RefreshTokenRow,
  type TeamRow,
  type UserRow,
} from './sqlite-rows.ts';

/** The SQLite engine's teams, users, memberships, devices and refresh tokens. */
export function accountsOn({ run, write, sql, now }: SqliteContext): Pick<RelayStore, AccountMethods> {
  /** For an UPDATE by primary key: no changed row means there was no such record. */
  const mustChange = (changes: number, what: string): void => {
    if (changes === 0) throw new StoreError('not-found', `${what} does not exist`);
  };

  return {
    createTeam: (team) =>
      write(`create team ${team.id}`, () => {
        if (team.id === COORDINATION_LOG_ID) {
          throw new StoreError('invalid-input', `${COORDINATION_LOG_ID} is the coordination log, not a team`);
        }
        const row: TeamRow = { id: team.id, name: team.name, kind: team.kind, created_at: now() };
        sql('INSERT INTO teams (id, name, kind, created_at) VALUES (@id, @name, @kind, @created_at)').run(
          row,
        );
        sql('INSERT INTO team_logs (team_id) VALUES (?)').run(team.id);
        sql(
          'INSERT INTO log_epochs (team_id, number, epoch, first_seq, started_at) VALUES (?, 1, ?, 1, ?)',
        ).run(team.id, newEpochId(), row.created_at);
        return toTeam(row);
      }),

    listTeams: () =>
      run('list teams', () =>
        sql<[string], TeamRow>('SELECT * FROM teams WHERE id <> ? ORDER BY name, id')
          .all(COORDINATION_LOG_ID)
          .map(toTeam),
      ),

    createUser: (user) =>
      write(`create user ${user.id}`, () => {
        const row: UserRow = {
          id: user.id,
          login: user.login,
          display_name: user.displayName,
          role: user.role,
          password_hash: user.passwordHash,
          must_change_password: user.mustChangePassword ? 1 : 0,
          disabled: 0,
          created_at: now(),
        };
        sql(
          `INSERT INTO users (id, login, display_name, role, password_hash, must_change_password, disabled,
             created_at)
           VALUES (@id, @login, @display_name, @role, @password_hash, @must_change_password, @disabled,
             @created_at)`,
        ).run(row);
        return toUser(row);
      }),

    userByLogin: (login) =>
      run('find user by login', () => {
        const row = sql<[string], UserRow>('SELECT * FROM users WHERE login = ?').get(login);
        return row && toUser(row);
      }),

    userById: (id) =>
      run(`find user ${id}`, () => {
        const row = sql<[string], UserRow>('SELECT * FROM users WHERE id = ?').get(id);
        return row && toUser(row);
      }),

    listUsers: () =>
      run('list users', () => sql<[], UserRow>('SELECT * FROM users ORDER BY login').all().map(toUser)),

    setUserDisabled: (userId, disabled) =>
      write(`set user ${userId} disabled`, () => {
        const { changes } = sql('UPDATE users SET disabled = ? WHERE id = ?').run(disabled ? 1 : 0, userId);
        mustChange(changes, `user ${userId}`);
      }),

    setPassword: (userId, passwordHash, mustChangePassword) =>
      write(`set password of user ${userId}`, () => {
        const { changes } = sql(
          'UPDATE users SET password_hash = ?, must_change_password = ? WHERE id = ?',
        ).run(passwordHash, mustChangePassword ? 1 : 0, userId);
        mustChange(changes, `user ${userId}`);
      }),

    addMembership: (userId, teamId) =>
      write(`add user ${userId} to team ${teamId}`, () => {
        if (teamId === COORDINATION_LOG_ID) {
          throw new StoreError('not-found', `${COORDINATION_LOG_ID} is the coordination log, not a team`);
        }
        sql('INSERT OR IGNORE INTO memberships (user_id, team_id) VALUES (?, ?)').run(userId, teamId);
      }),

    removeMembership: (userId, teamId) =>
      write(`remove user ${userId} from team ${teamId}`, () => {
        const { changes } = sql('DELETE FROM memberships WHERE user_id = ? AND team_id = ?').run(
          userId,
          teamId,
        );
        return changes > 0;
      }),

    teamsOf: (userId) =>
      run(`list teams of user ${userId}`, () =>
        sql<[string], TeamRow>(
          `SELECT teams.* FROM teams JOIN memberships ON memberships.team_id = teams.id
           WHERE memberships.user_id = ? ORDER BY teams.name, teams.id`,
        )
          .all(userId)
          .map(toTeam),
      ),

    membersOf: (teamId) =>
      run(`list members of team ${teamId}`, () =>
        sql<[string], UserRow>(
          `SELECT users.* FROM users JOIN memberships ON memberships.user_id = users.id
           WHERE memberships.team_id = ? ORDER BY users.display_name, users.id`,
        )
          .all(teamId)
          .map(toUser),
      ),

    countUsers: () => run('count users', () => Number(sql('SELECT count(*) FROM users').pluck().get())),

    registerDevice: (device) =>
      write(`register device ${device.id}`, () => {
        const row: DeviceRow = {
          id: device.id,
          user_id: device.userId,
          name: device.name,
          created_at: now(),
          revoked_at: null,
        };
        sql(
          `INSERT INTO devices (id, user_id, name, created_at, revoked_at)
           VALUES (@id, @user_id, @name, @created_at, @revoked_at)`,
        ).run(row);
        return toDevice(row);
      }),

    deviceById: (id) =>
      run(`find device ${id}`, () => {
        const row = sql<[string], DeviceRow>('SELECT * FROM devices WHERE id = ?').get(id);
        return row && toDevice(row);
      }),

    revokeDevice: (id, at) =>
      write(`revoke device ${id}`, () => {
        // coalesce keeps the first revocation time: the audit trail should say when access really ended.
        const { changes } = sql('UPDATE devices SET revoked_at = coalesce(revoked_at, ?) WHERE id = ?').run(
          at,
          id,
        );
        mustChange(changes, `device ${id}`);
      }),

    devicesOf: (userId) =>
      run(`list devices of user ${userId}`, () =>
        sql<[string], DeviceRow>('SELECT * FROM devices WHERE user_id = ? ORDER BY created_at, id')
          .all(userId)
          .map(toDevice),
      ),

    listDevices: (filter = {}) =>
      run('list devices', () => {
        const rows =
          filter.userId === undefined
            ? sql<[], DeviceOverviewRow>('SELECT * FROM devices ORDER BY created_at, id').all()
            : sql<[string], DeviceOverviewRow>(
                'SELECT * FROM devices WHERE user_id = ? ORDER BY created_at, id',
              ).all(filter.userId);
        return rows.map(toDeviceOverview);
      }),

    markDeviceSeen: (id, at) =>
      write(`mark device ${id} seen`, () => {
        sql(
          'UPDATE devices SET last_seen_at = ? WHERE id = ? AND (last_seen_at IS NULL OR last_seen_at < ?)',
        ).run(at, id, at);
      }),

    storeRefreshToken: (token) =>
      write(`store refresh token of device ${token.deviceId}`, () => {
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
        sql(
          `INSERT INTO refresh_tokens (hash, device_id, user_id, family_id, expires_at, created_at, used_at,
             revoked_at, replaced_by, retried_at)
           VALUES (@hash, @device_id, @user_id, @family_id, @expires_at, @created_at, @used_at, @revoked_at,
             @replaced_by, @retried_at)`,
        ).run(row);
        return toRefreshToken(row);
      }),

    refreshTokenByHash: (hash) =>
      run('find refresh token', () => {
        const row = sql<[string], RefreshTokenRow>('SELECT * FROM refresh_tokens WHERE hash = ?').get(hash);
        return row && toRefreshToken(row);
      }),

    markRefreshTokenUsed: (hash, at, replacedBy) =>
      write('mark refresh token used', () => {
        // The WHERE clause is the compare-and-set: of two racing refreshes only the first changes the row.
        const { changes } = sql(
          'UPDATE refresh_tokens SET used_at = ?, replaced_by = ? WHERE hash = ? AND used_at IS NULL',
        ).run(at, replacedBy ?? null, hash);
        if (changes === 1) return true;
        const exists = sql('SELECT 1 FROM refresh_tokens WHERE hash = ?').get(hash);
        if (exists === undefined) throw new StoreError('not-found', 'the refresh token does not exist');
        return false;
      }),

    claimRefreshRetry: (hash, usedSince, at) =>
      write('grant the retry of a refresh', () => {
        // Both updates are compare-and-sets in one transaction: of two racing retries only one is granted,
        // and only while the successor is still unseen.
        const { changes } = sql(
          `UPDATE refresh_tokens SET retried_at = ?
           WHERE hash = ? AND retried_at IS NULL AND used_at IS NOT NULL AND used_at >= ?
             AND EXISTS (SELECT 1 FROM refresh_tokens AS successor
               WHERE successor.hash = refresh_tokens.replaced_by
                 AND successor.used_at IS NULL AND successor.revoked_at IS NULL)`,
        ).run(at, hash, usedSince);
        if (changes === 0) return false;
        sql(
          `UPDATE refresh_tokens SET used_at = ?
           WHERE hash = (SELECT replaced_by FROM refresh_tokens WHERE hash = ?)`,
        ).run(at, hash);
        return true;
      }),

    revokeRefreshFamily: (familyId) =>
      write(`revoke refresh token family ${familyId}`, () => {
        const revoke = sql(
          'UPDATE refresh_tokens SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL',
        );
        return revoke.run(now(), familyId).changes;
      }),

    revokeRefreshTokensOfDevice: (deviceId) =>
      write(`revoke refresh tokens of device ${deviceId}`, () => {
        const revoke = sql(
          'UPDATE refresh_tokens SET revoked_at = ? WHERE device_id = ? AND revoked_at IS NULL',
        );
        return revoke.run(now(), deviceId).changes;
      }),
  };
}
