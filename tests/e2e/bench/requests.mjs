// Requests per minute the console sends to the agent (each costs the agent an RSA decryption),
// counted from the browser's network events (every /api/ request of the page), in real time:
// (a) a task page with a running task, (b) the cluster page with nothing running, (c) that page
// hidden, (d) the tasks list with a task running. Its own simulator runs tasks five times slower than nominal, so a task outlives the
// minute.
import { startStack, launchBrowser, PASSWORD } from '../lib/stack.mjs';
import { openConnected } from '../lib/pages/shell.mjs';
import { TaskView } from '../lib/pages/obshell.mjs';
import { sealedRequest } from '../lib/node-client.mjs';

const MINUTE = Number(process.env.BENCH_REQUESTS_MS ?? 60_000);

/** Which poll a request is: the task's DAG, the badge's unfinished list, or anything else. */
function kind(url) {
  const path = new URL(url).pathname;
  if (path === '/api/v1/task/dag/unfinish') return 'badge';
  if (path.startsWith('/api/v1/task/dag/')) return 'dag';
  return 'other';
}

/** Records the page's /api/ requests from now on: kind and time (ms since the start). */
function record(page) {
  const start = Date.now();
  const seen = [];
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith('/api/')) seen.push({ kind: kind(r.url()), path: `${r.method()} ${path}`, at: Date.now() - start });
  });
  return {
    seen,
    now: () => Date.now() - start,
    /** The requests in [from, to) ms, by kind. */
    between(from, to) {
      const rows = seen.filter((r) => r.at > from && r.at <= to);
      const by = (k) => rows.filter((r) => r.kind === k).length;
      const others = {};
      for (const r of rows.filter((x) => x.kind === 'other')) others[r.path] = (others[r.path] ?? 0) + 1;
      return { total: rows.length, dag: by('dag'), badge: by('badge'), other: by('other'), others };
    },
  };
}

const secs = (ms) => (ms === 60_000 ? 'minute' : ms === 30_000 ? 'half minute' : `${ms / 1000} s`);
const perMinute = (n, ms) => (n * 60_000) / ms;
const fmt = (x) => x.toFixed(1).padStart(5);

function row(label, counts, ms, target, limit) {
  const rate = perMinute(counts.total, ms);
  const split = `(DAG ${counts.dag}, badge ${counts.badge}, other ${counts.other} in ${(ms / 1000).toFixed(0)} s)`;
  const mark = rate <= limit ? 'ok' : 'OVER';
  console.log(`  ${label.padEnd(44)} ${fmt(rate)} /min  ${split.padEnd(46)} target ${target}  ${mark}`);
  const others = Object.entries(counts.others ?? {}).map(([p, n]) => `${p} ×${n}`);
  if (others.length) console.log(`  ${''.padEnd(44)} other: ${others.join(', ')}`);
  return { label, rate, counts, ok: rate <= limit };
}

/** `make bench` hands its stack over; this one needs slower tasks, so it starts its own. */
export async function requests(_shared) {
  // The shipped console (dist/), as a person runs it.
  const stack = await startStack({ simArgs: ['--speed', '0.2'], dist: 'dist' });
  const browser = await launchBrowser();
  const rows = [];
  console.log('\nRequests to the agent per minute (browser network events, /api/ only, real time)');
  try {
    // (a) A task page, opened on a running task (an added replica: about 75 s at this speed).
    const res = await sealedRequest(stack.url, PASSWORD, 'POST', '/api/v1/tenant/logs/replicas', {
      zone_list: [{ name: 'zone2', unit_config_name: 'unit_2c8g', unit_num: 1 }],
    });
    if (res.status !== 200) throw new Error(`the task did not start: ${JSON.stringify(res.body)}`);
    const id = res.body.data.id;
    let page = await browser.newPage();
    let log = record(page);
    await openConnected(page, `${stack.url}/tasks/${id}`, PASSWORD);
    await new TaskView(page).waitForState('RUNNING');
    // From the page's first poll (its DAG or the badge's list, whichever comes first).
    const from = log.seen.find((r) => r.kind !== 'other').at - 1;
    await page.waitForTimeout(Math.max(0, from + MINUTE + 500 - log.now()));
    const state = await page.getByTestId('task-state').textContent();
    if (!/RUNNING/.test(state)) console.log(`  (the task is ${state.trim()} by the end of the minute: the figure undercounts)`);
    rows.push(row(`(a) task page, task running, first ${secs(MINUTE)}`, log.between(from, from + MINUTE), MINUTE, '<= 30 /min (1 per 2 s)', 30));
    const badgeAt = log.seen.filter((r) => r.kind === 'badge' && r.at > from).map((r) => ((r.at - from) / 1000).toFixed(1));
    console.log(`  ${''.padEnd(44)} the badge asked at ${badgeAt.join(', ')} s`);
    await page.close();

    // (b) The cluster page, nothing running (the task above ended meanwhile, or is waited for).
    const idle = async () => {
      for (let i = 0; i < 120; i++) {
        const r = await sealedRequest(stack.url, PASSWORD, 'GET', '/api/v1/task/dag/unfinish?show_details=false');
        const running = (r.body.data?.contents ?? []).filter((d) => d.state === 'RUNNING' || d.state === 'READY');
        if (running.length === 0) return;
        await new Promise((ok) => setTimeout(ok, 1000));
      }
      throw new Error('a task still runs after two minutes');
    };
    await idle();
    page = await browser.newPage();
    log = record(page);
    await openConnected(page, `${stack.url}/cluster`, PASSWORD);
    await page.getByTestId('cluster-name').waitFor();
    // From the badge's first request (the header's first poll), as in (a).
    const loaded = log.seen.find((r) => r.kind === 'badge').at - 1;
    await page.waitForTimeout(Math.max(0, loaded + MINUTE * 1.5 + 500 - log.now()));
    rows.push(row(`(b) cluster page, nothing running, first ${secs(MINUTE)}`, log.between(loaded, loaded + MINUTE), MINUTE, '<= 6 /min (1 per 10 s)', 6));
    const later = log.between(loaded + MINUTE, loaded + MINUTE * 1.5);
    rows.push(row(`    the next ${secs(MINUTE / 2)}`, later, MINUTE / 2, '<= 2 /min (1 per 30 s)', 2));
    const gaps = log.seen.filter((r) => r.kind === 'badge').map((r, i, all) => (i ? ((r.at - all[i - 1].at) / 1000).toFixed(1) : null)).filter(Boolean);
    console.log(`  ${''.padEnd(44)} the badge's gaps: ${gaps.join(', ')} s`);

    // (c) The same page, hidden.
    await page.evaluate(() => {
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    const at = log.seen.length;
    const t0 = Date.now();
    await page.waitForTimeout(MINUTE / 2);
    const during = log.seen.slice(at);
    const ms = Date.now() - t0;
    const counts = { total: during.length, dag: during.filter((r) => r.kind === 'dag').length, badge: during.filter((r) => r.kind === 'badge').length, other: during.filter((r) => r.kind === 'other').length };
    rows.push(row('(c) cluster page, tab hidden', counts, ms, '0 /min', 0));
    await page.close();

    // (d) The tasks list (three requests a read on this agent), opened with a task running.
    const next = await sealedRequest(stack.url, PASSWORD, 'POST', '/api/v1/tenant/logs/replicas', {
      zone_list: [{ name: 'zone3', unit_config_name: 'unit_2c8g', unit_num: 1 }],
    });
    if (next.status !== 200) throw new Error(`the task did not start: ${JSON.stringify(next.body)}`);
    page = await browser.newPage();
    log = record(page);
    await openConnected(page, `${stack.url}/tasks`, PASSWORD);
    await page.getByTestId('task-row').and(page.locator('[data-state=RUNNING]')).first().waitFor();
    const listed = log.seen.find((r) => r.kind !== 'other' || r.path.includes('/task/dags/')).at - 1;
    await page.waitForTimeout(Math.max(0, listed + MINUTE + 500 - log.now()));
    rows.push(row(`(d) tasks list, task running, first ${secs(MINUTE)}`, log.between(listed, listed + MINUTE), MINUTE, '<= 30 /min (1 per 2 s)', 30));
    await page.close();
  } finally {
    await browser.close();
    await stack.stop();
  }
  return rows;
}
