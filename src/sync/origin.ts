/**
 * The transaction origin of updates that came from the relay. Whoever applies a remote update to a live
 * Y.Doc passes it, so listeners can tell them from a person's own edits (those are stored, pushed and
 * checked for conflicts; remote ones are only stored).
 */
export const SYNC_ORIGIN = Symbol('lotse:sync');
