// A delete that would break the Paxos majority is refused in the page: nothing is sent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useStack, PASSWORD } from '../../lib/stack.mjs';
import { openConnected } from '../../lib/pages/shell.mjs';

const env = useStack();

test('a delete that breaks the majority is explained and never sent', async () => {
  const page = await env.browser.newPage();
  await openConnected(page, `${env.stack.url}/tenants/orders/replicas/delete`, PASSWORD);
  await page.getByTestId('delete-form').waitFor();
  await env.stack.clearRequests();
  await page.getByTestId('delete-zone-zone2').check();
  const refusal = page.getByTestId('rule-error');
  await refusal.waitFor();
  assert.equal(await refusal.getAttribute('data-code'), 'OB.Tenant.Locality.PrincipalNotAllowed');
  assert.match(await refusal.textContent(), /Violate locality principal not allowed/);
  assert.match(await page.getByTestId('rule-hint').textContent(), /Paxos/);
  await page.getByTestId('submit').click();
  await page.waitForTimeout(500);
  const sent = (await env.stack.requests()).filter((r) => r.method === 'DELETE');
  assert.deepEqual(sent, [], 'no DELETE reached the agent');
  await page.close();
});
