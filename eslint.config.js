import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

/**
 * Imports point one way (docs/architecture.md#layers):
 *
 *   ui → state → sync → storage → domain → protocol
 *
 * Every layer may import any layer below it, never one above. The middle is ordered, not a set of peers:
 * the sync engine keeps its outbox and cursors in storage and asks the domain about conflicting fields;
 * storage may apply domain rules (the device PIN's kind) but knows nothing of sync; the domain and the
 * protocol know no app layer at all. ui/ reaches storage and sync only through state/, so screens never
 * hold a database or a socket. util/ holds generic helpers that know nothing of Lotse (the keyed queue): any
 * layer may use them and they import no layer. These rules make a wrong-way import a lint error rather than a review comment.
 */
const layer = (files, forbidden, message) => ({
  files,
  rules: {
    'no-restricted-imports': ['error', { patterns: forbidden.map((group) => ({ group: [group], message })) }],
  },
});

const pureLayer = ['dexie', 'svelte', 'svelte/*', 'workbox-window', 'node:*', 'ws', 'fastify', 'pino'];

export default ts.config(
  { ignores: ['dist/', 'node_modules/', 'data/', 'bench/results/', 'dev-dist/'] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  prettier,
  ...svelte.configs.prettier,
  {
    languageOptions: {
      globals: { ...globals.browser, ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // TypeScript already reports undefined names, including build-time constants it knows from globals.d.ts.
      'no-undef': 'off',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: {
        projectService: true,
        extraFileExtensions: ['.svelte'],
        parser: ts.parser,
        svelteConfig,
      },
    },
  },
  layer(
    ['src/util/**'],
    [
      ...pureLayer,
      '**/protocol/**',
      '**/domain/**',
      '**/storage/**',
      '**/sync/**',
      '**/state/**',
      '**/ui/**',
    ],
    'util/ holds generic helpers: it imports nothing from the app and no platform APIs.',
  ),
  layer(
    ['src/protocol/**'],
    [...pureLayer, '**/domain/**', '**/storage/**', '**/sync/**', '**/state/**', '**/ui/**'],
    'protocol/ is the lowest app layer: it imports nothing from the app and no platform APIs.',
  ),
  layer(
    ['src/domain/**'],
    [...pureLayer, '**/storage/**', '**/sync/**', '**/state/**', '**/ui/**'],
    'domain/ may import protocol/ only, and no platform APIs.',
  ),
  layer(
    ['src/storage/**'],
    ['svelte', 'svelte/*', 'node:*', '**/sync/**', '**/state/**', '**/ui/**'],
    'storage/ may import domain/ and protocol/ only.',
  ),
  layer(
    ['src/sync/**'],
    ['svelte', 'svelte/*', 'node:*', '**/state/**', '**/ui/**'],
    'sync/ may import storage/, domain/ and protocol/ only.',
  ),
  layer(['src/state/**'], ['node:*', '**/ui/**'], 'state/ sits below ui/.'),
  layer(
    ['src/ui/**'],
    ['node:*', 'dexie', '**/storage/**', '**/sync/**'],
    'ui/ reaches storage/ and sync/ only through state/.',
  ),
  layer(
    ['sync-server/**'],
    ['**/src/ui/**', '**/src/state/**', '**/src/sync/**', '**/src/storage/**', 'svelte', 'dexie'],
    'The relay imports only src/protocol/, src/domain/ and src/util/ from the app.',
  ),
);
