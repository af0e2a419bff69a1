import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

/**
 * Imports point one way: ui → state → domain | sync | storage → protocol (DESIGN.md). These rules make a
 * wrong-way import a lint error rather than a review comment.
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
    ['src/protocol/**'],
    [...pureLayer, '**/domain/**', '**/sync/**', '**/storage/**', '**/state/**', '**/ui/**'],
    'protocol/ imports nothing from the app and no platform APIs.',
  ),
  layer(
    ['src/domain/**'],
    [...pureLayer, '**/sync/**', '**/storage/**', '**/state/**', '**/ui/**'],
    'domain/ may import protocol/ only, and no platform APIs.',
  ),
  layer(
    ['src/sync/**', 'src/storage/**'],
    ['svelte', 'svelte/*', '**/state/**', '**/ui/**', 'node:*'],
    'sync/ and storage/ sit below state/ and ui/.',
  ),
  layer(['src/state/**'], ['**/ui/**', 'node:*'], 'state/ sits below ui/.'),
  layer(
    ['sync-server/**'],
    ['**/src/ui/**', '**/src/state/**', '**/src/sync/**', '**/src/storage/**', 'svelte', 'dexie'],
    'The relay imports only src/protocol/ and src/domain/ from the app.',
  ),
);
