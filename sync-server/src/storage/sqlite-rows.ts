import Database from 'better-sqlite3';
import type { Device, DeviceOverview, RefreshToken, Team, TeamKind, User, Role } from './contract.ts';
import { StoreError } from './errors.ts';

/** Rows as the SQLite engine reads them, and their mapping to the contract's records. */

export interface TeamRow {
  id: string;
  name: string;
  kind: TeamKind;
  created_at: number;
}

export interface UserRow {
  id: string;
  login: string;
  display_name: string;
  role: Role;
  password_hash: string;
  must_change_password: 0 | 1;
  disabled: 0 | 1;
  created_at: number;
}

export interface DeviceRow {
  id: string;
  user_id: string;
  name: string;
  created_at: number;
  revoked_at: number | null;
}

export interface DeviceOverviewRow extends DeviceRow {
  last_seen_at: number | null;
}

export interface RefreshTokenRow {
  hash: string;
  device_id: string;
  user_id: string;
  family_id: string;
  expires_at: number;
  created_at: number;
  used_at: number | null;
  revoked_at: number | null;
  replaced_by: string | null;
  retried_at: number | null;
}

export const toTeam = (row: TeamRow): Team => ({
  id: row.id,
  name: row.name,
  kind: row.kind,
  createdAt: row.created_at,
});

export const toUser = (row: UserRow): User => ({
  id: row.id,
  login: row.login,
  displayName: row.display_name,
  role: row.role,
  passwordHash: row.password_hash,
  mustChangePassword: row.must_change_password === 1,
  disabled: row.disabled === 1,
  createdAt: row.created_at,
});

export const toDevice = (row: DeviceRow): Device => ({
  id: row.id,
  userId: row.user_id,
  name: row.name,
  createdAt: row.created_at,
  revokedAt: row.revoked_at,
});

export const toDeviceOverview = (row: DeviceOverviewRow): DeviceOverview => ({
  ...toDevice(row),
  lastSeenAt: row.last_seen_at,
});

export const toRefreshToken = (row: RefreshTokenRow): RefreshToken => ({
  hash: row.hash,
  deviceId: row.device_id,
  userId: row.user_id,
  familyId: row.family_id,
  expiresAt: row.expires_at,
  createdAt: row.created_at,
  usedAt: row.used_at,
  revokedAt: row.revoked_at,
  replacedBy: row.replaced_by,
  retriedAt: row.retried_at,
});

/**
 * better-sqlite3 hands out Buffers; the contract promises plain Uint8Arrays, so that a caller comparing or
 * re-encoding them behaves the same with every engine. A view, not a copy: the Buffer is not reused.
 */
export const toBytes = (buffer: Buffer): Uint8Array =>
  new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);

/** Turns whatever the engine threw into a `StoreError`, keeping the original as `cause` for the log. */
export function translateError(error: unknown, what: string): StoreError {
  if (error instanceof StoreError) return error;
  if (error instanceof Database.SqliteError) {
    const code = error.code;
    if (code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE') {
      return new StoreError('conflict', `${what}: it already exists`, { cause: error });
    }
    if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
      return new StoreError('not-found', `${what}: a record it refers to does not exist`, { cause: error });
    }
    if (
      code === 'SQLITE_CONSTRAINT_CHECK' ||
      code === 'SQLITE_CONSTRAINT_NOTNULL' ||
      code === 'SQLITE_CONSTRAINT_DATATYPE'
    ) {
      return new StoreError('invalid-input', `${what}: ${error.message}`, { cause: error });
    }
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new StoreError('storage-failed', `${what}: ${reason}`, { cause: error });
}
