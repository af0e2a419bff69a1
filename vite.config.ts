import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import pkg from './package.json' with { type: 'json' };

/** Where `npm run dev` finds the relay for API and sync calls. */
const relayUrl = process.env.RELAY_URL ?? 'http://127.0.0.1:8080';

/** Paths the relay answers; the service worker must never answer them from its cache. */
const RELAY_PATHS = [/^\/api\//, /^\/healthz/, /^\/readyz/, /^\/sync/, /^\/ws\//];

export default defineConfig({
  define: {
    __APP_VERSION__: JSON.stringify(pkg.version),
  },
  plugins: [
    svelte(),
    VitePWA({
      strategies: 'generateSW',
      // The app registers the worker itself (src/state/app-update.svelte.ts) and asks before it activates
      // a new version, so nobody's screen reloads while they type.
      registerType: 'prompt',
      injectRegister: false,
      pwaAssets: {
        image: 'public/icon.svg',
        preset: 'minimal-2023',
        includeHtmlHeadLinks: true,
        overrideManifestIcons: true,
      },
      manifest: {
        id: '/',
        name: 'Lotse – Kommunales Integrationsmanagement',
        short_name: 'Lotse',
        description: 'Fallakten für das Kommunale Integrationsmanagement NRW, auch ohne Netz.',
        lang: 'de',
        dir: 'ltr',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'any',
        theme_color: '#0b4a6f',
        background_color: '#f6f8fa',
        categories: ['productivity', 'government'],
      },
      workbox: {
        // The plugin adds manifest.webmanifest itself; globbing it too would list it twice and break precaching.
        globPatterns: ['**/*.{js,css,html,svg,png,ico,woff2}'],
        navigateFallback: '/index.html',
        navigateFallbackDenylist: RELAY_PATHS,
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        skipWaiting: false,
      },
    }),
  ],
  build: {
    target: 'es2022',
    sourcemap: true,
    // dist/.vite/manifest.json: which chunks the entry imports statically, so `npm run bench` can weigh the
    // JavaScript a first screen needs (bench/bundle.ts).
    manifest: true,
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      '/api': relayUrl,
      '/healthz': relayUrl,
      '/readyz': relayUrl,
      '/sync': { target: relayUrl, ws: true },
      '/ws': { target: relayUrl, ws: true },
    },
  },
});
