// A cluster with years of tasks: the agent's full lists have no paging, so the tasks page draws
// a hundred rows at a time, finds an old task by its id, and reads the full lists once while it
// follows a running task with the small unfinished list (the figures are make bench's).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useStack, PASSWORD } from '../../lib/stack.mjs';
import { openConnected } from '../../lib/pages/shell.mjs';
import { sealedRequest } from '../../lib/node-client.mjs';

const env = useStack({ simArgs: ['--speed', '0.2', '--history', '2000'] });

test('two thousand tasks: a hundred rows at a time, an old one found, the full list read once', async () => {
  const res = await sealedRequest(env.stack.url, PASSWORD, 'POST', '/api/v1/tenant/logs/replicas', {
    zone_list: [{ name: 'zone2', unit_config_name: 'unit_2c8g', unit_num: 1 }],
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const running = res.body.data.id;
  const page = await env.browser.newPage();
  await openConnected(page, `${env.stack.url}/tasks`, PASSWORD);
  const rows = page.getByTestId('task-row');
  await rows.first().waitFor();
  await env.stack.clearRequests();
  // The running task first, then the newest of the history.
  assert.match(await rows.first().textContent(), new RegExp(`Scale out tenant replicas${running}`));
  assert.equal(await rows.count(), 100);
  const shown = page.getByRole('status').filter({ hasText: /^Showing/ });
  assert.equal((await shown.textContent()).trim(), 'Showing 100 of 2001 tasks Show 100 more');
  await shown.getByRole('button', { name: 'Show 100 more' }).click();
  await rows.nth(199).waitFor();
  assert.equal(await rows.count(), 200);
  assert.match(await shown.textContent(), /^Showing 200 of 2001 tasks/);

  // A task of long ago, by its id (the 1000th of the history, rolled back long ago).
  await page.getByRole('searchbox', { name: 'Search name or id' }).fill('11000');
  await page.getByRole('row', { name: /Modify tenant primary zone 11000 ✔ SUCCEED rolling back/ }).waitFor();
  assert.equal(await rows.count(), 1);

  // Followed for 25 s: the unfinished list polled, the full list not read again.
  await page.getByRole('searchbox', { name: 'Search name or id' }).fill('');
  await page.waitForTimeout(25_000);
  const gets = (await env.stack.requests()).filter((r) => r.method === 'GET').map((r) => r.target.split('?')[0]);
  const count = (p) => gets.filter((g) => g === p).length;
  assert.equal(count('/api/v1/task/dags/ob'), 0, `the full list was read again within the minute: ${gets.join(', ')}`);
  assert.ok(count('/api/v1/task/dag/unfinish') >= 2, `the unfinished list was not polled: ${gets.join(', ')}`);
  await page.close();
});
