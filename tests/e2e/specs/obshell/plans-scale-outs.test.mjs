// Several scale-outs as one plan: a third idle host added with the admin API, three rows (two
// into a new zone4, one into zone1), a duplicate IP refused naming its row and then fixed, the
// plan reviewed and started; the three scale-outs go one after another (each sent only once the
// one before has succeeded), and the agent then shows the three servers in their zones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useStack, PASSWORD } from '../../lib/stack.mjs';
import { openConnected } from '../../lib/pages/shell.mjs';
import { sealedRequest } from '../../lib/node-client.mjs';

const env = useStack({ simArgs: ['--speed', '5'] });

const SCALE_OUT = 'POST /api/v1/ob/scale_out';

async function admin(path, body) {
  const res = await fetch(`${env.stack.agentUrl}/__sim${path}`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  const text = await res.text();
  assert.equal(res.status, 200, `${path}: ${text}`);
  return JSON.parse(text);
}

async function sealed(target) {
  const answer = await sealedRequest(env.stack.url, PASSWORD, 'GET', target);
  assert.equal(answer.status, 200, `${target}: ${JSON.stringify(answer.body)}`);
  return answer.body.data;
}

/** Fills row `n` (1-based): the host, and an existing zone or a new zone's name. */
async function fillRow(page, n, ip, zone, { isNew = false } = {}) {
  await page.getByRole('textbox', { name: `Agent IP of row ${n}` }).fill(ip);
  if (isNew) {
    await page.getByRole('combobox', { name: `Zone of row ${n}` }).selectOption({ label: 'new zone…' });
    await page.getByRole('textbox', { name: `New zone name of row ${n}` }).fill(zone);
  } else {
    await page.getByRole('combobox', { name: `Zone of row ${n}` }).selectOption(zone);
  }
}

test('three hosts × zones run as one plan, one scale-out after another', async () => {
  const added = await admin('/idle-host', { ip: '10.0.4.3' });
  assert.equal(added.port, 2886);
  const page = await env.browser.newPage();
  await openConnected(page, `${env.stack.url}/cluster/scale-out`, PASSWORD);
  await page.getByRole('link', { name: 'Add several servers…' }).click();
  await page.waitForURL(/\/cluster\/scale-outs$/);
  await page.getByRole('heading', { name: 'Add several servers' }).waitFor();
  assert.equal(await page.getByRole('textbox', { name: 'Agent port of row 1' }).inputValue(), '2886', 'the default agent port');

  await fillRow(page, 1, '10.0.4.1', 'zone4', { isNew: true });
  await page.getByRole('button', { name: 'Add a row' }).click();
  await fillRow(page, 2, '10.0.4.1', 'zone4', { isNew: true });
  await page.getByRole('button', { name: 'Add a row' }).click();
  await fillRow(page, 3, '10.0.4.3', 'zone1');

  // The same IP twice: refused, naming the row; what was typed stays.
  await page.getByRole('button', { name: 'Review the plan' }).click();
  const errors = page.getByRole('alert').getByTestId('field-error');
  await errors.first().waitFor();
  assert.deepEqual(await errors.allTextContents(), ['Row 2: Agent IP: 10.0.4.1 is already in row 1']);
  assert.match(page.url(), /\/cluster\/scale-outs$/, 'not sent on');
  const ip2 = page.getByRole('textbox', { name: 'Agent IP of row 2' });
  assert.equal(await ip2.inputValue(), '10.0.4.1');
  assert.equal(await ip2.getAttribute('aria-invalid'), 'true');
  assert.equal(await page.getByRole('textbox', { name: 'New zone name of row 2' }).inputValue(), 'zone4');

  await ip2.fill('10.0.4.2');
  await errors.first().waitFor({ state: 'detached' });
  assert.equal(await ip2.getAttribute('aria-invalid'), 'false');
  const preview = page.getByTestId('plan-preview').locator('li');
  await preview.nth(2).waitFor();
  assert.deepEqual(await preview.allTextContents(), [
    'Add server 10.0.4.1:2886 to zone4 (a new zone: the task creates it)',
    'Add server 10.0.4.2:2886 to zone4',
    'Add server 10.0.4.3:2886 to zone1',
  ]);

  await env.stack.clearRequests();
  await page.getByRole('button', { name: 'Review the plan' }).click();
  await page.waitForURL(/\/plans\/[0-9a-f]+$/);
  await page.getByRole('heading', { name: 'Plan: add servers 10.0.4.1, 10.0.4.2, 10.0.4.3' }).waitFor();
  const steps = page.getByTestId('plan-step');
  await steps.nth(2).waitFor();
  assert.deepEqual(await steps.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label'))), [
    '1. Add server 10.0.4.1:2886 to zone4',
    '2. Add server 10.0.4.2:2886 to zone4',
    '3. Add server 10.0.4.3:2886 to zone1',
  ]);
  assert.match(await page.getByTestId('plan-status').textContent(), /Nothing has been sent yet/);

  await page.getByRole('button', { name: 'Start the plan' }).click();
  await page.getByTestId('plan-progress').filter({ hasText: '3 of 3 steps done' }).waitFor({ timeout: 300_000 });
  await page.getByTestId('plan-status').filter({ hasText: 'The plan is done' }).waitFor();

  // Exactly three scale-outs, each sent only after the task before it had succeeded.
  const posts = (await env.stack.requests()).filter((r) => `${r.method} ${r.target}` === SCALE_OUT);
  assert.equal(posts.length, 3, JSON.stringify(posts));
  assert.ok(posts.every((r) => r.status === 200), JSON.stringify(posts));
  const taskIds = await steps.evaluateAll((els) => els.map((e) => {
    const link = e.querySelector('a[href*="/tasks/"]');
    return link && decodeURIComponent(link.getAttribute('href').split('/').pop());
  }));
  assert.equal(taskIds.filter(Boolean).length, 3, JSON.stringify(taskIds));
  const dags = [];
  for (const id of taskIds) dags.push(await sealed(`/api/v1/task/dag/${encodeURIComponent(id)}`));
  for (const [i, dag] of dags.entries()) {
    assert.equal(dag.name, 'Cluster scale out');
    assert.equal(dag.state, 'SUCCEED', `step ${i + 1}`);
  }
  for (let i = 1; i < 3; i += 1) {
    const ended = Date.parse(dags[i - 1].end_time);
    assert.ok(Number.isFinite(ended), dags[i - 1].end_time);
    assert.ok(posts[i].at_ms >= ended,
      `scale-out ${i + 1} sent at ${posts[i].at_ms}, before task ${i} ended at ${ended}`);
  }

  const topology = (await sealed('/api/v1/ob/info')).obcluster_info.topology;
  const ips = (zone) => (topology[zone] ?? []).map((s) => s.svr_ip).sort();
  assert.deepEqual(ips('zone4'), ['10.0.4.1', '10.0.4.2']);
  assert.ok(ips('zone1').includes('10.0.4.3'), JSON.stringify(topology.zone1));
  await page.close();
});

test('a host that became a server meanwhile: its step is refused before anything is sent', async () => {
  await admin('/idle-host', { ip: '10.0.4.4' });
  await admin('/idle-host', { ip: '10.0.4.5' });
  const page = await env.browser.newPage();
  await openConnected(page, `${env.stack.url}/cluster/scale-outs`, PASSWORD);
  await fillRow(page, 1, '10.0.4.4', 'zone2');
  await page.getByRole('button', { name: 'Add a row' }).click();
  await fillRow(page, 2, '10.0.4.5', 'zone2');
  await page.getByRole('button', { name: 'Review the plan' }).click();
  await page.waitForURL(/\/plans\/[0-9a-f]+$/);
  // Someone else adds 10.0.4.5 to zone3 before the plan starts.
  const other = await sealedRequest(env.stack.url, PASSWORD, 'POST', '/api/v1/ob/scale_out',
    { agentInfo: { ip: '10.0.4.5', port: 2886 }, zone: 'zone3', obConfigs: {} });
  assert.equal(other.status, 200, JSON.stringify(other.body));
  const deadline = Date.now() + 120_000;
  while ((await sealed(`/api/v1/task/dag/${other.body.data.id}`)).state !== 'SUCCEED') {
    assert.ok(Date.now() < deadline, 'the other scale-out ends');
    await new Promise((ok) => setTimeout(ok, 500));
  }
  await env.stack.clearRequests();
  await page.getByRole('button', { name: 'Start the plan' }).click();
  const stopped = page.getByTestId('plan-stopped');
  await stopped.waitFor({ timeout: 120_000 });
  assert.match(await stopped.textContent(), /^Stopped at step 2: the step was refused before any task started/);
  const states = await page.getByTestId('plan-step-state').allTextContents();
  assert.match(states[0], /^done · task /);
  assert.equal(states[1], 'refused: Agent IP: 10.0.4.5:2886 is already an agent of this cluster; '
    + 'Agent IP: 10.0.4.5:2882 is already an OBServer of this cluster');
  const posts = (await env.stack.requests()).filter((r) => `${r.method} ${r.target}` === SCALE_OUT);
  assert.equal(posts.length, 1, 'only the first row was sent');
  await page.close();
});
