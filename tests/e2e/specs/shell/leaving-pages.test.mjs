// Leaving a page while the agent is slow to answer: a person opens a task, and before the slow
// agent answers its first poll goes to the tenants. The tenants page shows, the console keeps
// working (useStack fails any test under which it panicked), and the request inspector says the
// task's answer came after the page was left and was not read, rather than "pending" for ever
// or a status the page never saw. Through nginx, real Chromium, by role and accessible name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useStack, PASSWORD } from '../../lib/stack.mjs';
import { openConnected, sections } from '../../lib/pages/shell.mjs';
import { sealedRequest } from '../../lib/node-client.mjs';

const env = useStack();

const latency = (ms) => fetch(`${env.stack.agentUrl}/__sim/latency`, {
  method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ms }),
});

const inspector = (page) => page.getByRole('region', { name: 'Request inspector' });
const rows = (page) => inspector(page).getByRole('table', { name: 'Requests, newest first' })
  .getByRole('row').filter({ has: page.getByRole('cell') });

test('leaving a task page before its poll is answered: the next page shows, the answer is said unread', async () => {
  const res = await sealedRequest(env.stack.url, PASSWORD, 'POST', '/api/v1/tenant/logs/replicas', {
    zone_list: [{ name: 'zone2', unit_config_name: 'unit_2c8g', unit_num: 1 }],
  });
  const id = res.body.data.id;
  const dagPath = `/api/v1/task/dag/${id}`;
  const page = await env.browser.newPage();
  const asked = page.waitForRequest((r) => new URL(r.url()).pathname === dagPath);
  const answered = page.waitForResponse((r) => new URL(r.url()).pathname === dagPath);
  assert.equal((await latency(2500)).status, 200);
  try {
    await openConnected(page, `${env.stack.url}/tasks/${id}`, PASSWORD);
    await asked;
    // Half a second later, with the task's answer still on its way, the person moves on.
    await page.waitForTimeout(500);
    await sections(page).getByRole('link', { name: 'Tenants', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Tenants' }).waitFor();
    assert.equal((await answered).status(), 200, 'the agent did answer, after the page was left');
  } finally {
    await latency(0);
  }
  await page.getByRole('row').filter({ hasText: 'logs' }).first().waitFor();
  // The console still works: the inspector opens and tells what became of the task's poll.
  await page.getByRole('complementary', { name: 'Preferences' }).getByRole('button', { name: 'Requests' }).click();
  const row = rows(page).filter({ hasText: dagPath });
  await row.first().waitFor();
  assert.equal(await row.count(), 1, 'the page asked once before it was left');
  assert.match(await row.getByRole('cell').nth(4).textContent(), /^not read \(the page was left before the answer\)$/);
  await page.close();
});
