import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { sendError } from './errors.ts';

/** Paths the relay answers itself; a miss below them is a 404, never the app. */
const RELAY_PREFIXES = ['/api/', '/healthz', '/readyz', '/sync', '/ws/'];

/**
 * Files whose content may change under the same name (the entry page, the service worker, the manifest,
 * icons) are revalidated on every load; Vite's content-hashed files under /assets/ never change and are
 * cached for a year. A stale service worker would pin every device to an old app, so `no-cache` there is
 * what makes updates reach people at all.
 */
export function cacheControlFor(relativePath: string): string {
  return relativePath.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
}

function wantsPage(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const pathname = request.url.split('?')[0] ?? '/';
  if (RELAY_PREFIXES.some((prefix) => pathname.startsWith(prefix))) return false;
  // Paths with a file extension are files; a missing one is a 404, not the app's entry page.
  if (path.posix.extname(pathname) !== '') return false;
  return (request.headers.accept ?? '').includes('text/html');
}

/**
 * Serves the built app from `staticDir`. Client-side routes (/faelle, /heute, ...) get the entry page so a
 * reload or a shared link works; once the service worker runs, it answers those itself.
 */
export async function registerStaticApp(app: FastifyInstance, staticDir: string): Promise<void> {
  const built = existsSync(path.join(staticDir, 'index.html'));
  if (!built) {
    app.log.warn({ staticDir }, 'the app is not built; run `npm run build` or `npm start`');
  } else {
    await app.register(fastifyStatic, {
      root: staticDir,
      prefix: '/',
      wildcard: true,
      index: ['index.html'],
      cacheControl: false,
      dotfiles: 'ignore',
      setHeaders: (reply, filePath) => {
        const relative = path.relative(staticDir, filePath).split(path.sep).join('/');
        reply.header('cache-control', cacheControlFor(relative));
      },
    });
  }

  app.setNotFoundHandler(async (request, reply) => {
    if (!wantsPage(request)) {
      return sendError(
        reply,
        'not-found',
        `No such resource: ${request.method} ${request.url.split('?')[0]}`,
      );
    }
    if (!built) {
      return sendError(reply, 'app-not-built', 'The app has not been built. Run `npm run build`.');
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
}
