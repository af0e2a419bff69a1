/**
 * The one client of the device socket `/sync` that relay tests and benchmarks share, written against
 * src/protocol/sync.ts only: it says hello with its token (the first frame), hands log, doc and control
 * frames to the caller, pushes updates and matches acks, and counts the bytes on the wire (TCP payload,
 * WebSocket framing and the HTTP upgrade included) and in WebSocket messages. Everything that waits has a
 * timeout; a closed socket fails what waits on it, and so does an `error` frame unless the caller wants
 * to see refusals as ordinary frames (`errorsEnd: false`, as tests that provoke them do).
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

export interface SyncSocketOptions {
  /** The protocol version the upgrade asks for (tests of old clients set another). */
  v?: number | string;
  /** The largest message accepted from the relay. */
  maxPayload?: number;
  timeoutMs?: number;
  /** Whether an `error` frame that no push waits for ends the socket (default) or is only reported. */
  errorsEnd?: boolean;
}

/** A refused upgrade: the HTTP status and body the relay answered with. */
export class UpgradeRefused extends Error {
  constructor(
    readonly status: number | undefined,
    readonly body: string,
  ) {
    super(`/sync refused the upgrade: ${status} ${body}`);
  }
}

/** The ws URL of an endpoint of the relay at `relayUrl` (http://host:port or ws://host:port). */
export function wsUrl(relayUrl: string, pathname: string, query: Record<string, string> = {}): string {
  const url = new URL(pathname, relayUrl.replace(/^http/, 'ws'));
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  return url.toString();
}

interface PendingPush {
  sentAt: number;
  resolve: (ack: { seq: number; ms: number }) => void;
  reject: (error: Error) => void;
}

export class SyncSocket {
  /** Called for every log frame, in order, before any later frame is looked at. */
  onLog: (frame: LogFrame) => void = () => {};
  /**
   * Called instead of decoding when set: a simulated device that only counts the log frames it receives
   * spares the load generator their decoding (acks and control frames are still parsed).
   */
  onRawBinary: ((bytes: Buffer) => void) | undefined;
  onDoc: (frame: DocFrame) => void = () => {};
  /** Called for every control frame, acks and errors included, before a push or a waiter takes it. */
  onControl: (frame: RelayControl) => void = () => {};
  /** Resolves with the close code and reason once the socket has closed. */
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly #ws: WebSocket;
  readonly #token: string;
  readonly #tcp: net.Socket[];
  readonly #errorsEnd: boolean;
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

  private constructor(ws: WebSocket, tcp: net.Socket[], token: string, errorsEnd: boolean) {
    // Nobody may be racing `failed` yet; an unobserved rejection must not end the process.
    this.failed.catch(() => {});
    this.#ws = ws;
    this.#token = token;
    this.#tcp = tcp;
    this.#errorsEnd = errorsEnd;
    this.closed = new Promise((resolve) =>
      ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
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

  /**
   * Opens `/sync` on the relay at `relayUrl`; resolves once the WebSocket is open (hello, with `token`, is
   * the caller's move) and rejects with `UpgradeRefused` when the relay answers the upgrade with a refusal.
   */
  static async open(relayUrl: string, token: string, options: SyncSocketOptions = {}): Promise<SyncSocket> {
    const tcp: net.Socket[] = [];
    const url = wsUrl(relayUrl, SYNC_PATH, { v: String(options.v ?? PROTOCOL_VERSION) });
    const ws = new WebSocket(url, {
      maxPayload: options.maxPayload ?? 64 * 1024 * 1024,
      createConnection: ((...args: Parameters<typeof net.createConnection>) => {
        const socket = net.createConnection(...args);
        tcp.push(socket);
        return socket;
      }) as typeof net.createConnection,
    });
    const device = new SyncSocket(ws, tcp, token, options.errorsEnd ?? true);
    await within(
      new Promise<void>((resolve, reject) => {
        ws.once('open', () => resolve());
        ws.once('unexpected-response', (_request, response) => {
          let body = '';
          response.on('data', (chunk: Buffer) => (body += chunk.toString()));
          response.on('end', () => reject(new UpgradeRefused(response.statusCode, body)));
        });
        ws.once('error', reject);
      }),
      options.timeoutMs ?? 15_000,
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

  /** Says hello: the access token and the cursors, as the app's first frame. */
  hello(
    cursors: Record<string, number> = {},
    features?: string[],
    erasuresSince?: Record<string, number>,
  ): void {
    this.send(
      encodeControl({
        type: 'hello',
        token: this.#token,
        cursors,
        ...(features ? { features } : {}),
        ...(erasuresSince ? { erasuresSince } : {}),
      }),
    );
  }

  /** Sends a frame as it is: text is a control frame, bytes a binary frame (tests send malformed ones). */
  send(data: string | Uint8Array): void {
    if (typeof data === 'string') this.#sendText(data);
    else this.#sendBinary(data);
  }

  /** Sends a push without waiting for its answer; returns its `ref` (the next one unless given). */
  sendPush(teamId: string, docId: string, update: Uint8Array, ref = this.#nextRef++): number {
    this.#sendBinary(encodeBinaryFrame({ kind: FRAME_PUSH, ref, teamId, docId, update }));
    return ref;
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
    this.sendPush(teamId, docId, update, ref);
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
  async close(): Promise<{ code: number; reason: string }> {
    if (this.#ws.readyState === WebSocket.CLOSED) return this.closed;
    this.#ended ??= new Error('the device socket was closed by its owner');
    this.#ws.close(1000);
    const timer = setTimeout(() => this.#ws.terminate(), 5_000);
    const info = await this.closed;
    clearTimeout(timer);
    return info;
  }

  #sendText(text: string): void {
    // A test that provokes a refusal may still send into the closing socket, as a real device would.
    if (this.#ended && this.#errorsEnd) throw this.#ended;
    this.#counts.payloadOut += Buffer.byteLength(text);
    this.#counts.framesOut += 1;
    this.#ws.send(text);
  }

  #sendBinary(bytes: Uint8Array): void {
    if (this.#ended && this.#errorsEnd) throw this.#ended;
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
    this.onControl(frame);
    if (frame.type === 'ack') {
      const push = this.#pushes.get(frame.ref);
      push?.resolve({ seq: frame.seq, ms: performance.now() - push.sentAt });
      return;
    }
    if (frame.type === 'error') {
      const error = new Error(`relay error ${frame.code}: ${frame.message}`);
      const push = frame.ref === undefined ? undefined : this.#pushes.get(frame.ref);
      if (push) push.reject(error);
      else if (this.#errorsEnd) this.#end(error);
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
