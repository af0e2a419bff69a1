/**
 * The `meta` rows bound to one doc, named in one place so that erasing the doc (erasures.ts) finds every one
 * of them: the doc's entry drafts (entry-drafts-store.ts) and whether its attachments are kept on this
 * device (attachment-store.ts).
 */
export const ENTRY_DRAFTS_PREFIX = 'entry-drafts:';
export const KEEP_OFFLINE_PREFIX = 'keep-offline:';

export const entryDraftsKey = (docId: string): string => `${ENTRY_DRAFTS_PREFIX}${docId}`;
export const keepOfflineKey = (docId: string): string => `${KEEP_OFFLINE_PREFIX}${docId}`;

/** Every meta key bound to `docId`. */
export const metaKeysOf = (docId: string): string[] => [entryDraftsKey(docId), keepOfflineKey(docId)];
