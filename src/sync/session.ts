import { isErrorCode, isPermanent, type ErrorCode } from '../protocol/errors.ts';
import {
  decodeBinaryFrame,
  encodeBinaryFrame,
  encodeControl,
  FEATURE_ERASURES,
  FRAME_DOC,
  FRAME_LOG,
  FRAME_PUSH,
  FrameError,
  MAX_UPDATE_BYTES,
  parseControl,
  RelayControlSchema,
  type BinaryFrame,
  type DocFrame,
  type ErasureEntry,
  type LogFrame,
  type RelayControl,
  type WelcomeTeam,
} from '../protocol/sync.ts';
import type { CursorStore } from '../storage/cursors.ts';
import { DocTeamMismatchError, type DocStore } from '../storage/doc-store.ts';
import { DocErasedError } from '../storage/erasures.ts';
import type { Outbox } from '../storage/outbox.ts';
import type { SetAsideStore } from '../storage/set-aside.ts';
import {
  checkUpdate,
  readDocMessage,
  syncStep1Message,
  syncStep2Message,
  type DocMessage,
} from './doc-messages.ts';
import { cursorHolds } from './epochs.ts';
import { PushWindow, type PushLimits } from './push-window.ts';
import type { SyncStatus } from './status.ts';
import { TeamProgress } from './team-progress.ts';
import { KeyedQueue } from '../util/keyed-queue.ts';

/** What a session needs from the engine that owns it. */
export interface SessionHost {
  readonly docs: DocStore;
  readonly outbox: Outbox;
  /** Where pushes the relay refuses for good (or this device cannot read) go instead of being re-sent. */
  readonly setAside: SetAsideStore;
  readonly cursors: CursorStore;
  readonly pushLimits: PushLimits;
  beforeRemoteStore?: (docId: string, updates: Uint8Array[]) => Promise<void>;
  onRemoteUpdates?: (docId: string, teamId: string, updates: Uint8Array[]) => void;
  /**
   * The relay erased these docs of `teamId` (an `erased` frame), or refused a push of one with `doc-erased`
   * (then `seq`, date and reason are null): everything the device holds of each goes before this resolves.
   */
  erase(teamId: string, entries: readonly ErasureOrRefusal[]): Promise<void>;
  /**
   * The team is caught up with erasures named in the hello: its erasures from 0 need not be asked for
   * again (see `erasuresSince` in the hello).
   */
  erasuresCaughtUp?(teamId: string): Promise<void>;
  /** The relay answered `hello`: the session is live. */
  welcomed(): void;
  catchingUpChanged(value: SyncStatus['catchingUp']): void;
  /** The outbox or a cursor changed. */
  changed(): void;
  /** The relay refused one push for now (a transient error); the row stays in the outbox. */
  pushRefused(code: ErrorCode, message: string): void;
  /** The session must start over at once with the cursors as now stored (after a log epoch change). */
  restart(reason: string): void;
  /** The relay sent something that must end the session; `refusal` when it must not be retried. */
  failed(reason: string, refusal?: { code: ErrorCode; message: string }): void;
}

/** The part of a WebSocket a session uses. */
export interface FrameSink {
  send(data: string | Uint8Array): void;
}

type Parsed = { binary: BinaryFrame } | { control: RelayControl };

/** An erasure from the log, or one the relay named only by refusing a push (`seq` and the rest null). */
export type ErasureOrRefusal = ErasureEntry | { seq: null; docId: string; erasedAt: null; reason: null };

const READ_BATCH = 64;

/**
 * One connection's conversation with the relay (docs/architecture.md#sync-protocol): `hello` with the
 * cursors, catch-up and live log frames stored before any cursor moves, resync handshakes, and the outbox
 * pushed with a bounded window and dropped row by row on `ack`.
 *
 * Every incoming frame is checked when it arrives; a bad one ends the session before anything of it is
 * stored. Good frames are then handled strictly in order, one at a time, because a cursor may only move
 * once everything before it is stored.
 */
export class Session {
  readonly #host: SessionHost;
  readonly #sink: FrameSink;
  readonly #startCursors: ReadonlyMap<string, number>;
  /** Per team, the log epoch its start cursor was stored under (null: before epochs). */
  readonly #startEpochs: ReadonlyMap<string, string | null>;
  /** Per team, the relay's current log epoch from the welcome; every cursor this session stores is under it. */
  readonly #epochs = new Map<string, string>();
  readonly #teams = new Map<string, TeamProgress>();
  readonly #catchUp = new Map<string, { announced: number; received: number; finished: boolean }>();
  readonly #push: PushWindow;
  /** Per team, `seq` → doc id of pushes acknowledged before the log sent them back. */
  readonly #echoes = new Map<string, Map<number, string>>();
  /** Frames are handled one at a time, in the order they arrived (one key: this socket). */
  readonly #frames = new KeyedQueue<'frames'>();
  #welcomed = false;
  #closed = false;
  #pumping = false;
  #pumpAgain = false;

  /** Teams whose erasures this hello asks for from 0 (the app before did not handle erasures). */
  readonly #erasuresFromStart: ReadonlySet<string>;

  constructor(
    host: SessionHost,
    sink: FrameSink,
    cursors: ReadonlyMap<string, number>,
    epochs: ReadonlyMap<string, string | null> = new Map(),
    erasuresFromStart: ReadonlySet<string> = new Set(),
  ) {
    this.#host = host;
    this.#sink = sink;
    this.#startCursors = cursors;
    this.#startEpochs = epochs;
    this.#erasuresFromStart = erasuresFromStart;
    this.#push = new PushWindow(host.pushLimits);
  }

  get welcomed(): boolean {
    return this.#welcomed;
  }

  /** The teams the relay said this socket carries. */
  get teamIds(): string[] {
    return [...this.#teams.keys()];
  }

  /** Whether every team is caught up and no resync is pending. */
  get caughtUp(): boolean {
    return this.#welcomed && [...this.#teams.values()].every((team) => team.caughtUp);
  }

  /**
   * The socket is open: say who this device is and where it stands. The token goes in this first frame,
   * never in the socket's URL, which proxies and servers log.
   */
  opened(token: string): void {
    const since = [...this.#erasuresFromStart].filter((teamId) => (this.#startCursors.get(teamId) ?? 0) > 0);
    this.#send(
      encodeControl({
        type: 'hello',
        token,
        cursors: Object.fromEntries(this.#startCursors),
        features: [FEATURE_ERASURES],
        ...(since.length > 0
          ? { erasuresSince: Object.fromEntries(since.map((teamId) => [teamId, 0])) }
          : {}),
      }),
    );
  }

  /** Stops handling frames; what is being stored finishes. */
  close(): void {
    this.#closed = true;
  }

  /** Resolves when every frame accepted so far is handled. */
  idle(): Promise<void> {
    return this.#frames.idle('frames');
  }

  /** One frame from the socket, as a WebSocket hands it over. */
  receive(data: unknown): void {
    if (this.#closed) return;
    let parsed: Parsed;
    try {
      parsed = parseIncoming(data);
    } catch (error) {
      if (error instanceof RefusedFrame) {
        this.#fail(error.message, { code: error.code, message: error.message });
        return;
      }
      this.#fail(`The relay sent a frame that does not decode: ${(error as Error).message}`);
      return;
    }
    // The checks that need no storage run now, so a bad frame stops the session before anything is stored.
    let handle: () => Promise<void>;
    try {
      handle = this.#prepare(parsed);
    } catch (error) {
      this.#fail(`The relay sent a frame that is not valid: ${(error as Error).message}`);
      return;
    }
    void this.#frames.run('frames', async () => {
      if (this.#closed) return;
      try {
        await handle();
      } catch (error) {
        console.error('Handling a frame from the relay failed', error);
        this.#fail(`Storing what the relay sent failed: ${(error as Error).message}`);
      }
    });
  }

  /** Sends outbox rows until the window is full. Safe to call at any time; concurrent calls coalesce. */
  async pump(): Promise<void> {
    if (!this.#welcomed || this.#closed) return;
    if (this.#pumping) {
      this.#pumpAgain = true;
      return;
    }
    this.#pumping = true;
    try {
      do {
        this.#pumpAgain = false;
        await this.#fill();
      } while (this.#pumpAgain && !this.#closed);
    } catch (error) {
      console.error('Reading the outbox failed', error);
    } finally {
      this.#pumping = false;
    }
  }

  async #fill(): Promise<void> {
    while (!this.#closed && this.#push.hasRoom) {
      const rows = await this.#host.outbox.after(this.#push.readUpTo, READ_BATCH);
      if (this.#closed || rows.length === 0) return;
      for (const row of rows) {
        if (row.kind === 'unreadable') {
          console.error(
            `Outbox row ${row.id} (${row.docId ?? 'no doc'}) is unreadable and set aside: ${row.reason}`,
          );
          this.#push.skipped(row.id);
          await this.#setAside(row.id, 'unreadable', `This device cannot read the change: ${row.reason}`);
          continue;
        }
        const bytes = row.update.byteLength;
        if (bytes > MAX_UPDATE_BYTES) {
          // The relay would refuse it for good: set aside without sending it.
          this.#push.skipped(row.id);
          await this.#setAside(
            row.id,
            'doc-too-large',
            `A change of ${row.docId} has ${bytes} bytes; the relay accepts at most ${MAX_UPDATE_BYTES}.`,
          );
          continue;
        }
        if (!this.#push.fits(bytes)) return;
        const { id: ref, teamId, docId, update } = row;
        this.#send(encodeBinaryFrame({ kind: FRAME_PUSH, ref, teamId, docId, update }));
        this.#push.sent(ref, { teamId, docId, update });
      }
    }
  }

  /** Checks a frame as far as possible without storage and returns what handles it. */
  #prepare(parsed: Parsed): () => Promise<void> {
    if ('binary' in parsed) {
      const frame = parsed.binary;
      switch (frame.kind) {
        case FRAME_LOG:
          for (const entry of frame.entries) checkUpdate(entry.update);
          return () => this.#onLog(frame);
        case FRAME_DOC: {
          const message = readDocMessage(frame.message);
          return () => this.#onDoc(frame, message);
        }
        case FRAME_PUSH:
          throw new FrameError('the relay sent a push frame, which only devices send');
      }
    }
    const frame = parsed.control;
    switch (frame.type) {
      case 'welcome':
        return () => this.#onWelcome(frame.teams);
      case 'caught-up':
        return () => this.#onCaughtUp(frame.teamId, frame.seq);
      case 'resync':
        return () => this.#onResync(frame.teamId, frame.seq, frame.docIds);
      case 'ack':
        return () => this.#onAck(frame.ref, frame.seq);
      case 'error':
        return () => this.#onError(frame);
      case 'erased':
        return () => this.#onErased(frame.teamId, frame.entries);
    }
  }

  async #onWelcome(teams: WelcomeTeam[]): Promise<void> {
    if (this.#welcomed) {
      console.warn('The relay sent a second welcome; ignoring it');
      return;
    }
    if (!(await this.#checkEpochs(teams))) return;
    for (const { id, latest } of teams) {
      const cursor = this.#startCursors.get(id) ?? 0;
      this.#teams.set(id, new TeamProgress(id, cursor));
      this.#catchUp.set(id, { announced: Math.max(0, latest - cursor), received: 0, finished: false });
    }
    this.#welcomed = true;
    this.#host.welcomed();
    this.#reportCatchUp();
    void this.pump();
  }

  /**
   * Compares each team's stored cursor with the relay's log (see `cursorHolds`). A team whose log lost
   * entries this device had is reset: its docs' whole state goes into the outbox and its cursor back to 0,
   * and the session starts over, because the relay is already streaming from the old cursor. Resolves
   * whether the session goes on.
   */
  async #checkEpochs(teams: WelcomeTeam[]): Promise<boolean> {
    const lost: WelcomeTeam[] = [];
    for (const team of teams) {
      if (team.epoch !== undefined) this.#epochs.set(team.id, team.epoch);
      const position = {
        seq: this.#startCursors.get(team.id) ?? 0,
        epoch: this.#startEpochs.get(team.id) ?? null,
      };
      if (!cursorHolds(position, team)) lost.push(team);
      else if (team.epoch !== undefined && position.epoch !== team.epoch && position.seq > 0) {
        // The cursor holds in this log: from now on it is counted in the current epoch.
        await this.#host.cursors.set(team.id, position.seq, team.epoch);
      }
    }
    if (lost.length === 0) return true;
    for (const team of lost) {
      // Without an epoch (an older relay) the cursor is above `latest`; start over under no epoch.
      const queued = await this.#host.docs.resendTeam(team.id, team.epoch ?? null);
      console.warn(
        `The relay's log of team ${team.id} lacks entries this device had (cursor ${this.#startCursors.get(team.id) ?? 0}, ` +
          `relay at ${team.latest}); catching up from the start and sending ${queued} docs again`,
      );
    }
    this.#host.changed();
    if (!this.#closed) {
      this.#closed = true;
      this.#host.restart('the relay lost entries of a team log');
    }
    return false;
  }

  async #onLog(frame: LogFrame): Promise<void> {
    const { teamId } = frame;
    const byDoc = new Map<string, Uint8Array[]>();
    let maxSeq = 0;
    for (const entry of frame.entries) {
      maxSeq = Math.max(maxSeq, entry.seq);
      // This device's own pushes come back through the log like everyone's; they are stored already.
      if (this.#isOwnEcho(teamId, entry.seq, entry.docId, entry.update)) continue;
      const list = byDoc.get(entry.docId);
      if (list) list.push(entry.update);
      else byDoc.set(entry.docId, [entry.update]);
    }
    for (const [docId, updates] of byDoc) await this.#storeRemote(teamId, docId, updates);
    this.#forgetEchoesUpTo(teamId, maxSeq);
    this.#received(teamId, frame.entries.length);
    const cursor = this.#team(teamId).logStored(maxSeq);
    if (cursor !== undefined) await this.#host.cursors.set(teamId, cursor, this.#epochs.get(teamId));
    this.#host.changed();
  }

  /**
   * Whether a log entry is one of this connection's pushes: before its ack it is matched by its bytes, after
   * it by the `seq` the ack named.
   */
  #isOwnEcho(teamId: string, seq: number, docId: string, update: Uint8Array): boolean {
    if (seq === 0) return false;
    const acked = this.#echoes.get(teamId);
    if (acked?.get(seq) === docId) {
      acked.delete(seq);
      return true;
    }
    return this.#push.claimEcho(teamId, docId, update);
  }

  #forgetEchoesUpTo(teamId: string, seq: number): void {
    const acked = this.#echoes.get(teamId);
    if (!acked) return;
    for (const key of acked.keys()) if (key <= seq) acked.delete(key);
  }

  /**
   * Erasures of the team's log (docs/architecture.md#data-lifecycle): each doc is erased from the device
   * first, and only then may the cursor move past the erasure's `seq`. An erasure at or below the cursor
   * (one a device that upgraded asked for again) leaves the cursor where it is.
   */
  async #onErased(teamId: string, entries: ErasureEntry[]): Promise<void> {
    await this.#host.erase(teamId, entries);
    const maxSeq = Math.max(...entries.map((entry) => entry.seq));
    const cursor = this.#team(teamId).logStored(maxSeq);
    if (cursor !== undefined) await this.#host.cursors.set(teamId, cursor, this.#epochs.get(teamId));
    this.#host.changed();
  }

  async #onCaughtUp(teamId: string, seq: number): Promise<void> {
    const team = this.#team(teamId);
    const cursor = team.caughtUpAt(seq);
    if (cursor !== undefined) await this.#host.cursors.set(teamId, cursor, this.#epochs.get(teamId));
    await this.#erasuresCaughtUp(team);
    this.#finishIfCaughtUp(team);
    this.#host.changed();
  }

  /** Once a team is caught up, its erasures below the start cursor were sent too: they need no asking again. */
  async #erasuresCaughtUp(team: TeamProgress): Promise<void> {
    if (!team.caughtUp) return;
    try {
      await this.#host.erasuresCaughtUp?.(team.teamId);
    } catch (error) {
      // The next connection asks again; erasing twice does nothing more.
      console.error(`Recording that team ${team.teamId} is caught up with its erasures failed`, error);
    }
  }

  async #onResync(teamId: string, seq: number, docIds: string[]): Promise<void> {
    const team = this.#team(teamId);
    const cursor = team.resyncStarted(seq, docIds);
    if (cursor !== undefined) await this.#host.cursors.set(teamId, cursor, this.#epochs.get(teamId));
    await this.#erasuresCaughtUp(team);
    const progress = this.#catchUp.get(teamId);
    if (progress && !progress.finished) progress.announced += docIds.length;
    else this.#catchUp.set(teamId, { announced: docIds.length, received: 0, finished: false });
    this.#reportCatchUp();
    for (const docId of docIds) {
      if (this.#closed) return;
      const { doc } = await this.#host.docs.load(docId);
      this.#send(encodeBinaryFrame({ kind: FRAME_DOC, teamId, docId, message: syncStep1Message(doc) }));
      doc.destroy();
    }
    this.#finishIfCaughtUp(team);
  }

  async #onDoc(frame: DocFrame, message: DocMessage): Promise<void> {
    const { teamId, docId } = frame;
    switch (message.type) {
      case 'ignored':
        // Awareness of open docs; this engine opens none yet.
        return;
      case 'step1': {
        // Answer only for a doc this device keeps under the same team: never hand one team's doc to another.
        if ((await this.#host.docs.teamOf(docId)) !== teamId) {
          console.warn(
            `The relay asked for ${docId} of team ${teamId}, which this device does not hold there`,
          );
          return;
        }
        const { doc } = await this.#host.docs.load(docId);
        this.#send(
          encodeBinaryFrame({
            kind: FRAME_DOC,
            teamId,
            docId,
            message: syncStep2Message(doc, message.stateVector),
          }),
        );
        doc.destroy();
        return;
      }
      case 'step2':
      case 'update': {
        if (!message.empty) await this.#storeRemote(teamId, docId, [message.update]);
        if (message.type !== 'step2') return;
        const team = this.#team(teamId);
        if (!team.awaits(docId)) return;
        this.#received(teamId, 1);
        const cursor = team.docAnswered(docId);
        if (cursor !== undefined) await this.#host.cursors.set(teamId, cursor, this.#epochs.get(teamId));
        await this.#erasuresCaughtUp(team);
        this.#finishIfCaughtUp(team);
        this.#host.changed();
        return;
      }
    }
  }

  async #onAck(ref: number, seq: number): Promise<void> {
    const push = this.#push.answered(ref);
    if (!push) {
      console.warn(`The relay acknowledged push ${ref}, which this connection is not waiting for`);
      return;
    }
    if (!push.echoed && seq > 0) {
      const acked = this.#echoes.get(push.teamId) ?? new Map<number, string>();
      acked.set(seq, push.docId);
      this.#echoes.set(push.teamId, acked);
    }
    await this.#host.outbox.acknowledge(ref);
    this.#host.changed();
    void this.pump();
  }

  async #onError(frame: Extract<RelayControl, { type: 'error' }>): Promise<void> {
    const where = [frame.teamId, frame.docId].filter(Boolean).join('/');
    if (frame.ref !== undefined && this.#push.answered(frame.ref)) {
      console.warn(`The relay refused push ${frame.ref} (${where}): ${frame.code}: ${frame.message}`);
      if (frame.code === 'doc-erased' && frame.teamId !== undefined && frame.docId !== undefined) {
        // The case is gone on the relay: its changes are dropped with it, never retried nor set aside.
        await this.#erasedByRefusal(frame.teamId, frame.docId, frame.ref);
      } else if (isErrorCode(frame.code) && isPermanent(frame.code)) {
        // Sending it again would be refused again: set it aside, visibly, instead of offering it forever.
        await this.#setAside(frame.ref, frame.code, frame.message);
      } else {
        // The change stays in the outbox: it is only not offered again on this connection.
        this.#host.pushRefused(frame.code as ErrorCode, frame.message);
      }
      void this.pump();
      return;
    }
    console.warn(`The relay refused a frame${where ? ` for ${where}` : ''}: ${frame.code}: ${frame.message}`);
  }

  async #erasedByRefusal(teamId: string, docId: string, ref: number): Promise<void> {
    try {
      await this.#host.erase(teamId, [{ seq: null, docId, erasedAt: null, reason: null }]);
    } catch (error) {
      // It stays where it is; the next connection's push is refused again, or its erasure entry arrives.
      console.error(`Erasing ${docId} after the relay refused push ${ref} failed`, error);
    }
    this.#host.changed();
  }

  async #setAside(id: number, cause: string, message: string): Promise<void> {
    try {
      await this.#host.setAside.takeFromOutbox(id, cause, message);
    } catch (error) {
      // It stays in the outbox and is offered again on the next connection: nothing is lost.
      console.error(`Setting outbox row ${id} aside failed`, error);
    }
    this.#host.changed();
  }

  /** Hands remote updates of one doc to storage, with the conflict check before and the listener after. */
  async #storeRemote(teamId: string, docId: string, updates: Uint8Array[]): Promise<void> {
    try {
      await this.#host.beforeRemoteStore?.(docId, updates);
    } catch (error) {
      console.error(`The conflict check of ${docId} failed; storing the remote changes anyway`, error);
    }
    try {
      await this.#host.docs.storeRemote(docId, updates, teamId);
    } catch (error) {
      if (error instanceof DocErasedError) {
        // The relay erased it and sends none of it; an update of it arriving anyway does not bring it back.
        console.warn(`The relay sent changes of ${docId}, which was erased; they are not stored`);
        return;
      }
      if (!(error instanceof DocTeamMismatchError)) throw error;
      // Doc ids are scoped by team on the relay but not on the device; two teams' docs cannot share one.
      // The changes are set aside, visibly, before the cursor moves past them: nothing is skipped.
      await this.#host.docs.setAsideRemote(docId, teamId, updates, error.message);
      console.error(`Remote changes of ${docId} under team ${teamId} were set aside`, error);
      return;
    }
    try {
      this.#host.onRemoteUpdates?.(docId, teamId, updates);
    } catch (error) {
      console.error(`Applying remote changes of ${docId} failed; they are stored`, error);
    }
  }

  #team(teamId: string): TeamProgress {
    let team = this.#teams.get(teamId);
    if (!team) {
      team = new TeamProgress(teamId, this.#startCursors.get(teamId) ?? 0);
      this.#teams.set(teamId, team);
    }
    return team;
  }

  #received(teamId: string, count: number): void {
    const progress = this.#catchUp.get(teamId);
    if (!progress || progress.finished) return;
    progress.received += count;
    this.#reportCatchUp();
  }

  #finishIfCaughtUp(team: TeamProgress): void {
    const progress = this.#catchUp.get(team.teamId);
    if (!team.caughtUp || !progress || progress.finished) return;
    progress.finished = true;
    this.#reportCatchUp();
  }

  #reportCatchUp(): void {
    let total = 0;
    let done = 0;
    let running = false;
    for (const progress of this.#catchUp.values()) {
      total += progress.announced;
      done += progress.finished ? progress.announced : Math.min(progress.received, progress.announced);
      running ||= !progress.finished;
    }
    this.#host.catchingUpChanged(running && total > 0 ? { done, total } : null);
  }

  #send(data: string | Uint8Array): void {
    if (this.#closed) return;
    this.#sink.send(data);
  }

  #fail(reason: string, refusal?: { code: ErrorCode; message: string }): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#host.failed(reason, refusal);
  }
}

class RefusedFrame extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

function parseIncoming(data: unknown): Parsed {
  if (typeof data === 'string') {
    const parsed = parseControl(data, RelayControlSchema);
    if (parsed.ok) return { control: parsed.frame };
    if (parsed.code === 'protocol-unsupported') throw new RefusedFrame(parsed.code, parsed.message);
    throw new FrameError(parsed.message);
  }
  if (data instanceof ArrayBuffer) return { binary: decodeBinaryFrame(new Uint8Array(data)) };
  if (ArrayBuffer.isView(data)) {
    return { binary: decodeBinaryFrame(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)) };
  }
  throw new FrameError('a frame that is neither text nor binary');
}
