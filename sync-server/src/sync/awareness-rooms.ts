import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { FrameError } from '../../../src/protocol/sync.ts';
import { awarenessMessage } from '../../../src/protocol/doc-message.ts';

/** A socket that takes part in a doc's awareness (who else has the doc open, where their cursor is). */
export interface AwarenessPeer {
  /** Sends one awareness message (y-websocket framing) about the doc. */
  sendAwareness(teamId: string, docId: string, message: Uint8Array): void;
}

interface Room {
  readonly teamId: string;
  readonly docId: string;
  readonly awareness: awarenessProtocol.Awareness;
  /** Each peer and the awareness client ids whose states it sent, so they can be removed when it leaves. */
  readonly peers: Map<AwarenessPeer, Set<number>>;
}

/**
 * Awareness per doc, shared by device sockets that have the doc `open` and `/ws/doc` sockets of the doc.
 * Awareness is never stored: a room lives while it has peers. The relay keeps the states so that a peer
 * joining late sees who is there, and so that a peer's states disappear for the others when its socket
 * goes away without saying goodbye.
 */
export class AwarenessRooms {
  readonly #rooms = new Map<string, Room>();

  /**
   * Adds `peer` to the doc's room. Returns an awareness message with every state known, or `undefined`
   * when nobody else is there.
   */
  join(key: string, teamId: string, docId: string, peer: AwarenessPeer): Uint8Array | undefined {
    const room = this.#rooms.get(key) ?? this.#open(key, teamId, docId);
    if (!room.peers.has(peer)) room.peers.set(peer, new Set());
    return this.snapshot(key);
  }

  /** An awareness message with every state of the room, or `undefined` if there is none. */
  snapshot(key: string): Uint8Array | undefined {
    const room = this.#rooms.get(key);
    const clients = room ? [...room.awareness.getStates().keys()] : [];
    if (!room || clients.length === 0) return undefined;
    return awarenessMessage(awarenessProtocol.encodeAwarenessUpdate(room.awareness, clients));
  }

  /**
   * Applies an awareness update from `peer` (which joins the room if it had not) and forwards the change to
   * every other peer of the room. Throws `FrameError` when the update does not decode.
   */
  apply(key: string, teamId: string, docId: string, peer: AwarenessPeer, update: Uint8Array): void {
    const room = this.#rooms.get(key) ?? this.#open(key, teamId, docId);
    if (!room.peers.has(peer)) room.peers.set(peer, new Set());
    try {
      awarenessProtocol.applyAwarenessUpdate(room.awareness, update, peer);
    } catch (error) {
      if (room.peers.size === 1 && room.awareness.getStates().size === 0) this.leave(key, peer);
      throw new FrameError(`awareness update does not decode: ${(error as Error).message}`);
    }
  }

  /** Removes `peer` from the room; the states it controlled are removed for everyone else. */
  leave(key: string, peer: AwarenessPeer): void {
    const room = this.#rooms.get(key);
    const controlled = room?.peers.get(peer);
    if (!room || !controlled) return;
    room.peers.delete(peer);
    if (controlled.size > 0) awarenessProtocol.removeAwarenessStates(room.awareness, [...controlled], null);
    if (room.peers.size === 0) {
      this.#rooms.delete(key);
      room.awareness.destroy();
    }
  }

  get size(): number {
    return this.#rooms.size;
  }

  close(): void {
    for (const room of this.#rooms.values()) room.awareness.destroy();
    this.#rooms.clear();
  }

  #open(key: string, teamId: string, docId: string): Room {
    // The awareness needs a Y.Doc only for a client id of its own; it never touches the doc's content.
    const awareness = new awarenessProtocol.Awareness(new Y.Doc());
    awareness.setLocalState(null);
    const room: Room = { teamId, docId, awareness, peers: new Map() };
    awareness.on(
      'update',
      (
        { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
        origin: unknown,
      ) => {
        const controlled = room.peers.get(origin as AwarenessPeer);
        if (controlled) {
          for (const client of [...added, ...updated]) controlled.add(client);
          for (const client of removed) controlled.delete(client);
        }
        const changed = [...added, ...updated, ...removed];
        if (changed.length === 0) return;
        const message = awarenessMessage(awarenessProtocol.encodeAwarenessUpdate(awareness, changed));
        for (const peer of room.peers.keys()) {
          if (peer !== origin) peer.sendAwareness(teamId, docId, message);
        }
      },
    );
    this.#rooms.set(key, room);
    return room;
  }
}
