/**
 * What a case manager's browser downloads before the first screen: the JavaScript of the entry chunk and
 * every chunk it imports statically, gzipped, read from Vite's manifest of the current build. Screens loaded
 * with `import()` come later (from the service worker's precache when offline) and are not counted. The
 * baseline is all JavaScript of the build, which is what the entry chunk would weigh without splitting.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { z } from 'zod';
import { writeResult } from './support.ts';

const DIST = path.join(path.dirname(path.dirname(fileURLToPath(import.meta.url))), 'dist');

const manifestSchema = z.record(
  z.string(),
  z.object({
    file: z.string(),
    isEntry: z.boolean().optional(),
    imports: z.array(z.string()).optional(),
    dynamicImports: z.array(z.string()).optional(),
  }),
);
type Manifest = z.infer<typeof manifestSchema>;

/** gzip at level 9, as a static file server would send it precompressed. */
function gzipBytes(file: string): number {
  return gzipSync(readFileSync(path.join(DIST, file)), { level: 9 }).byteLength;
}

/** The entry's chunk and every chunk reachable from it through static imports. */
export function initialChunks(manifest: Manifest): string[] {
  const entry = Object.keys(manifest).find((key) => manifest[key]!.isEntry);
  if (entry === undefined) throw new Error('The build manifest names no entry chunk.');
  const seen = new Set<string>();
  const visit = (key: string): void => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const next of manifest[key]?.imports ?? []) visit(next);
  };
  visit(entry);
  return [...seen].map((key) => manifest[key]!.file).filter((file) => file.endsWith('.js'));
}

export async function benchBundle(): Promise<void> {
  const manifest = manifestSchema.parse(
    JSON.parse(readFileSync(path.join(DIST, '.vite', 'manifest.json'), 'utf8')),
  );
  const initial = initialChunks(manifest);
  const all = [...new Set(Object.values(manifest).map((chunk) => chunk.file))].filter((file) =>
    file.endsWith('.js'),
  );
  const weigh = (files: string[]) => files.reduce((sum, file) => sum + gzipBytes(file), 0);
  const initialBytes = weigh(initial);
  const allBytes = weigh(all);
  const kib = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;
  const file = await writeResult('bundle', {
    description:
      'JavaScript a case manager downloads before the first screen (entry chunk and its static imports), gzip level 9, in KiB',
    baseline: { name: 'all JavaScript of the build', chunks: all.length, gzipKiB: kib(allBytes) },
    initial: { name: 'entry and its static imports', chunks: initial, gzipKiB: kib(initialBytes) },
    ratio: Math.round((initialBytes / allBytes) * 100) / 100,
  });
  console.log(`bundle: initial JS ${kib(initialBytes)} KiB gzip of ${kib(allBytes)} KiB in all → ${file}`);
}
