// `make bench`: the tasks page of a cluster with 10,000 tasks in its history (the agent's full
// lists have no paging: docs/protocol/obshell.md §4.8). With a task running, it measures the
// first screen (from the click on "Tasks" to the first rows painted), the longest main-thread
// task while the page polls for a minute, the requests of that minute (the full lists are read
// at most once a minute) and the memory after a forced GC.
import { startStack, launchBrowser, PASSWORD } from '../lib/stack.mjs';
import { openConnected, sections } from '../lib/pages/shell.mjs';
import { sealedRequest } from '../lib/node-client.mjs';

const MINUTE = Number(process.env.BENCH_REQUESTS_MS ?? 60_000);
const HISTORY = Number(process.env.BENCH_HISTORY ?? 10_000);

export async function tasksAtScale(dist) {
  const stack = await startStack({ simArgs: ['--speed', '0.2', '--history', String(HISTORY)], dist });
  const browser = await launchBrowser();
  try {
    const res = await sealedRequest(stack.url, PASSWORD, 'POST', '/api/v1/tenant/logs/replicas', {
      zone_list: [{ name: 'zone2', unit_config_name: 'unit_2c8g', unit_num: 1 }],
    });
    if (res.status !== 200) throw new Error(`the task did not start: ${JSON.stringify(res.body)}`);
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await openConnected(page, `${stack.url}/cluster`, PASSWORD);
    await page.getByTestId('cluster-name').waitFor();
    await page.evaluate(() => {
      window.longTasks = [];
      new PerformanceObserver((l) => { for (const e of l.getEntries()) window.longTasks.push(e.duration); }).observe({ type: 'longtask' });
    });
    const seen = [];
    const start = Date.now();
    page.on('request', (r) => {
      const path = new URL(r.url()).pathname;
      if (path.startsWith('/api/')) seen.push({ path, at: Date.now() - start });
    });
    const t0 = Date.now();
    await sections(page).getByRole('link', { name: 'Tasks' }).click();
    await page.getByTestId('task-row').nth(99).waitFor({ timeout: 30_000 });
    await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => ok())));
    const first = Date.now() - t0;
    const shown = await page.getByTestId('tasks-shown').textContent();
    const firstLong = await page.evaluate(() => Math.max(0, ...window.longTasks));
    await page.evaluate(() => { window.longTasks = []; });
    await page.waitForTimeout(MINUTE);
    const longs = await page.evaluate(() => window.longTasks.slice());
    const minute = seen.filter((r) => r.at > first + 1000);
    const full = minute.filter((r) => r.path === '/api/v1/task/dags/ob').length;
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage');
    const wasm = await page.evaluate(() => window.wasmBindings?.bench_wasm_memory_bytes?.() ?? null);
    const elements = await page.evaluate(() => document.getElementsByTagName('*').length);
    console.log(`\nTasks page with ${HISTORY.toLocaleString('en')} tasks in the agent's history, one running (headless Chromium, 1366 × 900)`);
    console.log(`  first screen: click on Tasks → 100 rows painted   ${first} ms   (target ≤ 1000 ms; longest task meanwhile ${firstLong.toFixed(0)} ms; "${shown.trim()}")`);
    console.log(`  the next ${(MINUTE / 1000).toFixed(0)} s, polling: longest main-thread task ${Math.max(0, ...longs).toFixed(0)} ms, ${longs.length} tasks over 50 ms`);
    console.log(`  requests in that time: ${minute.length} (${((minute.length * 60_000) / MINUTE).toFixed(1)} /min; target ≤ 30), full cluster list read ${full} time(s) (target ≤ 1 a minute)`);
    console.log(`  memory after GC: JS heap ${(heap.usedSize / 1024 / 1024).toFixed(1)} MiB${wasm === null ? '' : `, wasm memory ${(wasm / 1024 / 1024).toFixed(1)} MiB`}, ${elements} elements in the page`);
    await page.close();
    return { first, firstLong, longs, requests: minute.length, full, heap: heap.usedSize, wasm, elements };
  } finally {
    await browser.close();
    await stack.stop();
  }
}
