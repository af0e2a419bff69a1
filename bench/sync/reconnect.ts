/**
 * A device that has every doc reconnects after a colleague changed 10 of them. Two ways to catch up on the
 * same device socket: the cursor (hello with its cursor, the relay streams what is newer), against the
 * per-doc state-vector handshake (hello with nothing to stream, then a sync step 1 for every doc and a step
 * 2 back for each). Both apply what they receive to the device's Y.Docs and are checked against the
 * colleague's state.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { MESSAGE_SYNC } from '../../src/protocol/sync.ts';
import { SYNC_ORIGIN } from '../../src/protocol/origin.ts';
import { Random } from '../seed-random.ts';
import { SyncSocket, within, type Traffic } from '../../tests/support/sync-socket.ts';
import { editContactNote, hasState, replicaOf } from './edits.ts';

export interface SyncedDevice {
  token: string;
  docs: Map<string, Y.Doc>;
  cursor: number;
}

export interface CatchUp {
  ms: number;
  traffic: Traffic;
  /** How many of the changed docs hold the colleague's state afterwards (all of them, or it failed). */
  changedDocs: number;
}

/** The colleague: a second device in the team that edits case notes and pushes them, awaiting each ack. */
export class Colleague {
  readonly #socket: SyncSocket;
  readonly #teamId: string;
  readonly #source: Map<string, Uint8Array>;
  readonly #replicas = new Map<string, Y.Doc>();
  readonly #rng = new Random(4711);
  readonly #actor: string;

  private constructor(socket: SyncSocket, teamId: string, source: Map<string, Uint8Array>, actor: string) {
    this.#socket = socket;
    this.#teamId = teamId;
    this.#source = source;
    this.#actor = actor;
  }

  /** `source` is each doc's seeded state, from which the colleague's replicas start. */
  static async connect(
    wsUrl: string,
    token: string,
    teamId: string,
    cursor: number,
    source: Map<string, Uint8Array>,
    actor: string,
  ): Promise<Colleague> {
    const socket = await SyncSocket.open(wsUrl, token);
    const caughtUp = socket.waitFor(
      'caught-up',
      (f) => f.teamId === teamId,
      30_000,
      'caught-up for the colleague',
    );
    socket.hello({ [teamId]: cursor });
    await caughtUp;
    return new Colleague(socket, teamId, source, actor);
  }

  /**
   * Edits `count` different docs once each and pushes the updates; resolves with the changed doc ids,
   * their state vectors and the team's latest seq (the last ack).
   */
  async change(
    count: number,
  ): Promise<{ docIds: string[]; expected: Map<string, Map<number, number>>; latest: number }> {
    const docIds = this.#rng.sample([...this.#source.keys()], count);
    let latest = 0;
    const expected = new Map<string, Map<number, number>>();
    for (const docId of docIds) {
      let replica = this.#replicas.get(docId);
      if (!replica) {
        replica = replicaOf(this.#source.get(docId)!);
        this.#replicas.set(docId, replica);
      }
      const update = editContactNote(replica, this.#rng, this.#actor);
      latest = Math.max(latest, (await this.#socket.push(this.#teamId, docId, update)).seq);
      expected.set(docId, Y.decodeStateVector(Y.encodeStateVector(replica)));
    }
    return { docIds, expected, latest };
  }

  async close(): Promise<void> {
    await this.#socket.close();
  }
}

function countChanged(device: SyncedDevice, expected: Map<string, Map<number, number>>): number {
  let changed = 0;
  for (const [docId, state] of expected) if (hasState(device.docs.get(docId)!, state)) changed += 1;
  return changed;
}

/** Catches up through the cursor: hello with it, apply every log entry until `caught-up`. */
export async function catchUpByCursor(
  wsUrl: string,
  teamId: string,
  device: SyncedDevice,
  expected: Map<string, Map<number, number>>,
): Promise<CatchUp> {
  const started = performance.now();
  const socket = await SyncSocket.open(wsUrl, device.token);
  try {
    socket.onLog = (frame) => {
      for (const entry of frame.entries) {
        const doc = device.docs.get(entry.docId);
        if (!doc) throw new Error(`the log names doc ${entry.docId}, which the device does not have`);
        Y.applyUpdate(doc, entry.update, SYNC_ORIGIN);
      }
    };
    const caughtUp = socket.waitFor(
      'caught-up',
      (f) => f.teamId === teamId,
      30_000,
      'caught-up after reconnect',
    );
    socket.hello({ [teamId]: device.cursor });
    device.cursor = (await caughtUp).seq;
    const ms = performance.now() - started;
    return { ms, traffic: socket.traffic(), changedDocs: countChanged(device, expected) };
  } finally {
    await socket.close();
  }
}

/** A y-protocols sync step 1 (the doc's state vector), as y-websocket frames it. */
function step1(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeSyncStep1(encoder, doc);
  return encoding.toUint8Array(encoder);
}

/**
 * Catches up through a sync step 1 for every doc. The hello carries `latest` (the device says it has the
 * whole log), so nothing arrives through the cursor: all that changed must come back in the step 2 answers.
 */
export async function catchUpByStateVectors(
  wsUrl: string,
  teamId: string,
  device: SyncedDevice,
  latest: number,
  expected: Map<string, Map<number, number>>,
): Promise<CatchUp> {
  const started = performance.now();
  const socket = await SyncSocket.open(wsUrl, device.token);
  try {
    let unanswered = device.docs.size;
    let answered = () => {};
    const allAnswered = new Promise<void>((resolve) => (answered = resolve));
    const seen = new Set<string>();
    socket.onLog = (frame) => {
      if (frame.entries.length > 0)
        throw new Error('the relay streamed log entries to a device at the latest seq');
    };
    socket.onDoc = (frame) => {
      const decoder = decoding.createDecoder(frame.message);
      if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return;
      if (decoding.readVarUint(decoder) !== syncProtocol.messageYjsSyncStep2) return;
      const doc = device.docs.get(frame.docId);
      if (!doc || seen.has(frame.docId)) return;
      Y.applyUpdate(doc, decoding.readVarUint8Array(decoder), SYNC_ORIGIN);
      seen.add(frame.docId);
      if (--unanswered === 0) answered();
    };
    const caughtUp = socket.waitFor(
      'caught-up',
      (f) => f.teamId === teamId,
      30_000,
      'caught-up before the handshake',
    );
    socket.hello({ [teamId]: latest });
    for (const [docId, doc] of device.docs) socket.sendDoc(teamId, docId, step1(doc));
    await caughtUp;
    await within(
      Promise.race([allAnswered, socket.failed]),
      60_000,
      () => `sync step 2 answers (${unanswered} of ${device.docs.size} missing)`,
    );
    device.cursor = latest;
    const ms = performance.now() - started;
    return { ms, traffic: socket.traffic(), changedDocs: countChanged(device, expected) };
  } finally {
    await socket.close();
  }
}
