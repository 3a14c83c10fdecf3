// An operator removes an OBServer: the page refuses what the agent or OceanBase would refuse
// without sending anything, and a server whose zone keeps servers is removed to the end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { useStack, PASSWORD } from '../../lib/stack.mjs';
import { openConnected, sections } from '../../lib/pages/shell.mjs';
import { ScaleInPage, TaskView, failNext } from '../../lib/pages/obshell.mjs';
import { sealedRequest } from '../../lib/node-client.mjs';

const env = useStack({ simArgs: ['--speed', '10'] });

/** Adds an OBServer through the agent's API (as another console would) and waits for it. */
async function scaleOut(ip, zone) {
  const out = await sealedRequest(env.stack.url, PASSWORD, 'POST', '/api/v1/ob/scale_out', {
    agentInfo: { ip, port: 2886 }, zone, obConfigs: { rpc_port: '2882' },
  });
  assert.equal(out.status, 200, JSON.stringify(out.body));
  for (let state = ''; state !== 'SUCCEED'; await sleep(250)) {
    state = (await sealedRequest(env.stack.url, PASSWORD, 'GET', `/api/v1/task/dag/${out.body.data.id}?show_details=false`)).body.data.state;
    assert.notEqual(state, 'FAILED');
  }
}

const scaleInPosts = async () =>
  (await env.stack.requests()).filter((r) => r.method === 'POST' && r.target === '/api/v1/ob/scale_in');

test('the connected agent and a zone that cannot hold its units are refused in the page', async () => {
  const page = await env.browser.newPage();
  await openConnected(page, `${env.stack.url}/cluster/scale-in`, PASSWORD);
  const form = new ScaleInPage(page);
  await form.form.waitFor();
  await env.stack.clearRequests();

  await form.server.selectOption('10.0.1.1:2886');
  await form.submit.click();
  const self = await form.errors.allTextContents();
  assert.ok(
    self.includes(
      'Server: 10.0.1.1:2886 is the agent this console is connected to, and an agent cannot remove itself (OB.Server.DeleteSelf). Connect to another agent of the cluster to remove this server.',
    ),
    self.join('\n'),
  );

  // zone3 has two servers, and tenant billing keeps two units there.
  await form.server.selectOption('10.0.3.2:2886');
  await form.submit.click();
  const units = await form.errors.allTextContents();
  assert.deepEqual(units, [
    "Server: tenant billing keeps 2 units in zone zone3, but after removing 10.0.3.2:2882 only 1 server is left there, and OceanBase puts at most one unit of a tenant on a server (DELETE SERVER refuses). Lower the tenant's unit number or scale out zone zone3 first.",
  ]);
  assert.equal(await form.errors.first().getAttribute('data-field'), 'server');
  assert.equal(await form.server.inputValue(), '10.0.3.2:2886', 'the choice is kept');

  await page.waitForTimeout(300);
  assert.deepEqual(await scaleInPosts(), [], 'nothing was sent');
  await page.close();
});

test('scales in a server of a zone that keeps servers and follows the task', async () => {
  // First a third server in zone3, so that zone keeps two after the scale-in.
  await scaleOut('10.0.4.1', 'zone3');

  const page = await env.browser.newPage();
  await openConnected(page, `${env.stack.url}/cluster`, PASSWORD);
  await page.getByRole('link', { name: 'Scale in 10.0.4.1:2886' }).click();
  const form = new ScaleInPage(page);
  await form.form.waitFor();
  assert.equal(await form.server.inputValue(), '10.0.4.1:2886', 'the server comes from the cluster page');
  assert.match(await page.getByTestId('force-kill-help').textContent(), /With force kill, the agent first checks that every log stream/);
  await env.stack.clearRequests();
  await form.submit.dblclick();

  const task = new TaskView(page);
  await task.waitForState('SUCCEED', 60_000);
  assert.equal(await page.getByTestId('task-name').textContent(), 'Cluster scale in');
  assert.equal(await task.graphNodes.count(), 5);
  assert.equal((await scaleInPosts()).length, 1, 'a double click sends one request');

  await sections(page).getByRole('link', { name: 'Cluster', exact: true }).click();
  await page.getByTestId('cluster-name').waitFor();
  const zone3 = page.getByTestId('zone').filter({ has: page.getByTestId('zone-name').getByText('zone3', { exact: true }) });
  await zone3.getByTestId('server').nth(1).waitFor();
  assert.equal(await zone3.getByTestId('server').count(), 2);
  assert.equal(await page.getByRole('link', { name: 'Scale in 10.0.4.1:2886' }).count(), 0);
  await page.close();
});

test('a refusal the page could not foresee shows its codes and keeps the choice', async () => {
  await scaleOut('10.0.4.2', 'zone3');
  const page = await env.browser.newPage();
  await openConnected(page, `${env.stack.url}/cluster/scale-in`, PASSWORD);
  const form = new ScaleInPage(page);
  await form.form.waitFor();
  await form.server.selectOption('10.0.4.2:2886');
  await form.forceKill.check();
  await page.getByTestId('si-steps').filter({ hasText: 'Check multi paxos member alive' }).waitFor();
  assert.equal(await form.errors.count(), 0, 'nothing against it when the page loaded');

  // Meanwhile another console starts a scale-out that fails and keeps the cluster locked.
  await failNext(env.stack, 'Prev check for scale_out');
  const out = await sealedRequest(env.stack.url, PASSWORD, 'POST', '/api/v1/ob/scale_out', {
    agentInfo: { ip: '10.0.4.1', port: 2886 }, zone: 'zone4', obConfigs: {},
  });
  assert.equal(out.status, 200, JSON.stringify(out.body));

  const refusal = page.waitForResponse((r) => r.url().endsWith('/api/v1/ob/scale_in'));
  await form.submit.click();
  const response = await refusal;
  const envelope = await response.json();
  await page.getByTestId('error-panel').waitFor();
  assert.equal(await page.getByTestId('error-code').textContent(), envelope.error.errCode);
  assert.equal(envelope.error.errCode, 'OB.Cluster.UnderMaintenanceWithDag');
  assert.match(await page.getByTestId('error-message').textContent(), /Cluster scale out/);
  assert.equal(await page.getByTestId('error-trace-id').textContent(), envelope.traceId);
  assert.equal(await form.server.inputValue(), '10.0.4.2:2886');
  assert.equal(await form.forceKill.isChecked(), true);

  // Opened again, the page itself names the task that holds the lock.
  await sections(page).getByRole('link', { name: 'Tasks' }).click();
  await sections(page).getByRole('link', { name: 'Cluster', exact: true }).click();
  await page.getByRole('link', { name: 'Scale in', exact: true }).click();
  await form.form.waitFor();
  const busy = page.getByTestId('field-error').filter({ hasText: "Task: 'Cluster scale out'" });
  await busy.waitFor();
  assert.match(await busy.textContent(), /keeps the cluster under maintenance/);
  assert.equal(await busy.getAttribute('data-field'), 'task');
  await page.close();
});
