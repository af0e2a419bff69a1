import * as Y from 'yjs';
import { MAX_UPDATE_BYTES } from '../../../src/protocol/sync.ts';
import { SyncError } from './sync-error.ts';

/**
 * Checks an incoming update before it may reach the log: not larger than `MAX_UPDATE_BYTES`
 * (`doc-too-large`) and decodable as a Yjs update (`malformed-frame`). A row that does not decode would
 * break every later read of the doc's state, so this is checked before the durable append, not after.
 */
export function checkUpdate(update: Uint8Array): ReturnType<typeof Y.decodeUpdate> {
  if (update.byteLength > MAX_UPDATE_BYTES) {
    throw new SyncError(
      'doc-too-large',
      `The update has ${update.byteLength} bytes; the relay accepts at most ${MAX_UPDATE_BYTES}.`,
    );
  }
  if (update.byteLength === 0) throw new SyncError('malformed-frame', 'The update is empty.');
  try {
    return Y.decodeUpdate(update);
  } catch {
    throw new SyncError('malformed-frame', 'The update is not a Yjs update.');
  }
}

/**
 * Whether `update` holds anything `doc` does not have yet: a struct beyond the doc's state for its client,
 * or a deletion the doc has not seen. A y-websocket client answers every connect with a sync step 2 that
 * carries at least its whole delete set; logging that again on each reconnect would only grow the log.
 */
export function addsToDoc(doc: Y.Doc, decoded: ReturnType<typeof Y.decodeUpdate>): boolean {
  for (const struct of decoded.structs) {
    if (struct instanceof Y.Skip) continue;
    if (struct.id.clock + struct.length > Y.getState(doc.store, struct.id.client)) return true;
  }
  if (decoded.ds.clients.size === 0) return false;
  const known = Y.createDeleteSetFromStructStore(doc.store);
  for (const [client, ranges] of decoded.ds.clients) {
    const deleted = known.clients.get(client) ?? [];
    for (const range of ranges) {
      if (range.len > 0 && !covered(deleted, range.clock, range.len)) return true;
    }
  }
  return false;
}

/** Whether the sorted, merged `ranges` cover `[clock, clock + len)`. */
function covered(ranges: readonly { clock: number; len: number }[], clock: number, len: number): boolean {
  let low = 0;
  let high = ranges.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const range = ranges[middle]!;
    if (clock < range.clock) high = middle - 1;
    else if (clock >= range.clock + range.len) low = middle + 1;
    else return clock + len <= range.clock + range.len;
  }
  return false;
}
