import Dexie from 'dexie';
import type { Codec } from '../storage/codec.ts';
import { databaseName, LotseDatabase } from '../storage/db.ts';
import { checkNewSecret, type SecretKind, type SecretProblem } from '../domain/device-secret.ts';
import {
  createVault,
  keyIdOf,
  MAX_UNLOCK_FAILURES,
  rewrapVault,
  unlockPolicy,
  unlockVault,
  vaultCodec,
  WrongSecretError,
  type UnlockPolicy,
  type VaultRecord,
} from '../storage/vault.ts';
import {
  clearFailures,
  readFailures,
  readVault,
  recordsAreCurrent,
  saveFailures,
  saveVault,
  sealDatabase,
  upgradeRecords,
} from '../storage/vault-store.ts';
import { markStart } from './start-marks.ts';

/**
 * Where the vault of the signed-in person's database stands:
 * - `idle`: no one is signed in, or it was not looked at yet;
 * - `setup`: no vault yet (first login on this device): a PIN or passphrase is chosen before anything opens;
 * - `locked`: the data key is not in memory; nothing of a case can be read until it is unlocked;
 * - `unlocked`: the codec encrypts and decrypts; the workspace may open;
 * - `damaged`: the stored vault cannot be read: the data on the device is lost, the relay still has it.
 */
export type VaultStatus = 'idle' | 'setup' | 'locked' | 'unlocked' | 'damaged';

/** Why the device's data was wiped; shown once at the next start. */
export type WipeReason = 'too-many-attempts' | 'logout' | 'device-revoked' | 'forgotten-secret';

export type UnlockOutcome =
  | { ok: true }
  | { ok: false; error: 'wrong-secret'; policy: UnlockPolicy }
  | { ok: false; error: 'wait'; waitMs: number; policy: UnlockPolicy }
  | { ok: false; error: 'wiped' };

export type SetupOutcome = { ok: true } | { ok: false; error: SecretProblem | 'mismatch' };
export type ChangeOutcome = { ok: true } | { ok: false; error: SecretProblem | 'mismatch' | 'wrong-secret' };

const WIPE_NOTICE_KEY = 'lotse.wiped';

/** The device's database for one person, opened only for its vault records. */
interface Target {
  origin: string;
  userId: string;
  db: LotseDatabase;
}

class VaultState {
  #status = $state<VaultStatus>('idle');
  #failures = $state(0);
  #nextAttemptAt = $state(0);
  #codec: Codec | undefined;
  #record: VaultRecord | undefined;
  #target: Target | undefined;
  #unlockListeners = new Set<() => void>();
  #attemptListeners = new Set<() => void>();
  #setUpListeners = new Set<(codec: Codec) => Promise<void>>();

  get status(): VaultStatus {
    return this.#status;
  }

  /** Whether the device's secret is a PIN or a passphrase, as recorded when it was chosen. */
  get secretKind(): SecretKind | undefined {
    return this.#record?.secretKind;
  }

  /** Wrong attempts in a row so far. */
  get failures(): number {
    return this.#failures;
  }

  get policy(): UnlockPolicy {
    return unlockPolicy(this.#failures);
  }

  /** When the next unlock attempt is accepted (ms since the epoch); 0 when it is now. */
  get nextAttemptAt(): number {
    return this.#nextAttemptAt;
  }

  /** The codec of the open vault: every byte of case content passes through it. */
  get codec(): Codec {
    if (!this.#codec) throw new Error('The vault is locked.');
    return this.#codec;
  }

  /** Looks at the person's database: does it have a vault, and how many wrong attempts are behind it? */
  async prepare(origin: string, userId: string): Promise<VaultStatus> {
    this.#close();
    const db = new LotseDatabase(databaseName(origin, userId));
    await db.open();
    this.#target = { origin, userId, db };
    const stored = await readVault(db);
    const failures = await readFailures(db, MAX_UNLOCK_FAILURES);
    this.#failures = failures.count;
    this.#nextAttemptAt = failures.count === 0 ? 0 : failures.lastAt + unlockPolicy(failures.count).delayMs;
    if (stored.kind === 'ok') this.#record = stored.record;
    this.#status = stored.kind === 'ok' ? 'locked' : stored.kind === 'none' ? 'setup' : 'damaged';
    return this.#status;
  }

  /**
   * Creates the vault with a new PIN or passphrase, encrypting whatever the database already held (from a
   * version of Lotse before the vault), and unlocks it.
   */
  async setup(secret: string, repeated: string): Promise<SetupOutcome> {
    const target = this.#requireTarget();
    const problem = checkNewSecret(secret);
    if (problem) return { ok: false, error: problem };
    if (secret !== repeated) return { ok: false, error: 'mismatch' };
    const opened = await createVault(secret);
    const codec = vaultCodec(opened.key, { keyId: keyIdOf(opened.record) });
    await sealDatabase(target.db, opened.record, codec);
    this.#record = opened.record;
    await this.#whenSetUp(codec);
    this.#open(codec);
    return { ok: true };
  }

  async unlock(secret: string, now = Date.now()): Promise<UnlockOutcome> {
    const target = this.#requireTarget();
    const record = this.#record;
    if (!record) throw new Error('There is no vault to unlock.');
    if (now < this.#nextAttemptAt) {
      return { ok: false, error: 'wait', waitMs: this.#nextAttemptAt - now, policy: this.policy };
    }
    for (const listener of this.#attemptListeners) listener();
    try {
      markStart('unlock-start');
      const key = await unlockVault(record, secret);
      markStart('key-unwrapped');
      await clearFailures(target.db);
      this.#failures = 0;
      this.#nextAttemptAt = 0;
      const codec = await this.#upgradeRecords(target.db, key, record);
      markStart('unlocked');
      this.#open(codec);
      return { ok: true };
    } catch (error) {
      if (!(error instanceof WrongSecretError)) throw error;
    }
    const count = this.#failures + 1;
    const policy = unlockPolicy(count);
    if (policy.wipe) {
      await this.wipe('too-many-attempts');
      return { ok: false, error: 'wiped' };
    }
    await saveFailures(target.db, { count, lastAt: now });
    this.#failures = count;
    this.#nextAttemptAt = now + policy.delayMs;
    return { ok: false, error: 'wrong-secret', policy };
  }

  /** Wraps the data key under a new secret; the stored data is not touched. */
  async changeSecret(current: string, next: string, repeated: string): Promise<ChangeOutcome> {
    const target = this.#requireTarget();
    const record = this.#record;
    if (!record || this.#status !== 'unlocked') throw new Error('The vault is locked.');
    const problem = checkNewSecret(next);
    if (problem) return { ok: false, error: problem };
    if (next !== repeated) return { ok: false, error: 'mismatch' };
    try {
      const rewrapped = await rewrapVault(record, current, next);
      await saveVault(target.db, rewrapped);
      this.#record = rewrapped;
      return { ok: true };
    } catch (error) {
      if (error instanceof WrongSecretError) return { ok: false, error: 'wrong-secret' };
      throw error;
    }
  }

  /**
   * Deletes everything this person has on this device: cases, outbox, vault. What was synced is safe on the
   * relay and comes back after the next login; what was not is gone, which is why every caller says so first.
   */
  async wipe(reason: WipeReason): Promise<void> {
    const target = this.#target;
    this.#close();
    this.#status = 'idle';
    try {
      // The first reason stands: a wipe after too many attempts also ends the session, which wipes again.
      if (sessionStorage.getItem(WIPE_NOTICE_KEY) === null) sessionStorage.setItem(WIPE_NOTICE_KEY, reason);
    } catch {
      // Without session storage the notice is not shown; the wipe still happens.
    }
    if (target) await Dexie.delete(databaseName(target.origin, target.userId));
  }

  /** The reason of the last wipe, until the next login; `undefined` when there was none. */
  wipeNotice(): WipeReason | undefined {
    try {
      const reason = sessionStorage.getItem(WIPE_NOTICE_KEY);
      const reasons: WipeReason[] = ['too-many-attempts', 'logout', 'device-revoked', 'forgotten-secret'];
      return reasons.find((known) => known === reason);
    } catch {
      return undefined;
    }
  }

  /** Hears the vault being opened (set up or unlocked). Returns a function that stops listening. */
  onUnlock(listener: () => void): () => void {
    this.#unlockListeners.add(listener);
    return () => this.#unlockListeners.delete(listener);
  }

  /**
   * Work to finish with a new vault's codec before the app opens on it, such as storing the tokens of the
   * login that came before the vault: a reload right after the setup must find them. A failing listener is
   * logged and does not keep the vault closed (what it had to store is retried when the vault opens).
   */
  onSetUp(listener: (codec: Codec) => Promise<void>): () => void {
    this.#setUpListeners.add(listener);
    return () => this.#setUpListeners.delete(listener);
  }

  async #whenSetUp(codec: Codec): Promise<void> {
    for (const listener of this.#setUpListeners) {
      try {
        await listener(codec);
      } catch (error) {
        console.error('Work for the new vault failed; it is tried again when the vault opens', error);
      }
    }
  }

  /**
   * Hears an unlock attempt begin (before the key derivation, which takes a while): a moment to start
   * work that needs no key. Returns a function that stops listening.
   */
  onUnlockAttempt(listener: () => void): () => void {
    this.#attemptListeners.add(listener);
    return () => this.#attemptListeners.delete(listener);
  }

  /** The next login has happened: the notice of the wipe before it has been read. */
  clearWipeNotice(): void {
    try {
      sessionStorage.removeItem(WIPE_NOTICE_KEY);
    } catch {
      // Nothing to clear without session storage.
    }
  }

  /**
   * Records written before they were bound to where they live (record format 1) are re-encrypted now, before
   * anything reads them. Until that has finished once, format-1 records stay readable; if it fails, the
   * device goes on with them readable and tries again at the next unlock, so nothing is lost either way.
   */
  async #upgradeRecords(db: LotseDatabase, key: CryptoKey, record: VaultRecord): Promise<Codec> {
    const keyId = keyIdOf(record);
    const strict = vaultCodec(key, { keyId });
    if (await recordsAreCurrent(db)) return strict;
    const upgrading = vaultCodec(key, { keyId, readFormat1: true });
    try {
      await upgradeRecords(db, upgrading);
      return strict;
    } catch (error) {
      console.error(
        'Upgrading the stored records failed; they stay readable and are upgraded next time',
        error,
      );
      return upgrading;
    }
  }

  #open(codec: Codec): void {
    this.#codec = codec;
    this.#status = 'unlocked';
    for (const listener of this.#unlockListeners) listener();
  }

  #requireTarget(): Target {
    if (!this.#target) throw new Error('The vault is used before `prepare`.');
    return this.#target;
  }

  #close(): void {
    this.#target?.db.close();
    this.#target = undefined;
    this.#codec = undefined;
    this.#record = undefined;
  }

  /** For tests: forget everything. */
  reset(): void {
    this.#close();
    this.#status = 'idle';
    this.#failures = 0;
    this.#nextAttemptAt = 0;
  }
}

export const vault = new VaultState();
