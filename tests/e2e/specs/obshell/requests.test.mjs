// Fewer requests per open tab (each costs the agent an RSA decryption): on a task page the
// header's badge does not poll beside the page's own poll, yet follows the task's end at once;
// on a page with nothing to watch the badge asks every 10 s at most, less and less often while
// nothing runs, and at once when the person presses r; the tasks list
// reads the agent's full lists at most once a minute, following a running task with the
// unfinished list in between.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useStack, PASSWORD } from '../../lib/stack.mjs';
import { openConnected } from '../../lib/pages/shell.mjs';
import { TaskView } from '../../lib/pages/obshell.mjs';
import { sealedRequest } from '../../lib/node-client.mjs';

// Speed 1: an added replica runs for about 15 s.
const env = useStack({ simArgs: ['--speed', '1'] });

/** The page's requests to the agent from now on: the badge's list and the task's DAG. */
function record(page) {
  const start = Date.now();
  const seen = [];
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (path === '/api/v1/task/dag/unfinish') seen.push({ kind: 'badge', at: Date.now() - start });
    else if (path.startsWith('/api/v1/task/dag/')) seen.push({ kind: 'dag', at: Date.now() - start });
  });
  const of = (kind) => seen.filter((r) => r.kind === kind);
  return { of, now: () => Date.now() - start };
}

test('on a task page the badge does not poll beside the page, and shows the end at once', async () => {
  const res = await sealedRequest(env.stack.url, PASSWORD, 'POST', '/api/v1/tenant/logs/replicas', {
    zone_list: [{ name: 'zone2', unit_config_name: 'unit_2c8g', unit_num: 1 }],
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const page = await env.browser.newPage();
  const log = record(page);
  await openConnected(page, `${env.stack.url}/tasks/${res.body.data.id}`, PASSWORD);
  const task = new TaskView(page);
  await task.waitForState('RUNNING');
  await page.getByRole('link', { name: '▶ 1 running' }).waitFor();
  const badgeAtStart = log.of('badge').length;
  const dagAtStart = log.of('dag').length;
  // A person watching the task for a few seconds while it runs.
  await page.waitForTimeout(6000);
  assert.match(await task.state.textContent(), /RUNNING/, 'the task still runs');
  const dagPolls = log.of('dag').length - dagAtStart;
  const badgePolls = log.of('badge').length - badgeAtStart;
  assert.ok(dagPolls >= 4, `the page polls its task (${dagPolls} DAG polls in 6 s)`);
  assert.equal(badgePolls, 0, `the badge does not ask beside the page's ${dagPolls} polls`);

  await task.waitForState('SUCCEED', 40_000);
  const ended = log.now();
  // The page saw the end; the badge follows at once, not on its own slow schedule.
  await page.getByRole('link', { name: '▶ 0 running' }).waitFor({ timeout: 3000 });
  const after = log.of('badge').filter((r) => r.at >= ended - 1500);
  assert.ok(after.length >= 1 && after.length <= 2, `one badge request on the end (${after.length})`);
  await page.close();
});

test('with nothing to watch the badge asks every 10 s at most, less often while nothing runs, and at once on r', async () => {
  const page = await env.browser.newPage();
  const log = record(page);
  await openConnected(page, `${env.stack.url}/cluster`, PASSWORD);
  await page.getByTestId('cluster-name').waitFor();
  await page.getByRole('link', { name: '▶ 0 running' }).waitFor();
  // A person reading the cluster page for a while.
  await page.waitForTimeout(36_000);
  const at = log.of('badge').map((r) => r.at);
  const gaps = at.slice(1).map((t, i) => (t - at[i]) / 1000);
  assert.ok(gaps.length >= 2, `the badge keeps asking (at ${at.join(', ')} ms)`);
  assert.ok(gaps.every((g) => g >= 9.5), `never more than once in 10 s: gaps ${gaps.join(', ')} s`);
  assert.ok(gaps.at(-1) > gaps[0] + 2, `the gap grows while nothing runs: ${gaps.join(', ')} s`);
  assert.equal(log.of('dag').length, 0, 'no task is polled');

  const before = log.of('badge').length;
  await page.keyboard.press('r');
  await page.waitForTimeout(1500);
  assert.equal(log.of('badge').length, before + 1, 'r asks at once');
  await page.close();
});

test('the tasks list reads the full lists once a minute at most, follows a running task with the unfinished list, and reads at once on r', async () => {
  const res = await sealedRequest(env.stack.url, PASSWORD, 'POST', '/api/v1/tenant/logs/replicas', {
    zone_list: [{ name: 'zone3', unit_config_name: 'unit_2c8g', unit_num: 1 }],
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const id = res.body.data.id;
  const page = await env.browser.newPage();
  // The full cluster list (read by nothing else), the unfinished list (the page's and the
  // badge's), and the task read alone.
  const start = Date.now();
  const reads = { full: [], unfinished: [], alone: [] };
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    const at = (Date.now() - start) / 1000;
    if (path === '/api/v1/task/dags/ob') reads.full.push(at);
    else if (path === '/api/v1/task/dag/unfinish') reads.unfinished.push(at);
    else if (path === `/api/v1/task/dag/${id}`) reads.alone.push(at);
  });
  const shown = (g) => g.map((x) => x.toFixed(1)).join(', ');
  await openConnected(page, `${env.stack.url}/tasks`, PASSWORD);
  const row = page.getByTestId('task-row').filter({ has: page.getByRole('cell', { name: id, exact: true }) });
  await row.and(page.locator('[data-state=RUNNING]')).waitFor();
  // A person keeps the list open while the task runs (about 15 s) and ends: the list follows
  // it with the unfinished list, and reads it alone once it has left that list.
  await row.and(page.locator('[data-state=SUCCEED]')).waitFor({ timeout: 40_000 });
  assert.ok(reads.unfinished.length >= 3, `the unfinished list is read while the task runs (at ${shown(reads.unfinished)} s)`);
  assert.equal(reads.alone.length, 1, `the ended task is read once, alone (at ${shown(reads.alone)} s)`);
  // Nothing runs now: the person goes on reading the list.
  const endedAt = reads.unfinished.length - 1;
  await page.waitForTimeout(20_000);
  const idle = reads.unfinished.slice(endedAt + 1);
  assert.ok(idle.length <= 4, `the page and the badge each read the unfinished list at most once in 10 s: at ${shown(idle)} s`);
  assert.equal(reads.full.length, 1, `the full list is read once in the first minute (at ${shown(reads.full)} s)`);
  const before = reads.unfinished.length + reads.full.length;
  await page.keyboard.press('r');
  await page.waitForTimeout(1500);
  // The page's read and the badge's, both woken by r.
  const now = reads.unfinished.length + reads.full.length;
  assert.ok(now - before >= 1 && now - before <= 2, `r reads it at once (${now - before} reads)`);
  await page.close();
});
