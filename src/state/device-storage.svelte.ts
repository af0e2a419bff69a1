import {
  estimateStorage,
  requestPersistence,
  type PersistenceStatus,
  type StorageEstimate,
} from '../storage/persistence.ts';

/**
 * Whether the browser keeps this device's data under storage pressure, and how much space it uses. Shown
 * in Einstellungen; a warning appears where cases are listed when persistence was refused.
 */
class DeviceStorage {
  #persistence = $state<PersistenceStatus | 'unknown'>('unknown');
  #estimate = $state<StorageEstimate | undefined>();

  get persistence(): PersistenceStatus | 'unknown' {
    return this.#persistence;
  }

  get estimate(): StorageEstimate | undefined {
    return this.#estimate;
  }

  async requestPersistence(): Promise<void> {
    try {
      this.#persistence = await requestPersistence();
    } catch (error) {
      console.error('Asking for persistent storage failed', error);
      this.#persistence = 'unsupported';
    }
  }

  async refreshEstimate(): Promise<void> {
    try {
      this.#estimate = await estimateStorage();
    } catch (error) {
      console.error('Reading the storage estimate failed', error);
    }
  }

  reset(): void {
    this.#persistence = 'unknown';
    this.#estimate = undefined;
  }
}

export const deviceStorage = new DeviceStorage();
