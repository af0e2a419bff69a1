/**
 * Where a change to a live Y.Doc came from. Yjs hands a transaction's origin to every update listener;
 * storage, sync, the conflict check and the editors decide by it what to do with a change: a person's own
 * edit is stored, pushed and checked for conflicts; a change loaded from storage or received from the relay
 * is already stored and is only shown. Every layer that tags or checks an origin imports it from here, the
 * lowest module of the app, so no layer has to reach sideways or upwards for another layer's tag.
 */
export type TransactionOrigin =
  /** Something a person did on this device. Editors create their own so they can recognise their echo. */
  | { readonly source: 'local' }
  /** Updates applied while loading a doc from the device's storage. */
  | { readonly source: 'storage' }
  /** Updates that came from the relay and were stored before being applied. */
  | { readonly source: 'sync' };

export type OriginSource = TransactionOrigin['source'];

/** The origin of local writes when the caller names none. */
export const LOCAL_ORIGIN: TransactionOrigin = Object.freeze({ source: 'local' });
/** The origin of updates applied while loading from storage; they are already stored and not written again. */
export const STORAGE_ORIGIN: TransactionOrigin = Object.freeze({ source: 'storage' });
/** The origin of updates that came from the relay; the sync engine stored them before handing them over. */
export const SYNC_ORIGIN: TransactionOrigin = Object.freeze({ source: 'sync' });

/** A fresh local origin, for a component that must tell its own writes from everyone else's (by identity). */
export function localOrigin(): TransactionOrigin {
  return { source: 'local' };
}

/** The source of an origin Yjs reports (`unknown` there), or `undefined` for one Lotse did not set. */
export function originSource(origin: unknown): OriginSource | undefined {
  if (typeof origin !== 'object' || origin === null || !('source' in origin)) return undefined;
  const source = (origin as { source: unknown }).source;
  return source === 'local' || source === 'storage' || source === 'sync' ? source : undefined;
}

/** Whether a change is already stored on this device (loaded from storage, or received from the relay). */
export function isAlreadyStored(origin: unknown): boolean {
  const source = originSource(origin);
  return source === 'storage' || source === 'sync';
}
