import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

/**
 * Three layers, all run by `npm test`:
 *   unit    — pure rules and state, in Node (fake-indexeddb where IndexedDB is needed);
 *   relay   — the real relay in-process on port 0, spoken to over real HTTP and WebSocket connections;
 *   browser — the built app served by the relay, driven in Debian's Chromium by playwright-core.
 */
export default defineConfig({
  define: { __APP_VERSION__: JSON.stringify('test') },
  test: {
    reporters: ['default', './tests/support/summary-reporter.ts'],
    projects: [
      {
        plugins: [svelte()],
        define: { __APP_VERSION__: JSON.stringify('test') },
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'relay',
          include: ['tests/relay/**/*.test.ts'],
          environment: 'node',
          // The PostgreSQL of the relay tests: found or started once per run.
          globalSetup: ['tests/relay/global-setup.ts'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/browser/global-setup.ts'],
          // One Chromium at a time: the machines this runs on have two cores.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
