import type { RawData } from 'ws';
import type { ErrorCode } from '../../../src/protocol/errors.ts';
import {
  ClientControlSchema,
  decodeBinaryFrame,
  EPOCH_HISTORY,
  encodeBinaryFrame,
  encodeControl,
  FRAME_DOC,
  FRAME_LOG,
  FEATURE_ERASURES,
  FRAME_PUSH,
  FrameError,
  MAX_CONTROL_FRAME_BYTES,
  parseControl,
  type ClientControl,
  type DocFrame,
  type Hello,
  type PushFrame,
  type WelcomeTeam,
} from '../../../src/protocol/sync.ts';
import { COORDINATION_LOG_ID, COORDINATION_LOG_NAME } from '../../../src/domain/coordination-doc.ts';
import type { LogEpoch } from '../storage/contract.ts';
import type { HeldFrames } from '../ws/first-frame.ts';
import type { AwarenessPeer } from './awareness-rooms.ts';
import type { Connection } from './connection.ts';
import { syncStep2Message, readDocMessage } from '../../../src/protocol/doc-message.ts';
import { docKey } from './doc-key.ts';
import { isSyncError } from './sync-error.ts';
import type { SyncCore } from './sync-core.ts';
import { TeamChannel } from './team-channel.ts';

/**
 * Serves the device socket `/sync` (src/protocol/sync.ts; docs/architecture.md#sync-protocol) on an accepted
 * connection whose `hello` authenticated it: one socket carrying every doc of the user's teams. `held` are
 * the frames that arrived after the hello, while its token was checked.
 */
export function serveDeviceSocket(conn: Connection, core: SyncCore, hello: Hello, held: HeldFrames): void {
  const session = new DeviceSession(conn, core);
  session.hello(hello);
  held.release((data, isBinary) => session.receive(data, isBinary));
  conn.ws.once('close', (code, reason) => {
    session.end();
    conn.logDisconnect(code, reason.toString());
  });
}

class DeviceSession implements AwarenessPeer {
  readonly #conn: Connection;
  readonly #core: SyncCore;
  /** Resolves once `welcome` is out: every other frame waits for it, so nothing overtakes the welcome. */
  #welcomed: Promise<void> = new Promise(() => {});
  readonly #unsubscribe: (() => void)[] = [];
  /** Doc keys whose awareness room this socket is in. */
  readonly #rooms = new Set<string>();

  constructor(conn: Connection, core: SyncCore) {
    this.#conn = conn;
    this.#core = core;
  }

  receive(data: RawData, isBinary: boolean): void {
    this.#conn.framesIn += 1;
    if (!this.#conn.open) return;
    const bytes = toBytes(data);
    if (!isBinary) {
      if (bytes.byteLength > MAX_CONTROL_FRAME_BYTES) {
        this.#conn.close(
          'payload-too-large',
          `control frames are limited to ${MAX_CONTROL_FRAME_BYTES} bytes`,
        );
        return;
      }
      this.#control(Buffer.from(bytes).toString('utf8'));
      return;
    }
    let frame;
    try {
      frame = decodeBinaryFrame(bytes);
    } catch (error) {
      this.#refuseFrame(error);
      return;
    }
    switch (frame.kind) {
      case FRAME_PUSH:
        this.#run(this.#push(frame));
        break;
      case FRAME_DOC:
        this.#run(this.#doc(frame));
        break;
      case FRAME_LOG:
        this.#conn.close('malformed-frame', 'log frames only go from the relay to the device');
        break;
    }
  }

  /** The socket closed: leave the team streams and awareness rooms. */
  end(): void {
    for (const unsubscribe of this.#unsubscribe.splice(0)) unsubscribe();
    for (const key of this.#rooms) this.#core.awareness.leave(key, this);
    this.#rooms.clear();
  }

  /** Answers the hello that authenticated this socket: welcome, then each team's catch-up. */
  hello(hello: Hello): void {
    this.#run(this.#hello(hello));
  }

  sendAwareness(teamId: string, docId: string, message: Uint8Array): void {
    this.#conn.send(encodeBinaryFrame({ kind: FRAME_DOC, teamId, docId, message }));
  }

  #control(text: string): void {
    const parsed = parseControl<ClientControl>(text, ClientControlSchema);
    if (!parsed.ok) {
      this.#conn.close(parsed.code, parsed.message);
      return;
    }
    const frame = parsed.frame;
    if (frame.type === 'hello') {
      this.#conn.close('malformed-frame', 'hello may be sent only once per socket');
      return;
    }
    this.#run(frame.type === 'open' ? this.#open(frame.teamId, frame.docId) : this.#close(frame));
  }

  async #hello(hello: Hello): Promise<void> {
    let welcomed = () => {};
    this.#welcomed = new Promise((resolve) => (welcomed = resolve));
    // The logs this socket serves: a case manager's teams, or coordination's log (./served-logs.ts).
    const teamIds = [...this.#conn.teams].sort();
    // Subscribe first, then read: an update appended in between is then either read or buffered, never lost.
    const channels = teamIds.map((teamId) => {
      const channel = new TeamChannel(
        teamId,
        this.#conn,
        this.#core.store,
        (docId) => this.#conn.noteFetched(teamId, docId),
        { erasures: hello.features?.includes(FEATURE_ERASURES) ?? false },
      );
      this.#unsubscribe.push(this.#core.hub.subscribeTeam(teamId, (batch) => channel.onPublished(batch)));
      return channel;
    });
    const latest = await Promise.all(teamIds.map((teamId) => this.#core.store.latestSeq(teamId)));
    const epochs = await Promise.all(
      teamIds.map((teamId) => this.#core.store.logEpochs(teamId, EPOCH_HISTORY + 1)),
    );
    this.#conn.send(
      encodeControl({
        type: 'welcome',
        teams: teamIds.map((id, i) => welcomeTeam(id, latest[i] ?? 0, epochs[i] ?? [])),
      }),
    );
    welcomed();
    // Cursors of teams the user is not in are ignored: such a team gets no channel.
    for (const [i, channel] of channels.entries()) {
      if (!this.#conn.open) return;
      const cursor = Object.hasOwn(hello.cursors, channel.teamId) ? hello.cursors[channel.teamId] : 0;
      const since = hello.erasuresSince;
      const erasuresAfter = since && Object.hasOwn(since, channel.teamId) ? since[channel.teamId] : undefined;
      await channel.catchUp(cursor ?? 0, latest[i] ?? 0, erasuresAfter);
    }
  }

  /**
   * A push is acknowledged only after its durable append. The pushing socket also gets its own update back
   * as a `FRAME_LOG` entry like every other device of the team: its cursor then moves over a contiguous
   * log, with no hole where its own updates are. A push the device re-sends because its ack was lost is
   * recognised by (device, ref) and acknowledged with the `seq` it got the first time, appending nothing.
   */
  async #push(frame: PushFrame): Promise<void> {
    await this.#welcomed;
    if (!this.#conn.open) return;
    const { ref, teamId, docId } = frame;
    const refusal = this.#conn.refusal(teamId, docId);
    if (refusal) {
      this.#sendError(refusal.code, refusal.message, { ref, teamId, docId });
      return;
    }
    try {
      // A copy, so that the log and the caches do not keep the socket's whole receive buffer alive.
      const { seq, repeated } = await this.#core.accept(
        this.#conn.principal,
        teamId,
        docId,
        frame.update.slice(),
        { ref },
      );
      if (seq !== null && !repeated) this.#conn.noteChanged(teamId, docId);
      this.#conn.send(encodeControl({ type: 'ack', ref, seq: seq ?? 0 }));
    } catch (error) {
      if (!isSyncError(error)) throw error;
      this.#sendError(error.code, error.message, { ref, teamId, docId });
    }
  }

  async #doc(frame: DocFrame): Promise<void> {
    await this.#welcomed;
    if (!this.#conn.open) return;
    const { teamId, docId } = frame;
    const refusal = this.#conn.refusal(teamId, docId);
    if (refusal) {
      this.#sendError(refusal.code, refusal.message, { teamId, docId });
      return;
    }
    const key = docKey(teamId, docId);
    const message = readDocMessage(frame.message);
    switch (message.type) {
      case 'sync-step-1': {
        let doc;
        try {
          doc = await this.#core.docs.get(key);
        } catch (error) {
          // An erased doc: the device is told so, and the socket stays open for the others.
          if (!isSyncError(error)) throw error;
          this.#sendError(error.code, error.message, { teamId, docId });
          break;
        }
        this.#conn.noteFetched(teamId, docId);
        this.#sendDoc(teamId, docId, syncStep2Message(doc, message.stateVector));
        break;
      }
      case 'sync-step-2':
      case 'update':
        try {
          const { seq } = await this.#core.accept(
            this.#conn.principal,
            teamId,
            docId,
            message.update.slice(),
            { skipIfKnown: true },
          );
          if (seq !== null) this.#conn.noteChanged(teamId, docId);
        } catch (error) {
          if (!isSyncError(error)) throw error;
          this.#sendError(error.code, error.message, { teamId, docId });
        }
        break;
      case 'awareness':
        this.#rooms.add(key);
        this.#core.awareness.apply(key, teamId, docId, this, message.update);
        break;
      case 'query-awareness': {
        const snapshot = this.#core.awareness.snapshot(key);
        if (snapshot) this.#sendDoc(teamId, docId, snapshot);
        break;
      }
    }
  }

  async #open(teamId: string, docId: string): Promise<void> {
    await this.#welcomed;
    const refusal = this.#conn.refusal(teamId, docId);
    if (refusal) {
      this.#sendError(refusal.code, refusal.message, { teamId, docId });
      return;
    }
    const key = docKey(teamId, docId);
    this.#rooms.add(key);
    const snapshot = this.#core.awareness.join(key, teamId, docId, this);
    if (snapshot) this.#sendDoc(teamId, docId, snapshot);
  }

  async #close({ teamId, docId }: { teamId: string; docId: string }): Promise<void> {
    await this.#welcomed;
    const key = docKey(teamId, docId);
    if (!this.#rooms.delete(key)) return;
    this.#core.awareness.leave(key, this);
  }

  #sendDoc(teamId: string, docId: string, message: Uint8Array): void {
    this.#conn.send(encodeBinaryFrame({ kind: FRAME_DOC, teamId, docId, message }));
  }

  #sendError(code: ErrorCode, message: string, about: { ref?: number; teamId: string; docId: string }): void {
    this.#conn.log.info({ code, ref: about.ref, team: about.teamId }, 'sync frame refused');
    this.#conn.refused(code, about);
    this.#conn.send(encodeControl({ type: 'error', code, message, ...about }));
  }

  /** A frame that does not decode ends the session; the log line names the reason, never the payload. */
  #refuseFrame(error: unknown): void {
    if (error instanceof FrameError) {
      this.#conn.close('malformed-frame', error.message);
      return;
    }
    this.#conn.log.error({ err: error }, 'sync socket failed');
    this.#conn.close('internal', 'internal error');
  }

  #run(work: Promise<void>): void {
    work.catch((error: unknown) => this.#refuseFrame(error));
  }
}

/** A team's entry in the welcome: its latest seq, current epoch, and where each earlier epoch ended. */
function welcomeTeam(id: string, latest: number, epochs: readonly LogEpoch[]): WelcomeTeam {
  const [current, ...older] = epochs;
  const named = id === COORDINATION_LOG_ID ? { name: COORDINATION_LOG_NAME } : {};
  if (current === undefined) return { id, latest, ...named };
  let next = current.firstSeq;
  const earlier = older.map((epoch) => {
    const last = next - 1;
    next = epoch.firstSeq;
    return { epoch: epoch.id, last };
  });
  return { id, latest, epoch: current.id, earlier, ...named };
}

/** ws hands out Buffers (or fragments of one message); the protocol decoders take one Uint8Array. */
export function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
