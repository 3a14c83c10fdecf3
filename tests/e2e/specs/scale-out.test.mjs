// An operator adds an OBServer in a new zone and follows the eleven steps to the end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useStack, PASSWORD } from '../lib/stack.mjs';
import { openConnected, TaskView } from '../lib/pages.mjs';

const env = useStack({ simArgs: ['--speed', '10'] });

test('checks the form, then scales out to a new zone', async () => {
  const page = await env.browser.newPage();
  await openConnected(page, `${env.stack.url}/cluster/scale-out`, PASSWORD);
  await page.getByTestId('so-ip').fill('10.0.1.2');
  await page.getByTestId('so-rpc_port').fill('2882');
  await page.getByTestId('so-memory_limit').fill('16 GB');
  await page.getByTestId('submit').click();
  const errors = await page.getByTestId('field-error').allTextContents();
  assert.deepEqual(errors, [
    "Agent IP: 10.0.1.2:2886 is already an agent of this cluster",
    "Config: 'memory_limit' must be a size like 16G (got '16 GB')",
    'Agent IP: 10.0.1.2:2882 is already an OBServer of this cluster',
  ]);
  await page.getByTestId('so-ip').fill('10.0.4.1');
  await page.getByTestId('so-memory_limit').fill('16G');
  await page.getByTestId('so-zone').selectOption('__new');
  await page.getByTestId('so-new-zone').fill('zone4');
  await page.getByTestId('submit').click();
  const task = new TaskView(page);
  await task.waitForState('SUCCEED', 60_000);
  assert.equal(await task.graphNodes.count(), 11);
  assert.equal(await page.getByTestId('task-name').textContent(), 'Cluster scale out');
  await page.getByRole('link', { name: 'Cluster', exact: true }).click();
  await page.getByTestId('zone-name').filter({ hasText: 'zone4' }).waitFor();
  await page.close();
});
