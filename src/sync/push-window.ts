export interface PushLimits {
  /** How many pushes may await their ack at once. */
  maxInFlight: number;
  /** How many update bytes may await their ack at once; a single larger update still goes out alone. */
  maxBytesInFlight: number;
}

export const DEFAULT_PUSH_LIMITS: PushLimits = { maxInFlight: 64, maxBytesInFlight: 2 * 1024 * 1024 };

/** A push awaiting its answer. */
export interface InFlightPush {
  teamId: string;
  docId: string;
  update: Uint8Array;
  /** Whether the relay's log already sent this update back (it streams every append to every device). */
  echoed: boolean;
}

/**
 * The pushes of one connection: which outbox rows were sent and await their answer, and how far the outbox
 * has been read. Outbox ids only grow, so reading on after the last id seen finds every new row exactly
 * once: a row the relay refused stays in the outbox but is not offered again on this connection. A new
 * connection starts a new window and so sends again whatever was not acknowledged.
 */
export class PushWindow {
  readonly #limits: PushLimits;
  readonly #inFlight = new Map<number, InFlightPush>();
  #bytes = 0;
  #readUpTo = 0;

  constructor(limits: PushLimits = DEFAULT_PUSH_LIMITS) {
    this.#limits = limits;
  }

  /** The highest outbox id already handled (sent, refused or skipped). */
  get readUpTo(): number {
    return this.#readUpTo;
  }

  get inFlight(): number {
    return this.#inFlight.size;
  }

  get hasRoom(): boolean {
    return this.#inFlight.size < this.#limits.maxInFlight && this.#bytes < this.#limits.maxBytesInFlight;
  }

  /** Whether an update of `bytes` may go out now. */
  fits(bytes: number): boolean {
    if (this.#inFlight.size >= this.#limits.maxInFlight) return false;
    return this.#inFlight.size === 0 || this.#bytes + bytes <= this.#limits.maxBytesInFlight;
  }

  sent(id: number, push: Omit<InFlightPush, 'echoed'>): void {
    this.#inFlight.set(id, { ...push, echoed: false });
    this.#bytes += push.update.byteLength;
    this.#readUpTo = Math.max(this.#readUpTo, id);
  }

  /**
   * Whether `update` of `docId` is one of this connection's pushes coming back through the team's log before
   * its ack; marks it, so each push matches one echo at most.
   */
  claimEcho(teamId: string, docId: string, update: Uint8Array): boolean {
    for (const push of this.#inFlight.values()) {
      if (push.echoed || push.docId !== docId || push.teamId !== teamId) continue;
      if (sameBytes(push.update, update)) {
        push.echoed = true;
        return true;
      }
    }
    return false;
  }

  /** Row `id` will not be sent on this connection (unreadable, or too large to send at all). */
  skipped(id: number): void {
    this.#readUpTo = Math.max(this.#readUpTo, id);
  }

  /** The relay answered row `id` (ack or refusal). Returns the push, or `undefined` if none awaited it. */
  answered(id: number): InFlightPush | undefined {
    const push = this.#inFlight.get(id);
    if (push === undefined) return undefined;
    this.#inFlight.delete(id);
    this.#bytes -= push.update.byteLength;
    return push;
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let index = 0; index < a.byteLength; index += 1) if (a[index] !== b[index]) return false;
  return true;
}
