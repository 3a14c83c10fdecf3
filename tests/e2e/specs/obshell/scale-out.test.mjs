// An operator adds an OBServer in a new zone and follows the eleven steps to the end; a second
// one joins that zone with its own agent password, which is sent only when typed and never kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useStack, PASSWORD } from '../../lib/stack.mjs';
import { openConnected, browserTraces, sections } from '../../lib/pages/shell.mjs';
import { TaskView, dagLogs } from '../../lib/pages/obshell.mjs';
import { sealedRequest } from '../../lib/node-client.mjs';

const env = useStack({ simArgs: ['--speed', '10'] });

const TARGET_PASSWORD = 'Target#Agent-Pw9';
const taskId = (page) => decodeURIComponent(new URL(page.url()).pathname.split('/').pop());

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
  const logs = await dagLogs(sealedRequest, env.stack, PASSWORD, taskId(page));
  assert.match(logs['Create local scale out dag'].join('\n'), /without an agent password/, 'no password typed, none sent');
  await sections(page).getByRole('link', { name: 'Cluster', exact: true }).click();
  await page.getByTestId('zone-name').filter({ hasText: 'zone4' }).waitFor();
  await page.close();
});

test('sends the target agent password when typed, and keeps it nowhere', async () => {
  const page = await env.browser.newPage();
  await openConnected(page, `${env.stack.url}/cluster/scale-out`, PASSWORD);
  // A password input has no ARIA role: it is found by its label.
  const input = page.getByLabel('Target agent password');
  assert.equal(await input.getAttribute('type'), 'password');
  assert.equal(await input.getAttribute('autocomplete'), 'off', 'not offered to password managers');
  assert.equal(await input.getAttribute('data-lpignore'), 'true');
  await page.getByTestId('so-ip').fill('10.0.4.2');
  await page.getByTestId('so-zone').selectOption('zone4');
  await input.fill(TARGET_PASSWORD);
  assert.ok(!(await browserTraces(page)).includes(TARGET_PASSWORD), 'not in the URL or storage');
  await page.getByTestId('submit').click();
  const task = new TaskView(page);
  await task.waitForState('SUCCEED', 60_000);
  assert.equal(await task.graphNodes.count(), 9, 'an existing zone: nine steps');
  const logs = await dagLogs(sealedRequest, env.stack, PASSWORD, taskId(page));
  assert.match(logs['Create local scale out dag'].join('\n'), /with its agent password/);
  assert.ok(!JSON.stringify(logs).includes(TARGET_PASSWORD), 'the agent never logs it');
  assert.ok(!(await page.content()).includes(TARGET_PASSWORD), 'not shown');
  assert.ok(!(await browserTraces(page)).includes(TARGET_PASSWORD), 'not in the URL or storage');
  await page.close();
});
