// Every request has a deadline: an agent that never answers (here: one that waits longer than
// the console's 30 s) gives a clear "no answer" error after 30 s, not a page that waits forever.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useStack, PASSWORD } from '../../lib/stack.mjs';
import { openConnected, sections } from '../../lib/pages/shell.mjs';

const env = useStack();

const latency = (ms) => fetch(`${env.stack.agentUrl}/__sim/latency`, {
  method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ms }),
});

test('a request the agent does not answer within 30 s is abandoned and said so', async () => {
  const page = await env.browser.newPage();
  await openConnected(page, `${env.stack.url}/cluster`, PASSWORD);
  await page.getByTestId('cluster-name').waitFor();
  assert.equal((await latency(40_000)).status, 200);
  try {
    const started = Date.now();
    await sections(page).getByRole('link', { name: 'Tenants', exact: true }).click();
    const panel = page.getByRole('alert').filter({ hasText: 'GET /api/v1/tenants/overview' });
    await panel.waitFor({ timeout: 45_000 });
    const waited = Date.now() - started;
    assert.match(await panel.textContent(), /no answer within 30 s/);
    assert.ok(waited >= 29_000 && waited < 40_000, `abandoned after ${waited} ms`);
  } finally {
    await latency(0);
  }
  await page.close();
});
