import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import {
  encodeBinaryFrame,
  FRAME_DOC,
  MESSAGE_SYNC,
  type DocFrame,
  type LogFrame,
  type RelayControl,
} from '../../../../src/protocol/sync.ts';
import { SyncSocket, UpgradeRefused } from '../../../support/sync-socket.ts';

export { wsUrl } from '../../../support/sync-socket.ts';

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

/**
 * A device as the sync tests see it: the shared `/sync` client (tests/support/sync-socket.ts), with a local
 * Y.Doc per (team, doc) that every log frame and sync answer is applied to. It records every frame it
 * receives, refusals included, and tests wait on those events, never on time.
 */
export class DeviceClient {
  readonly received: Received[] = [];
  /** Resolves with the close code and reason once the socket has closed. */
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly #socket: SyncSocket;
  readonly #docs = new Map<string, Y.Doc>();
  #waiters: Waiter[] = [];
  #closeInfo: { code: number; reason: string } | undefined;

  private constructor(socket: SyncSocket) {
    this.#socket = socket;
    socket.onControl = (frame) => this.#record({ kind: 'control', frame });
    socket.onLog = (frame) => {
      for (const entry of frame.entries) Y.applyUpdate(this.doc(frame.teamId, entry.docId), entry.update);
      this.#record({ kind: 'log', frame });
    };
    socket.onDoc = (frame) => {
      this.#applyDocMessage(frame);
      this.#record({ kind: 'doc', frame });
    };
    this.closed = socket.closed.then((info) => {
      this.#closeInfo = info;
      for (const waiter of this.#waiters.splice(0)) {
        waiter.reject(new Error(`the socket closed (${info.code} ${info.reason}) before ${waiter.what}`));
      }
      return info;
    });
  }

  /**
   * Opens a device socket that will authenticate with `token` in its hello; rejects with the HTTP answer
   * when the relay refuses the upgrade.
   */
  static async open(
    relayUrl: string,
    token: string,
    options: { v?: number | string; maxPayload?: number } = {},
  ): Promise<DeviceClient> {
    try {
      return new DeviceClient(await SyncSocket.open(relayUrl, token, { ...options, errorsEnd: false }));
    } catch (error) {
      // Tests read the refusal's HTTP status and body as plain properties.
      if (error instanceof UpgradeRefused) {
        throw Object.assign(new Error(`upgrade refused: ${error.body}`), {
          status: error.status,
          body: error.body,
        });
      }
      throw error;
    }
  }

  /** Opens a socket and says hello with `cursors`. */
  static async connect(relayUrl: string, token: string, cursors: Record<string, number> = {}) {
    const client = await DeviceClient.open(relayUrl, token);
    client.hello(cursors);
    return client;
  }

  get isOpen(): boolean {
    return this.#socket.open;
  }

  /** Says hello: the access token and the cursors, as the app's first frame. */
  hello(
    cursors: Record<string, number> = {},
    features?: string[],
    erasuresSince?: Record<string, number>,
  ): void {
    this.#socket.hello(cursors, features, erasuresSince);
  }

  send(data: string | Uint8Array): void {
    this.#socket.send(data);
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
  sendPush(teamId: string, docId: string, update: Uint8Array, ref?: number): number {
    return this.#socket.sendPush(teamId, docId, update, ref);
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

  async close(): Promise<{ code: number; reason: string }> {
    await this.#socket.close();
    return this.closed;
  }

  #record(event: Received): void {
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
