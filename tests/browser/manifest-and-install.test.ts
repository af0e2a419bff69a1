import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startTestRelay, type TestRelay } from '../support/relay.ts';
import { AppShellPage } from './pages/app-shell.page.ts';
import { launchChromium, launchChromiumWithProfile } from './support/browser.ts';

const IconSchema = z.object({
  src: z.string().min(1),
  sizes: z.string().regex(/^\d+x\d+$/),
  type: z.literal('image/png'),
  purpose: z.enum(['any', 'maskable']).optional(),
});

/** What browsers need to offer installation, per the Web App Manifest spec and Chromium's criteria. */
const ManifestSchema = z.object({
  name: z.string().min(1),
  short_name: z.string().min(1).max(12),
  start_url: z.string(),
  scope: z.string(),
  display: z.literal('standalone'),
  theme_color: z.string().regex(/^#[0-9a-f]{6}$/i),
  background_color: z.string().regex(/^#[0-9a-f]{6}$/i),
  lang: z.literal('de'),
  icons: z.array(IconSchema).min(1),
});

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  expect([...bytes.subarray(0, 8)]).toEqual(signature);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

let relay: TestRelay;
let browser: Browser;

beforeAll(async () => {
  relay = await startTestRelay();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await relay?.close();
});

describe('the web app manifest', () => {
  it('is linked from the page, valid, and every icon loads at its declared size', async () => {
    const context = await browser.newContext();
    try {
      const shell = new AppShellPage(await context.newPage(), relay.url);
      await shell.goto('/');
      const href = await shell.page.locator('link[rel="manifest"]').getAttribute('href');
      expect(href).toBeTruthy();
      const manifestUrl = new URL(href!, relay.url);
      const response = await fetch(manifestUrl);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('application/manifest+json');
      const manifest = ManifestSchema.parse(await response.json());

      const sizes = manifest.icons.map((icon) => icon.sizes);
      expect(sizes).toContain('192x192');
      expect(sizes).toContain('512x512');
      expect(manifest.icons.some((icon) => icon.purpose === 'maskable')).toBe(true);

      for (const icon of manifest.icons) {
        const iconResponse = await fetch(new URL(icon.src, manifestUrl));
        expect(iconResponse.status, icon.src).toBe(200);
        expect(iconResponse.headers.get('content-type')).toBe('image/png');
        const { width, height } = pngSize(new Uint8Array(await iconResponse.arrayBuffer()));
        expect(`${width}x${height}`).toBe(icon.sizes);
      }
    } finally {
      await context.close();
    }
  });

  it('makes the app installable by Chromium’s own criteria (as Lighthouse checks them)', async () => {
    const chromium = await launchChromiumWithProfile();
    const context = chromium.context;
    try {
      const shell = new AppShellPage(await context.newPage(), relay.url);
      await shell.goto('/');
      await shell.waitForOfflineReady();
      const cdp = await context.newCDPSession(shell.page);
      const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
        installabilityErrors: { errorId: string }[];
      };
      expect(installabilityErrors.map((error) => error.errorId)).toEqual([]);
      const { url, errors } = (await cdp.send('Page.getAppManifest')) as { url: string; errors: unknown[] };
      expect(new URL(url).pathname).toBe('/manifest.webmanifest');
      expect(errors).toEqual([]);
    } finally {
      await chromium.close();
    }
  });
});
