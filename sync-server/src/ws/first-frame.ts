import type { RawData } from 'ws';
import { ERRORS, type ErrorCode } from '../../../src/protocol/errors.ts';
import { PROTOCOL_VERSION } from '../../../src/protocol/health.ts';
import {
  ClientControlSchema,
  MAX_CONTROL_FRAME_BYTES,
  MAX_FRAME_BYTES,
  parseControl,
  type ClientControl,
  type Hello,
} from '../../../src/protocol/sync.ts';
import { toBytes } from '../sync/device-socket.ts';
import type { RelaySocket } from './relay-socket.ts';

/** How a device socket's first frame turned out. */
export type FirstFrame =
  | { kind: 'hello'; hello: Hello; held: HeldFrames }
  | { kind: 'refused'; code: ErrorCode; message: string }
  /** The socket closed before it said anything. */
  | { kind: 'gone' };

/**
 * Frames a device sent after its hello, while the relay still checks the hello's token. The app sends none
 * before the welcome, but whatever a device sends is handed to its session in order, never dropped. They
 * are bounded like one frame, since they arrive before the relay knows who sent them.
 */
export class HeldFrames {
  readonly #ws: RelaySocket;
  readonly #frames: { data: RawData; isBinary: boolean }[] = [];
  #bytes = 0;
  readonly #hold = (data: RawData, isBinary: boolean): void => {
    this.#bytes += toBytes(data).byteLength;
    if (this.#bytes > MAX_FRAME_BYTES) {
      this.#ws.close(ERRORS['payload-too-large'].ws, 'payload-too-large');
      return;
    }
    this.#frames.push({ data, isBinary });
  };

  constructor(ws: RelaySocket) {
    this.#ws = ws;
    ws.on('message', this.#hold);
  }

  /** Hands every held frame, then every later one, to `receive`. */
  release(receive: (data: RawData, isBinary: boolean) => void): void {
    this.#ws.off('message', this.#hold);
    for (const { data, isBinary } of this.#frames.splice(0)) receive(data, isBinary);
    this.#ws.on('message', receive);
  }

  /** Stops holding: the socket is being refused. */
  discard(): void {
    this.#ws.off('message', this.#hold);
    this.#frames.length = 0;
  }
}

/**
 * Waits for the first frame of a freshly accepted device socket, which must be a `hello` of this protocol
 * version carrying the access token: nothing else is read, and nothing is served, before it. A first frame
 * that is binary, larger than a control frame may be, or not a well-formed hello is refused; so is silence
 * for `timeoutMs`. The token itself is checked by the caller.
 */
export function awaitHello(ws: RelaySocket, timeoutMs: number): Promise<FirstFrame> {
  return new Promise((resolve) => {
    const finish = (outcome: FirstFrame): void => {
      clearTimeout(timer);
      ws.off('message', onMessage);
      ws.off('close', onClose);
      resolve(outcome);
    };
    const refuse = (code: ErrorCode, message: string) => finish({ kind: 'refused', code, message });
    const onClose = () => finish({ kind: 'gone' });
    const onMessage = (data: RawData, isBinary: boolean): void => {
      if (isBinary) return refuse('malformed-frame', 'the first frame must be a hello control frame');
      const bytes = toBytes(data);
      if (bytes.byteLength > MAX_CONTROL_FRAME_BYTES) {
        return refuse('payload-too-large', `control frames are limited to ${MAX_CONTROL_FRAME_BYTES} bytes`);
      }
      const parsed = parseControl<ClientControl>(Buffer.from(bytes).toString('utf8'), ClientControlSchema, {
        oldest: PROTOCOL_VERSION,
      });
      if (!parsed.ok) return refuse(parsed.code, parsed.message);
      if (parsed.frame.type !== 'hello') {
        return refuse('malformed-frame', 'the first frame must be a hello control frame');
      }
      // Held from this frame on, so that nothing the device sends next is lost while its token is checked.
      finish({ kind: 'hello', hello: parsed.frame, held: new HeldFrames(ws) });
    };
    const timer = setTimeout(
      () => refuse('hello-timeout', `no hello within ${timeoutMs} ms of opening the socket`),
      timeoutMs,
    );
    timer.unref();
    ws.on('message', onMessage);
    ws.once('close', onClose);
  });
}
