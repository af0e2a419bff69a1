import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { FrameError, MESSAGE_AWARENESS, MESSAGE_SYNC } from './sync.ts';

/** y-websocket's message type asking the other side to send every awareness state it knows. */
export const MESSAGE_QUERY_AWARENESS = 3;

/**
 * One y-protocols message as y-websocket frames it: the payload of a `/ws/doc` WebSocket message and of a
 * device socket's `FRAME_DOC`.
 */
export type DocMessage =
  | { type: 'sync-step-1'; stateVector: Uint8Array }
  | { type: 'sync-step-2' | 'update'; update: Uint8Array }
  | { type: 'awareness'; update: Uint8Array }
  | { type: 'query-awareness' };

/** Reads one y-protocols message. Throws `FrameError` for unknown types, truncation or leftover bytes. */
export function readDocMessage(bytes: Uint8Array): DocMessage {
  const decoder = decoding.createDecoder(bytes);
  let message: DocMessage;
  try {
    const type = decoding.readVarUint(decoder);
    if (type === MESSAGE_SYNC) {
      const syncType = decoding.readVarUint(decoder);
      const payload = decoding.readVarUint8Array(decoder);
      if (syncType === syncProtocol.messageYjsSyncStep1)
        message = { type: 'sync-step-1', stateVector: payload };
      else if (syncType === syncProtocol.messageYjsSyncStep2)
        message = { type: 'sync-step-2', update: payload };
      else if (syncType === syncProtocol.messageYjsUpdate) message = { type: 'update', update: payload };
      else throw new FrameError(`unknown sync message type ${syncType}`);
    } else if (type === MESSAGE_AWARENESS) {
      message = { type: 'awareness', update: decoding.readVarUint8Array(decoder) };
    } else if (type === MESSAGE_QUERY_AWARENESS) {
      message = { type: 'query-awareness' };
    } else {
      throw new FrameError(`unknown message type ${type}`);
    }
  } catch (error) {
    if (error instanceof FrameError) throw error;
    throw new FrameError(`truncated or garbled message: ${(error as Error).message}`);
  }
  if (decoding.hasContent(decoder)) throw new FrameError('bytes left over after the message');
  return message;
}

/** Sync step 1: the relay's state vector of `doc`, asking the other side for what the relay lacks. */
export function syncStep1Message(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeSyncStep1(encoder, doc);
  return encoding.toUint8Array(encoder);
}

/**
 * Sync step 2: everything in `doc` that a peer with `stateVector` lacks. Throws `FrameError` when the state
 * vector does not decode.
 */
export function syncStep2Message(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  try {
    syncProtocol.writeSyncStep2(encoder, doc, stateVector);
  } catch (error) {
    throw new FrameError(`state vector does not decode: ${(error as Error).message}`);
  }
  return encoding.toUint8Array(encoder);
}

/** An update message, as y-websocket sends a live change. */
export function updateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** An awareness message carrying an encoded awareness update. */
export function awarenessMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** Throws `FrameError` unless `update` decodes as a Yjs update; tells whether it carries nothing. */
export function checkUpdate(update: Uint8Array): { empty: boolean } {
  try {
    const { structs, ds } = Y.decodeUpdate(update);
    return { empty: structs.length === 0 && ds.clients.size === 0 };
  } catch (error) {
    throw new FrameError(`not a Yjs update: ${(error as Error).message}`);
  }
}
