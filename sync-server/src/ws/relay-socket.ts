import WebSocket from 'ws';
import { ERRORS } from '../../../src/protocol/errors.ts';

/** The close code `ws` uses when a frame exceeds `maxPayload` (RFC 6455 "message too big"). */
const WS_MESSAGE_TOO_BIG = 1009;

/**
 * The relay's server-side socket. `ws` itself closes a socket whose frame exceeds `maxPayload`, with 1009;
 * the protocol promises our stable code `payload-too-large` for that (src/protocol/sync.ts), so that close
 * is given our close code and reason instead. Everything else is `ws` as it is.
 */
export class RelaySocket extends WebSocket {
  /** Cleared on every ping, set again by the pong: a socket that stays unanswered is dead. */
  alive = true;

  override close(code?: number, data?: string | Buffer): void {
    if (code === WS_MESSAGE_TOO_BIG) {
      super.close(ERRORS['payload-too-large'].ws, 'payload-too-large');
      return;
    }
    super.close(code, data);
  }
}
