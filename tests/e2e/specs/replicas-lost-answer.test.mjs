// The answer to an add never arrives (the agent did it, the network lost the reply): the page
// says "outcome unknown", not "refused", keeps the unit config the agent may be using, and
// sends nothing again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useStack, PASSWORD } from '../lib/stack.mjs';
import { openConnected, AddReplicasPage } from '../lib/pages.mjs';
import { sealedRequest } from '../lib/node-client.mjs';

const env = useStack({ simArgs: ['--speed', '5'] });

test('a lost answer is an unknown outcome, and what was created stays', async () => {
  const page = await env.browser.newPage();
  await openConnected(page, `${env.stack.url}/tenants/logs/replicas/add`, PASSWORD);
  const form = new AddReplicasPage(page);
  await form.row(0).zone.selectOption('zone2');
  await form.row(0).type.selectOption('READONLY');
  await form.row(0).config.selectOption('__new');
  await form.row(0).newName.fill('logs_lost_unit');
  await form.row(0).newCpu.fill('2');
  await form.row(0).newMemory.fill('4G');
  const armed = await fetch(`${env.stack.agentUrl}/__sim/lose-answer`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ times: 1, path: '/api/v1/tenant/' }),
  });
  assert.equal(armed.status, 200);
  await env.stack.clearRequests();
  await form.submit.click();
  const panel = page.getByTestId('error-panel');
  await panel.waitFor();
  assert.match(await panel.locator('h3').textContent(), /outcome unknown/);
  assert.match(await page.getByTestId('outcome-unknown').textContent(), /the change may have been made/);
  assert.match(await page.getByTestId('configs-kept').textContent(), /kept, since the agent may be using them: logs_lost_unit/);
  await page.waitForTimeout(1000);
  const changes = (await env.stack.requests()).filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.target}`);
  assert.deepEqual(changes, ['POST /api/v1/unit/config', 'POST /api/v1/tenant/logs/replicas'], 'nothing deleted, nothing sent again');
  // The agent did carry it out.
  const dags = await sealedRequest(env.stack.url, PASSWORD, 'GET', '/api/v1/task/dag/unfinish?show_details=false');
  assert.ok((dags.body.data.contents ?? []).some((d) => d.name === 'Scale out tenant replicas'), JSON.stringify(dags.body));
  const configs = await sealedRequest(env.stack.url, PASSWORD, 'GET', '/api/v1/units/config');
  assert.ok(configs.body.data.contents.some((c) => c.name === 'logs_lost_unit'), 'the unit config is gone');
  await page.close();
});
