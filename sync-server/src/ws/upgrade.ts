import type { IncomingMessage } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { ERRORS, type ErrorBody, type ErrorCode } from '../../../src/protocol/errors.ts';
import { PROTOCOL_VERSION } from '../../../src/protocol/health.ts';
import { DOC_PATH_PREFIX, isValidId, MAX_FRAME_BYTES, SYNC_PATH } from '../../../src/protocol/sync.ts';
import { isAuthError } from '../auth/auth-error.ts';
import { resolvePrincipal, type Principal } from '../auth/principal.ts';
import type { RelayContext } from '../relay-context.ts';
import { Connection, ENDPOINT_PATHS } from '../sync/connection.ts';
import { serveDeviceSocket } from '../sync/device-socket.ts';
import { serveDocSocket } from '../sync/doc-socket.ts';
import { roleRefusal, servedLogs } from '../sync/served-logs.ts';
import { SyncCore, type SyncCoreOptions } from '../sync/sync-core.ts';
import { awaitHello, type FirstFrame } from './first-frame.ts';
import { RelaySocket } from './relay-socket.ts';
import { startAccessSweep } from './access-sweep.ts';
import { SocketRegistry } from './socket-registry.ts';

/** The device socket: one per device, carrying frames for many docs. */
export const DEVICE_SYNC_PATH = SYNC_PATH;
/** The per-doc y-websocket endpoint: `/ws/doc/<teamId>/<docId>`. */
export const DOC_SYNC_PREFIX = DOC_PATH_PREFIX;

/** How long shutdown waits for sockets to answer the 1001 close before it cuts them. */
const CLOSE_GRACE_MS = 1_000;

const UNAVAILABLE_MESSAGES = {
  'shutting-down': 'The relay is shutting down.',
  'storage-unavailable': 'The relay lost its database; try again later.',
} as const;

/**
 * Refuses an upgrade before any WebSocket handshake, with an ordinary HTTP answer. Clients see the status
 * and our stable error code in the body.
 */
export function refuseUpgrade(socket: Duplex, code: ErrorCode, message: string): void {
  const status = ERRORS[code].http;
  const body = JSON.stringify({ error: code, message } satisfies ErrorBody);
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n` +
      'Connection: close\r\n' +
      'Content-Type: application/json; charset=utf-8\r\n' +
      'Cache-Control: no-store\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

class Refusal extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Whom the refused token belonged to, when it was a valid token of ours. */
    readonly who?: { userId: string; deviceId: string; login?: string },
  ) {
    super(message);
  }
}

type Target = { endpoint: 'device' } | { endpoint: 'doc'; teamId: string; docId: string };

/** What an upgrade asks for, from its path; `undefined` for a path that is no sync endpoint. */
function targetOf(pathname: string): Target | Refusal | undefined {
  if (pathname === SYNC_PATH) return { endpoint: 'device' };
  if (!pathname.startsWith(DOC_PATH_PREFIX)) return undefined;
  const [teamId, docId, ...rest] = pathname.slice(DOC_PATH_PREFIX.length).split('/');
  if (
    teamId === undefined ||
    docId === undefined ||
    rest.length > 0 ||
    !isValidId(teamId) ||
    !isValidId(docId)
  ) {
    return new Refusal('bad-request', `Use ${DOC_PATH_PREFIX}<teamId>/<docId> with valid ids.`);
  }
  return { endpoint: 'doc', teamId, docId };
}

function checkVersion(value: string | null): void {
  if (value === null) return;
  if (!/^[1-9]\d{0,8}$/.test(value)) throw new Refusal('bad-request', 'v must be a protocol version number.');
  if (Number(value) > PROTOCOL_VERSION) {
    throw new Refusal(
      'protocol-unsupported',
      `Protocol version ${value} is newer than this relay's ${PROTOCOL_VERSION}.`,
    );
  }
}

/** The relay's WebSocket side: the upgrade handler, plus what shutdown and tests need. */
export interface UpgradeHandler {
  (request: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** The shared per-doc sync core behind both endpoints. */
  readonly core: SyncCore;
  /** How many sync sockets are open. */
  readonly openSockets: () => number;
  /** Closes the device's sockets with `device-revoked`; resolves how many were open. */
  closeDevice(deviceId: string): number;
  /**
   * Closes every sync socket, those still waiting for their hello too, with `storage-unavailable`: the
   * devices reconnect with backoff, to this instance once its database is back or to another one.
   */
  closeForLostDatabase(): void;
  /** Closes every sync socket with 1001 and waits for appends in flight. The store stays open. */
  close(): Promise<void>;
}

/**
 * Routes WebSocket upgrades to the two sync endpoints (src/protocol/sync.ts):
 * - `/sync?v=<protocol version>`: the device socket, which authenticates in its first frame;
 * - `/ws/doc/<teamId>/<docId>?token=<access token>`: plain y-websocket for one doc.
 *
 * Every check happens before anything is served: the path, the protocol version, the token (with its user
 * and device), the role (case managers get their teams' logs, coordination only the coordination log,
 * admins nothing; ../sync/served-logs.ts) and, for one doc, membership of its team.
 * Any other path is `not-found`, and upgrades while the relay shuts down are `shutting-down`, both over HTTP.
 * The per-doc endpoint refuses over HTTP with our stable code too: stock y-websocket clients just retry
 * whatever they get, and they can only send the token in the URL. The device socket is our app's, which
 * runs in a browser that cannot read an HTTP answer to an upgrade; so `/sync` accepts the handshake, waits
 * for the `hello` with the token (./first-frame.ts), and refuses a version, hello, token, user, device or
 * role by closing with the code's close code and the code as reason.
 */
export function createUpgradeHandler(
  context: RelayContext,
  options: Partial<SyncCoreOptions> = {},
): UpgradeHandler {
  const { log, store, tokens, audit, access } = context;
  /** Why no socket is served now, if so: the relay shuts down, or waits for its database to come back. */
  const unavailable = (): 'shutting-down' | 'storage-unavailable' | undefined =>
    context.isShuttingDown() ? 'shutting-down' : context.isDatabaseLost() ? 'storage-unavailable' : undefined;
  const core = new SyncCore(store, log, { appendBatch: context.config.appendBatch, ...options });
  const registry = new SocketRegistry(log);
  // Access changes close the sockets they concern: those published on this relay at once, those written
  // to the store by others (the admin CLI) when the sweep finds them.
  const unsubscribeAccess = access.subscribe((change) => registry.apply(change));
  const sweep = startAccessSweep(store, log, access, registry, context.config.accessSweepMs);
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, WebSocket: RelaySocket });

  /** Device sockets accepted but not yet past their hello: shutdown closes them too. */
  const awaitingHello = new Set<RelaySocket>();

  /** The checks after the path and the protocol version: token with its user and device, role, team. */
  const admit = async (token: string | null, target: Target): Promise<Principal> => {
    let principal: Principal;
    try {
      principal = await resolvePrincipal(store, tokens, token);
    } catch (error) {
      if (isAuthError(error)) throw new Refusal(error.code, error.message, error.who);
      throw error;
    }
    const who = { userId: principal.userId, deviceId: principal.deviceId, login: principal.login };
    // Case managers sync their teams' logs, coordination the coordination log, admins nothing
    // (../sync/served-logs.ts).
    if (principal.role === 'admin') {
      throw new Refusal('forbidden', 'Only case managers and coordination sync.', who);
    }
    if (target.endpoint === 'doc') {
      const byRole = roleRefusal(principal, target.teamId, target.docId);
      if (byRole) throw new Refusal(byRole.code, byRole.message, who);
      // The same answer whether or not the team has a doc of that id: the refusal reveals nothing about it.
      if (!servedLogs(principal).has(target.teamId)) {
        throw new Refusal('not-in-team', 'You are not a member of this team.', who);
      }
    }
    return principal;
  };

  /**
   * Every refused upgrade or hello goes to the audit log, with whom and what it asked for as far as known.
   * `stage` says when: at the upgrade, or at the device socket's first frame.
   */
  const auditRefusal = (
    pathname: string,
    target: Target | undefined,
    code: ErrorCode,
    address: string | undefined,
    who?: Refusal['who'],
    stage: 'upgrade' | 'hello' = 'upgrade',
  ): void => {
    audit.record({
      kind: 'access-refused',
      userId: who?.userId ?? null,
      deviceId: who?.deviceId ?? null,
      login: who?.login ?? null,
      teamId: target?.endpoint === 'doc' ? target.teamId : null,
      docId: target?.endpoint === 'doc' ? target.docId : null,
      code,
      address: address ?? null,
      detail: {
        endpoint: pathname.startsWith(DOC_PATH_PREFIX) ? ENDPOINT_PATHS.doc : ENDPOINT_PATHS.device,
        stage,
      },
    });
  };

  const start = (
    ws: RelaySocket,
    target: Target,
    principal: Principal,
    first?: Extract<FirstFrame, { kind: 'hello' }>,
  ): void => {
    const docTeamId = target.endpoint === 'doc' ? target.teamId : undefined;
    const conn = new Connection(ws, principal, target.endpoint, log, audit, docTeamId);
    registry.add(ws, conn);
    store
      .markDeviceSeen(principal.deviceId, Date.now())
      .catch((error: unknown) => log.error({ err: error }, 'recording when a device was seen failed'));
    ws.on('error', (error: Error & { code?: string }) =>
      log.warn(
        { err: error, code: error.code, userId: principal.userId, deviceId: principal.deviceId },
        'sync socket error',
      ),
    );
    conn.log.info({ teams: principal.teamIds.size }, 'sync socket connected');
    if (target.endpoint === 'device' && first) serveDeviceSocket(conn, core, first.hello, first.held);
    else if (target.endpoint === 'doc') serveDocSocket(conn, core, target.teamId, target.docId);
  };

  /**
   * Closes an accepted socket with the refusal's close code and the code as reason: a browser's WebSocket
   * cannot read an HTTP answer to its upgrade, but it can read a close code. The socket has served no frames
   * and is not counted among the open sync sockets.
   */
  const closeAccepted = (ws: RelaySocket, code: ErrorCode): void => {
    // A peer that does not answer the close frame is cut instead of being waited for.
    const cut = setTimeout(() => ws.terminate(), CLOSE_GRACE_MS);
    cut.unref();
    ws.once('close', () => clearTimeout(cut));
    ws.close(ERRORS[code].ws, code);
  };

  /** Completes the handshake only to close the socket at once (see closeAccepted). */
  const closeRefused = (request: IncomingMessage, socket: Duplex, head: Buffer, code: ErrorCode): void => {
    wss.handleUpgrade(request, socket, head, (ws) => {
      ws.on('error', (error) => log.debug({ err: error }, 'refused sync socket error'));
      closeAccepted(ws as RelaySocket, code);
    });
  };

  /**
   * The device socket after its handshake: waits for the hello, checks its token, and serves the session,
   * or closes with the refusal's code. Nothing is sent before the hello is accepted.
   */
  const acceptDevice = (ws: RelaySocket, pathname: string, address: string | undefined): void => {
    ws.on('error', (error) => log.debug({ err: error }, 'device socket error before its hello'));
    awaitingHello.add(ws);
    ws.once('close', () => awaitingHello.delete(ws));
    const refuse = (code: ErrorCode, why: string, who?: Refusal['who']): void => {
      log.warn({ path: pathname, code, why }, 'sync socket refused after the handshake');
      auditRefusal(pathname, { endpoint: 'device' }, code, address, who, 'hello');
      closeAccepted(ws, code);
    };
    const serve = async (): Promise<void> => {
      const first = await awaitHello(ws, context.config.syncHelloTimeoutMs);
      if (first.kind === 'gone') return;
      if (first.kind === 'refused') return refuse(first.code, first.message);
      let principal: Principal;
      try {
        principal = await admit(first.hello.token, { endpoint: 'device' });
      } catch (error) {
        first.held.discard();
        if (!(error instanceof Refusal)) throw error;
        if (ws.readyState === ws.OPEN) refuse(error.code, error.message, error.who);
        return;
      }
      awaitingHello.delete(ws);
      if (ws.readyState !== ws.OPEN) return;
      const refusal = unavailable();
      if (refusal !== undefined) {
        first.held.discard();
        closeAccepted(ws, refusal);
        return;
      }
      start(ws, { endpoint: 'device' }, principal, first);
    };
    serve().catch((error: unknown) => {
      log.error({ err: error, path: pathname }, 'serving a device socket failed');
      if (ws.readyState === ws.OPEN) refuse('internal', 'internal error');
    });
  };

  const handler = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', (error) => log.debug({ err: error }, 'upgrade socket error'));
    // Only the path is ever logged: the query of /ws/doc holds the access token.
    const url = new URL(request.url ?? '/', 'http://relay.invalid');
    const address = request.socket.remoteAddress;
    /** Answers a refusal, or any other failure, over HTTP. */
    const failed = (error: unknown, target?: Target): void => {
      if (error instanceof Refusal) {
        log.warn({ path: url.pathname, code: error.code }, 'sync upgrade refused');
        auditRefusal(url.pathname, target, error.code, address, error.who);
        refuseUpgrade(socket, error.code, error.message);
      } else {
        log.error({ err: error, path: url.pathname }, 'sync upgrade failed');
        auditRefusal(url.pathname, target, 'internal', address);
        refuseUpgrade(socket, 'internal', 'Internal error.');
      }
    };
    /**
     * Refuses because of `unavailable()`, audited when the path is a sync endpoint: the balancer, or the
     * device's backoff, tries again later.
     */
    const refuseUnavailable = (
      code: 'shutting-down' | 'storage-unavailable',
      target: Target | Refusal | undefined,
    ): void => {
      if (target !== undefined) {
        auditRefusal(url.pathname, target instanceof Refusal ? undefined : target, code, address);
      }
      refuseUpgrade(socket, code, UNAVAILABLE_MESSAGES[code]);
    };
    const target = targetOf(url.pathname);
    const refusal = unavailable();
    if (refusal !== undefined) {
      refuseUnavailable(refusal, target);
      return;
    }
    if (target === undefined) {
      // Not a sync endpoint, so not an access to case content: logged, not audited.
      log.info({ path: url.pathname }, 'upgrade refused: unknown path');
      refuseUpgrade(socket, 'not-found', `No WebSocket endpoint at ${url.pathname}`);
      return;
    }

    if (target instanceof Refusal) {
      failed(target);
      return;
    }
    try {
      checkVersion(url.searchParams.get('v'));
    } catch (error) {
      if (!(error instanceof Refusal) || target.endpoint === 'doc') {
        failed(error, target);
        return;
      }
      log.warn({ path: url.pathname, code: error.code }, 'sync socket refused after the handshake');
      auditRefusal(url.pathname, target, error.code, address);
      closeRefused(request, socket, head, error.code);
      return;
    }
    if (target.endpoint === 'device') {
      // The device's token comes in its first frame, never in the URL.
      wss.handleUpgrade(request, socket, head, (ws) =>
        acceptDevice(ws as RelaySocket, url.pathname, address),
      );
      return;
    }
    admit(url.searchParams.get('token'), target).then(
      (principal) => {
        if (socket.destroyed) return;
        const late = unavailable();
        if (late !== undefined) refuseUnavailable(late, target);
        else wss.handleUpgrade(request, socket, head, (ws) => start(ws as RelaySocket, target, principal));
      },
      (error: unknown) => {
        if (socket.destroyed) return;
        const late = unavailable();
        if (late !== undefined) refuseUnavailable(late, target);
        else failed(error, target);
      },
    );
  };

  return Object.assign(handler, {
    core,
    openSockets: () => registry.size,
    closeDevice: (deviceId: string) => registry.closeDevice(deviceId),
    closeForLostDatabase: () => {
      for (const ws of awaitingHello) closeAccepted(ws, 'storage-unavailable');
      registry.closeEvery('storage-unavailable');
    },
    close: async () => {
      sweep.stop();
      unsubscribeAccess();
      for (const ws of awaitingHello) closeAccepted(ws, 'shutting-down');
      await registry.closeAll(Math.min(CLOSE_GRACE_MS, context.config.shutdownTimeoutMs));
      await core.close();
    },
  });
}
