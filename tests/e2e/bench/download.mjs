// What the browser downloads from the shipped dist/ (never the bench build), gzip level 6 as
// nginx serves it: the first screen (index.html, what it links, the split loader the main
// module imports, console.json) against its target, then the modules fetched later.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { ROOT } from '../lib/stack.mjs';

const TARGET_FIRST_SCREEN = 150_000; // 150 kB (issue 25)

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

/** The files the entry module fetches at once to start the console: its module and the chunks
 *  its loader waits for (none since scripts/fold-console.py folds them into the module). */
export function consoleStart(dist) {
  const loader = readdirSync(dist).find((f) => /^wasm-split-[0-9a-f]+\.js$/.test(f));
  if (!loader) return [];
  const js = readFileSync(join(dist, loader), 'utf8');
  // Each loader: the file it fetches and the loaders it waits for.
  const loaders = new Map();
  for (const m of js.matchAll(/const (\w+) = (?:wrapAsyncCb\()?makeLoad\((?:eager\()?\(\) => \{\s*const src = fetch\(new URL\("\.\/([^"]+)"[\s\S]*?\n\)?, \[([^\]]*)\]/g)) {
    loaders.set(m[1], { file: m[2], deps: m[3].split(',').map((d) => d.trim()).filter(Boolean) });
  }
  const named = js.match(/__wasm_split_load_console = wrapAsyncCb\((\w+)\)/);
  const start = loaders.get(named ? named[1] : '__wasm_split_load_console');
  if (!start) return [];
  return [start.file, ...start.deps.map((d) => loaders.get(d)?.file).filter(Boolean)];
}

export function sizes(dist = join(ROOT, 'dist')) {
  const all = readdirSync(dist).filter((f) => /\.(wasm|js|css|html|json)$/.test(f));
  const first = new Set(firstScreenFiles(dist));
  const row = (f) => {
    const raw = readFileSync(join(dist, f));
    const gzip = gzipSync(raw, { level: 6 }).length;
    // What a browser that asks for br gets: the precompressed copy beside the file, else gzip
    // on the fly (nginx's gzip_min_length is 1024).
    const br = existsSync(join(dist, `${f}.br`)) ? statSync(join(dist, `${f}.br`)).size : raw.length >= 1024 ? gzip : raw.length;
    return { file: f, raw: raw.length, gzip, br };
  };
  const rows = all.map(row);
  const sum = (rs) => rs.reduce((a, r) => ({ raw: a.raw + r.raw, gzip: a.gzip + r.gzip, br: a.br + r.br }), { raw: 0, gzip: 0, br: 0 });
  const line = (name, r) => `  ${name.padEnd(52)} ${String(r.raw).padStart(9)} B raw ${String(r.gzip).padStart(9)} B gzip ${String(r.br).padStart(9)} B brotli`;
  const firstRows = rows.filter((r) => first.has(r.file));
  const later = rows.filter((r) => !first.has(r.file));
  const firstTotal = sum(firstRows);
  console.log('Download size (shipped dist/: gzip level 6 as nginx compresses on the fly; brotli as served to a browser that asks for it)');
  console.log(' The first screen (index.html and its connect form, the entry module that starts the console):');
  for (const r of firstRows) console.log(line(r.file, r));
  const verdict = firstTotal.gzip <= TARGET_FIRST_SCREEN ? 'meets' : 'MISSES';
  console.log(`${line('first screen in all', firstTotal)}   target ≤ 150 kB gzip (${verdict})`);
  const started = consoleStart(dist);
  const startName = started.length > 1 ? `split_console and ${started.length - 1} chunks` : 'split_console, one file';
  if (started.length) console.log(line(`the console's start (${startName})`, sum(rows.filter((r) => started.includes(r.file)))));
  console.log(` Fetched later, on first use (or while the password is typed): ${later.length} files`);
  for (const r of later.filter((r) => /^split_/.test(r.file))) console.log(line(r.file, r));
  const chunks = later.filter((r) => !/^split_/.test(r.file));
  console.log(line(`${chunks.length} chunks the page groups share`, sum(chunks)));
  console.log(line('the whole console', sum(rows)));
  return { first: firstTotal, all: sum(rows), firstFiles: firstRows.map((r) => r.file) };
}
