export type PersistenceStatus = 'granted' | 'denied' | 'unsupported';

export interface StorageEstimate {
  usageBytes: number;
  quotaBytes: number;
}

/**
 * Asks the browser not to evict this origin's data under storage pressure. Without it, a browser may
 * delete IndexedDB of a rarely used origin: unsynced case entries would be gone.
 */
export async function requestPersistence(
  storage: StorageManager | undefined = navigator.storage,
): Promise<PersistenceStatus> {
  if (!storage?.persist || !storage.persisted) return 'unsupported';
  if (await storage.persisted()) return 'granted';
  return (await storage.persist()) ? 'granted' : 'denied';
}

export async function estimateStorage(
  storage: StorageManager | undefined = navigator.storage,
): Promise<StorageEstimate | undefined> {
  if (!storage?.estimate) return undefined;
  const { usage, quota } = await storage.estimate();
  return { usageBytes: usage ?? 0, quotaBytes: quota ?? 0 };
}
