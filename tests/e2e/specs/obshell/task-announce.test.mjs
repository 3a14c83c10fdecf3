// Ended tasks announce themselves, and the tab keeps a journal of what it sent. A person starts
// a change, walks away to another page, and learns from the tab's title (and a notification they
// asked for) that it ended; the tasks page lists what was sent with its trace id, task and
// outcome, and exports it without a secret.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { useStack, PASSWORD } from '../../lib/stack.mjs';
import { openConnected, sections, recordNotifications } from '../../lib/pages/shell.mjs';
import { AddReplicasPage, TaskView } from '../../lib/pages/obshell.mjs';
import { sealedRequest } from '../../lib/node-client.mjs';

const env = useStack({ simArgs: ['--speed', '2'] });


test('a task started here announces its end on another page, and the journal keeps it', async () => {
  const context = await env.browser.newContext({ acceptDownloads: true });
  await context.addInitScript(recordNotifications);
  const page = await context.newPage();
  await openConnected(page, `${env.stack.url}/tenants/logs/replicas/add`, PASSWORD);
  const notify = page.getByRole('button', { name: 'Notify me when tasks end' });
  await notify.click();
  await page.getByRole('button', { name: 'Notifying when tasks end' }).waitFor();
  const form = new AddReplicasPage(page);
  await form.row(0).zone.selectOption('zone2');
  await form.row(0).type.selectOption('READONLY');
  await form.row(0).config.selectOption('unit_2c8g');
  await form.submit.click();
  const task = new TaskView(page);
  await page.getByTestId('task-name').waitFor();
  const id = (await page.getByTestId('task-id').textContent()).replace('task ', '');
  // The person walks away before it ends.
  await sections(page).getByRole('link', { name: 'Cluster', exact: true }).click();
  await page.waitForFunction(() => document.title.startsWith('✔ succeeded'), null, { timeout: 30_000 });
  assert.equal(await page.title(), `✔ succeeded: Scale out tenant replicas (${id}) · obshell-console`);
  const shown = await page.evaluate(() => window.__notifications);
  assert.equal(shown.length, 1, JSON.stringify(shown));
  assert.match(shown[0].body, new RegExp(`Task ${id} ended SUCCEED`));
  // Using the page again means it was seen.
  await sections(page).getByRole('link', { name: 'Tasks', exact: true }).click();
  await page.waitForFunction(() => document.title === 'obshell-console');

  const row = page.getByTestId('journal-row');
  assert.equal(await row.count(), 1);
  assert.match(await row.textContent(), /POST \/api\/v1\/tenant\/:name\/replicas/);
  assert.equal(await row.getByTestId('journal-outcome').textContent(), `accepted: task ${id}`);
  assert.equal(await row.getByTestId('journal-ended').textContent(), 'SUCCEED');
  const trace = await row.getByTestId('journal-trace').textContent();
  assert.match(trace, /^[0-9a-f]{16}$/);
  const log = (await env.stack.requests()).find((r) => r.method === 'POST' && r.target === '/api/v1/tenant/logs/replicas');
  assert.ok(log, 'the agent saw the request');

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export the journal (JSON)' }).click();
  const file = await (await download).path();
  const text = readFileSync(file, 'utf8');
  const entries = JSON.parse(text);
  assert.equal(entries.length, 1);
  assert.equal(entries[0].task_id, id);
  assert.equal(entries[0].trace_id, trace);
  assert.ok(!text.includes(PASSWORD) && !/password|X-OCS|Keys/i.test(text), text);
  await context.close();
});

test('a task watched on its page announces its end there', async () => {
  const page = await env.browser.newPage();
  await openConnected(page, `${env.stack.url}/tasks`, PASSWORD);
  // Someone else (another console, the SDK) starts a change; this person watches it.
  // Two steps (unit config, then unit number): long enough to be seen running at speed 2.
  const res = await sealedRequest(env.stack.url, PASSWORD, 'PATCH', '/api/v1/tenant/orders/replicas', {
    zone_list: [{ zone_name: 'zone1', unit_config_name: 'unit_2c8g', unit_num: 2 }, { zone_name: 'zone2', unit_num: 2 }],
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  // Told so, the person reads the list again (r) and opens the new task.
  await page.waitForTimeout(300);
  await page.keyboard.press('r');
  await page.getByRole('link', { name: 'Modify tenant replicas' }).first().click();
  await new TaskView(page).waitForState('RUNNING');
  assert.equal(await page.title(), 'obshell-console');
  await new TaskView(page).waitForState('SUCCEED', 60_000);
  await page.waitForFunction(() => document.title.startsWith('✔ succeeded: Modify tenant replicas'), null, { timeout: 5_000 }).catch(async () => {
    assert.fail(`title: ${await page.title()}`);
  });
  await page.close();
});
