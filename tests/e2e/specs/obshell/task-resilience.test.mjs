// The agent goes away mid-task and comes back with its state: the page says it is
// reconnecting, keeps the last graph, and continues by itself. A hidden tab sends nothing.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useStack, PASSWORD } from '../../lib/stack.mjs';
import { openConnected } from '../../lib/pages/shell.mjs';
import { TaskView } from '../../lib/pages/obshell.mjs';
import { sealedRequest } from '../../lib/node-client.mjs';

const stateDir = mkdtempSync(join(tmpdir(), 'obshell-state-'));
const env = useStack({ simArgs: ['--speed', '1', '--state-dir', stateDir] });

after(() => {
  rmSync(stateDir, { recursive: true, force: true });
});

test('an agent restart mid-task: reconnecting, then the task continues', async () => {
  const res = await sealedRequest(env.stack.url, PASSWORD, 'POST', '/api/v1/tenant/logs/replicas', {
    zone_list: [{ name: 'zone2', unit_config_name: 'unit_2c8g', unit_num: 1 }],
  });
  const page = await env.browser.newPage();
  await openConnected(page, `${env.stack.url}/tasks/${res.body.data.id}`, PASSWORD);
  const task = new TaskView(page);
  await task.waitForState('RUNNING');
  await env.stack.stopAgent();
  await page.getByTestId('reconnecting').waitFor({ timeout: 15_000 });
  assert.equal(await task.graphNodes.count(), 2, 'the last known graph stays');
  await env.stack.startAgent();
  await page.getByTestId('reconnecting').waitFor({ state: 'detached', timeout: 40_000 });
  await task.waitForState('SUCCEED', 60_000);
  await page.close();
});

test('while the tab is hidden no requests are made', async () => {
  const res = await sealedRequest(env.stack.url, PASSWORD, 'POST', '/api/v1/tenant/logs/replicas', {
    zone_list: [{ name: 'zone3', unit_config_name: 'unit_2c8g', unit_num: 1 }],
  });
  const page = await env.browser.newPage();
  await openConnected(page, `${env.stack.url}/tasks/${res.body.data.id}`, PASSWORD);
  const task = new TaskView(page);
  await task.waitForState('RUNNING');
  const setHidden = (hidden) => page.evaluate((h) => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => h });
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (h ? 'hidden' : 'visible') });
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);
  await setHidden(true);
  await page.waitForTimeout(300);
  await env.stack.clearRequests();
  await page.waitForTimeout(4000);
  assert.deepEqual(await env.stack.requests(), [], 'no request while hidden');
  await setHidden(false);
  await page.waitForTimeout(600);
  const after = await env.stack.requests();
  assert.ok(after.some((r) => r.target.startsWith(`/api/v1/task/dag/${res.body.data.id}`)), 'polling resumes at once');
  await page.close();
});
