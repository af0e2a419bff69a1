import Dexie, { type Table } from 'dexie';
import { z } from 'zod';
import { SessionSchema, type Session } from '../protocol/auth.ts';

/**
 * The small device-level database: what this browser knows about its accounts, one record per relay
 * origin. It holds no case content (that lives in the per-user database of ./db.ts), only the session
 * tokens, the device id the relay gave this browser, and the name the person gave the device.
 */
export const DEVICE_DATABASE_NAME = 'lotse-device';

/** One relay's account record as stored. Every field is checked on read; see `readAccount`. */
export interface AccountRow {
  origin: string;
  /** The session from the last login or refresh; absent after logout. */
  session?: unknown;
  /** Set when the relay refused the refresh token: the person must log in again, nothing is lost. */
  expired?: boolean;
  /** The device id the relay issued, and the login it was issued to (a device belongs to one user). */
  device?: unknown;
  /** What the person calls this device ("Tablet Büro"). */
  deviceName?: unknown;
  /** The login last used here, to fill in the form after logout or expiry. */
  lastLogin?: unknown;
}

export class DeviceDatabase extends Dexie {
  accounts!: Table<AccountRow, string>;

  constructor(name = DEVICE_DATABASE_NAME, options?: ConstructorParameters<typeof Dexie>[1]) {
    super(name, options);
    this.version(1).stores({ accounts: 'origin' });
  }
}

const DeviceSchema = z.object({ id: z.string().min(1).max(100), login: z.string().min(1).max(100) });
const NameSchema = z.string().trim().min(1).max(100);

/** What this browser knows about its account on one relay, validated. */
export interface Account {
  origin: string;
  /** Null when logged out, or when the stored session could not be read (then the person logs in again). */
  session: Session | null;
  expired: boolean;
  device: { id: string; login: string } | null;
  deviceName: string | null;
  lastLogin: string | null;
  /** The stored session existed but failed validation; it was treated as logged out. */
  corrupt: boolean;
}

function parsed<T>(schema: z.ZodType<T>, value: unknown): T | null {
  const result = schema.safeParse(value);
  return result.success ? result.data : null;
}

/**
 * Reads and validates the account record. A damaged field is dropped on its own: a corrupt session means
 * "logged out" (the case database is untouched and opens again after the next login), a corrupt device
 * record means the relay registers the device anew.
 */
export async function readAccount(db: DeviceDatabase, origin: string): Promise<Account> {
  const row: unknown = await db.accounts.get(origin);
  const record = row !== null && typeof row === 'object' ? (row as Record<string, unknown>) : {};
  const session = record.session === undefined ? null : parsed(SessionSchema, record.session);
  return {
    origin,
    session,
    expired: session !== null && record.expired === true,
    device: parsed(DeviceSchema, record.device),
    deviceName: parsed(NameSchema, record.deviceName),
    lastLogin: parsed(NameSchema, record.lastLogin),
    corrupt: record.session !== undefined && session === null,
  };
}

/** Stores a fresh session (after login or refresh) together with the device it belongs to. */
export async function saveSession(
  db: DeviceDatabase,
  origin: string,
  session: Session,
  deviceName: string,
): Promise<void> {
  await db.transaction('rw', db.accounts, async () => {
    const existing = (await db.accounts.get(origin)) ?? { origin };
    await db.accounts.put({
      ...existing,
      origin,
      session,
      expired: false,
      device: { id: session.deviceId, login: session.user.login },
      deviceName,
      lastLogin: session.user.login,
    });
  });
}

/** Keeps who was logged in (the app stays usable offline) but marks the tokens as no longer valid. */
export async function markSessionExpired(db: DeviceDatabase, origin: string): Promise<void> {
  await db.accounts.update(origin, { expired: true });
}

/** Forgets the tokens; the device id, its name and the last login stay for the next login. */
export async function forgetSession(db: DeviceDatabase, origin: string): Promise<void> {
  await db.transaction('rw', db.accounts, async () => {
    const existing = await db.accounts.get(origin);
    if (!existing) return;
    const { session: _session, expired: _expired, ...rest } = existing;
    await db.accounts.put(rest);
  });
}
