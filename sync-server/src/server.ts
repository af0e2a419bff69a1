import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { PROTOCOL_VERSION, type Health, type ReadinessAnswer } from '../../src/protocol/health.ts';
import { AuditTrail } from './audit/audit-trail.ts';
import { AccessEvents, type AccessChange } from './auth/access-events.ts';
import { ensureFirstAdmin } from './auth/first-admin.ts';
import { loadTokenSecret, TokenService } from './auth/tokens.ts';
import type { RelayConfig } from './config.ts';
import { DatabaseAvailability } from './database-availability.ts';
import { prepareDataDir } from './data-dir.ts';
import { BLOB_DIR_NAME, FileBlobStore } from './blobs/file-blob-store.ts';
import { registerAdminRoutes } from './http/admin-routes.ts';
import { registerAttachmentRoutes } from './http/attachment-routes.ts';
import { registerCoordinatorRoutes } from './http/coordinator-routes.ts';
import { registerAuthRoutes } from './http/auth-routes.ts';
import { registerBarrierReportRoutes } from './http/barrier-report-routes.ts';
import { registerDeviceRoutes } from './http/device-routes.ts';
import { registerTeamMemberRoutes } from './http/team-member-routes.ts';
import { registerLifecycleRoutes } from './http/lifecycle-routes.ts';
import { Lifecycle } from './lifecycle/lifecycle.ts';
import { registerReportRoutes } from './http/report-routes.ts';
import { FactsCache } from './reports/facts-cache.ts';
import { registerVocabularyRoutes } from './http/vocabulary-routes.ts';
import { sendError } from './http/errors.ts';
import { RateLimitExceeded, registerRateLimits, sendRateLimited } from './http/rate-limits.ts';
import { registerSecurityHeaders } from './http/security-headers.ts';
import { registerStaticApp } from './http/static-app.ts';
import type { RelayContext } from './relay-context.ts';
import { CaseKeys } from './reports/case-keys.ts';
import { FactsProjector } from './reports/facts-projector.ts';
import { ReportService } from './reports/report-service.ts';
import { ReportsWorker } from './reports/reports-worker.ts';
import type { RelayStore } from './storage/contract.ts';
import type { LogListener } from './storage/postgres.ts';
import { MemoryRateWindows } from './storage/rate-windows.ts';
import { openRelayStore } from './storage/open-store.ts';
import { clientDocId } from './sync/doc-key.ts';
import { ThemenFeeds } from './sync/themen-feeds.ts';
import { RELAY_VERSION } from './version.ts';
import { createUpgradeHandler } from './ws/upgrade.ts';

/** Upper bound for any HTTP request body; API bodies are small JSON documents. */
export const BODY_LIMIT_BYTES = 64 * 1024;

/** A running relay. */
export interface Relay {
  /** The base URL it listens on, e.g. `http://127.0.0.1:8080`. */
  readonly url: string;
  readonly port: number;
  readonly http: FastifyInstance;
  /** The relay's store; tests use it to create teams and users directly. */
  readonly store: RelayStore;
  readonly tokens: TokenService;
  readonly audit: AuditTrail;
  /** Publish an access change here (as the admin functions in ./auth/accounts.ts do) to close its sockets. */
  readonly access: AccessEvents;
  /** Retention, erasure and Löschsperren (docs/architecture.md#data-lifecycle). */
  readonly lifecycle: Lifecycle;
  /** Coordination's reports (the projector refreshes them after storing new facts; the benchmark does too). */
  readonly reports: ReportService;
  /**
   * Stops accepting connections, lets open requests finish for up to `shutdownTimeoutMs`, then closes
   * whatever is left. Safe to call more than once.
   */
  close(): Promise<void>;
}

export interface RelayOptions {
  /**
   * Where the first start's one-time admin password goes: stderr by default, so it reaches the operator's
   * terminal and never the JSON logs. Tests capture it.
   */
  announce?: (text: string) => void;
  /**
   * Whether the facts projector runs (default yes). The reports benchmark turns it off to measure what
   * keeping the projection current costs the pushes; a report still catches up on request.
   */
  projectFacts?: boolean;
  /** Whether the relay erases due cases on its own (default yes); tests that erase step by step turn it off. */
  lifecycleSweep?: boolean;
}

/** Starts a relay with `config`, logging to `log`. Resolves once it listens. */
export async function startRelay(
  config: RelayConfig,
  log: Logger,
  options: RelayOptions = {},
): Promise<Relay> {
  await prepareDataDir(config.dataDir);
  const opened = await openRelayStore(config);
  const { store } = opened;
  // Before anything is served: a database restored from a backup must not continue an epoch devices saw.
  await store.startLogEpochs();
  await ensureFirstAdmin(store, log, options.announce ?? ((text) => process.stderr.write(text)));
  const secret = await loadTokenSecret(config.tokenSecret, config.dataDir);
  const tokens = new TokenService(secret, config.accessTokenTtlSeconds);
  // Coordination's pseudonyms of cases, under a key derived from the same secret for that purpose only.
  const caseKeys = new CaseKeys(secret);
  const audit = new AuditTrail(store, log);
  const access = new AccessEvents();
  const { trustProxy } = config;
  const startedAt = Date.now();
  let shuttingDown = false;

  const http: FastifyInstance = Fastify({
    // Widen pino's Logger to the interface Fastify's plugins are typed against.
    loggerInstance: log as FastifyBaseLogger,
    // Requests are logged once, by the onResponse hook below, at a level that fits their outcome.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT_BYTES,
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    trustProxy:
      typeof trustProxy === 'number' ? (_address: string, hop: number) => hop < trustProxy : trustProxy,
  });

  http.addHook('onResponse', async (request, reply) => {
    const entry = {
      method: request.method,
      url: request.url.split('?')[0],
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime),
    };
    if (reply.statusCode >= 500) request.log.error(entry, 'request failed');
    else request.log.debug(entry, 'request');
  });

  // Set once the PostgreSQL store is followed below; SQLite has no connection to lose.
  let availability: DatabaseAvailability | undefined;

  http.setErrorHandler(async (error: Error & { statusCode?: number; code?: string }, request, reply) => {
    if (error instanceof RateLimitExceeded) {
      return sendRateLimited(reply, error.retryAfterSeconds, error.message);
    }
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return sendError(
        reply,
        'payload-too-large',
        `Request bodies are limited to ${BODY_LIMIT_BYTES} bytes.`,
      );
    }
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      return sendError(reply, 'bad-request', error.message);
    }
    // A request that failed because the database is gone says so, as the sync sockets do: try again soon,
    // here or (behind a balancer) on another instance. The engine reports the loss before the error arrives.
    if (availability?.lost) {
      request.log.warn({ err: error }, 'request failed: the database is unavailable');
      return sendError(
        reply,
        'storage-unavailable',
        'The relay has lost its database and is reconnecting. Please try again shortly.',
      );
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendError(reply, 'internal', 'Internal error.');
  });

  await registerSecurityHeaders(http);
  // Rate limits count in the database when instances share one, so that a limit holds for their sum.
  const rateWindows = opened.postgres?.rateWindows ?? new MemoryRateWindows();
  await registerRateLimits(http, opened.postgres?.rateWindows);

  http.get('/healthz', async (_request, reply) => {
    const body: Health = {
      status: 'ok',
      protocol: PROTOCOL_VERSION,
      version: RELAY_VERSION,
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
    };
    return reply.header('cache-control', 'no-store').send(body);
  });

  http.get('/readyz', async (request, reply) => {
    const readiness = shuttingDown
      ? { ready: false as const, reason: 'shutting-down' as const, detail: 'shutting down' }
      : availability?.lost
        ? {
            ready: false as const,
            reason: 'database-unavailable' as const,
            detail: 'waiting for the database',
          }
        : await opened.readiness();
    if (!readiness.ready) {
      request.log.warn({ reason: readiness.reason, detail: readiness.detail }, 'not ready');
    }
    const body: ReadinessAnswer = {
      status: readiness.ready ? 'ready' : 'not-ready',
      engine: opened.engine,
      ...(readiness.ready ? {} : { reason: readiness.reason }),
    };
    return reply
      .code(readiness.ready ? 200 : 503)
      .header('cache-control', 'no-store')
      .send(body);
  });

  await registerStaticApp(http, config.staticDir);

  const context: RelayContext = {
    config,
    log,
    store,
    tokens,
    audit,
    access,
    isShuttingDown: () => shuttingDown,
    isDatabaseLost: () => availability?.lost ?? false,
  };

  const onUpgrade = createUpgradeHandler(context);
  registerAuthRoutes(http, context, rateWindows);
  registerDeviceRoutes(http, context, onUpgrade);
  registerAdminRoutes(http, context, onUpgrade);
  registerCoordinatorRoutes(http, context);
  registerTeamMemberRoutes(http, context);
  registerVocabularyRoutes(http, context, onUpgrade.core);
  // The stored facts, kept parsed between reports (read again only where a doc's facts changed).
  const factsCache = new FactsCache(store, log);
  // Decoding docs, computing their facts and building reports run in a worker thread, beside the pushes.
  const reportsWorker = new ReportsWorker(log);
  const reports = new ReportService(onUpgrade.core, factsCache, log, reportsWorker);
  registerReportRoutes(http, context, reports, reportsWorker);
  registerBarrierReportRoutes(http, context, onUpgrade.core, caseKeys, factsCache);
  // Attachments travel apart from the docs, into a blob store of their own.
  const blobs = new FileBlobStore(path.join(config.dataDir, BLOB_DIR_NAME));
  registerAttachmentRoutes(http, context, blobs);
  // An erased case takes its attachments' blobs along, and its facts leave the reports' memory.
  onUpgrade.core.onErased(async (teamId, key) => {
    factsCache.forget(key);
    const docId = clientDocId(teamId, key);
    if (docId !== undefined) await blobs.eraseCase(teamId, docId);
  });

  // Coordination's reports count pseudonymous facts per case, projected off the ack's path.
  const facts =
    options.projectFacts === false ? undefined : new FactsProjector(store, log, {}, reportsWorker);
  if (facts) {
    onUpgrade.core.onAppend(() => facts.nudge());
    // Reports asked for lately are computed again where the new facts changed them.
    facts.onProjected(() => reports.refresh());
    facts.start();
  }
  // Cases whose retention period has ended are erased by the relay itself: at start and periodically.
  const lifecycle = new Lifecycle(onUpgrade.core, audit, log, {
    retention: config.retention,
    auditRetentionDays: config.auditRetentionDays,
    sweepMs: config.lifecycleSweepMinutes * 60_000,
  });
  registerLifecycleRoutes(http, context, lifecycle);
  if (options.lifecycleSweep !== false) lifecycle.start();
  // Each team's Themen feed follows the coordination doc, written by the relay off the ack's path.
  const themenFeeds = new ThemenFeeds(onUpgrade.core, store, log);
  themenFeeds.start();

  // Several instances on one PostgreSQL: what the others append reaches this one's sockets, in order, and
  // access taken away on one closes the sockets on all (the access sweep remains the backstop).
  let listener: LogListener | undefined;
  if (opened.postgres) {
    const postgres = opened.postgres;
    const core = onUpgrade.core;
    // A lost database closes every sync socket, so that no device waits for acks that cannot come; the
    // relay comes back once the database answers, listening again, and has read what others appended.
    const watched = new DatabaseAvailability(log, async () => {
      if (!listener?.listening) throw new Error('not listening for notices yet');
      await postgres.schemaVersion();
      await core.noticesLost();
    });
    watched.onLost(() => onUpgrade.closeForLostDatabase());
    postgres.watchConnection((reason) => watched.report(reason));
    availability = watched;
    let incoming: AccessChange | undefined;
    access.subscribe((change) => {
      if (change === incoming) return;
      postgres.notifyAccess(change).catch((error: unknown) => {
        log.error({ err: error, change }, 'telling the other instances of an access change failed');
      });
    });
    listener = await postgres.listen({
      log: (notice) => void core.noticeAppended(notice.teamId, notice.seq),
      access: (change) => {
        incoming = change;
        try {
          access.publish(change);
        } finally {
          incoming = undefined;
        }
      },
      // The listening connection is back; notices sent meanwhile are lost: every team log is read, by the
      // recovery when the database was lost, else here.
      reconnected: () => {
        log.warn('the connection for notices between instances was lost and is back; reading every team log');
        if (watched.retryNow()) return;
        core.noticesLost().catch((error: unknown) => {
          log.error({ err: error }, 'reading every team log after the notices were lost failed');
        });
      },
    });
    await core.followLog();
  }

  const upgraded = new Set<Duplex>();
  http.server.on('upgrade', (request, socket: Duplex, head: Buffer) => {
    upgraded.add(socket);
    socket.once('close', () => upgraded.delete(socket));
    onUpgrade(request, socket, head);
  });

  await http.listen({ port: config.port, host: config.host });
  const address = http.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      // No new work from here on: /readyz answers 503 (the balancer sends no one new), upgrades are refused,
      // and the HTTP server stops accepting connections (requests on open ones are answered 503).
      shuttingDown = true;
      availability?.close();
      let deadline: () => void = () => undefined;
      const timeout = new Promise<void>((resolve) => (deadline = resolve));
      const forceTimer = setTimeout(() => {
        log.warn(
          { timeoutMs: config.shutdownTimeoutMs },
          'shutdown timeout reached; closing open connections',
        );
        http.server.closeAllConnections();
        for (const socket of upgraded) socket.destroy();
        deadline();
      }, config.shutdownTimeoutMs);
      forceTimer.unref();
      /** Waits for `step`, but never past the shutdown timeout. */
      const bounded = (step: Promise<void>) => Promise.race([step, timeout]);
      const httpClosed = http.close();
      try {
        await themenFeeds.close();
        await lifecycle.close();
        // Pushes taken before the signal are stored and acknowledged on their open sockets; new ones are
        // refused as `shutting-down`, which devices send again after reconnecting.
        await bounded(onUpgrade.core.drain());
        await bounded(audit.flush());
        // Then the sync sockets close with 1001: devices reconnect, behind a balancer to another instance.
        await bounded(onUpgrade.close());
        for (const socket of upgraded) socket.destroy();
        await bounded(httpClosed);
        await facts?.close();
        await reports.idle();
        await reportsWorker.close();
      } finally {
        clearTimeout(forceTimer);
        // Last, so that the refusals and fetches of the final moments are in the log.
        await audit.close();
        await store.close();
      }
    })();
    return closing;
  };

  return { url, port: address.port, http, store, tokens, audit, access, lifecycle, reports, close };
}
