// A cluster with a failed scale-out that still holds the cluster's maintenance lock: the tasks
// page shows it first, under "Needs attention", with what it blocks, and leads to it; the bar
// counts it; once it is retried to success, nothing needs attention any more.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useStack, PASSWORD } from '../../lib/stack.mjs';
import { openConnected } from '../../lib/pages/shell.mjs';
import { failNext, TaskView, waitDagEnded } from '../../lib/pages/obshell.mjs';
import { sealedRequest } from '../../lib/node-client.mjs';
import { assertAccessible } from '../../lib/a11y.mjs';

const env = useStack({ simArgs: ['--speed', '10'] });

const waitEnded = (id) => waitDagEnded(sealedRequest, env.stack, PASSWORD, id);

test('a failed task that holds the cluster lock is listed first, with what it blocks', async () => {
  // A replica task that succeeds, then a scale-out that fails at a late step.
  const add = await sealedRequest(env.stack.url, PASSWORD, 'POST', '/api/v1/tenant/logs/replicas', {
    zone_list: [{ name: 'zone2', unit_config_name: 'unit_2c8g', unit_num: 1 }],
  });
  assert.equal(add.status, 200, JSON.stringify(add.body));
  assert.equal(await waitEnded(add.body.data.id), 'SUCCEED');
  await failNext(env.stack, 'Add server for scale_out');
  const out = await sealedRequest(env.stack.url, PASSWORD, 'POST', '/api/v1/ob/scale_out', {
    agentInfo: { ip: '10.0.4.1', port: 2886 }, zone: 'zone4', obConfigs: {},
  });
  assert.equal(out.status, 200, JSON.stringify(out.body));
  const failed = out.body.data.id;
  assert.equal(await waitEnded(failed), 'FAILED');

  const page = await env.browser.newPage();
  await openConnected(page, `${env.stack.url}/tasks`, PASSWORD);
  const attention = page.getByRole('region', { name: 'Needs attention' });
  await attention.waitFor();
  const item = attention.getByRole('listitem');
  assert.equal(await item.count(), 1);
  assert.match(await item.textContent(), new RegExp(`^Cluster scale out \\(${failed}\\) failed at stage 9 of 11 and still holds the cluster's maintenance lock: .*refuses every scale-out, scale-in and replica change of every tenant\\.`));
  // In the list it is first and marked (the order of the groups is the native tests').
  const first = page.getByTestId('task-row').first();
  assert.match(await first.textContent(), /Cluster scale out.*blocks changes/);
  assert.equal(await page.getByTestId('blocks-changes').count(), 1);
  // The bar counts it on every page, and leads here.
  const badge = page.getByRole('link', { name: '⚠ 1 blocking changes' });
  await badge.waitFor({ timeout: 15_000 });
  // No serious finding (contrast of the red panel's link and tag included), in both themes.
  for (const colorScheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme });
    await assertAccessible(page, `tasks needing attention, ${colorScheme}`);
  }

  // From there to the task, retried to success: nothing needs attention any more.
  await item.getByRole('link', { name: 'Open it to retry, roll back or pass' }).click();
  const task = new TaskView(page);
  await task.waitForState('FAILED');
  await task.operate('retry');
  await task.waitForState('SUCCEED', 60_000);
  await page.getByRole('navigation', { name: 'You are here' }).getByRole('link', { name: 'Tasks' }).click();
  await page.getByTestId('task-row').first().waitFor();
  await page.getByTestId('task-row').filter({ hasText: 'Cluster scale out' }).filter({ hasText: 'SUCCEED' }).waitFor();
  assert.equal(await attention.count(), 0);
  await badge.waitFor({ state: 'detached', timeout: 15_000 });
  assert.equal(await page.getByTestId('blocks-changes').count(), 0);
  await page.close();
});
