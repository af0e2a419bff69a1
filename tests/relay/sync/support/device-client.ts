import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { PROTOCOL_VERSION } from '../../../../src/protocol/health.ts';
import {
  decodeBinaryFrame,
  encodeBinaryFrame,
  encodeControl,
  FRAME_DOC,
  FRAME_LOG,
  FRAME_PUSH,
  MESSAGE_SYNC,
  parseControl,
  RelayControlSchema,
  SYNC_PATH,
  type DocFrame,
  type LogFrame,
  type RelayControl,
} from '../../../../src/protocol/sync.ts';

export type Received =
  | { kind: 'control'; frame: RelayControl }
  | { kind: 'log'; frame: LogFrame }
  | { kind: 'doc'; frame: DocFrame };

type Ack = Extract<RelayControl, { type: 'ack' }>;
type ErrorFrame = Extract<RelayControl, { type: 'error' }>;

interface Waiter {
  predicate: (event: Received) => boolean;
  resolve: (event: Received) => void;
  reject: (error: Error) => void;
  what: string;
}

/** The ws URL of an endpoint of the relay at `relayUrl` (http://host:port). */
export function wsUrl(relayUrl: string, pathname: string, query: Record<string, string> = {}): string {
  const url = new URL(pathname, relayUrl.replace(/^http/, 'ws'));
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  return url.toString();
}

/**
 * A device as the sync tests see it: one `/sync` socket speaking the device protocol, with a local Y.Doc
 * per (team, doc) that every log frame and sync answer is applied to. It records every frame it receives,
 * and tests wait on those events, never on time.
 */
export class DeviceClient {
  readonly received: Received[] = [];
  /** Resolves with the close code and reason once the socket has closed. */
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly #ws: WebSocket;
  readonly #token: string;
  readonly #docs = new Map<string, Y.Doc>();
  #waiters: Waiter[] = [];
  #nextRef = 1;
  #closeInfo: { code: number; reason: string } | undefined;

  private constructor(ws: WebSocket, token: string) {
    this.#ws = ws;
    this.#token = token;
    ws.on('message', (data, isBinary) => this.#receive(data as Buffer, isBinary));
    this.closed = new Promise((resolve) =>
      ws.on('close', (code, reason) => {
        this.#closeInfo = { code, reason: reason.toString() };
        for (const waiter of this.#waiters.splice(0)) {
          waiter.reject(new Error(`the socket closed (${code} ${reason.toString()}) before ${waiter.what}`));
        }
        resolve(this.#closeInfo);
      }),
    );
  }

  /**
   * Opens a device socket that will authenticate with `token` in its hello; rejects with the HTTP answer
   * when the relay refuses the upgrade.
   */
  static open(
    relayUrl: string,
    token: string,
    options: { v?: number | string; maxPayload?: number } = {},
  ): Promise<DeviceClient> {
    const ws = new WebSocket(wsUrl(relayUrl, SYNC_PATH, { v: String(options.v ?? PROTOCOL_VERSION) }), {
      maxPayload: options.maxPayload ?? 64 * 1024 * 1024,
    });
    const client = new DeviceClient(ws, token);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(client));
      ws.once('unexpected-response', (_request, response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () =>
          reject(Object.assign(new Error(`upgrade refused: ${body}`), { status: response.statusCode, body })),
        );
      });
      ws.on('error', (error) => reject(error));
    });
  }

  /** Opens a socket and says hello with `cursors`. */
  static async connect(relayUrl: string, token: string, cursors: Record<string, number> = {}) {
    const client = await DeviceClient.open(relayUrl, token);
    client.hello(cursors);
    return client;
  }

  get isOpen(): boolean {
    return this.#ws.readyState === WebSocket.OPEN;
  }

  /** Says hello: the access token and the cursors, as the app's first frame. */
  hello(cursors: Record<string, number> = {}): void {
    this.send(encodeControl({ type: 'hello', token: this.#token, cursors }));
  }

  send(data: string | Uint8Array): void {
    this.#ws.send(data);
  }

  /** The local replica of a doc. */
  doc(teamId: string, docId: string): Y.Doc {
    const key = `${teamId}/${docId}`;
    let doc = this.#docs.get(key);
    if (!doc) {
      doc = new Y.Doc();
      this.#docs.set(key, doc);
    }
    return doc;
  }

  text(teamId: string, docId: string): string {
    return this.doc(teamId, docId).getText('body').toString();
  }

  /** Appends `text` to the doc's body locally and returns the update that made. */
  edit(teamId: string, docId: string, text: string): Uint8Array {
    const doc = this.doc(teamId, docId);
    let update: Uint8Array | undefined;
    const capture = (next: Uint8Array) => (update = next);
    doc.on('update', capture);
    doc.getText('body').insert(doc.getText('body').length, text);
    doc.off('update', capture);
    if (!update) throw new Error('the edit produced no update');
    return update;
  }

  /** Sends a push without waiting for its answer; returns its `ref` (the next one unless given). */
  sendPush(teamId: string, docId: string, update: Uint8Array, ref = this.#nextRef++): number {
    this.send(encodeBinaryFrame({ kind: FRAME_PUSH, ref, teamId, docId, update }));
    return ref;
  }

  /** Sends a push and resolves with the relay's answer to it: an `ack` or an `error` frame. */
  async push(teamId: string, docId: string, update: Uint8Array): Promise<Ack | ErrorFrame> {
    const ref = this.sendPush(teamId, docId, update);
    const event = await this.waitFor(
      (e) =>
        e.kind === 'control' && (e.frame.type === 'ack' || e.frame.type === 'error') && e.frame.ref === ref,
      `the answer to push ${ref}`,
    );
    return (event as { frame: Ack | ErrorFrame }).frame;
  }

  /** Edits the doc locally, pushes the update and expects an ack; resolves with its seq. */
  async write(teamId: string, docId: string, text: string): Promise<number> {
    const answer = await this.push(teamId, docId, this.edit(teamId, docId, text));
    if (answer.type !== 'ack') throw new Error(`push refused: ${answer.code}: ${answer.message}`);
    return answer.seq;
  }

  /** Sends a sync step 1 for the doc, as a device does for each doc of a `resync`. */
  sendStep1(teamId: string, docId: string): void {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(encoder, this.doc(teamId, docId));
    this.send(encodeBinaryFrame({ kind: FRAME_DOC, teamId, docId, message: encoding.toUint8Array(encoder) }));
  }

  /** Resolves with the first event (received so far or later) that satisfies `predicate`. */
  waitFor(predicate: (event: Received) => boolean, what = 'the expected frame'): Promise<Received> {
    const seen = this.received.find(predicate);
    if (seen) return Promise.resolve(seen);
    if (this.#closeInfo) {
      return Promise.reject(
        new Error(`the socket closed (${this.#closeInfo.code} ${this.#closeInfo.reason}) before ${what}`),
      );
    }
    return new Promise((resolve, reject) => this.#waiters.push({ predicate, resolve, reject, what }));
  }

  /** Resolves with the first control frame of `type` that satisfies `predicate`. */
  async control<T extends RelayControl['type']>(
    type: T,
    predicate: (frame: Extract<RelayControl, { type: T }>) => boolean = () => true,
  ): Promise<Extract<RelayControl, { type: T }>> {
    const event = await this.waitFor(
      (e) =>
        e.kind === 'control' &&
        e.frame.type === type &&
        predicate(e.frame as Extract<RelayControl, { type: T }>),
      `a ${type} frame`,
    );
    return event.frame as Extract<RelayControl, { type: T }>;
  }

  /** Resolves once the log frames received for the team include `seq`. */
  async logged(teamId: string, seq: number): Promise<void> {
    await this.waitFor(
      (e) => e.kind === 'log' && e.frame.teamId === teamId && e.frame.entries.some((x) => x.seq === seq),
      `log entry ${seq} of ${teamId}`,
    );
  }

  /** Every log entry received for the team, in arrival order. */
  logEntries(teamId?: string): LogFrame['entries'] {
    return this.received.flatMap((e) =>
      e.kind === 'log' && (teamId === undefined || e.frame.teamId === teamId) ? e.frame.entries : [],
    );
  }

  /** Every control frame received, in order. */
  controls(): RelayControl[] {
    return this.received.flatMap((e) => (e.kind === 'control' ? [e.frame] : []));
  }

  close(): Promise<{ code: number; reason: string }> {
    this.#ws.close();
    return this.closed;
  }

  #receive(data: Buffer, isBinary: boolean): void {
    let event: Received;
    if (!isBinary) {
      const parsed = parseControl(data.toString('utf8'), RelayControlSchema);
      if (!parsed.ok) throw new Error(`the relay sent an invalid control frame: ${parsed.message}`);
      event = { kind: 'control', frame: parsed.frame };
    } else {
      const frame = decodeBinaryFrame(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      if (frame.kind === FRAME_PUSH) throw new Error('the relay sent a push frame');
      if (frame.kind === FRAME_LOG) {
        for (const entry of frame.entries) Y.applyUpdate(this.doc(frame.teamId, entry.docId), entry.update);
        event = { kind: 'log', frame };
      } else {
        this.#applyDocMessage(frame);
        event = { kind: 'doc', frame };
      }
    }
    this.received.push(event);
    for (const waiter of [...this.#waiters]) {
      if (waiter.predicate(event)) {
        this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
        waiter.resolve(event);
      }
    }
  }

  #applyDocMessage(frame: DocFrame): void {
    const decoder = decoding.createDecoder(frame.message);
    if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return;
    const type = decoding.readVarUint(decoder);
    if (type === syncProtocol.messageYjsSyncStep2 || type === syncProtocol.messageYjsUpdate) {
      Y.applyUpdate(this.doc(frame.teamId, frame.docId), decoding.readVarUint8Array(decoder));
    }
  }
}
