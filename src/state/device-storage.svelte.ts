import { z } from 'zod';
import {
  estimateStorage,
  requestPersistence,
  type PersistenceStatus,
  type StorageEstimate,
} from '../storage/persistence.ts';
import { readDevicePref, writeDevicePref } from './device-prefs.ts';

/**
 * What a person should know about this device's storage where cases are listed, least to most serious:
 * nothing, the browser may evict the data under storage pressure, or the space is nearly used up.
 */
export type StorageConcern = 'none' | 'not-persistent' | 'nearly-full';

const SEVERITY: Record<StorageConcern, number> = { none: 0, 'not-persistent': 1, 'nearly-full': 2 };

/** From this share of the quota on, the device is "nearly full". */
export const NEARLY_FULL = 0.8;

export function storageConcern(
  persistence: PersistenceStatus | 'unknown',
  estimate: StorageEstimate | undefined,
): StorageConcern {
  if (estimate && estimate.quotaBytes > 0 && estimate.usageBytes / estimate.quotaBytes >= NEARLY_FULL)
    return 'nearly-full';
  if (persistence === 'denied') return 'not-persistent';
  return 'none';
}

const DISMISSED_KEY = 'storage-notice.dismissed';
const concernSchema = z.enum(['none', 'not-persistent', 'nearly-full']);

/**
 * Whether the browser keeps this device's data under storage pressure, and how much space it uses. Shown
 * in Einstellungen; where cases are listed a short notice names the concern. A person can dismiss it; it
 * comes back (on this device) only when the concern gets more serious than the one dismissed.
 */
class DeviceStorage {
  #persistence = $state<PersistenceStatus | 'unknown'>('unknown');
  #estimate = $state<StorageEstimate | undefined>();
  #dismissed = $state<StorageConcern>(readDevicePref(DISMISSED_KEY, concernSchema, 'none'));

  get persistence(): PersistenceStatus | 'unknown' {
    return this.#persistence;
  }

  get estimate(): StorageEstimate | undefined {
    return this.#estimate;
  }

  get concern(): StorageConcern {
    return storageConcern(this.#persistence, this.#estimate);
  }

  /** The concern to show where cases are listed, or 'none' when there is none or it was dismissed. */
  get notice(): StorageConcern {
    const concern = this.concern;
    return SEVERITY[concern] > SEVERITY[this.#dismissed] ? concern : 'none';
  }

  /** Hides the notice until the concern gets worse than it is now. */
  dismissNotice(): void {
    this.#dismissed = this.concern;
    writeDevicePref(DISMISSED_KEY, this.#dismissed);
  }

  async requestPersistence(): Promise<void> {
    try {
      this.#persistence = await requestPersistence();
    } catch (error) {
      console.error('Asking for persistent storage failed', error);
      this.#persistence = 'unsupported';
    }
    this.#settle();
  }

  async refreshEstimate(): Promise<void> {
    try {
      this.#estimate = await estimateStorage();
    } catch (error) {
      console.error('Reading the storage estimate failed', error);
    }
    this.#settle();
  }

  /**
   * A concern that eased lowers the dismissal with it, so it shows again if it comes back. Only once both
   * facts are known: at start-up one answer arrives before the other.
   */
  #settle(): void {
    if (this.#persistence === 'unknown' || this.#estimate === undefined) return;
    const concern = this.concern;
    if (SEVERITY[concern] >= SEVERITY[this.#dismissed]) return;
    this.#dismissed = concern;
    writeDevicePref(DISMISSED_KEY, concern);
  }

  reset(): void {
    this.#persistence = 'unknown';
    this.#estimate = undefined;
    this.#dismissed = 'none';
  }
}

export const deviceStorage = new DeviceStorage();
