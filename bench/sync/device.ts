/**
 * A minimal device on the device socket `/sync`, written against src/protocol/sync.ts only: it says hello,
 * hands log and doc frames to the caller, pushes updates and matches acks, and counts the bytes on the
 * wire (TCP payload, WebSocket framing and the HTTP upgrade included) and in WebSocket messages.
 * Everything that waits has a timeout, and a closed socket or an `error` frame fails what waits on it.
 */
import net from 'node:net';
import WebSocket from 'ws';
import {
  decodeBinaryFrame,
  encodeBinaryFrame,
  encodeControl,
  FRAME_DOC,
  FRAME_LOG,
  FRAME_PUSH,
  parseControl,
  RelayControlSchema,
  SYNC_PATH,
  type DocFrame,
  type LogFrame,
  type RelayControl,
} from '../../src/protocol/sync.ts';
import { PROTOCOL_VERSION } from '../../src/protocol/health.ts';

export interface Traffic {
  /** Bytes read from / written to the TCP socket, the HTTP upgrade and WebSocket framing included. */
  wireIn: number;
  wireOut: number;
  /** Bytes of WebSocket message payloads. */
  payloadIn: number;
  payloadOut: number;
  framesIn: number;
  framesOut: number;
}

/** `promise`, or a rejection naming `what` after `ms` (`what` may be computed at that moment). */
export function within<T>(promise: Promise<T>, ms: number, what: string | (() => string)): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`timed out after ${ms / 1000} s: ${typeof what === 'string' ? what : what()}`)),
      ms,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

interface Waiter {
  match: (frame: RelayControl) => boolean;
  resolve: (frame: RelayControl) => void;
  reject: (error: Error) => void;
}

interface PendingPush {
  sentAt: number;
  resolve: (ack: { seq: number; ms: number }) => void;
  reject: (error: Error) => void;
}

export class DeviceSocket {
  /** Called for every log frame, in order, before any later frame is looked at. */
  onLog: (frame: LogFrame) => void = () => {};
  /**
   * Called instead of decoding when set: a simulated device that only counts the log frames it receives
   * spares the load generator their decoding (acks and control frames are still parsed).
   */
  onRawBinary: ((bytes: Buffer) => void) | undefined;
  onDoc: (frame: DocFrame) => void = () => {};
  readonly #ws: WebSocket;
  readonly #token: string;
  readonly #tcp: net.Socket[];
  readonly #waiters = new Set<Waiter>();
  readonly #pushes = new Map<number, PendingPush>();
  #nextRef = 1;
  #ended: Error | undefined;
  #fail: (error: Error) => void = () => {};
  /** Rejects when the socket ends or the relay sends an error frame that no push is waiting for. */
  readonly failed: Promise<never> = new Promise<never>((_, reject) => (this.#fail = reject));
  readonly #counts = { payloadIn: 0, payloadOut: 0, framesIn: 0, framesOut: 0 };
  /** Time spent handling received frames: decoding, validating and the callbacks. */
  receiveMs = 0;

  private constructor(ws: WebSocket, tcp: net.Socket[], token: string) {
    // Nobody may be racing `failed` yet; an unobserved rejection must not end the process.
    this.failed.catch(() => {});
    this.#ws = ws;
    this.#token = token;
    this.#tcp = tcp;
    ws.on('message', (data: Buffer, isBinary) => {
      const started = performance.now();
      try {
        this.#receive(data, isBinary);
      } catch (error) {
        this.#end(new Error(`handling a frame from the relay failed: ${(error as Error).message}`));
        ws.terminate();
      }
      this.receiveMs += performance.now() - started;
    });
    ws.on('close', (code, reason) =>
      this.#end(
        new Error(`the relay closed the device socket (${code} ${reason.toString() || 'no reason'})`),
      ),
    );
    ws.on('error', (error) => this.#end(new Error(`device socket error: ${error.message}`)));
  }

  /** Opens `/sync`; resolves once the WebSocket is open (hello, with `token`, is the caller's move). */
  static async open(wsUrl: string, token: string, timeoutMs = 15_000): Promise<DeviceSocket> {
    const tcp: net.Socket[] = [];
    const ws = new WebSocket(`${wsUrl}${SYNC_PATH}?v=${PROTOCOL_VERSION}`, {
      createConnection: ((...args: Parameters<typeof net.createConnection>) => {
        const socket = net.createConnection(...args);
        tcp.push(socket);
        return socket;
      }) as typeof net.createConnection,
    });
    const device = new DeviceSocket(ws, tcp, token);
    await within(
      new Promise<void>((resolve, reject) => {
        ws.once('open', () => resolve());
        ws.once('unexpected-response', (_request, response) => {
          let body = '';
          response.on('data', (chunk: Buffer) => (body += chunk.toString()));
          response.on('end', () =>
            reject(new Error(`/sync refused the upgrade: ${response.statusCode} ${body}`)),
          );
        });
        ws.once('error', reject);
      }),
      timeoutMs,
      'opening the device socket',
    );
    return device;
  }

  get open(): boolean {
    return this.#ws.readyState === WebSocket.OPEN;
  }

  /** Traffic so far; wire bytes are the TCP socket's own counters. */
  traffic(): Traffic {
    const socket = this.#tcp[0];
    return { wireIn: socket?.bytesRead ?? 0, wireOut: socket?.bytesWritten ?? 0, ...this.#counts };
  }

  hello(cursors: Record<string, number>): void {
    this.#sendText(encodeControl({ type: 'hello', token: this.#token, cursors }));
  }

  /** Sends one y-protocols message for a doc (for example a sync step 1). */
  sendDoc(teamId: string, docId: string, message: Uint8Array): void {
    this.#sendBinary(encodeBinaryFrame({ kind: FRAME_DOC, teamId, docId, message }));
  }

  /** Pushes an update; resolves with its `seq` and the time from send to ack once the relay acks it. */
  push(
    teamId: string,
    docId: string,
    update: Uint8Array,
    timeoutMs = 30_000,
  ): Promise<{ seq: number; ms: number }> {
    if (this.#ended) return Promise.reject(this.#ended);
    const ref = this.#nextRef++;
    const acked = new Promise<{ seq: number; ms: number }>((resolve, reject) => {
      this.#pushes.set(ref, { sentAt: performance.now(), resolve, reject });
    });
    this.#sendBinary(encodeBinaryFrame({ kind: FRAME_PUSH, ref, teamId, docId, update }));
    return within(acked, timeoutMs, `ack for push ${ref} to ${teamId}/${docId}`).finally(() =>
      this.#pushes.delete(ref),
    );
  }

  /** Resolves with the first control frame from now on that `match`es. */
  waitFor<T extends RelayControl['type']>(
    type: T,
    match: (frame: Extract<RelayControl, { type: T }>) => boolean,
    timeoutMs: number,
    what: string,
  ): Promise<Extract<RelayControl, { type: T }>> {
    if (this.#ended) return Promise.reject(this.#ended);
    let waiter: Waiter | undefined;
    const found = new Promise<RelayControl>((resolve, reject) => {
      waiter = {
        match: (frame) => frame.type === type && match(frame as Extract<RelayControl, { type: T }>),
        resolve,
        reject,
      };
      this.#waiters.add(waiter);
    });
    return within(found, timeoutMs, what).finally(() => this.#waiters.delete(waiter!)) as Promise<
      Extract<RelayControl, { type: T }>
    >;
  }

  /** Closes the socket and resolves once it is closed (or after 5 s, by terminating it). */
  async close(): Promise<void> {
    if (this.#ws.readyState === WebSocket.CLOSED) return;
    const closed = new Promise<void>((resolve) => this.#ws.once('close', () => resolve()));
    this.#ended ??= new Error('the device socket was closed by the benchmark');
    this.#ws.close(1000);
    const timer = setTimeout(() => this.#ws.terminate(), 5_000);
    await closed;
    clearTimeout(timer);
  }

  #sendText(text: string): void {
    if (this.#ended) throw this.#ended;
    this.#counts.payloadOut += Buffer.byteLength(text);
    this.#counts.framesOut += 1;
    this.#ws.send(text);
  }

  #sendBinary(bytes: Uint8Array): void {
    if (this.#ended) throw this.#ended;
    this.#counts.payloadOut += bytes.byteLength;
    this.#counts.framesOut += 1;
    this.#ws.send(bytes);
  }

  #receive(data: Buffer, isBinary: boolean): void {
    this.#counts.payloadIn += data.byteLength;
    this.#counts.framesIn += 1;
    if (isBinary && this.onRawBinary) {
      this.onRawBinary(data);
      return;
    }
    if (isBinary) {
      const frame = decodeBinaryFrame(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      if (frame.kind === FRAME_LOG) this.onLog(frame);
      else if (frame.kind === FRAME_DOC) this.onDoc(frame);
      else this.#end(new Error('the relay sent a push frame'));
      return;
    }
    const parsed = parseControl<RelayControl>(data.toString('utf8'), RelayControlSchema);
    if (!parsed.ok) {
      this.#end(new Error(`the relay sent a bad control frame: ${parsed.message}`));
      return;
    }
    const frame = parsed.frame;
    if (frame.type === 'ack') {
      const push = this.#pushes.get(frame.ref);
      push?.resolve({ seq: frame.seq, ms: performance.now() - push.sentAt });
      return;
    }
    if (frame.type === 'error') {
      const error = new Error(`relay error ${frame.code}: ${frame.message}`);
      const push = frame.ref === undefined ? undefined : this.#pushes.get(frame.ref);
      if (push) push.reject(error);
      else this.#end(error);
      return;
    }
    for (const waiter of this.#waiters) {
      if (waiter.match(frame)) {
        this.#waiters.delete(waiter);
        waiter.resolve(frame);
      }
    }
  }

  #end(error: Error): void {
    this.#ended ??= error;
    this.#fail(this.#ended);
    for (const waiter of this.#waiters) waiter.reject(this.#ended);
    this.#waiters.clear();
    for (const push of this.#pushes.values()) push.reject(this.#ended);
    this.#pushes.clear();
  }
}
