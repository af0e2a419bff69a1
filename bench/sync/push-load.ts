/**
 * Many devices pushing at once: each device has its own socket and account, works on a few cases of its
 * team and adds a sentence to a contact note at a steady rate. Edits wait in a per-device outbox and at
 * most `maxInFlight` of them are unacknowledged at a time, as the app's outbox would push them. Measured:
 * acknowledged updates per second, the time from push to ack, and the CPU both processes used.
 */
import { performance } from 'node:perf_hooks';
import type * as Y from 'yjs';
import { Random } from '../seed-random.ts';
import { SyncSocket, within } from '../../tests/support/sync-socket.ts';
import { editContactNote, replicaOf } from './edits.ts';

export interface PushDevice {
  deviceId: string;
  teamId: string;
  token: string;
  /** The seeded states of the cases this device works on. */
  docs: Map<string, Uint8Array>;
  /** The relay instance this device connects to, when not the one `runPushLoad` is given. */
  wsUrl?: string;
}

export interface PushLoadOptions {
  durationMs: number;
  /** Edits per second each device makes. */
  ratePerDevice: number;
  maxInFlight: number;
  /**
   * Edits still in the outboxes when the window closes are dropped instead of sent (a load past what the
   * relay takes would otherwise leave minutes of backlog); default false.
   */
  dropBacklog?: boolean;
  /**
   * Decode every log frame the devices receive and record when each entry arrived, for the delivery time
   * between devices on different relay instances (`deliveryMs`); otherwise frames are only counted.
   */
  trackDelivery?: boolean;
}

export interface PushLoadResult {
  devices: number;
  offered: number;
  /** Acks that arrived within the measured window. */
  ackedInWindow: number;
  /** All acks, including those for edits still in flight when the window closed. */
  ackedTotal: number;
  /** Edits still waiting in an outbox (never sent) when the window closed. */
  backlogAtEnd: number;
  windowMs: number;
  latencies: number[];
  /** Log frames the devices received (their own updates and their teammates'). */
  framesReceived: number;
  clientCpuMs: number;
  /** Share of the window this process's event loop was busy (1 = never idle). */
  clientEventLoop: number;
  /**
   * With `trackDelivery`: for each update pushed in the window and each device of its team on another
   * instance, the time from sending the push until that device received the entry.
   */
  deliveryMs: number[];
}

/** Where and when a pushed update left its device, by team and seq (`trackDelivery`). */
type Sent = Map<string, { sentAt: number; wsUrl: string }>;
const entryKey = (teamId: string, seq: number) => `${teamId}\0${seq}`;

class Pusher {
  readonly #socket: SyncSocket;
  readonly #device: PushDevice;
  readonly #replicas: Y.Doc[];
  readonly #rng: Random;
  readonly #outbox: { docId: string; update: Uint8Array }[] = [];
  readonly #ids: string[];
  #inFlight = 0;
  #timer: NodeJS.Timeout | undefined;
  error: Error | undefined;

  constructor(
    socket: SyncSocket,
    device: PushDevice,
    seed: number,
    readonly options: PushLoadOptions,
    readonly stats: {
      offered: number;
      ackedInWindow: number;
      ackedTotal: number;
      latencies: number[];
      open: boolean;
    },
    readonly sent?: Sent,
    readonly wsUrl = '',
  ) {
    this.#socket = socket;
    this.#device = device;
    this.#ids = [...device.docs.keys()];
    this.#replicas = this.#ids.map((id) => replicaOf(device.docs.get(id)!));
    this.#rng = new Random(seed);
  }

  get socket(): SyncSocket {
    return this.#socket;
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  get backlog(): number {
    return this.#outbox.length;
  }

  /**
   * Starts editing after `delayMs`, so that the devices' ticks spread over the interval. A late timer makes
   * up for the edits that fell due meanwhile, so that the offered rate stays the nominal one as long as this
   * process keeps up at all.
   */
  start(delayMs: number): void {
    const interval = 1000 / this.options.ratePerDevice;
    this.#timer = setTimeout(() => {
      const started = performance.now();
      let made = 0;
      const tick = () => {
        const due = Math.floor((performance.now() - started) / interval) + 1;
        for (; made < due; made += 1) this.#edit();
      };
      tick();
      this.#timer = setInterval(tick, interval);
    }, delayMs);
  }

  stop(): void {
    clearTimeout(this.#timer);
    clearInterval(this.#timer);
  }

  dropBacklog(): void {
    this.#outbox.splice(0);
  }

  #edit(): void {
    const index = this.#rng.int(0, this.#replicas.length - 1);
    const update = editContactNote(this.#replicas[index]!, this.#rng, this.#device.deviceId);
    this.stats.offered += 1;
    this.#outbox.push({ docId: this.#ids[index]!, update });
    this.#pump();
  }

  #pump(): void {
    while (this.#inFlight < this.options.maxInFlight && this.#outbox.length > 0 && !this.error) {
      const { docId, update } = this.#outbox.shift()!;
      this.#inFlight += 1;
      this.#socket.push(this.#device.teamId, docId, update).then(
        ({ seq, ms }) => {
          this.#inFlight -= 1;
          this.stats.ackedTotal += 1;
          if (this.stats.open) {
            this.stats.ackedInWindow += 1;
            this.stats.latencies.push(ms);
            this.sent?.set(entryKey(this.#device.teamId, seq), {
              sentAt: performance.now() - ms,
              wsUrl: this.wsUrl,
            });
          }
          this.#pump();
        },
        (error: Error) => {
          this.#inFlight -= 1;
          this.error ??= error;
        },
      );
    }
  }
}

/**
 * Connects every device (hello at `cursors[team]`), calls `hooks.connected`, runs the push load for the
 * window, lets the outboxes drain, calls `hooks.drained` (sockets still open) and closes every socket.
 */
export async function runPushLoad(
  wsUrl: string,
  devices: PushDevice[],
  cursors: Record<string, number>,
  options: PushLoadOptions,
  hooks: { connected: () => Promise<void>; drained: () => Promise<void> },
): Promise<PushLoadResult> {
  const stats = { offered: 0, ackedInWindow: 0, ackedTotal: 0, latencies: [] as number[], open: false };
  const pushers: Pusher[] = [];
  let framesReceived = 0;
  const sent: Sent | undefined = options.trackDelivery ? new Map() : undefined;
  const received: { key: string; at: number; wsUrl: string }[] = [];
  try {
    // Connect in groups, as devices coming online over a minute would, not all in one burst.
    for (let i = 0; i < devices.length; i += 20) {
      const group = devices.slice(i, i + 20);
      const opened: SyncSocket[] = [];
      const connected = await Promise.allSettled(
        group.map(async (device) => {
          const socket = await SyncSocket.open(device.wsUrl ?? wsUrl, device.token);
          opened.push(socket);
          const caughtUp = socket.waitFor(
            'caught-up',
            (f) => f.teamId === device.teamId,
            30_000,
            `caught-up of ${device.deviceId}`,
          );
          socket.hello({ [device.teamId]: cursors[device.teamId] ?? 0 });
          await caughtUp;
          if (sent === undefined) {
            socket.onRawBinary = () => (framesReceived += 1);
          } else {
            socket.onLog = (frame) => {
              framesReceived += 1;
              const at = performance.now();
              for (const entry of frame.entries) {
                received.push({ key: entryKey(frame.teamId, entry.seq), at, wsUrl: device.wsUrl ?? wsUrl });
              }
            };
          }
          return socket;
        }),
      );
      const failed = connected.find((outcome) => outcome.status === 'rejected');
      if (failed) {
        await Promise.all(opened.map((socket) => socket.close()));
        throw failed.reason;
      }
      connected.forEach((outcome, k) => {
        const socket = (outcome as PromiseFulfilledResult<SyncSocket>).value;
        const device = group[k]!;
        pushers.push(new Pusher(socket, device, 1000 + i + k, options, stats, sent, device.wsUrl ?? wsUrl));
      });
    }
    await hooks.connected();

    const cpuStart = process.cpuUsage();
    const loopStart = performance.eventLoopUtilization();
    const started = performance.now();
    stats.open = true;
    const spread = 1000 / options.ratePerDevice;
    pushers.forEach((pusher, i) => pusher.start((i / pushers.length) * spread));
    await within(
      new Promise<void>((resolve, reject) => {
        const check = setInterval(() => {
          const failed = pushers.find((pusher) => pusher.error);
          if (failed) {
            clearInterval(check);
            reject(failed.error!);
          } else if (performance.now() - started >= options.durationMs) {
            clearInterval(check);
            resolve();
          }
        }, 100);
      }),
      options.durationMs + 10_000,
      'the push load window',
    );
    for (const pusher of pushers) pusher.stop();
    stats.open = false;
    const windowMs = performance.now() - started;
    const clientCpu = process.cpuUsage(cpuStart);
    const clientLoop = performance.eventLoopUtilization(loopStart);
    const backlogAtEnd = pushers.reduce((sum, pusher) => sum + pusher.backlog, 0);
    if (options.dropBacklog) for (const pusher of pushers) pusher.dropBacklog();
    // Let what is in flight (and queued) drain, so that the relay is idle when its memory is read.
    await within(
      new Promise<void>((resolve) => {
        const check = setInterval(() => {
          if (pushers.every((pusher) => pusher.inFlight === 0 && (pusher.backlog === 0 || pusher.error))) {
            clearInterval(check);
            resolve();
          }
        }, 50);
      }),
      60_000,
      () => `draining the outboxes (${pushers.reduce((sum, p) => sum + p.inFlight, 0)} in flight)`,
    );
    const failed = pushers.find((pusher) => pusher.error);
    if (failed) throw failed.error!;
    await hooks.drained();
    return {
      devices: pushers.length,
      offered: stats.offered,
      ackedInWindow: stats.ackedInWindow,
      ackedTotal: stats.ackedTotal,
      backlogAtEnd,
      windowMs,
      latencies: stats.latencies,
      framesReceived,
      clientCpuMs: (clientCpu.user + clientCpu.system) / 1000,
      clientEventLoop: clientLoop.utilization,
      deliveryMs: received.flatMap(({ key, at, wsUrl: to }) => {
        const push = sent?.get(key);
        return push === undefined || push.wsUrl === to ? [] : [at - push.sentAt];
      }),
    };
  } finally {
    for (const pusher of pushers) pusher.stop();
    await Promise.all(pushers.map((pusher) => pusher.socket.close()));
  }
}
