// Fewer requests per open tab (each costs the agent an RSA decryption): on a task page the
// header's badge does not poll beside the page's own poll, yet follows the task's end at once;
// on a page with nothing to watch the badge asks every 10 s at most, less and less often while
// nothing runs, and at once when the person presses r; the tasks list (three requests a read)
// reads itself every 10 s while a task runs and less and less often once none runs.
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

test('the tasks list reads itself every 10 s while a task runs, less often once none runs, and at once on r', async () => {
  const res = await sealedRequest(env.stack.url, PASSWORD, 'POST', '/api/v1/tenant/logs/replicas', {
    zone_list: [{ name: 'zone3', unit_config_name: 'unit_2c8g', unit_num: 1 }],
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const id = res.body.data.id;
  const page = await env.browser.newPage();
  // One read of the list is three requests; the cluster's list is read by nothing else.
  const start = Date.now();
  const reads = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === '/api/v1/task/dags/ob') reads.push((Date.now() - start) / 1000);
  });
  const gaps = (at) => at.slice(1).map((t, i) => t - at[i]);
  const shown = (g) => g.map((x) => x.toFixed(1)).join(', ');
  await openConnected(page, `${env.stack.url}/tasks`, PASSWORD);
  const row = page.getByTestId('task-row').filter({ has: page.getByRole('cell', { name: id, exact: true }) });
  await row.and(page.locator('[data-state=RUNNING]')).waitFor();
  // A person keeps the list open while the task runs (about 15 s) and ends.
  await row.and(page.locator('[data-state=SUCCEED]')).waitFor({ timeout: 40_000 });
  const running = gaps(reads);
  assert.ok(running.length >= 1, `the list is read again while the task runs (at ${reads.join(', ')} s)`);
  assert.ok(running.every((g) => g >= 9.5), `at most once in 10 s while a task runs: gaps ${shown(running)} s`);
  // Nothing runs now: the person goes on reading the list, which is read less and less often.
  const endedAt = reads.length - 1;
  await page.waitForTimeout(26_000);
  const idle = gaps(reads.slice(endedAt));
  assert.ok(idle.every((g) => g >= 9.5), `at most once in 10 s: gaps ${shown(idle)} s`);
  assert.ok(idle.some((g) => g > 12), `less often once nothing runs: gaps ${shown(idle)} s`);
  const before = reads.length;
  await page.keyboard.press('r');
  await page.waitForTimeout(1500);
  assert.equal(reads.length, before + 1, 'r reads it at once');
  await page.close();
});
