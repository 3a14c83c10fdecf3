// A task fails at a step; the operator sees the failed node and its ERROR line, and retries,
// rolls back or passes it from the task page, which follows each outcome live (Cancel, which
// needs a task slower than this file's, is in task-steady.test.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useStack, PASSWORD } from '../../lib/stack.mjs';
import { openConnected } from '../../lib/pages/shell.mjs';
import { failNext, TaskView } from '../../lib/pages/obshell.mjs';
import { sealedRequest } from '../../lib/node-client.mjs';

const env = useStack({ simArgs: ['--speed', '10'] });

async function addReplica(tenant, zone, config = 'unit_2c8g') {
  const res = await sealedRequest(env.stack.url, PASSWORD, 'POST', `/api/v1/tenant/${tenant}/replicas`, {
    zone_list: [{ name: zone, unit_config_name: config, unit_num: 1 }],
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.data.id;
}

async function openFailed(id) {
  const page = await env.browser.newPage();
  await openConnected(page, `${env.stack.url}/tasks/${id}`, PASSWORD);
  const task = new TaskView(page);
  await task.waitForState('FAILED');
  return { page, task };
}

test('a failed step shows its ERROR line, and Retry runs it to success', async () => {
  await failNext(env.stack, 'Alter tenant locality');
  const id = await addReplica('logs', 'zone2');
  const { page, task } = await openFailed(id);
  const failed = page.locator('[data-testid="graph-node"][data-state="FAILED"]');
  assert.equal(await failed.getAttribute('data-name'), 'Alter tenant locality');
  assert.match(await task.errorLine.textContent(), /^ERROR: \[Common\.Unexpected\]/);
  await page.getByTestId('op-retry').waitFor();
  assert.equal(await page.getByTestId('op-cancel').count(), 0, 'a failed task offers no cancel');
  await page.getByTestId('badge-failed').filter({ hasText: '✖ 1 failed' }).waitFor({ timeout: 15_000 });
  await page.getByTestId('badge-failed').click();
  await page.locator('[data-testid="task-row"][data-state="FAILED"]').first().waitFor();
  assert.match(page.url(), /\/tasks\?state=FAILED$/);
  await page.locator('[data-testid="task-row"] a').first().click();
  await task.waitForState('FAILED');
  await task.operate('retry');
  await task.waitForState('SUCCEED');
  assert.match(await task.operator.textContent(), /^RUN/);
  assert.equal(await page.locator('[data-testid="graph-node"][data-state="SUCCEED"]').count(), 2);
  await page.close();
});

test('Roll back undoes the steps', async () => {
  await failNext(env.stack, 'Alter tenant locality');
  const id = await addReplica('logs', 'zone3');
  const { page, task } = await openFailed(id);
  await task.operate('rollback');
  await task.waitForState('SUCCEED');
  assert.match(await task.operator.textContent(), /^ROLLBACK/);
  await page.close();
});

test('Pass skips the failed step and the rest', async () => {
  await failNext(env.stack, 'Alter tenant locality');
  const id = await addReplica('logs', 'zone3');
  const { page, task } = await openFailed(id);
  assert.match(await page.getByTestId('node-name').textContent(), /Alter tenant locality/);
  await task.operate('pass');
  await task.waitForState('SUCCEED');
  assert.match(await task.operator.textContent(), /^PASS/);
  await page.close();
});
