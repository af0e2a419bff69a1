import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { z } from 'zod';
import { ERROR_CODES } from './errors.ts';
import { PROTOCOL_VERSION } from './health.ts';

/**
 * The device socket `/sync` (docs/architecture.md#sync-protocol): one WebSocket per device carrying every doc
 * of the user's teams.
 *
 * - **Binary frames** carry Yjs data. The first varUint is the frame kind:
 *   - `FRAME_DOC` (both ways): team id, doc id, then one y-protocols message exactly as y-websocket frames it
 *     (varUint message type 0 = sync, 1 = awareness, then its payload). Used for the per-doc state-vector
 *     handshake and for awareness of open docs.
 *   - `FRAME_PUSH` (device → relay): a client-chosen reference number, team id, doc id, one Yjs update. The
 *     relay answers `ack` with the same `ref` only after the update is durably in its log, and stores a push
 *     that the same device re-sends with the same `ref` only once.
 *   - `FRAME_LOG` (relay → device): team id, then entries of (seq, doc id, update) in ascending `seq`. `seq`
 *     0 marks a whole doc state sent to a device that had nothing (not a log row).
 * - **Text frames** are JSON control frames (`ControlFrame` below), each with the protocol version `v`.
 *
 * The upgrade to `/sync` carries no credentials (at most `?v=<protocol version>`): URLs end up in proxy and
 * server logs. The device authenticates in its first frame instead, a `hello` with its access token. The
 * relay serves nothing before that hello is checked, refuses any other first frame, and closes a socket
 * whose hello does not arrive in time with `hello-timeout`.
 *
 * Doc ids are scoped by team: the pair (team id, doc id) names a doc, so a doc id says nothing about other
 * teams' docs.
 */

export const SYNC_PATH = '/sync';
/**
 * `/ws/doc/<teamId>/<docId>?token=<access token>`: plain y-websocket for one doc. Stock y-websocket clients
 * can only pass the token in the URL, so operators keep query strings of this path out of their logs.
 */
export const DOC_PATH_PREFIX = '/ws/doc/';

/** No frame, binary or text, may be larger than this; the relay closes the socket with `payload-too-large`. */
export const MAX_FRAME_BYTES = 8 * 1024 * 1024;
/**
 * No text frame a device sends may be larger than this; the relay closes the socket with
 * `payload-too-large`. Control frames are small, and the first one arrives before the device is known.
 */
export const MAX_CONTROL_FRAME_BYTES = 64 * 1024;
/** How many teams' cursors one `hello` may carry: far more than anyone belongs to. */
export const MAX_HELLO_TEAMS = 256;
/** The longest access token a `hello` may carry; ours are a few hundred characters. */
export const MAX_TOKEN_CHARS = 4096;
/** No single Yjs update may be larger than this; the relay refuses it with `doc-too-large`. */
export const MAX_UPDATE_BYTES = 4 * 1024 * 1024;
/** How many log rows the relay puts into one `FRAME_LOG` while a device catches up. */
export const CATCH_UP_BATCH_ROWS = 256;

export const FRAME_DOC = 0;
export const FRAME_PUSH = 1;
export const FRAME_LOG = 2;

/** y-protocols message types inside a `FRAME_DOC`, as y-websocket numbers them. */
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;

const idPattern = /^[A-Za-z0-9:_.-]{1,100}$/;
export const IdSchema = z.string().regex(idPattern, 'must be 1–100 letters, digits or : _ . -');

export function isValidId(value: string): boolean {
  return idPattern.test(value);
}

/**
 * A team id: an id that is not also a name every JavaScript object has (`__proto__`, `constructor`…), so a
 * team id can be a key of a parsed JSON object without reaching anything but that object's own entries.
 */
export const TeamIdSchema = IdSchema.refine(
  (id) => !(id in Object.prototype),
  'must not be a name JavaScript objects reserve',
);

export interface DocFrame {
  kind: typeof FRAME_DOC;
  teamId: string;
  docId: string;
  /** One y-protocols message, as y-websocket frames it. */
  message: Uint8Array;
}

export interface PushFrame {
  kind: typeof FRAME_PUSH;
  ref: number;
  teamId: string;
  docId: string;
  update: Uint8Array;
}

export interface LogEntry {
  /** The row's sequence number in the team's log, or 0 for a whole doc state outside the log. */
  seq: number;
  docId: string;
  update: Uint8Array;
}

export interface LogFrame {
  kind: typeof FRAME_LOG;
  teamId: string;
  entries: LogEntry[];
}

export type BinaryFrame = DocFrame | PushFrame | LogFrame;

export function encodeBinaryFrame(frame: BinaryFrame): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, frame.kind);
  switch (frame.kind) {
    case FRAME_DOC:
      encoding.writeVarString(encoder, frame.teamId);
      encoding.writeVarString(encoder, frame.docId);
      encoding.writeVarUint8Array(encoder, frame.message);
      break;
    case FRAME_PUSH:
      encoding.writeVarUint(encoder, frame.ref);
      encoding.writeVarString(encoder, frame.teamId);
      encoding.writeVarString(encoder, frame.docId);
      encoding.writeVarUint8Array(encoder, frame.update);
      break;
    case FRAME_LOG:
      encoding.writeVarString(encoder, frame.teamId);
      encoding.writeVarUint(encoder, frame.entries.length);
      for (const entry of frame.entries) {
        encoding.writeVarUint(encoder, entry.seq);
        encoding.writeVarString(encoder, entry.docId);
        encoding.writeVarUint8Array(encoder, entry.update);
      }
      break;
  }
  return encoding.toUint8Array(encoder);
}

/** Why a binary frame could not be decoded; the relay answers it with `malformed-frame`. */
export class FrameError extends Error {
  override name = 'FrameError';
}

function readId(decoder: decoding.Decoder, what: string): string {
  const value = decoding.readVarString(decoder);
  if (!isValidId(value)) throw new FrameError(`${what} is not a valid id`);
  return value;
}

/**
 * Decodes a binary frame. Throws `FrameError` for anything that is not exactly one well-formed frame:
 * unknown kinds, truncated fields, invalid ids, or bytes left over.
 */
export function decodeBinaryFrame(bytes: Uint8Array): BinaryFrame {
  const decoder = decoding.createDecoder(bytes);
  let frame: BinaryFrame;
  try {
    const kind = decoding.readVarUint(decoder);
    switch (kind) {
      case FRAME_DOC:
        frame = {
          kind,
          teamId: readId(decoder, 'team id'),
          docId: readId(decoder, 'doc id'),
          message: decoding.readVarUint8Array(decoder),
        };
        break;
      case FRAME_PUSH:
        frame = {
          kind,
          ref: decoding.readVarUint(decoder),
          teamId: readId(decoder, 'team id'),
          docId: readId(decoder, 'doc id'),
          update: decoding.readVarUint8Array(decoder),
        };
        break;
      case FRAME_LOG: {
        const teamId = readId(decoder, 'team id');
        const count = decoding.readVarUint(decoder);
        if (count > bytes.length) throw new FrameError('log frame announces more entries than it holds');
        const entries: LogEntry[] = [];
        for (let i = 0; i < count; i += 1) {
          entries.push({
            seq: decoding.readVarUint(decoder),
            docId: readId(decoder, 'doc id'),
            update: decoding.readVarUint8Array(decoder),
          });
        }
        frame = { kind, teamId, entries };
        break;
      }
      default:
        throw new FrameError(`unknown frame kind ${kind}`);
    }
  } catch (error) {
    if (error instanceof FrameError) throw error;
    throw new FrameError(`truncated or garbled frame: ${(error as Error).message}`);
  }
  if (decoding.hasContent(decoder)) throw new FrameError('bytes left over after the frame');
  return frame;
}

const v = z.number().int().positive();
const seq = z.number().int().nonnegative();

/**
 * What a device can handle beyond the protocol version, named in its `hello`. The relay sends a frame of a
 * feature only to devices that named it, so an app that predates a feature never receives its frames. A
 * name this side does not know is ignored, not refused: a newer app may name more.
 */
export const FEATURE_ERASURES = 'erasures';
const FeaturesSchema = z.array(z.string().max(40)).max(16);

/** Team id → a `seq` of its log, as a hello carries them. */
const teamSeqsSchema = () =>
  z
    // Checked on the raw object first: a record schema skips a `__proto__` key instead of refusing it.
    .custom<Record<string, unknown>>(
      (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
      'must be an object',
    )
    .check((ctx) => {
      const keys = Object.keys(ctx.value);
      if (keys.length > MAX_HELLO_TEAMS) {
        ctx.issues.push({
          code: 'custom',
          input: ctx.value,
          message: `must name at most ${MAX_HELLO_TEAMS} teams`,
        });
        return;
      }
      // The key itself is not echoed: it is the sender's text, and refusals are logged.
      if (!keys.every((key) => TeamIdSchema.safeParse(key).success)) {
        ctx.issues.push({ code: 'custom', input: ctx.value, message: 'every key must be a team id' });
      }
    })
    .pipe(z.record(TeamIdSchema, seq));

/**
 * Device → relay, the first frame after the socket opens and only then: who the device is (its access
 * token) and where it stands in each team's log.
 */
export const HelloSchema = z.object({
  v,
  type: z.literal('hello'),
  // An empty token is unauthenticated, not malformed: the relay says so like for any token it rejects.
  token: z.string().max(MAX_TOKEN_CHARS),
  /** Team id → the highest log `seq` this device has stored; a team missing here means 0. */
  cursors: teamSeqsSchema(),
  /** Features the device handles (`FEATURE_ERASURES`); missing means none. */
  features: FeaturesSchema.optional(),
  /**
   * Team id → the `seq` above which the device wants the team's erasures sent even where its cursor is
   * higher; only with `FEATURE_ERASURES`. A device whose app did not handle erasures before moved its
   * cursor past erasures it never learned of: it asks once from 0. A relay that predates this field
   * ignores it; a team missing here gets the erasures above its cursor.
   */
  erasuresSince: teamSeqsSchema().optional(),
});

/** Device → relay: a doc is open on screen, so send its awareness (who else is looking). */
export const OpenDocSchema = z.object({
  v,
  type: z.literal('open'),
  teamId: IdSchema,
  docId: IdSchema,
});
export const CloseDocSchema = z.object({
  v,
  type: z.literal('close'),
  teamId: IdSchema,
  docId: IdSchema,
});

/** How many earlier epochs of a team's log a welcome lists at most. */
export const EPOCH_HISTORY = 16;

/**
 * One team in the welcome. `epoch` names the current epoch of the team's log (a new one begins at every
 * relay start); `earlier` lists the epochs before it, newest first, each with the last `seq` it reached on
 * this relay. A device trusts its stored cursor only if it was stored under `epoch`, or under one of
 * `earlier` and not beyond its `last`, and is not above `latest`: anything else means the relay lost
 * entries the device had (a restored backup) and the device re-sends what it has. Relays before epochs
 * sent neither field.
 */
export const WelcomeTeamSchema = z.object({
  id: IdSchema,
  /** A name to show, given for the coordination log (`_koordination`); teams are named by the auth API. */
  name: z.string().max(200).optional(),
  latest: seq,
  epoch: IdSchema.optional(),
  earlier: z
    .array(z.object({ epoch: IdSchema, last: seq }))
    .max(EPOCH_HISTORY)
    .optional(),
});

/** Relay → device, answer to `hello`: the teams this socket carries. */
export const WelcomeSchema = z.object({
  v,
  type: z.literal('welcome'),
  teams: z.array(WelcomeTeamSchema),
});

/** Relay → device: everything up to `seq` has been sent; the device may set its cursor to `seq` once stored. */
export const CaughtUpSchema = z.object({
  v,
  type: z.literal('caught-up'),
  teamId: IdSchema,
  seq,
});

/**
 * Relay → device: the cursor is older than the team's compaction horizon. The device sends a sync step 1
 * (`FRAME_DOC`) for each listed doc, stores each step 2 it gets back, and only then sets its cursor to `seq`.
 */
export const ResyncSchema = z.object({
  v,
  type: z.literal('resync'),
  teamId: IdSchema,
  seq,
  docIds: z.array(IdSchema),
});

/**
 * Relay → device: the push `ref` is durably stored as `seq` of the team's log; drop it from the outbox. A
 * push re-sent with the same `ref` (its ack was lost) is not stored again: the relay answers the `seq` it
 * got the first time. A device therefore never reuses a `ref` for other content.
 */
export const AckSchema = z.object({
  v,
  type: z.literal('ack'),
  ref: seq,
  seq,
});

/**
 * Relay → device: one frame was refused but the socket stays open (for example a push to a team the user
 * is not in). Errors that end the session close the socket with the code's close code instead.
 */
export const ErrorFrameSchema = z.object({
  v,
  type: z.literal('error'),
  code: z.enum(ERROR_CODES as [string, ...string[]]),
  message: z.string(),
  ref: seq.optional(),
  teamId: IdSchema.optional(),
  docId: IdSchema.optional(),
});

/** How many erasures one `erased` frame carries at most. */
export const ERASED_BATCH = 256;

/** One erasure in a team's log (docs/architecture.md#data-lifecycle). */
export const ErasureEntrySchema = z.object({
  /** The erasure's own sequence number in the team's log. */
  seq: seq.min(1),
  docId: IdSchema,
  /** When the relay erased it, as an ISO timestamp. */
  erasedAt: z.iso.datetime(),
  /** `retention`: its retention period ended; `request`: the person asked for it (Art. 17 DSGVO). */
  reason: z.enum(['retention', 'request']),
});

/**
 * Relay → device, only to devices whose `hello` named `FEATURE_ERASURES`: docs of the team that were
 * erased, in ascending `seq`. The device deletes everything it holds of each (updates, summary, outbox,
 * pending edits, conflicts, attachments) and never sends a change to it again; the relay would refuse one
 * with `doc-erased`. Erasures are part of the catch-up: those with a `seq` above the device's cursor
 * arrive before `caught-up` (or `resync`), and later ones as they happen. The device advances its cursor
 * past an erasure only after it deleted the doc.
 */
export const ErasedSchema = z.object({
  v,
  type: z.literal('erased'),
  teamId: IdSchema,
  entries: z.array(ErasureEntrySchema).min(1).max(ERASED_BATCH),
});

export const ClientControlSchema = z.discriminatedUnion('type', [HelloSchema, OpenDocSchema, CloseDocSchema]);
export const RelayControlSchema = z.discriminatedUnion('type', [
  WelcomeSchema,
  CaughtUpSchema,
  ResyncSchema,
  AckSchema,
  ErrorFrameSchema,
  ErasedSchema,
]);

export type Hello = z.infer<typeof HelloSchema>;
export type WelcomeTeam = z.infer<typeof WelcomeTeamSchema>;
export type ClientControl = z.infer<typeof ClientControlSchema>;
export type RelayControl = z.infer<typeof RelayControlSchema>;
export type ErrorFrame = z.infer<typeof ErrorFrameSchema>;
export type ErasureEntry = z.infer<typeof ErasureEntrySchema>;

/** A control frame without its version. `Omit` on each member: on the union it would keep only `type`. */
export type Unversioned<T> = T extends unknown ? Omit<T, 'v'> : never;

/** A control frame as sent: the version is added here, so no caller forgets it. */
export function encodeControl(frame: Unversioned<ClientControl> | Unversioned<RelayControl>): string {
  return JSON.stringify({ v: PROTOCOL_VERSION, ...frame });
}

export type ParsedControl<T> =
  { ok: true; frame: T } | { ok: false; code: 'malformed-frame' | 'protocol-unsupported'; message: string };

/**
 * Parses a text frame against `schema`. A frame from a newer protocol version, or one older than `oldest`
 * when given, is reported as `protocol-unsupported`, anything else that does not fit as `malformed-frame`.
 */
export function parseControl<T>(
  text: string,
  schema: z.ZodType<T>,
  { oldest }: { oldest?: number } = {},
): ParsedControl<T> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, code: 'malformed-frame', message: 'control frame is not JSON' };
  }
  const version = (json as { v?: unknown } | null)?.v;
  if (typeof version === 'number' && version > PROTOCOL_VERSION) {
    return {
      ok: false,
      code: 'protocol-unsupported',
      message: `protocol version ${version} is newer than ${PROTOCOL_VERSION}`,
    };
  }
  if (oldest !== undefined && typeof version === 'number' && version < oldest) {
    return {
      ok: false,
      code: 'protocol-unsupported',
      message: `protocol version ${version} is older than ${oldest}, the oldest this side speaks`,
    };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      code: 'malformed-frame',
      message: `control frame: ${issue ? `${issue.path.join('.') || 'frame'}: ${issue.message}` : 'invalid'}`,
    };
  }
  return { ok: true, frame: parsed.data };
}
