/**
 * A fresh device gets every doc of its team: through the device socket (hello with no cursor, log frames
 * until `caught-up`), against the stock y-websocket client on `/ws/doc`, one socket per doc. Both end with
 * a live Y.Doc per case, checked against the seeded state.
 */
import { PerformanceObserver } from 'node:perf_hooks';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { DOC_PATH_PREFIX } from '../../src/protocol/sync.ts';
import { SYNC_ORIGIN } from '../../src/protocol/origin.ts';
import { SyncSocket, within, type Traffic } from '../../tests/support/sync-socket.ts';
import { hasState } from './edits.ts';

export interface DeviceLoad {
  ms: number;
  docs: Map<string, Y.Doc>;
  cursor: number;
  entries: number;
  frames: number;
  traffic: Traffic;
  /** Time spent handling received frames: decoding and validating them, applying updates. */
  clientReceiveMs: number;
  /** Of that, building the Y.Docs: the transactions that apply the updates. */
  applyMs: number;
  /** Garbage collection in this process meanwhile (it pauses everything else on the thread). */
  gcMs: number;
}

/** Sums this process's GC pauses from now until the returned function is called. */
function watchGc(): () => Promise<number> {
  let total = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) total += entry.duration;
  });
  observer.observe({ entryTypes: ['gc'] });
  return async () => {
    // GC entries are delivered asynchronously; one turn of the event loop lets the last ones arrive.
    await new Promise((resolve) => setImmediate(resolve));
    observer.disconnect();
    return total;
  };
}

/**
 * Loads every doc of `teamId` through `/sync`, applying each log entry to a Y.Doc per doc. With `apply`
 * false the entries are only received and decoded: what the transfer alone costs.
 */
export async function loadThroughDeviceSocket(
  wsUrl: string,
  token: string,
  teamId: string,
  { apply = true, timeoutMs = 60_000 }: { apply?: boolean; timeoutMs?: number } = {},
): Promise<DeviceLoad> {
  const docs = new Map<string, Y.Doc>();
  let entries = 0;
  let frames = 0;
  let applyMs = 0;
  const gc = watchGc();
  const started = performance.now();
  const device = await SyncSocket.open(wsUrl, token);
  try {
    device.onLog = (frame) => {
      if (frame.teamId !== teamId) throw new Error(`a log frame for team ${frame.teamId}, not ${teamId}`);
      frames += 1;
      if (!apply) {
        entries += frame.entries.length;
        return;
      }
      // As the app's engine does: a frame's updates grouped by doc, each doc's applied in one transaction.
      const byDoc = new Map<string, Uint8Array[]>();
      for (const entry of frame.entries) {
        const list = byDoc.get(entry.docId);
        if (list) list.push(entry.update);
        else byDoc.set(entry.docId, [entry.update]);
      }
      const applyStart = performance.now();
      for (const [docId, updates] of byDoc) {
        let doc = docs.get(docId);
        if (!doc) {
          doc = new Y.Doc({ guid: docId });
          docs.set(docId, doc);
        }
        Y.transact(
          doc,
          () => updates.forEach((update) => Y.applyUpdate(doc, update, SYNC_ORIGIN)),
          SYNC_ORIGIN,
        );
      }
      applyMs += performance.now() - applyStart;
      entries += frame.entries.length;
    };
    const caughtUp = device.waitFor(
      'caught-up',
      (frame) => frame.teamId === teamId,
      timeoutMs,
      `caught-up for team ${teamId} on a fresh device`,
    );
    device.hello({});
    const { seq } = await caughtUp;
    const ms = performance.now() - started;
    return {
      gcMs: await gc(),
      ms,
      docs,
      cursor: seq,
      entries,
      frames,
      traffic: device.traffic(),
      clientReceiveMs: device.receiveMs,
      applyMs,
    };
  } finally {
    await device.close();
    await gc();
  }
}

/**
 * Syncs one doc with the stock `WebsocketProvider` until its `sync` event, then destroys the provider and
 * waits for its socket to close.
 */
async function syncOneDoc(wsUrl: string, token: string, teamId: string, docId: string): Promise<Y.Doc> {
  const doc = new Y.Doc({ guid: docId });
  const provider = new WebsocketProvider(`${wsUrl}${DOC_PATH_PREFIX}${teamId}`, docId, doc, {
    params: { token },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  let lastClose = 'none';
  provider.on('connection-close', (event) => {
    lastClose = event ? `${event.code} ${event.reason}` : 'closed';
  });
  try {
    await within(
      new Promise<void>((resolve) => {
        if (provider.synced) resolve();
        provider.on('sync', (synced: boolean) => synced && resolve());
      }),
      15_000,
      `y-websocket sync of ${teamId}/${docId} (last close: ${lastClose})`,
    );
  } finally {
    const closed = new Promise<void>((resolve) => {
      const ws = provider.ws;
      if (!ws || ws.readyState === ws.CLOSED) resolve();
      else ws.addEventListener('close', () => resolve());
    });
    provider.destroy();
    // The provider leaves its awareness (and that one's 3 s timer) alive; a page leaving the doc ends it.
    provider.awareness.destroy();
    await within(closed, 5_000, `closing the y-websocket of ${docId}`).catch(() => {});
  }
  return doc;
}

/** The baseline: every doc through `/ws/doc`, one stock provider per doc, `concurrency` at a time. */
export async function loadThroughYWebsocket(
  wsUrl: string,
  token: string,
  teamId: string,
  docIds: readonly string[],
  concurrency = 8,
): Promise<{ ms: number; docs: Map<string, Y.Doc> }> {
  const docs = new Map<string, Y.Doc>();
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < docIds.length) {
      const docId = docIds[next++]!;
      docs.set(docId, await syncOneDoc(wsUrl, token, teamId, docId));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { ms: performance.now() - started, docs };
}

/** Throws unless `docs` holds every expected doc, each in exactly its expected state. */
export function checkLoaded(
  what: string,
  docs: Map<string, Y.Doc>,
  expected: Map<string, Map<number, number>>,
): void {
  const missing = [...expected.keys()].filter((id) => !docs.has(id));
  const wrong = [...expected].filter(([id, state]) => docs.has(id) && !hasState(docs.get(id)!, state));
  if (missing.length > 0 || wrong.length > 0 || docs.size !== expected.size) {
    throw new Error(
      `${what}: ${docs.size} docs loaded, ${missing.length} of ${expected.size} missing, ${wrong.length} in a wrong state` +
        (wrong.length > 0 ? ` (first: ${wrong[0]![0]})` : ''),
    );
  }
}
