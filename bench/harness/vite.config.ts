import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * The benchmark harness page: the app's real storage modules and y-indexeddb in one bundle, so the load
 * comparison runs the shipped code in Chromium. Built apart from the app so that it never ends up in dist/,
 * and into node_modules/.cache, which git, Prettier and ESLint all ignore: a bundle inside bench/ would
 * fail `npm run check`.
 */
export const HARNESS_DIST = path.join(here, '..', '..', 'node_modules', '.cache', 'lotse-bench-harness');

export default defineConfig({
  root: here,
  base: '/',
  logLevel: 'warn',
  publicDir: false,
  build: {
    target: 'es2022',
    outDir: HARNESS_DIST,
    emptyOutDir: true,
    // Readable stack traces matter more than size for a page only benchmarks load.
    minify: false,
  },
});
