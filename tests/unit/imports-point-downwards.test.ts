import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The layer rules of eslint.config.js, asked about imports that go the wrong way and the right way. Each
 * layer's file is linted as text under a path inside that layer, so the rules are tested without planting
 * a wrong import in the source tree.
 */
const eslint = new ESLint();

async function restrictedImports(filePath: string, specifier: string): Promise<string[]> {
  const code = `import { x } from '${specifier}';\nexport const y = x;\n`;
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const WRONG_WAY: [layerFile: string, specifier: string][] = [
  ['src/protocol/x.ts', '../domain/case-doc.ts'],
  ['src/domain/x.ts', '../storage/vault.ts'],
  ['src/domain/x.ts', '../sync/engine.ts'],
  ['src/domain/x.ts', 'dexie'],
  ['src/storage/x.ts', '../sync/engine.ts'],
  ['src/storage/x.ts', '../state/cases.svelte.ts'],
  ['src/sync/x.ts', '../state/session.svelte.ts'],
  ['src/sync/x.ts', '../ui/App.svelte'],
  ['src/state/x.ts', '../ui/App.svelte'],
  ['src/ui/account/x.ts', '../../storage/vault.ts'],
  ['src/ui/account/x.ts', '../../sync/engine.ts'],
  ['src/ui/account/x.ts', 'dexie'],
  ['sync-server/src/x.ts', '../../src/storage/db.ts'],
  ['src/util/x.ts', '../protocol/origin.ts'],
];

const RIGHT_WAY: [layerFile: string, specifier: string][] = [
  ['src/domain/x.ts', '../protocol/origin.ts'],
  ['src/storage/x.ts', '../util/keyed-queue.ts'],
  ['src/sync/x.ts', '../util/keyed-queue.ts'],
  ['src/storage/x.ts', '../domain/device-secret.ts'],
  ['src/storage/x.ts', '../protocol/origin.ts'],
  ['src/sync/x.ts', '../storage/outbox.ts'],
  ['src/sync/x.ts', '../domain/conflicts.ts'],
  ['src/state/x.ts', '../sync/engine.ts'],
  ['src/state/x.ts', '../storage/db.ts'],
  ['src/ui/account/x.ts', '../../state/vault.svelte.ts'],
  ['src/ui/account/x.ts', '../../domain/device-secret.ts'],
  ['src/ui/account/x.ts', '../../protocol/origin.ts'],
  ['sync-server/src/sync/x.ts', '../../../src/util/keyed-queue.ts'],
];

describe('imports point downwards: ui → state → sync → storage → domain → protocol', () => {
  // The first lint loads the configuration and every plugin; on a busy machine that alone can take longer
  // than one test may, so it happens once here.
  beforeAll(() => eslint.lintText('', { filePath: 'src/protocol/x.ts' }), 120_000);

  it.each(WRONG_WAY)('%s may not import %s', async (file, specifier) => {
    expect(await restrictedImports(file, specifier)).toHaveLength(1);
  });

  it.each(RIGHT_WAY)('%s may import %s', async (file, specifier) => {
    expect(await restrictedImports(file, specifier)).toEqual([]);
  });
});
