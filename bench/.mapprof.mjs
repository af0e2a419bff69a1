import { readFileSync } from 'node:fs';
import path from 'node:path';
import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';
const prof = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const dist = process.argv[3] ?? 'dist/assets';
const maps = new Map();
function mapFor(url) {
  const base = path.basename(new URL(url, 'http://x').pathname);
  if (!maps.has(base)) { try { maps.set(base, new TraceMap(readFileSync(path.join(dist, base + '.map'), 'utf8'))); } catch { maps.set(base, null); } }
  return maps.get(base);
}
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const label = new Map();
for (const n of prof.nodes) {
  const f = n.callFrame; let name = `${f.functionName || '(anon)'} ${f.url ? path.basename(f.url) : ''}`;
  if (f.url) { const m = mapFor(f.url); if (m) { const o = originalPositionFor(m, { line: f.lineNumber + 1, column: f.columnNumber }); if (o.source) name = `${o.name ?? f.functionName ?? '(anon)'} ${o.source.replace(/^.*node_modules\//,'nm/').replace(/^(\.\.\/)+/,'')}:${o.line}`; } }
  label.set(n.id, name);
}
const incl = new Map(), self = new Map();
prof.samples.forEach((id, i) => {
  const ms = (prof.timeDeltas[i + 1] ?? 0) / 1000;
  self.set(label.get(id), (self.get(label.get(id)) ?? 0) + ms);
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) { const l = label.get(cur); if (!seen.has(l)) { seen.add(l); incl.set(l, (incl.get(l) ?? 0) + ms); } }
});
const top = (m, n) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${v.toFixed(1).padStart(8)}  ${k}`).join('\n');
console.log('-- inclusive'); console.log(top(incl, Number(process.argv[4] ?? 60)));
console.log('-- self'); console.log(top(self, 40));
