import * as Y from 'yjs';
import { checkUpdate, readDocMessage as readMessage } from '../protocol/doc-message.ts';
import { FrameError } from '../protocol/sync.ts';

export { checkUpdate, syncStep1Message, syncStep2Message } from '../protocol/doc-message.ts';

/** The y-protocols message inside a `FRAME_DOC`, as a device acts on it. */
export type DocMessage =
  | { type: 'step1'; stateVector: Uint8Array }
  | { type: 'step2' | 'update'; update: Uint8Array; empty: boolean }
  | { type: 'ignored' };

/**
 * Reads a doc frame's message. Throws `FrameError` for anything that is not one well-formed sync or
 * awareness message with a decodable state vector or update. Awareness is not shown yet, so it is ignored.
 */
export function readDocMessage(bytes: Uint8Array): DocMessage {
  const message = readMessage(bytes);
  switch (message.type) {
    case 'awareness':
    case 'query-awareness':
      return { type: 'ignored' };
    case 'sync-step-1':
      try {
        Y.decodeStateVector(message.stateVector);
      } catch (error) {
        throw new FrameError(`state vector does not decode: ${(error as Error).message}`);
      }
      return { type: 'step1', stateVector: message.stateVector };
    case 'sync-step-2':
      return { type: 'step2', update: message.update, empty: checkUpdate(message.update).empty };
    case 'update':
      return { type: 'update', update: message.update, empty: checkUpdate(message.update).empty };
  }
}
