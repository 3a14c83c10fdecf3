// What nginx (deploy/nginx.conf) does for the console: caching, types, compression, SPA
// fallback, and forwarding the request target to the agent byte for byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useStack, ROOT, PASSWORD } from '../../lib/stack.mjs';
import { signedHeader } from '../../lib/node-client.mjs';

const env = useStack({ browser: false });

test('hashed assets are cached for a year, index.html is revalidated', async () => {
  const wasm = readdirSync(join(ROOT, 'dist')).find((f) => f.endsWith('_bg.wasm'));
  const asset = await fetch(`${env.stack.url}/${wasm}`, { headers: { 'accept-encoding': 'gzip' } });
  assert.equal(asset.status, 200);
  assert.equal(asset.headers.get('content-type'), 'application/wasm');
  assert.equal(asset.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  assert.equal(asset.headers.get('content-encoding'), 'gzip');
  const index = await fetch(`${env.stack.url}/`);
  assert.equal(index.headers.get('cache-control'), 'no-cache');
  assert.match(index.headers.get('content-type'), /^text\/html/);
});

test('every module of the console is served precompressed, brotli to a browser that asks for it', async () => {
  const dist = join(ROOT, 'dist');
  const modules = readdirSync(dist).filter((f) => f.endsWith('.wasm'));
  // The main module and the page groups split off it (scripts/split.sh).
  assert.ok(modules.filter((f) => f.startsWith('split_')).length >= 4, modules.join(' '));
  for (const f of modules) {
    for (const encoding of ['br', 'gzip']) {
      const res = await fetch(`${env.stack.url}/${f}`, { headers: { 'accept-encoding': encoding } });
      assert.equal(res.status, 200, f);
      assert.equal(res.headers.get('content-encoding'), encoding, `${f} asked with ${encoding}`);
      assert.equal(res.headers.get('content-type'), 'application/wasm', f);
      assert.equal(res.headers.get('cache-control'), 'public, max-age=31536000, immutable', f);
      assert.match(res.headers.get('vary') ?? '', /Accept-Encoding/i, f);
      assert.ok(Buffer.from(await res.arrayBuffer()).equals(readFileSync(join(dist, f))), `${f} (${encoding}) is not the file`);
    }
  }
});

test('client routes fall back to index.html', async () => {
  const res = await fetch(`${env.stack.url}/tasks/123`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('cache-control'), 'no-cache');
  assert.match(await res.text(), /obshell-console/);
});

test('the request target reaches the agent exactly as sent', async () => {
  const target = '/api/v1/ob/info?x=%2F&b=1&a=%7E';
  const ok = await fetch(`${env.stack.url}${target}`, { headers: { 'X-OCS-Header': await signedHeader(env.stack.url, PASSWORD, target) } });
  assert.equal(ok.status, 200, JSON.stringify(await ok.clone().json()));
  const decoded = '/api/v1/ob/info?x=/&b=1&a=~';
  const bad = await fetch(`${env.stack.url}${target}`, { headers: { 'X-OCS-Header': await signedHeader(env.stack.url, PASSWORD, decoded) } });
  assert.equal(bad.status, 401);
  assert.equal((await bad.json()).error.errCode, 'Security.Authentication.Header.UriMismatch');
});
