// Ending tasks from where the person is: two failed replica tasks retried together from the
// tasks list, each confirmed with its steps and answered task by task; and a scale-out that
// failed holding the cluster's lock, cleared from the replica form it blocks by rolling it back,
// the form's input kept, then sent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useStack, PASSWORD } from '../../lib/stack.mjs';
import { openConnected } from '../../lib/pages/shell.mjs';
import { AddReplicasPage, TaskPage, failedScaleOut, waitDagEnded } from '../../lib/pages/obshell.mjs';
import { sealedRequest } from '../../lib/node-client.mjs';

const env = useStack({ simArgs: ['--speed', '10'] });

const waitEnded = (id) => waitDagEnded(sealedRequest, env.stack, PASSWORD, id);

async function failLocality(times) {
  const res = await fetch(`${env.stack.agentUrl}/__sim/fail-node`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ node: 'Alter tenant locality', times }),
  });
  assert.equal(res.status, 200);
}

async function addReplica(tenant, zone, config) {
  const res = await sealedRequest(env.stack.url, PASSWORD, 'POST', `/api/v1/tenant/${tenant}/replicas`, {
    zone_list: [{ name: zone, unit_config_name: config, unit_num: 1 }],
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.data.id;
}

test('two failed tasks retried together, each answered', async () => {
  await failLocality(2);
  const first = await addReplica('logs', 'zone2', 'unit_2c8g');
  assert.equal(await waitEnded(first), 'FAILED');
  const second = await addReplica('orders', 'zone3', 'unit_4c16g');
  assert.equal(await waitEnded(second), 'FAILED');

  const page = await env.browser.newPage();
  await openConnected(page, `${env.stack.url}/tasks`, PASSWORD);
  await page.getByTestId('task-row').first().waitFor();
  await page.getByRole('checkbox', { name: `Select Scale out tenant replicas (${first})` }).check();
  await page.getByRole('checkbox', { name: `Select Scale out tenant replicas (${second})` }).check();
  const bar = page.getByRole('region', { name: 'Selected tasks' });
  assert.match(await bar.textContent(), /^2 selected/);
  // Only what a failed task allows is offered.
  assert.deepEqual(await bar.getByRole('button').allTextContents(), ['Retry', 'Roll back', 'Pass', 'Clear the selection']);
  await bar.getByRole('button', { name: 'Retry' }).click();
  const dialog = page.getByRole('dialog', { name: 'Retry these 2 tasks?' });
  await dialog.waitFor();
  // Each task with what happens to its steps: the failed locality step runs again.
  const tasks = dialog.getByTestId('confirm-task');
  await tasks.first().getByRole('list', { name: 'What happens to each step' }).waitFor();
  assert.equal(await tasks.count(), 2);
  for (const id of [first, second]) {
    const block = tasks.filter({ hasText: `(${id})` });
    assert.match(await block.textContent(), /Retry rolls back the failed attempt of 'Alter tenant locality'/);
    assert.match(await block.getByRole('listitem').first().textContent(), /^2\. Alter tenant locality: runs again/);
  }
  await env.stack.clearRequests();
  await dialog.getByRole('button', { name: 'Retry 2 tasks now' }).click();
  const answers = bar.getByRole('list', { name: 'What the agent answered, task by task' });
  await answers.waitFor();
  const lines = await answers.getByRole('listitem').allTextContents();
  assert.deepEqual(lines.sort(), [
    `Scale out tenant replicas (${first}): Retry sent; following the task.`,
    `Scale out tenant replicas (${second}): Retry sent; following the task.`,
  ].sort());
  // Each sent once.
  const sent = (await env.stack.requests()).filter((r) => r.method === 'POST');
  assert.deepEqual(sent.map((r) => r.target).sort(), [`/api/v1/task/dag/${first}`, `/api/v1/task/dag/${second}`].sort());
  assert.equal(await waitEnded(first), 'SUCCEED');
  assert.equal(await waitEnded(second), 'SUCCEED');
  // The list follows: both read succeeded, neither ticked any more.
  for (const id of [first, second]) {
    const row = page.getByRole('row', { name: new RegExp(`^Select Scale out tenant replicas \\(${id}\\) .*SUCCEED`) });
    await row.waitFor({ timeout: 20_000 });
    assert.equal(await row.getByRole('checkbox').isChecked(), false);
  }
  await page.close();
});

test('a form names the task that blocks it and clears it by rolling it back, then sends', async () => {
  const failed = await failedScaleOut(sealedRequest, env.stack, PASSWORD);

  const page = await env.browser.newPage();
  await openConnected(page, `${env.stack.url}/tenants/logs/replicas/add`, PASSWORD);
  const form = new AddReplicasPage(page);
  await form.form.waitFor();
  await form.row(0).zone.selectOption('zone3');
  await form.row(0).config.selectOption('unit_2c8g');
  const blockers = page.getByTestId('blockers');
  const item = blockers.getByRole('listitem');
  assert.match(await item.textContent(), new RegExp(`^Cluster scale out \\(${failed}\\) · FAILED.* · holds the cluster's maintenance lock`));
  const actions = item.getByRole('group', { name: `Clear Cluster scale out (${failed})` });
  // A failed scale-out can be retried or rolled back, not passed.
  await actions.getByRole('button', { name: 'Roll back' }).waitFor();
  assert.deepEqual(await actions.getByRole('button').allTextContents(), ['Retry', 'Roll back']);
  await actions.getByRole('button', { name: 'Roll back' }).click();
  const dialog = page.getByRole('dialog', { name: 'Roll back this task?' });
  assert.match(await dialog.textContent(), /Roll back undoes stages 9 to 1 in reverse order/);
  await dialog.getByRole('button', { name: 'Roll back now' }).click();
  await page.getByText('Roll back sent; following the task.').waitFor();
  // Followed until nothing holds a lock; the form kept what was chosen.
  await page.getByRole('status').filter({ hasText: 'No task holds a lock that would refuse this change any more: it can be sent.' }).waitFor({ timeout: 60_000 });
  assert.equal(await blockers.count(), 0);
  assert.equal(await form.row(0).zone.inputValue(), 'zone3');
  assert.equal(await form.row(0).config.inputValue(), 'unit_2c8g');
  await form.submit.click();
  const task = new TaskPage(page);
  await task.name.waitFor();
  assert.equal(await task.name.textContent(), 'Scale out tenant replicas');
  assert.equal(await waitEnded(page.url().match(/\/tasks\/(\d+)/)[1]), 'SUCCEED');
  await page.close();
});

test('the scale-in form clears a failed scale-out by retrying it, and its own check follows', async () => {
  const failed = await failedScaleOut(sealedRequest, env.stack, PASSWORD);

  const page = await env.browser.newPage();
  await openConnected(page, `${env.stack.url}/cluster/scale-in`, PASSWORD);
  const busy = page.getByTestId('field-error').filter({ hasText: `Task: 'Cluster scale out' (${failed}) is FAILED` });
  await busy.waitFor();
  const actions = page.getByRole('group', { name: `Clear Cluster scale out (${failed})` });
  await actions.getByRole('button', { name: 'Retry' }).click();
  await page.getByRole('dialog', { name: 'Retry this task?' }).getByRole('button', { name: 'Retry now' }).click();
  await page.getByRole('status').filter({ hasText: 'it can be sent' }).waitFor({ timeout: 60_000 });
  assert.equal(await busy.count(), 0, 'the form no longer says the task keeps the cluster busy');
  assert.equal(await waitEnded(failed), 'SUCCEED');
  await page.close();
});
