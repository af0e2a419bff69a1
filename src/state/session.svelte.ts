import type { Session, TeamInfo, UserInfo } from '../protocol/auth.ts';
import type { Codec } from '../storage/codec.ts';
import {
  DeviceDatabase,
  forgetSession,
  markSessionExpired,
  readAccount,
  saveSession,
} from '../storage/device-db.ts';
import {
  requestLogin,
  requestLogout,
  requestPasswordChange,
  requestRefresh,
  type AuthFailure,
  type AuthResult,
} from './session-api.ts';

export { PASSWORD_MIN_LENGTH } from '../protocol/auth.ts';

/**
 * - `loading`: the device database is being read.
 * - `logged-out`: no session on this device for this relay; the login screen shows.
 * - `active`: tokens that the relay accepted at the last contact.
 * - `expired`: the relay refused the refresh token (or the account or device): the app keeps working on
 *   the device with everything stored, and asks the person to log in again before it syncs.
 */
export type SessionStatus = 'loading' | 'logged-out' | 'active' | 'expired';

/** Why an expired session ended, when the relay said more than "log in again". */
export type SessionRefusal = 'account-disabled' | 'device-revoked';

export interface LoginInput {
  login: string;
  password: string;
  /** Required after the relay answered `password-change-required`. */
  newPassword?: string;
  deviceName: string;
}

export type LoginOutcome = { ok: true } | { ok: false; error: AuthFailure };

export type SessionEvent =
  { kind: 'login'; user: UserInfo; previousUserId: string | null } | { kind: 'logout' } | { kind: 'expired' };

/** The access token is renewed when it has less than this left, so a socket never opens with a dying one. */
export const REFRESH_MARGIN_MS = 60_000;

const LOCK_PREFIX = 'lotse:session:';

/**
 * Runs `task` while holding a lock shared by every tab of this origin, where the browser offers Web Locks.
 * Refresh tokens rotate on use: two tabs spending the same one would look like a replay to the relay,
 * which then revokes the whole login.
 */
function withLock<T>(name: string, task: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  return locks ? locks.request(name, task) : task();
}

/**
 * The person's account on this device: login, the session tokens, and their renewal. The tokens are stored in
 * the device database (`lotse-device`) sealed with the vault's codec, so a reload or a second tab finds them
 * once the app is unlocked, and a copy of the disk does not. Until the vault is opened (`unlock`), the
 * session knows who is signed in but holds no token, and nothing talks to the relay in its name.
 */
class SessionState {
  #db: DeviceDatabase | undefined;
  #origin = '';
  #fetch: typeof fetch | undefined;
  #status = $state<SessionStatus>('loading');
  #session = $state.raw<Session | null>(null);
  #refusal = $state<SessionRefusal | null>(null);
  #deviceName = $state<string | null>(null);
  #lastLogin = $state<string | null>(null);
  #device: { id: string; login: string } | null = null;
  #refreshing: Promise<string | null> | undefined;
  /** The vault's codec, once unlocked: seals and unseals the stored tokens. */
  #codec: Codec | null = null;
  /** Whether `#session` holds real tokens (unsealed, or fresh from a login), not empty placeholders. */
  #hasTokens = $state(false);
  #listeners = new Set<(event: SessionEvent) => void>();

  get status(): SessionStatus {
    return this.#status;
  }

  /**
   * Whether the tokens can be used: false while the vault is locked and for a moment after it opened,
   * until the sealed tokens are read. Screens that ask the relay wait for it.
   */
  get hasTokens(): boolean {
    return this.#hasTokens;
  }

  /** Who is logged in, also while the session is expired (the device keeps working for them). */
  get user(): UserInfo | null {
    return this.#session?.user ?? null;
  }

  get teams(): TeamInfo[] {
    return this.#session?.teams ?? [];
  }

  get teamIds(): string[] {
    return this.teams.map((team) => team.id);
  }

  /** The relay's rules for devices (the auto-lock timeout); absent from relays that set none. */
  get policy(): Session['policy'] | undefined {
    return this.#session?.policy;
  }

  get deviceId(): string | null {
    return this.#session?.deviceId ?? this.#device?.id ?? null;
  }

  /** What the person called this device at the last login. */
  get deviceName(): string | null {
    return this.#deviceName;
  }

  /** The login last used on this device, to fill in the form again. */
  get lastLogin(): string | null {
    return this.#lastLogin;
  }

  /** Set when the session ended because the account was disabled or this device was revoked. */
  get refusal(): SessionRefusal | null {
    return this.#refusal;
  }

  /** Reads the stored session. A record that fails validation counts as logged out; nothing else is touched. */
  async init(options: { origin: string; db?: DeviceDatabase; fetchImpl?: typeof fetch }): Promise<void> {
    this.#origin = options.origin;
    this.#fetch = options.fetchImpl;
    this.#db = options.db ?? new DeviceDatabase();
    let account: Awaited<ReturnType<typeof readAccount>>;
    try {
      account = await readAccount(this.#db, this.#origin, this.#codec);
    } catch (error) {
      // Storage blocked or broken: the login screen shows, and saving the session reports the problem.
      console.error('Reading the stored session failed', error);
      this.#status = 'logged-out';
      return;
    }
    if (account.corrupt) console.warn('The stored session could not be read; logging in again is needed.');
    this.#device = account.device;
    this.#deviceName = account.deviceName;
    this.#lastLogin = account.lastLogin;
    this.#session = account.session;
    this.#hasTokens = account.tokens === 'available';
    this.#status = account.session ? (account.expired ? 'expired' : 'active') : 'logged-out';
  }

  /**
   * The vault is open: the stored tokens can be read, and new ones are stored sealed from now on. Tokens of a
   * login made before the vault was set up are stored now; tokens stored in the clear by an older version are
   * sealed. A session whose tokens are gone (the page was reloaded before the vault was set up) must log in
   * again: it expires, and nothing recorded is lost.
   */
  async unlock(codec: Codec): Promise<void> {
    this.#codec = codec;
    const db = this.#db;
    const current = this.#session;
    if (!db || !current || this.#status === 'logged-out') return;
    const account = await readAccount(db, this.#origin, codec);
    if (account.session && account.tokens === 'available' && account.session.user.id === current.user.id) {
      this.#session = account.session;
      this.#hasTokens = true;
      if (account.tokensInTheClear || account.tokensOutdated) {
        await saveSession(db, this.#origin, account.session, this.#deviceName ?? '', codec);
      }
    } else if (this.#hasTokens) {
      await saveSession(db, this.#origin, current, this.#deviceName ?? '', codec);
    } else {
      await this.expire();
    }
  }

  /** Hears logins, logouts and expiry. Returns a function that stops listening. */
  subscribe(listener: (event: SessionEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Logs in at the relay and stores the session before reporting success. Sends the device id from an
   * earlier login of the same person, so logging in again does not register a second device.
   */
  async login(input: LoginInput): Promise<LoginOutcome> {
    const db = this.#requireDb();
    const login = input.login.trim().toLowerCase();
    const name = input.deviceName.trim();
    const knownDevice = this.#device && this.#device.login === login ? this.#device.id : undefined;
    const result = await requestLogin(this.#api(), {
      login,
      password: input.password,
      ...(input.newPassword !== undefined ? { newPassword: input.newPassword } : {}),
      device: { ...(knownDevice ? { id: knownDevice } : {}), name },
    });
    if (!result.ok) return result;
    const session = result.value;
    const previousUserId = this.#session?.user.id ?? null;
    await saveSession(db, this.#origin, session, name, this.#codec);
    this.#apply(session, name);
    this.#emit({ kind: 'login', user: session.user, previousUserId });
    return { ok: true };
  }

  /**
   * A valid access token for the relay, renewed first when it has less than a minute left or when the
   * caller says the relay refused it. Resolves null when there is no usable session (logged out, expired);
   * the caller then stays offline. Rejects when the token has run out and the relay could not renew it
   * (unreachable, troubled): the caller tries again later.
   */
  getAccessToken = async ({ forceRefresh = false }: { forceRefresh?: boolean } = {}): Promise<
    string | null
  > => {
    if (this.#status !== 'active' && !(await this.#adoptStored())) return null;
    const current = this.#session;
    // Locked (the tokens are sealed) or gone: nothing talks to the relay until the vault is open.
    if (!current || !this.#hasTokens) return null;
    if (!forceRefresh && current.accessExpiresAt - Date.now() > REFRESH_MARGIN_MS) return current.accessToken;
    // One renewal at a time: every caller waiting meanwhile gets the same result.
    this.#refreshing ??= this.#refresh(forceRefresh ? current.accessToken : null).finally(() => {
      this.#refreshing = undefined;
    });
    return this.#refreshing;
  };

  /**
   * Changes the signed-in person's password on the relay. Only with a connection: a device that cannot
   * reach the relay answers `network` without trying. The session on this device stays; the relay ends the
   * person's sessions on their other devices.
   */
  async changePassword(currentPassword: string, newPassword: string): Promise<AuthResult<null>> {
    let token: string | null;
    try {
      token = await this.getAccessToken();
    } catch {
      return { ok: false, error: 'network' };
    }
    if (!token) return { ok: false, error: 'unauthenticated' };
    return requestPasswordChange(this.#api(), token, { currentPassword, newPassword });
  }

  /**
   * Ends the session on the relay (when reachable) and forgets the tokens here. The case database stays:
   * unsynced changes are pushed after the next login of the same person.
   */
  async logout(): Promise<{ reachedRelay: boolean }> {
    const db = this.#requireDb();
    const session = this.#session;
    let reachedRelay = false;
    if (session && this.#status === 'active' && this.#hasTokens) {
      const result = await requestLogout(this.#api(), session.refreshToken);
      reachedRelay = result.ok || (result.error !== 'network' && result.error !== 'bad-answer');
    }
    await forgetSession(db, this.#origin);
    this.#session = null;
    this.#refusal = null;
    this.#status = 'logged-out';
    this.#emit({ kind: 'logout' });
    return { reachedRelay };
  }

  /**
   * The relay refused this device's credentials for good (from the sync socket or a refresh): keep who it
   * was and every local change, stop using the tokens, and ask the person to log in again.
   */
  async expire(refusal: SessionRefusal | null = null): Promise<void> {
    if (this.#status !== 'active') {
      if (refusal) this.#refusal = refusal;
      return;
    }
    this.#status = 'expired';
    this.#refusal = refusal;
    if (this.#db) await markSessionExpired(this.#db, this.#origin);
    this.#emit({ kind: 'expired' });
  }

  /**
   * Takes over a session another tab stored after this one saw it expire (the person logged in again
   * there), so the tab that runs the sync engine connects with it. Only the same person's session: a
   * different person's database is opened by a fresh start.
   */
  async #adoptStored(): Promise<boolean> {
    if (!this.#db || this.#status === 'loading') return false;
    let account: Awaited<ReturnType<typeof readAccount>>;
    try {
      account = await readAccount(this.#db, this.#origin, this.#codec);
    } catch {
      return false;
    }
    const stored = account.session;
    if (!stored || account.expired || account.tokens !== 'available') return false;
    if (stored.user.id !== this.#session?.user.id) return false;
    this.#apply(stored, account.deviceName ?? this.#deviceName ?? '');
    return true;
  }

  async #refresh(rejectedToken: string | null): Promise<string | null> {
    const db = this.#requireDb();
    return withLock(`${LOCK_PREFIX}${this.#origin}`, async () => {
      // Another tab may have renewed, logged out or seen the session expire while this one waited.
      const account = await readAccount(db, this.#origin, this.#codec);
      if (!account.session) {
        this.#session = null;
        this.#status = 'logged-out';
        this.#emit({ kind: 'logout' });
        return null;
      }
      if (account.expired) {
        this.#session = account.session;
        this.#hasTokens = account.tokens === 'available';
        await this.expire();
        return null;
      }
      // Tokens not stored yet (a login whose vault is being set up) are the ones in memory.
      const stored =
        account.tokens === 'available' ? account.session : this.#hasTokens ? this.#session : null;
      if (!stored) return null;
      const renewedElsewhere =
        stored.accessToken !== rejectedToken && stored.accessExpiresAt - Date.now() > REFRESH_MARGIN_MS;
      if (renewedElsewhere) {
        this.#session = stored;
        return stored.accessToken;
      }
      // The device id lets the relay tell a retry after a lost answer (a reload mid-refresh) from a replay.
      const result = await requestRefresh(this.#api(), stored.refreshToken, stored.deviceId);
      if (result.ok) {
        // The rotated pair is on disk before it is used: the old refresh token is spent from now on.
        await saveSession(db, this.#origin, result.value, this.#deviceName ?? '', this.#codec);
        this.#apply(result.value, this.#deviceName ?? '');
        return result.value.accessToken;
      }
      switch (result.error) {
        case 'refresh-invalid':
        case 'unauthenticated':
          await this.expire();
          return null;
        case 'account-disabled':
        case 'device-revoked':
          await this.expire(result.error);
          return null;
        default:
          // The relay is out of reach or troubled: the current token may still serve until it runs out.
          // After that this is a failure to retry (the sync engine backs off), not the end of the session.
          if (stored.accessExpiresAt > Date.now()) return stored.accessToken;
          throw new Error(`Renewing the session failed (${result.error}); trying again later.`);
      }
    });
  }

  #apply(session: Session, deviceName: string): void {
    this.#session = session;
    this.#hasTokens = true;
    this.#status = 'active';
    this.#refusal = null;
    this.#device = { id: session.deviceId, login: session.user.login };
    this.#deviceName = deviceName || null;
    this.#lastLogin = session.user.login;
  }

  #emit(event: SessionEvent): void {
    for (const listener of this.#listeners) listener(event);
  }

  #api() {
    return { baseUrl: this.#origin, ...(this.#fetch ? { fetchImpl: this.#fetch } : {}) };
  }

  #requireDb(): DeviceDatabase {
    if (!this.#db) throw new Error('The session is used before it was read from the device.');
    return this.#db;
  }

  reset(): void {
    this.#db?.close();
    this.#db = undefined;
    this.#origin = '';
    this.#fetch = undefined;
    this.#status = 'loading';
    this.#session = null;
    this.#refusal = null;
    this.#deviceName = null;
    this.#lastLogin = null;
    this.#device = null;
    this.#refreshing = undefined;
    this.#codec = null;
    this.#hasTokens = false;
    this.#listeners.clear();
  }
}

export const session = new SessionState();
