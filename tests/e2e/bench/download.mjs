// What the browser downloads from the shipped dist/ (never the bench build), gzip level 6 as
// nginx serves it: the first screen (index.html, what it links, the split loader the main
// module imports, console.json) against its target, then the modules fetched later.
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { ROOT } from '../lib/stack.mjs';

const TARGET_FIRST_SCREEN = 250_000; // 250 kB

export function firstScreenFiles(dist) {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const linked = [...html.matchAll(/(?:href|src|module_or_path:)\s*=?\s*["']\/([^"']+)["']/g)].map((m) => m[1]);
  const files = new Set(['index.html', 'console.json', ...linked]);
  for (const f of [...files].filter((f) => f.endsWith('.js'))) {
    const js = readFileSync(join(dist, f), 'utf8');
    for (const m of js.matchAll(/from\s+["']\.\/([^"']+\.js)["']/g)) files.add(m[1]);
  }
  return [...files].filter((f) => readdirSync(dist).includes(f));
}

export function sizes(dist = join(ROOT, 'dist')) {
  const all = readdirSync(dist).filter((f) => /\.(wasm|js|css|html|json)$/.test(f));
  const first = new Set(firstScreenFiles(dist));
  const row = (f) => {
    const raw = readFileSync(join(dist, f));
    return { file: f, raw: raw.length, gzip: gzipSync(raw, { level: 6 }).length };
  };
  const rows = all.map(row);
  const sum = (rs) => rs.reduce((a, r) => ({ raw: a.raw + r.raw, gzip: a.gzip + r.gzip }), { raw: 0, gzip: 0 });
  const line = (name, r) => `  ${name.padEnd(52)} ${String(r.raw).padStart(9)} B raw ${String(r.gzip).padStart(9)} B gzip`;
  const firstRows = rows.filter((r) => first.has(r.file));
  const later = rows.filter((r) => !first.has(r.file));
  const firstTotal = sum(firstRows);
  console.log('Download size (shipped dist/, gzip level 6 as nginx serves it)');
  console.log(' The first screen (the connect page):');
  for (const r of firstRows) console.log(line(r.file, r));
  const verdict = firstTotal.gzip <= TARGET_FIRST_SCREEN ? 'meets' : 'MISSES';
  console.log(`${line('first screen in all', firstTotal)}   target ≤ 250 kB gzip (${verdict})`);
  console.log(` Fetched later, on first use (or while the password is typed): ${later.length} files`);
  for (const r of later.filter((r) => /^split_/.test(r.file))) console.log(line(r.file, r));
  const chunks = later.filter((r) => !/^split_/.test(r.file));
  console.log(line(`${chunks.length} chunks the page groups share`, sum(chunks)));
  console.log(line('the whole console', sum(rows)));
  return { first: firstTotal, all: sum(rows), firstFiles: firstRows.map((r) => r.file) };
}
