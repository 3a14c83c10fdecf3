// The answer to a change never arrives (the agent did it, the network lost the reply): the page
// says "outcome unknown", not "refused", deletes nothing it created, sends nothing again, and
// finds the task the agent started, linked to its page. For an add (with a new unit config),
// a delete and a scale-out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useStack, PASSWORD } from '../../lib/stack.mjs';
import { openConnected } from '../../lib/pages/shell.mjs';
import { AddReplicasPage, TaskView, scaleOutToNewZone } from '../../lib/pages/obshell.mjs';
import { sealedRequest } from '../../lib/node-client.mjs';

const env = useStack({ simArgs: ['--speed', '5'] });

async function loseNextAnswer(path) {
  const armed = await fetch(`${env.stack.agentUrl}/__sim/lose-answer`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ times: 1, path }),
  });
  assert.equal(armed.status, 200);
  await env.stack.clearRequests();
}

/** The page says the outcome is unknown, never refused, and shows the task the agent started. */
async function assertUnknownAndFound(page, dagName) {
  const panel = page.getByTestId('error-panel');
  await panel.waitFor();
  assert.match(await panel.locator('h3').textContent(), /outcome unknown/);
  assert.match(await page.getByTestId('outcome-unknown').textContent(), /the change may have been made/);
  assert.doesNotMatch(await page.locator('section.form-page').textContent(), /refused/i);
  const found = page.getByTestId('lost-answer-found');
  await found.waitFor({ timeout: 15_000 });
  assert.match(await found.textContent(), /^The agent did start it: /);
  return page.getByRole('link', { name: new RegExp(`^${dagName} \\(task \\d+\\)$`) });
}

/** After a pause, the mutations the agent received. */
async function changesSent(page) {
  await page.waitForTimeout(1000);
  return (await env.stack.requests()).filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.target}`);
}

/** The link leads to the task's page, and the task is the one that ran to the end. */
async function followToSuccess(page, link) {
  const href = await link.getAttribute('href');
  assert.match(href, /^\/tasks\/\d+$/);
  await link.click();
  await page.waitForURL((u) => u.pathname === href);
  await new TaskView(page).waitForState('SUCCEED', 60_000);
}

test('add: a lost answer is an unknown outcome, the unit config stays, and the task is found', async () => {
  const page = await env.browser.newPage();
  await openConnected(page, `${env.stack.url}/tenants/logs/replicas/add`, PASSWORD);
  const form = new AddReplicasPage(page);
  await form.row(0).zone.selectOption('zone2');
  await form.row(0).type.selectOption('READONLY');
  await form.row(0).config.selectOption('__new');
  await form.row(0).newName.fill('logs_lost_unit');
  await form.row(0).newCpu.fill('2');
  await form.row(0).newMemory.fill('4G');
  await loseNextAnswer('/api/v1/tenant/');
  await form.submit.click();
  const link = await assertUnknownAndFound(page, 'Scale out tenant replicas');
  assert.match(await page.getByTestId('configs-kept').textContent(), /kept, since the agent may be using them: logs_lost_unit/);
  assert.deepEqual(await changesSent(page), ['POST /api/v1/unit/config', 'POST /api/v1/tenant/logs/replicas'], 'nothing deleted, nothing sent again');
  await followToSuccess(page, link);
  const configs = await sealedRequest(env.stack.url, PASSWORD, 'GET', '/api/v1/units/config');
  assert.ok(configs.body.data.contents.some((c) => c.name === 'logs_lost_unit'), 'the unit config is gone');
  const tenant = await sealedRequest(env.stack.url, PASSWORD, 'GET', '/api/v1/tenant/logs');
  assert.equal(tenant.body.data.locality, 'FULL{1}@zone1, READONLY{1}@zone2');
  const pools = tenant.body.data.pools ?? [];
  assert.ok(pools.some((p) => p.unit_config?.name === 'logs_lost_unit'), `the new config is in use: ${JSON.stringify(pools)}`);
  await page.close();
});

test('delete: a lost answer is an unknown outcome, sent once, and the task is found', async () => {
  const page = await env.browser.newPage();
  await openConnected(page, `${env.stack.url}/tenants/analytics/replicas/delete`, PASSWORD);
  await page.getByTestId('delete-form').waitFor();
  await page.getByTestId('delete-zone-zone2').check();
  await loseNextAnswer('/api/v1/tenant/');
  await page.getByTestId('submit').click();
  const link = await assertUnknownAndFound(page, 'Scale in tenant replicas');
  assert.deepEqual(await changesSent(page), ['DELETE /api/v1/tenant/analytics/replicas'], 'sent once');
  await followToSuccess(page, link);
  const tenant = await sealedRequest(env.stack.url, PASSWORD, 'GET', '/api/v1/tenant/analytics');
  assert.equal(tenant.body.data.locality, 'FULL{1}@zone1');
  await page.close();
});

test('scale-out: a lost answer is an unknown outcome, sent once, and the task is found', async () => {
  const page = await env.browser.newPage();
  await openConnected(page, `${env.stack.url}/cluster/scale-out`, PASSWORD);
  await page.getByTestId('scale-out-form').waitFor();
  await loseNextAnswer('/api/v1/ob/scale_out');
  await scaleOutToNewZone(page);
  const link = await assertUnknownAndFound(page, 'Cluster scale out');
  assert.deepEqual(await changesSent(page), ['POST /api/v1/ob/scale_out'], 'sent once');
  await followToSuccess(page, link);
  const ob = await sealedRequest(env.stack.url, PASSWORD, 'GET', '/api/v1/ob/info');
  const zone4 = ob.body.data.obcluster_info.topology.zone4 ?? [];
  assert.ok(zone4.some((s) => s.svr_ip === '10.0.4.1'), JSON.stringify(ob.body.data.obcluster_info.topology));
  await page.close();
});
