// `make bench`: what the browser downloads, and the cost of sealing one request in headless
// Chromium with the console's wasm versus jsencrypt + crypto-js (the official web UI's libraries),
// the task graph's layout and updates, and the task page from a poll's answer to paint and its
// memory over a thousand polls.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { startStack, launchBrowser, ROOT } from '../lib/stack.mjs';
import { requests } from './requests.mjs';

const MODULES = join(import.meta.dirname, '..', 'node_modules');
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 60);
const BATCH = 20;
const WARMUP = 30;

function sizes() {
  const dist = join(ROOT, 'dist');
  const rows = readdirSync(dist)
    .filter((f) => /\.(wasm|js|css|html)$/.test(f))
    .map((f) => {
      const raw = readFileSync(join(dist, f));
      // Level 6 is nginx's gzip_comp_level in deploy/nginx.conf.
      return { file: f, raw: statSync(join(dist, f)).size, gzip: gzipSync(raw, { level: 6 }).length };
    });
  const total = rows.reduce((a, r) => ({ raw: a.raw + r.raw, gzip: a.gzip + r.gzip }), { raw: 0, gzip: 0 });
  console.log('Download size (dist/, gzip level 6 as nginx serves it)');
  for (const r of rows) console.log(`  ${r.file.padEnd(48)} ${String(r.raw).padStart(9)} B raw ${String(r.gzip).padStart(9)} B gzip`);
  console.log(`  ${'total'.padEnd(48)} ${String(total.raw).padStart(9)} B raw ${String(total.gzip).padStart(9)} B gzip`);
  return total;
}

async function crypto(stack) {
  const browser = await launchBrowser();
  // The reference libraries are injected as inline scripts, which the console's CSP refuses;
  // this page alone bypasses it (the console itself never needs to: serving-tls.test.mjs).
  const page = await browser.newPage({ bypassCSP: true });
  await page.goto(stack.url);
  await page.waitForFunction(() => window.wasmBindings?.bench_seal_request);
  await page.addScriptTag({ path: join(MODULES, 'jsencrypt/bin/jsencrypt.min.js') });
  await page.addScriptTag({ path: join(MODULES, 'crypto-js/crypto-js.js') });
  const result = await page.evaluate(async ({ iterations, warmup, batch }) => {
    const secret = await (await fetch('/api/v1/secret')).json();
    const publicKey = secret.data.public_key;
    const target = '/api/v1/tenant/t1/replicas';
    const body = JSON.stringify({ zone_list: [{ name: 'zone4', replica_type: 'FULL', unit_config_name: 'u1', unit_num: 1, pad: 'x'.repeat(940) }] });
    if (body.length < 1024 || body.length > 1100) throw new Error(`body is ${body.length} bytes`);
    const ts = Math.floor(Date.now() / 1000) + 120;

    const wasm = () => window.wasmBindings.bench_seal_request(publicKey, 'ObShell#Demo1', target, body, ts);

    // What the official UI does per request: a random AES key/IV, crypto-js AES-CBC for the
    // body, jsencrypt RSA PKCS#1 v1.5 in k-11 chunks for the header.
    const hexToBytes = (hex) => Uint8Array.from(hex.match(/../g), (h) => parseInt(h, 16));
    const js = () => {
      const key = window.CryptoJS.lib.WordArray.random(16);
      const iv = window.CryptoJS.lib.WordArray.random(16);
      const sealedBody = window.CryptoJS.AES.encrypt(window.CryptoJS.enc.Utf8.parse(body), key, {
        iv, mode: window.CryptoJS.mode.CBC, padding: window.CryptoJS.pad.Pkcs7,
      }).toString();
      const keys = window.CryptoJS.enc.Base64.stringify(key.clone().concat(iv));
      const header = JSON.stringify({ Auth: 'ObShell#Demo1', Ts: String(ts), Uri: target, Keys: keys });
      const rsa = new window.JSEncrypt();
      rsa.setPublicKey(publicKey);
      const k = (rsa.getKey().n.bitLength() + 7) >> 3;
      const bytes = new TextEncoder().encode(header);
      const parts = [];
      for (let i = 0; i < bytes.length; i += k - 11) {
        const chunk = String.fromCharCode(...bytes.subarray(i, i + k - 11));
        const hex = rsa.getKey().encrypt(chunk).padStart(2 * k, '0');
        parts.push(hexToBytes(hex));
      }
      const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
      let at = 0;
      for (const p of parts) { all.set(p, at); at += p.length; }
      let bin = '';
      for (const b of all) bin += String.fromCharCode(b);
      return btoa(bin).length + sealedBody.length;
    };

    // Chromium coarsens performance.now() to 0.1 ms without cross-origin isolation, so each
    // sample is the mean of a batch of calls.
    const time = (fn) => {
      for (let i = 0; i < warmup; i++) fn();
      const samples = [];
      for (let i = 0; i < iterations; i++) {
        const t0 = performance.now();
        for (let j = 0; j < batch; j++) fn();
        samples.push((performance.now() - t0) / batch);
      }
      samples.sort((a, b) => a - b);
      const q = (p) => samples[Math.min(samples.length - 1, Math.floor(p * samples.length))];
      return { median: q(0.5), p90: q(0.9), min: samples[0] };
    };
    const bits = new window.JSEncrypt();
    bits.setPublicKey(publicKey);
    return { bits: bits.getKey().n.bitLength(), bodyBytes: body.length, wasm: time(wasm), js: time(js) };
  }, { iterations: ITERATIONS, warmup: WARMUP, batch: BATCH });
  await browser.close();
  const fmt = (r) => `median ${r.median.toFixed(3)} ms  p90 ${r.p90.toFixed(3)} ms  min ${r.min.toFixed(3)} ms`;
  console.log(`\nSeal one request (header + ${result.bodyBytes} B body, ${result.bits}-bit key), ${ITERATIONS} samples of ${BATCH} calls after ${WARMUP} warm-up calls, headless Chromium`);
  console.log(`  console (Rust/wasm)       ${fmt(result.wasm)}`);
  console.log(`  jsencrypt + crypto-js     ${fmt(result.js)}`);
  console.log(`  ratio js/wasm (medians)   ${(result.js.median / result.wasm.median).toFixed(2)}`);
  return result;
}

async function graph(stack) {
  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(stack.url);
  await page.waitForFunction(() => window.wasmBindings?.bench_graph_mount);
  const result = await page.evaluate(async () => {
    const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const b = window.wasmBindings;
    // Each real shape (by index), then synthetic chains (shape -1, n nodes).
    const cases = [
      ...b.bench_shapes().map((label, i) => ({ label, shape: i, n: 0 })),
      ...[10, 100, 1000].map((n) => ({ label: `synthetic chain (${n} nodes)`, shape: -1, n })),
    ];
    const out = [];
    for (const c of cases) {
      await b.bench_graph_mount(c.shape, c.n); // warm-up
      const mounts = [];
      for (let i = 0; i < 7; i++) mounts.push(await b.bench_graph_mount(c.shape, c.n));
      const updates = [];
      for (let i = 0; i < 15; i++) updates.push(await b.bench_graph_update(c.shape, c.n));
      out.push({ label: c.label, mount: median(mounts), mountMax: Math.max(...mounts), update: median(updates), updateMax: Math.max(...updates) });
    }
    return out;
  });
  await browser.close();
  console.log('\nTask graph in headless Chromium at 1400 × 900 (medians of 7 mounts and 15 updates)');
  for (const r of result) {
    console.log(`  ${r.label.padEnd(44)} layout + first render ${r.mount.toFixed(2).padStart(6)} ms (max ${r.mountMax.toFixed(2)})   one-node poll update ${r.update.toFixed(2)} ms (max ${r.updateMax.toFixed(2)})`);
  }
  return result;
}

// The task page's panels in the bench page, fed simulated polls of a running task (pages/task/bench.rs).
async function taskPage(stack) {
  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(stack.url);
  await page.waitForFunction(() => window.wasmBindings?.TaskBench);
  const paints = await page.evaluate(async () => {
    const bench = window.wasmBindings.TaskBench.mount();
    await bench.polls(10);
    const dom = [];
    const frame = [];
    for (let i = 0; i < 25; i++) {
      const [d, f] = await bench.poll_to_paint();
      dom.push(d);
      frame.push(f);
    }
    bench.unmount();
    const q = (xs, p) => xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
    return { dom: { median: q(dom, 0.5), p90: q(dom, 0.9), max: Math.max(...dom) }, frame: { median: q(frame, 0.5), p90: q(frame, 0.9), max: Math.max(...frame) } };
  });
  console.log('\nTask page: a poll\'s answer to the painted change (the running step moves on; 25 samples, headless Chromium)');
  console.log(`  decode + store + memos until the DOM shows it   median ${paints.dom.median.toFixed(2)} ms  p90 ${paints.dom.p90.toFixed(2)} ms  max ${paints.dom.max.toFixed(2)} ms`);
  console.log(`  … until the next animation frame (then painted) median ${paints.frame.median.toFixed(2)} ms  p90 ${paints.frame.p90.toFixed(2)} ms  max ${paints.frame.max.toFixed(2)} ms`);

  await browser.close();
  return { paints, rows: await taskMemory(stack) };
}

// Memory over 1,000 polls, in a fresh page (memory that an earlier run freed would hide a leak):
// the answers repeat every 500 polls, so after a forced GC the heap at 500 and 1,000 should be
// what it was at 0.
async function taskMemory(stack) {
  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(stack.url);
  await page.waitForFunction(() => window.wasmBindings?.TaskBench);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.enable');
  await page.evaluate(() => { window.taskBench = window.wasmBindings.TaskBench.mount(); });
  const sample = async (polls) => {
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage');
    const extra = await page.evaluate(() => ({ wasm: window.wasmBindings.bench_wasm_memory_bytes(), elements: window.taskBench.elements() }));
    return { polls, js: heap.usedSize, ...extra };
  };
  const rows = [await sample(0)];
  // 1,000 polls, and as many again to see whether anything still climbs.
  for (const upTo of [500, 1000, 1500, 2000]) {
    await page.evaluate(async (n) => { await window.taskBench.polls(n); }, upTo - rows.at(-1).polls);
    rows.push(await sample(upTo));
  }
  await page.evaluate(() => window.taskBench.unmount());
  await browser.close();
  console.log('\nTask page memory over simulated polls of a running task (after forced GC)');
  for (const r of rows) {
    console.log(`  ${String(r.polls).padStart(5)} polls   JS heap ${(r.js / 1024).toFixed(0).padStart(6)} KiB   wasm memory ${(r.wasm / 1024).toFixed(0).padStart(6)} KiB   elements in the panels ${r.elements}`);
  }
  const at = (n) => rows.find((r) => r.polls === n);
  const kib = (b) => `${b >= 0 ? '+' : ''}${(b / 1024).toFixed(1)} KiB`;
  for (const [from, to] of [[500, 1000], [1000, 2000]]) {
    console.log(`  ${from} → ${to} polls: JS heap ${kib(at(to).js - at(from).js)}, wasm memory ${kib(at(to).wasm - at(from).wasm)}, elements ${at(to).elements - at(from).elements >= 0 ? '+' : ''}${at(to).elements - at(from).elements}`);
  }
  return rows;
}

const stack = await startStack();
try {
  sizes();
  await crypto(stack);
  await graph(stack);
  await taskPage(stack);
  await requests(stack);
} finally {
  await stack.stop();
}
