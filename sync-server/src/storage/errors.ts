/**
 * Why a storage call was refused. Codes are stable strings, so the relay can map them to its wire errors in
 * one place without knowing which engine produced them; no engine's own exception type ever leaves a store.
 *
 * - `not-found`: the record the call needs (team, user, device, doc, refresh token) does not exist.
 * - `conflict`: a record with this id (or login, or token hash) already exists.
 * - `doc-in-other-team`: the doc is registered to a different team; a doc belongs to exactly one team.
 * - `doc-erased`: the doc was erased (docs/architecture.md#data-lifecycle); its id can never be used again.
 * - `on-hold`: a Löschsperre (legal hold) keeps the doc from being erased.
 * - `invalid-input`: an argument no engine would store (an empty update, a limit below 1, an unknown role).
 * - `schema-too-new`: the database was migrated by a newer relay than this one.
 * - `closed`: the store was used after `close()`.
 * - `storage-failed`: anything else the engine reported (disk full, I/O error, lock timeout); see `cause`.
 */
export const STORE_ERROR_CODES = [
  'not-found',
  'conflict',
  'doc-in-other-team',
  'doc-erased',
  'on-hold',
  'invalid-input',
  'schema-too-new',
  'closed',
  'storage-failed',
] as const;

export type StoreErrorCode = (typeof STORE_ERROR_CODES)[number];

/** The only error a `RelayStore` rejects with. The message is English, for logs and operators. */
export class StoreError extends Error {
  override name = 'StoreError';
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isStoreError(error: unknown, code?: StoreErrorCode): error is StoreError {
  return error instanceof StoreError && (code === undefined || error.code === code);
}
