import { FrameError } from '../../../src/protocol/sync.ts';
import type { AwarenessPeer } from './awareness-rooms.ts';
import type { Connection } from './connection.ts';
import { toBytes } from './device-socket.ts';
import { docKey } from './doc-key.ts';
import {
  readDocMessage,
  syncStep1Message,
  syncStep2Message,
  updateMessage,
} from '../../../src/protocol/doc-message.ts';
import { isSyncError } from './sync-error.ts';
import type { SyncCore } from './sync-core.ts';

/**
 * Serves `/ws/doc/<teamId>/<docId>`: the plain y-websocket protocol for one doc
 * (docs/architecture.md#y-websocket-compatibility), so that a stock `WebsocketProvider` syncs it. Updates go
 * through the same sync core as the device socket's, so they are logged durably and reach the team's device
 * sockets as log frames.
 *
 * y-websocket has no error frames: input the relay refuses (an update that is too large or does not decode)
 * closes the socket with the code's close code, which the stock provider treats as final.
 */
export function serveDocSocket(conn: Connection, core: SyncCore, teamId: string, docId: string): void {
  const key = docKey(teamId, docId);
  const peer: AwarenessPeer = { sendAwareness: (_team, _doc, message) => conn.send(message) };
  const release = core.docs.hold(key);
  const unsubscribe = core.hub.subscribeDoc(key, (entry) => {
    if (entry.kind === 'erasure') {
      // y-websocket has no frame for it: the socket closes with the code, which the provider treats as final.
      conn.close('doc-erased', 'The case was erased.');
      return;
    }
    conn.noteFetched(teamId, docId);
    conn.send(updateMessage(entry.update));
  });
  core.awareness.join(key, teamId, docId, peer);

  const fail = (error: unknown): void => {
    if (error instanceof FrameError) conn.close('malformed-frame', error.message);
    else if (isSyncError(error)) conn.close(error.code, error.message);
    else {
      conn.log.error({ err: error }, 'doc socket failed');
      conn.close('internal', 'internal error');
    }
  };

  // Messages are handled one after the other, each after the doc's stored state is in memory: a sync step 1
  // is answered only from the whole stored doc (docs/architecture.md#relay-storage-contract).
  let queue: Promise<void> = core.docs
    .get(key)
    .then((doc) => {
      conn.send(syncStep1Message(doc));
      const snapshot = core.awareness.snapshot(key);
      if (snapshot) conn.send(snapshot);
    })
    .catch(fail);

  conn.ws.on('message', (data, isBinary) => {
    conn.framesIn += 1;
    if (!conn.open) return;
    if (!isBinary) {
      conn.close('malformed-frame', 'y-websocket messages are binary');
      return;
    }
    const bytes = toBytes(data);
    queue = queue
      .then(async () => {
        // Access taken away while the socket is open (../auth/access-events.ts) refuses from that moment.
        if (!conn.open || !conn.mayUse(teamId)) return;
        const message = readDocMessage(bytes);
        switch (message.type) {
          case 'sync-step-1': {
            const doc = await core.docs.get(key);
            conn.noteFetched(teamId, docId);
            conn.send(syncStep2Message(doc, message.stateVector));
            break;
          }
          case 'sync-step-2':
          case 'update': {
            const { seq } = await core.accept(conn.principal, teamId, docId, message.update.slice(), {
              skipIfKnown: true,
            });
            if (seq !== null) conn.noteChanged(teamId, docId);
            break;
          }
          case 'awareness':
            core.awareness.apply(key, teamId, docId, peer, message.update);
            break;
          case 'query-awareness': {
            const snapshot = core.awareness.snapshot(key);
            if (snapshot) conn.send(snapshot);
            break;
          }
        }
      })
      .catch(fail);
  });

  conn.ws.once('close', (code, reason) => {
    unsubscribe();
    release();
    core.awareness.leave(key, peer);
    conn.logDisconnect(code, reason.toString());
  });
}
