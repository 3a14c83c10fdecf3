// The agent refuses a request the page could not foresee (the tenant is busy): the page shows
// the errCode and trace id, keeps every value typed, and a double click sends one request.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useStack, PASSWORD } from '../../lib/stack.mjs';
import { openConnected } from '../../lib/pages/shell.mjs';
import { AddReplicasPage } from '../../lib/pages/obshell.mjs';
import { sealedRequest } from '../../lib/node-client.mjs';

// Speed 0.1: the task that keeps the tenant busy runs for minutes.
const env = useStack({ simArgs: ['--speed', '0.1'] });

test('a refusal shows errCode and traceId and keeps the form', async () => {
  const busy = await sealedRequest(env.stack.url, PASSWORD, 'PATCH', '/api/v1/tenant/orders/replicas', {
    zone_list: [{ zone_name: 'zone1', unit_config_name: 'unit_2c8g' }],
  });
  assert.equal(busy.status, 200, JSON.stringify(busy.body));

  const page = await env.browser.newPage();
  await openConnected(page, `${env.stack.url}/tenants/orders/replicas/add`, PASSWORD);
  const form = new AddReplicasPage(page);
  await form.row(0).zone.selectOption('zone3');
  await form.row(0).type.selectOption('READONLY');
  await form.row(0).config.selectOption('__new');
  await form.row(0).newName.fill('orders_e2e_unit');
  await form.row(0).newCpu.fill('2');
  await form.row(0).newMemory.fill('4G');
  await env.stack.clearRequests();
  const refusal = page.waitForResponse((r) => r.url().endsWith('/api/v1/tenant/orders/replicas'));
  await form.submit.dblclick();
  const response = await refusal;
  const envelope = await response.json();
  assert.equal(response.status(), 500);

  await page.getByTestId('error-panel').waitFor();
  assert.equal(await page.getByTestId('error-code').textContent(), 'OB.Tenant.UnderMaintenance');
  assert.equal(await page.getByTestId('error-trace-id').textContent(), envelope.traceId);
  assert.match(await page.getByTestId('error-message').textContent(), /Tenant 'orders' is under maintenance/);
  assert.equal(await form.row(0).zone.inputValue(), 'zone3');
  assert.equal(await form.row(0).type.inputValue(), 'READONLY');
  assert.equal(await form.row(0).config.inputValue(), '__new');
  assert.equal(await form.row(0).newName.inputValue(), 'orders_e2e_unit');
  assert.equal(await form.row(0).newMemory.inputValue(), '4G');

  await page.waitForTimeout(300);
  const posts = (await env.stack.requests()).filter((r) => r.method === 'POST' && r.target === '/api/v1/tenant/orders/replicas');
  assert.equal(posts.length, 1, 'a double click sends exactly one request');
  // The unit config made for the refused request was removed again: no orphan.
  const changes = (await env.stack.requests()).filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.target} ${r.status}`);
  assert.deepEqual(changes, [
    'POST /api/v1/unit/config 200',
    'POST /api/v1/tenant/orders/replicas 500',
    'DELETE /api/v1/unit/config/orders_e2e_unit 200',
  ]);
  const configs = await sealedRequest(env.stack.url, PASSWORD, 'GET', '/api/v1/units/config');
  assert.ok(!configs.body.data.contents.some((c) => c.name === 'orders_e2e_unit'));
  await page.close();
});
