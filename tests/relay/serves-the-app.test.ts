import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HealthSchema, PROTOCOL_VERSION } from '../../src/protocol/health.ts';
import { startTestRelay, type TestRelay } from '../support/relay.ts';

let staticDir: string;
let relay: TestRelay;

beforeAll(async () => {
  // A tiny stand-in build, so these tests do not depend on `vite build`.
  staticDir = await mkdtemp(path.join(tmpdir(), 'lotse-static-'));
  await mkdir(path.join(staticDir, 'assets'));
  await writeFile(
    path.join(staticDir, 'index.html'),
    '<!doctype html><title>Lotse</title><div id="app"></div>',
  );
  await writeFile(path.join(staticDir, 'sw.js'), 'self.addEventListener("fetch", () => {});');
  await writeFile(path.join(staticDir, 'manifest.webmanifest'), '{"name":"Lotse"}');
  await writeFile(path.join(staticDir, 'assets', 'index-abc123.js'), 'console.log("app");');
  relay = await startTestRelay({ staticDir });
});

afterAll(async () => {
  await relay?.close();
  await rm(staticDir, { recursive: true, force: true });
});

const get = (pathname: string, accept = '*/*') =>
  fetch(new URL(pathname, relay.url), { headers: { accept } });

describe('the relay serving the app', () => {
  it('answers /healthz with its protocol version, never cached', async () => {
    const response = await get('/healthz');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const health = HealthSchema.parse(await response.json());
    expect(health.protocol).toBe(PROTOCOL_VERSION);
  });

  it('revalidates the entry page and the service worker on every load', async () => {
    for (const file of ['/', '/index.html', '/sw.js', '/manifest.webmanifest']) {
      const response = await get(file);
      expect(response.status, file).toBe(200);
      expect(response.headers.get('cache-control'), file).toBe('no-cache');
    }
  });

  it('lets browsers keep content-hashed assets for a year', async () => {
    const response = await get('/assets/index-abc123.js');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(response.headers.get('content-type')).toContain('javascript');
  });

  it('answers client-side routes with the entry page, so reloads and links work', async () => {
    for (const route of ['/faelle', '/heute', '/einstellungen/']) {
      const response = await get(route, 'text/html,application/xhtml+xml');
      expect(response.status, route).toBe(200);
      expect(await response.text()).toContain('<div id="app">');
      expect(response.headers.get('cache-control')).toBe('no-cache');
    }
  });

  it('answers a missing file or API path with a 404 and a stable error code', async () => {
    for (const missing of ['/assets/gone-123.js', '/api/nothing', '/faelle']) {
      const response = await get(missing, 'application/json');
      expect(response.status, missing).toBe(404);
      expect(await response.json()).toMatchObject({ error: 'not-found' });
    }
  });

  it('sends strict security headers with every answer', async () => {
    for (const file of ['/', '/healthz', '/assets/index-abc123.js', '/api/nothing']) {
      const response = await get(file);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp, file).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toContain('unsafe-eval');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('permissions-policy')).toContain('geolocation=()');
    }
  });

  it('says clearly when the app has not been built', async () => {
    const emptyDir = await mkdtemp(path.join(tmpdir(), 'lotse-empty-'));
    const unbuilt = await startTestRelay({ staticDir: emptyDir });
    try {
      const response = await fetch(new URL('/', unbuilt.url), { headers: { accept: 'text/html' } });
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ error: 'app-not-built' });
      // The relay itself still works.
      expect((await fetch(new URL('/healthz', unbuilt.url))).status).toBe(200);
    } finally {
      await unbuilt.close();
      await rm(emptyDir, { recursive: true, force: true });
    }
  });
});
