import Dexie, { type Table } from 'dexie';
import { z } from 'zod';
import { SessionSchema, type Session } from '../protocol/auth.ts';
import { decodeJson, encodeJson, sessionTokensRecord, type Codec } from './codec.ts';

/**
 * The small device-level database: what this browser knows about its accounts, one record per relay
 * origin. It holds no case content (that lives in the per-user database of ./db.ts), only the session
 * tokens, the device id the relay gave this browser, and the name the person gave the device.
 */
export const DEVICE_DATABASE_NAME = 'lotse-device';

/** One relay's account record as stored. Every field is checked on read; see `readAccount`. */
export interface AccountRow {
  origin: string;
  /**
   * The session from the last login or refresh, without its tokens; absent after logout. (Records written
   * before the vault existed hold the tokens here too; they are sealed at the next unlock.)
   */
  session?: unknown;
  /** The session's access and refresh token, sealed with the vault's codec: only an unlocked app reads them. */
  sealedTokens?: unknown;
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

/** What is stored of a session in the clear: who, which device, until when; never a token. */
const SessionInfoSchema = SessionSchema.omit({ accessToken: true, refreshToken: true });
const TokensSchema = SessionSchema.pick({ accessToken: true, refreshToken: true });
type Tokens = z.infer<typeof TokensSchema>;

const DeviceSchema = z.object({ id: z.string().min(1).max(100), login: z.string().min(1).max(100) });
const NameSchema = z.string().trim().min(1).max(100);

/** What this browser knows about its account on one relay, validated. */
export interface Account {
  origin: string;
  /**
   * Null when logged out, or when the stored session could not be read (then the person logs in again).
   * Its tokens are empty strings when `tokens` is not `available`.
   */
  session: Session | null;
  /**
   * `available`: read (unsealed with the codec given, or from a record written before the vault);
   * `sealed`: stored, but no codec was given to read them (the app is locked); `missing`: none stored (a first
   * login whose vault was not set up yet) or unreadable with this codec.
   */
  tokens: 'available' | 'sealed' | 'missing';
  /** The tokens were stored in the clear (before the vault existed) and should be sealed now. */
  tokensInTheClear: boolean;
  /** The tokens were sealed in an older record format and should be sealed again now. */
  tokensOutdated: boolean;
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
export async function readAccount(
  db: DeviceDatabase,
  origin: string,
  codec: Codec | null = null,
): Promise<Account> {
  const row: unknown = await db.accounts.get(origin);
  const record = row !== null && typeof row === 'object' ? (row as Record<string, unknown>) : {};
  const info = record.session === undefined ? null : parsed(SessionInfoSchema, record.session);
  let tokens: Account['tokens'] = 'missing';
  let values: Tokens = { accessToken: '', refreshToken: '' };
  const legacy = parsed(TokensSchema, record.session);
  let tokensOutdated = false;
  if (record.sealedTokens instanceof Uint8Array) {
    if (codec) {
      try {
        const context = sessionTokensRecord(origin);
        const upgraded = await codec.upgrade?.(record.sealedTokens, context);
        tokensOutdated = upgraded !== undefined;
        const opened = parsed(
          TokensSchema,
          await decodeJson(codec, upgraded ?? record.sealedTokens, context),
        );
        if (opened) [tokens, values] = ['available', opened];
      } catch {
        // Sealed under another key (a wiped and recreated vault): the person logs in again.
      }
    } else tokens = 'sealed';
  } else if (legacy) [tokens, values] = ['available', legacy];
  const session = info ? { ...info, ...values } : null;
  return {
    origin,
    session,
    tokens: session ? tokens : 'missing',
    tokensInTheClear: legacy !== null && !(record.sealedTokens instanceof Uint8Array),
    tokensOutdated: tokens === 'available' && tokensOutdated,
    expired: session !== null && record.expired === true,
    device: parsed(DeviceSchema, record.device),
    deviceName: parsed(NameSchema, record.deviceName),
    lastLogin: parsed(NameSchema, record.lastLogin),
    corrupt: record.session !== undefined && session === null,
  };
}

/**
 * Stores a fresh session (after login or refresh) together with the device it belongs to. The tokens are
 * stored only sealed with `codec`; without one (the vault is not set up yet) they are not stored at all and
 * live in memory until it is.
 */
export async function saveSession(
  db: DeviceDatabase,
  origin: string,
  session: Session,
  deviceName: string,
  codec: Codec | null = null,
): Promise<void> {
  const { accessToken, refreshToken, ...info } = session;
  const sealedTokens = codec
    ? await encodeJson(codec, { accessToken, refreshToken }, sessionTokensRecord(origin))
    : undefined;
  await db.transaction('rw', db.accounts, async () => {
    const existing = (await db.accounts.get(origin)) ?? { origin };
    const { sealedTokens: _previous, ...rest } = existing;
    await db.accounts.put({
      ...rest,
      origin,
      session: info,
      ...(sealedTokens ? { sealedTokens } : {}),
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
    const { session: _session, sealedTokens: _tokens, expired: _expired, ...rest } = existing;
    await db.accounts.put(rest);
  });
}
