import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { PROTOCOL_VERSION, type Health } from '../../src/protocol/health.ts';
import type { RelayConfig } from './config.ts';
import { prepareDataDir } from './data-dir.ts';
import { sendError } from './http/errors.ts';
import { registerSecurityHeaders } from './http/security-headers.ts';
import { registerStaticApp } from './http/static-app.ts';
import { RELAY_VERSION } from './version.ts';
import { createUpgradeHandler } from './ws/upgrade.ts';

/** Upper bound for any HTTP request body; API bodies are small JSON documents. */
const BODY_LIMIT_BYTES = 64 * 1024;

/** A running relay. */
export interface Relay {
  /** The base URL it listens on, e.g. `http://127.0.0.1:8080`. */
  readonly url: string;
  readonly port: number;
  readonly http: FastifyInstance;
  /**
   * Stops accepting connections, lets open requests finish for up to `shutdownTimeoutMs`, then closes
   * whatever is left. Safe to call more than once.
   */
  close(): Promise<void>;
}

/** Starts a relay with `config`, logging to `log`. Resolves once it listens. */
export async function startRelay(config: RelayConfig, log: Logger): Promise<Relay> {
  await prepareDataDir(config.dataDir);
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

  http.setErrorHandler(async (error: Error & { statusCode?: number; code?: string }, request, reply) => {
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
    request.log.error({ err: error }, 'unhandled error');
    return sendError(reply, 'internal', 'Internal error.');
  });

  await registerSecurityHeaders(http);

  http.get('/healthz', async (_request, reply) => {
    const body: Health = {
      status: 'ok',
      protocol: PROTOCOL_VERSION,
      version: RELAY_VERSION,
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
    };
    return reply.header('cache-control', 'no-store').send(body);
  });

  await registerStaticApp(http, config.staticDir);

  const upgraded = new Set<Duplex>();
  const onUpgrade = createUpgradeHandler(log, () => shuttingDown);
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
      shuttingDown = true;
      const forceTimer = setTimeout(() => {
        log.warn(
          { timeoutMs: config.shutdownTimeoutMs },
          'shutdown timeout reached; closing open connections',
        );
        http.server.closeAllConnections();
        for (const socket of upgraded) socket.destroy();
      }, config.shutdownTimeoutMs);
      forceTimer.unref();
      try {
        for (const socket of upgraded) socket.destroy();
        await http.close();
      } finally {
        clearTimeout(forceTimer);
      }
    })();
    return closing;
  };

  return { url, port: address.port, http, close };
}
