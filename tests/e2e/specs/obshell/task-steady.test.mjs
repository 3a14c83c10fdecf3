// The task page does not rebuild itself under the reader: a confirmation stays open (the same
// element) while the poller keeps answering, a refusal stays until the next action, and a
// double click sends one operation. Paced like a person reading: seconds, not milliseconds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useStack, PASSWORD } from '../../lib/stack.mjs';
import { openConnected } from '../../lib/pages/shell.mjs';
import { failNext, TaskView } from '../../lib/pages/obshell.mjs';
import { sealedRequest } from '../../lib/node-client.mjs';

// Speed 0.5: an added replica runs for about half a minute.
const env = useStack({ simArgs: ['--speed', '0.5'] });

async function addReplica(tenant, zone) {
  const res = await sealedRequest(env.stack.url, PASSWORD, 'POST', `/api/v1/tenant/${tenant}/replicas`, {
    zone_list: [{ name: zone, unit_config_name: 'unit_2c8g', unit_num: 1 }],
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.data.id;
}

/** Starts a modify of one zone's unit config; answers the task id. */
async function modifyUnit(tenant, zone, config) {
  const res = await sealedRequest(env.stack.url, PASSWORD, 'PATCH', `/api/v1/tenant/${tenant}/replicas`, {
    zone_list: [{ zone_name: zone, unit_config_name: config }],
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.data.id;
}

const dagPolls = async (id) => (await env.stack.requests()).filter((r) => r.method === 'GET' && r.target.startsWith(`/api/v1/task/dag/${id}`)).length;

test('a confirmation survives the polls, and confirming it sends one operation', async () => {
  const id = await addReplica('logs', 'zone2');
  const page = await env.browser.newPage();
  await openConnected(page, `${env.stack.url}/tasks/${id}`, PASSWORD);
  const task = new TaskView(page);
  await task.waitForState('RUNNING');
  await page.getByRole('button', { name: 'Cancel' }).click();
  const dialog = page.getByRole('dialog', { name: 'Cancel this task?' });
  await dialog.waitFor();
  await dialog.evaluate((el) => { el.dataset.seen = 'before-polls'; });
  await env.stack.clearRequests();
  // A person reads the confirmation for a few seconds while the page keeps polling.
  await page.waitForTimeout(4500);
  assert.ok(await dagPolls(id) >= 3, `only ${await dagPolls(id)} polls while reading`);
  assert.equal(await page.locator('[data-seen="before-polls"]').count(), 1, 'the dialog was rebuilt (or closed) by a poll');
  await env.stack.clearRequests();
  await dialog.getByRole('button', { name: 'Cancel now' }).dblclick();
  await page.getByTestId('op-result').waitFor();
  await page.waitForTimeout(1500);
  const ops = (await env.stack.requests()).filter((r) => r.method === 'POST' && r.target === `/api/v1/task/dag/${id}`);
  assert.equal(ops.length, 1, 'a double click sent more than one CANCEL');
  await task.waitForState('FAILED');
  assert.equal(await page.getByTestId('op-result').count(), 1, 'the result vanished with a poll');
  assert.match(await task.operator.textContent(), /^CANCEL/);
  assert.match(await page.getByTestId('log').first().textContent(), /sub task cancelled/);
  await page.close();
});

test('a refusal stays on the page across polls until the next action', async () => {
  // A failed task whose lock a newer task takes over: the agent refuses to retry it.
  await failNext(env.stack, 'Create and attach resource pools');
  const old = await addReplica('orders', 'zone3');
  const page = await env.browser.newPage();
  await openConnected(page, `${env.stack.url}/tasks/${old}`, PASSWORD);
  const task = new TaskView(page);
  await task.waitForState('FAILED', 60_000);
  await addReplica('orders', 'zone3');
  await page.getByRole('button', { name: 'Retry' }).click();
  await page.getByRole('dialog', { name: 'Retry this task?' }).getByRole('button', { name: 'Retry now' }).click();
  const panel = page.getByTestId('error-panel');
  await panel.waitFor();
  assert.equal(await page.getByTestId('error-code').textContent(), 'Task.Expired');
  await panel.evaluate((el) => { el.dataset.seen = 'refusal'; });
  await page.waitForTimeout(4000);
  assert.equal(await page.locator('[data-seen="refusal"]').count(), 1, 'the refusal vanished with a poll');
  // A new action replaces it.
  await page.getByRole('button', { name: 'Roll back' }).click();
  await page.getByRole('dialog', { name: 'Roll back this task?' }).waitFor();
  assert.equal(await page.getByTestId('error-panel').count(), 0);
  await page.close();
});

test('the refresh says how fresh the page is, and pausing it stops every request', async () => {
  const id = await modifyUnit('billing', 'zone1', 'unit_4c16g');
  const page = await env.browser.newPage();
  await openConnected(page, `${env.stack.url}/tasks/${id}`, PASSWORD);
  const task = new TaskView(page);
  await task.waitForState('RUNNING');
  const status = page.getByTestId('refresh-status');
  await status.filter({ hasText: /Updated \d+ s ago · refreshing every 1 s/ }).waitFor();
  await page.getByRole('button', { name: 'Pause refresh' }).click();
  await status.filter({ hasText: 'refresh paused' }).waitFor();
  await env.stack.clearRequests();
  await page.waitForTimeout(3500);
  assert.equal(await dagPolls(id), 0, 'a paused page asked the agent');
  // The age keeps counting while paused, so the reader knows what they look at is old.
  const age = async () => Number((await page.getByTestId('refresh-updated').textContent()).match(/Updated (\d+) s ago/)[1]);
  const first = await age();
  assert.ok(first >= 2, `updated ${first} s ago after 3.5 s of pause`);
  await page.waitForTimeout(2000);
  assert.ok(await age() >= first + 1, 'the age stopped counting');
  await page.getByRole('button', { name: 'Resume refresh' }).click();
  await status.filter({ hasText: /Updated [01] s ago/ }).waitFor({ timeout: 3000 });
  assert.ok(await dagPolls(id) >= 1);
  await page.close();
});

test('a log the reader scrolled up stays where they left it while lines are added', async () => {
  await failNext(env.stack, 'Alter resource pool unit config');
  const id = await modifyUnit('analytics', 'zone1', 'unit_4c16g');
  const page = await env.browser.newPage();
  await openConnected(page, `${env.stack.url}/tasks/${id}`, PASSWORD);
  const task = new TaskView(page);
  await task.waitForState('FAILED', 60_000);
  // A small window: the log box shows one line at a time, so the reader must scroll it. (A
  // constructed style sheet: the console's CSP refuses an inline <style>, not the CSSOM.)
  await page.evaluate(() => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync('.log { max-height: 1.3em !important; }');
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  });
  const log = page.getByTestId('log').first();
  const before = await log.locator('span').count();
  await log.evaluate((el) => { el.scrollTop = 0; el.dispatchEvent(new Event('scroll')); });
  await page.getByRole('button', { name: 'Follow the end' }).waitFor();
  await page.getByRole('button', { name: 'Retry' }).click();
  await page.getByRole('dialog', { name: 'Retry this task?' }).getByRole('button', { name: 'Retry now' }).click();
  // The retry appends lines over the next polls while the reader stays at the top.
  await page.waitForFunction((n) => document.querySelector('[data-testid="log"]').querySelectorAll('span').length > n + 1, before, { timeout: 30_000 });
  await page.waitForTimeout(3000);
  assert.equal(await log.evaluate((el) => el.scrollTop), 0, 'the log jumped away from where the reader left it');
  await page.getByRole('button', { name: 'Follow the end' }).click();
  const atEnd = await log.evaluate((el) => el.scrollTop + el.clientHeight >= el.scrollHeight - 4);
  assert.ok(atEnd, 'Follow the end goes to the last line');
  await task.waitForState('SUCCEED', 60_000);
  await page.close();
});
