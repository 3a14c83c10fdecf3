// Durations in context: the task page says how long the task and each step usually take on this
// agent (the median of its earlier succeeded runs), the running task's time left, and flags a
// step and the task "slow" when they run far beyond that history; with no earlier runs it says
// so and makes up no figure. The history is read once per task name and connection.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useStack, PASSWORD } from '../../lib/stack.mjs';
import { openConnected } from '../../lib/pages/shell.mjs';
import { TaskView, waitDagEnded } from '../../lib/pages/obshell.mjs';
import { sealedRequest } from '../../lib/node-client.mjs';

// Speed 3: a replica added to logs takes about 5 s (resource pools 1 s, the locality 4 s); as a read-only replica it can be dropped again.
const env = useStack({ simArgs: ['--speed', '3'] });
const POOLS = 'Create and attach resource pools';
const LOCALITY = 'Alter tenant locality';

async function send(method, path, body) {
  const res = await sealedRequest(env.stack.url, PASSWORD, method, path, body);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.data.id;
}

const addZone2 = () => send('POST', '/api/v1/tenant/logs/replicas', { zone_list: [{ name: 'zone2', replica_type: 'READONLY', unit_config_name: 'unit_2c8g', unit_num: 1 }] });
const dropZone2 = () => send('DELETE', '/api/v1/tenant/logs/replicas', { zones: ['zone2'] });

/** Waits for a task's success, asking the agent straight (not through nginx, whose rate limit
 * a test that runs task after task would meet). */
async function succeeded(id) {
  const agent = { url: env.stack.agentUrl };
  assert.equal(await waitDagEnded(sealedRequest, agent, PASSWORD, id), 'SUCCEED', `task ${id}`);
}

/** One earlier run of "Scale out tenant replicas" (zone2 added to logs), then zone2 dropped again. */
async function oneRun() {
  const id = await addZone2();
  await succeeded(id);
  await succeeded(await dropZone2());
  return id;
}

/** The steps list, opened: the row of a step by its name. */
async function stepRow(page, name) {
  const list = page.getByTestId('steps-list');
  if (!(await list.evaluate((d) => d.open))) await list.getByText('Steps as a list').click();
  return list.getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) });
}

const runs = [];

test('a task with no earlier runs on this agent says so, and no figure is made up', async () => {
  const id = await addZone2();
  const page = await env.browser.newPage();
  await openConnected(page, `${env.stack.url}/tasks/${id}`, PASSWORD);
  await page.getByText('No earlier runs of this task on this agent.').waitFor();
  assert.equal(await page.getByTestId('task-left').count(), 0, 'no time left without a history');
  assert.equal(await page.getByTestId('task-slow').count(), 0);
  const pools = await stepRow(page, POOLS);
  assert.match(await pools.textContent(), /no earlier runs/);
  assert.equal(await page.getByRole('meter', { name: /usually/ }).count(), 0, 'no bar against a made-up usual time');
  await new TaskView(page).waitForState('SUCCEED');
  await page.close();
  await succeeded(id);
  await succeeded(await dropZone2());
  runs.push(id);
});

test('a step far beyond its history is flagged slow, with the time left; the history is read once', async () => {
  runs.push(await oneRun());
  await env.stack.clearRequests();
  const id = await addZone2();
  // Its first step takes 40 times as long as usual (about 40 s instead of 1 s).
  const slowed = await (await fetch(`${env.stack.agentUrl}/__sim/slow-node`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ node: POOLS, factor: 40 }),
  })).json();
  assert.equal(slowed.slowed, 1, JSON.stringify(slowed));
  const page = await env.browser.newPage();
  await openConnected(page, `${env.stack.url}/tasks/${id}`, PASSWORD);
  const usual = page.getByTestId('task-usual');
  await usual.filter({ hasText: /^Usually \d+ s \(median of 2 earlier runs on this agent\)$/ }).waitFor({ timeout: 15_000 });
  // The running step is past its usual second: the rest is the locality step's usual time.
  const left = page.getByTestId('task-left');
  await left.filter({ hasText: /^longer than usual; about [3-6] s left after the current step$/ }).waitFor({ timeout: 15_000 });
  assert.equal(await page.getByTestId('task-slow').count(), 0, 'not slow yet: 30 s beyond its usual time are needed');

  // More than twice its usual time and 30 s beyond it: the task and the step are slow.
  const slow = page.getByTestId('task-slow');
  await slow.waitFor({ timeout: 60_000 });
  assert.match(await slow.textContent(), /^⚠ slow: running for (\d+) s, usually [4-7] s$/);
  // Said to a screen reader once, politely.
  await page.waitForFunction(() => /⚠ slow: running for \d+ s/.test(document.querySelector('[data-testid="announcements"]').textContent), null, { timeout: 5000 });
  assert.match(await new TaskView(page).state.textContent(), /RUNNING/);
  const pools = await stepRow(page, POOLS);
  assert.match(await pools.textContent(), /usually [12] s/);
  await pools.getByText('⚠ slow').waitFor();
  const bar = pools.getByRole('meter', { name: /^\d+ s, usually [12] s$/ });
  assert.ok(Number(await bar.getAttribute('value')) >= 31, "the bar shows the step's own time");
  const locality = await stepRow(page, LOCALITY);
  assert.match(await locality.textContent(), /usually [3-6] s/);
  assert.equal(await locality.getByText('⚠ slow').count(), 0, 'the step not started is not slow');

  // The agent was asked for the cluster's list once and for each earlier run once, never again.
  const asked = (await env.stack.requests()).filter((r) => r.method === 'GET').map((r) => r.target.split('?')[0]);
  assert.equal(asked.filter((t) => t === '/api/v1/task/dags/ob').length, 1, 'the list once');
  for (const run of runs) assert.equal(asked.filter((t) => t === `/api/v1/task/dag/${run}`).length, 1, `run ${run} once`);
  assert.ok(asked.filter((t) => t === `/api/v1/task/dag/${id}`).length >= 5, 'the task itself is polled');

  // Another task of the same name, opened in the same tab: its usual time asks nothing.
  await page.getByRole('link', { name: 'Tasks', exact: true }).first().click();
  const row = page.getByTestId('task-row').filter({ has: page.getByRole('cell', { name: runs[1], exact: true }) });
  await row.waitFor();
  await env.stack.clearRequests();
  await row.getByRole('link').first().click();
  await usual.filter({ hasText: /^Usually \d+ s \(one earlier run on this agent\)$/ }).waitFor();
  await page.waitForTimeout(1500);
  const again = (await env.stack.requests()).map((r) => r.target.split('?')[0]);
  assert.deepEqual(again.filter((t) => t.startsWith('/api/v1/task/dags/') || t === `/api/v1/task/dag/${runs[0]}`), [], `asked again: ${again.join(', ')}`);
  await page.close();
});

test('a task that has ended is shown first, then its earlier runs are read at once', async () => {
  await env.stack.clearRequests();
  const page = await env.browser.newPage();
  await openConnected(page, `${env.stack.url}/tasks/${runs[0]}`, PASSWORD);
  await new TaskView(page).waitForState('SUCCEED');
  // Its own run is no earlier run of itself: the other succeeded one is.
  await page.getByTestId('task-usual').filter({ hasText: /^Usually \d+ s \(one earlier run on this agent\)$/ }).waitFor();
  assert.equal(await page.getByTestId('task-left').count(), 0, 'no time left for a task that has ended');
  const pools = await stepRow(page, POOLS);
  assert.match(await pools.textContent(), /usually [12] s/);
  await page.waitForTimeout(2500);
  const asked = (await env.stack.requests()).filter((r) => r.method === 'GET').map((r) => r.target.split('?')[0]);
  assert.equal(asked.filter((t) => t === '/api/v1/task/dags/ob').length, 1, 'the list once');
  assert.equal(asked.filter((t) => t === `/api/v1/task/dag/${runs[1]}`).length, 1, 'the earlier run once');
  assert.equal(asked.filter((t) => t === `/api/v1/task/dag/${runs[0]}`).length, 1, 'the ended task is read once, not polled');
  await page.close();
});
