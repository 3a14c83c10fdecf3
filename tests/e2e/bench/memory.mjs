// `make bench`: the task page's memory over 10,000 simulated polls of a running task
// (src/obshell/task/bench.rs), in a fresh page (memory that an earlier run freed would hide a
// leak). The answers repeat every 500 polls, so after a forced GC the JS heap, the wasm memory
// and the panels' elements at 1,000 and 10,000 polls should be what they were at 500: flat.
import { launchBrowser } from '../lib/stack.mjs';

const MEMORY_POLLS = Number(process.env.MEMORY_POLLS ?? 10_000);
const POINTS = [0, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000].filter((n) => n <= MEMORY_POLLS);

export async function taskMemory(stack) {
  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(stack.url);
  await page.waitForFunction(() => window.wasmBindings?.TaskBench);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.enable');
  await page.evaluate(() => { window.taskBench = window.wasmBindings.TaskBench.mount(); });
  const sample = async (polls, ms) => {
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage');
    const extra = await page.evaluate(() => ({ wasm: window.wasmBindings.bench_wasm_memory_bytes(), elements: window.taskBench.elements() }));
    return { polls, js: heap.usedSize, ms, ...extra };
  };
  const rows = [await sample(0, 0)];
  for (const upTo of POINTS.slice(1)) {
    const ms = await page.evaluate(async (n) => {
      const t0 = performance.now();
      await window.taskBench.polls(n);
      return performance.now() - t0;
    }, upTo - rows.at(-1).polls);
    rows.push(await sample(upTo, ms / (upTo - rows.at(-1).polls)));
  }
  await page.evaluate(() => window.taskBench.unmount());
  await browser.close();
  console.log(`\nTask page memory over ${MEMORY_POLLS.toLocaleString('en')} simulated polls of a running task (after forced GC; target: flat from 500 polls on)`);
  for (const r of rows) {
    console.log(`  ${r.polls.toLocaleString('en').padStart(6)} polls   JS heap ${(r.js / 1024).toFixed(0).padStart(6)} KiB   wasm memory ${(r.wasm / 1024).toFixed(0).padStart(6)} KiB   elements in the panels ${String(r.elements).padStart(5)}${r.polls ? `   (${r.ms.toFixed(2)} ms a poll)` : ''}`);
  }
  const at = (n) => rows.find((r) => r.polls === n);
  const kib = (b) => `${b >= 0 ? '+' : ''}${(b / 1024).toFixed(1)} KiB`;
  const last = rows.at(-1).polls;
  for (const [from, to] of [[500, 1000], [1000, last]]) {
    if (!at(from) || !at(to) || from >= to) continue;
    const d = at(to).elements - at(from).elements;
    console.log(`  ${from.toLocaleString('en')} → ${to.toLocaleString('en')} polls: JS heap ${kib(at(to).js - at(from).js)}, wasm memory ${kib(at(to).wasm - at(from).wasm)}, elements ${d >= 0 ? '+' : ''}${d}`);
  }
  return rows;
}
