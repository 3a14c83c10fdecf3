// An operator adds two zones to a tenant in one request, one of them with a new unit config,
// and lands on the task page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useStack, PASSWORD } from '../../lib/stack.mjs';
import { openConnected, browserTraces } from '../../lib/pages/shell.mjs';
import { AddReplicasPage, TaskPage } from '../../lib/pages/obshell.mjs';

const env = useStack({ simArgs: ['--speed', '10'] });

test('adds two zones in one request and shows the task', async () => {
  const page = await env.browser.newPage();
  await openConnected(page, `${env.stack.url}/tenants/logs/replicas/add`, PASSWORD);
  const form = new AddReplicasPage(page);
  await form.form.waitFor();
  assert.equal(await form.row(0).unitNum.inputValue(), '1', 'the unit number is the tenant\'s');
  await form.row(0).zone.selectOption('zone2');
  await form.row(0).config.selectOption('unit_2c8g');
  await form.addRow();
  await form.row(1).zone.selectOption('zone3');
  await form.row(1).config.selectOption('__new');
  await form.row(1).newName.fill('logs_e2e_unit');
  await form.row(1).newCpu.fill('2');
  await form.row(1).newMemory.fill('4G');
  assert.equal(await page.getByTestId('preview-locality-after').textContent(), 'FULL{1}@zone1, FULL{1}@zone2, FULL{1}@zone3');
  assert.equal(await page.getByTestId('preview-full-after').textContent(), '3');
  // The summary has no log disk per server: the page says so instead of comparing the data disk.
  assert.match(await page.getByTestId('log-disk-unchecked').textContent(), /reports each server's data disk, not its log disk/);
  await env.stack.clearRequests();
  await form.submit.click();

  const task = new TaskPage(page);
  await task.name.waitFor();
  assert.equal(await task.name.textContent(), 'Scale out tenant replicas');
  assert.match(page.url(), /\/tasks\/1\d+$/);
  assert.equal(await task.nodes.count(), 3, 'pools, then one locality step per zone');

  const sent = (await env.stack.requests()).filter((r) => r.method !== 'GET');
  assert.deepEqual(sent.map((r) => `${r.method} ${r.target} ${r.status}`), [
    'POST /api/v1/unit/config 200',
    'POST /api/v1/tenant/logs/replicas 200',
  ]);
  // The task reaches its end without a reload.
  await page.getByTestId('task-state').filter({ hasText: 'SUCCEED' }).waitFor({ timeout: 30_000 });
  assert.ok(!(await browserTraces(page)).includes(PASSWORD), 'the password is in storage, cookies or the URL');
  await page.close();
});
