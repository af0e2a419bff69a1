import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/** Whether a request is one of the relay's API requests, whose answers no cache may keep. */
function isApi(url: string): boolean {
  const pathname = url.split('?')[0] ?? '';
  return pathname === '/api' || pathname.startsWith('/api/');
}

/**
 * Security headers for every answer. The Content-Security-Policy allows nothing inline and nothing from
 * another origin: the app is one origin, offline-first, and loads no third-party code. Connections go to the
 * relay itself (fetch and WebSocket); images may be data/blob URLs because document photos are shown from
 * local storage. Every answer under `/api` (errors and 404s included) is `Cache-Control: no-store`:
 * sessions, tokens, device lists and the audit log must never land in a cache.
 */
export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        workerSrc: ["'self'"],
        manifestSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    // The relay may sit behind plain http on localhost during development; HSTS belongs to the TLS proxy.
    strictTransportSecurity: false,
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    xFrameOptions: { action: 'deny' },
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('permissions-policy', 'camera=(self), microphone=(), geolocation=(), payment=(), usb=()');
    if (isApi(request.url)) reply.header('cache-control', 'no-store');
  });
}
