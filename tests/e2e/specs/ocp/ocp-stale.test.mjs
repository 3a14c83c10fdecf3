// A form opened before someone else changed the tenant: OCP refuses with 60007 ("zone is not
// valid": it already has a replica), and the page reads the tenant again instead of keeping its
// old picture. The refusal stays on screen (code, message, trace id), the form below is the
// tenant as it is now: the zone taken meanwhile is no longer offered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useStack, OCP_PASSWORD } from '../../lib/stack.mjs';
import { connectOcp, fillAdd } from '../../lib/pages/ocp.mjs';

const env = useStack({
  consoleJson: { backends: [{ name: 'demo', kind: 'obshell', prefix: '' }, { name: 'ocp', kind: 'ocp', prefix: '' }] },
  ocp: true,
});

/** Someone else, through OCP's API directly: a FULL replica of payments (cluster 2) in `zone`. */
async function addElsewhere(zone) {
  const res = await fetch(`${env.stack.url}/api/v2/ob/clusters/2/tenants/12/addReplica`, {
    method: 'POST',
    headers: { Authorization: `Basic ${btoa(`admin:${OCP_PASSWORD}`)}`, 'Content-Type': 'application/json' },
    body: JSON.stringify([{ zoneName: zone, replicaType: 'FULL', resourcePool: { unitSpecName: 'S0', unitCount: 1 } }]),
  });
  const body = await res.json();
  assert.equal(res.status, 200, JSON.stringify(body));
  return body.data.id;
}

/** Polls OCP's task until it reaches `status`. */
async function waitForTask(id, status) {
  for (let i = 0; i < 300; i++) {
    const res = await fetch(`${env.stack.url}/api/v2/tasks/instances/${id}`, {
      headers: { Authorization: `Basic ${btoa(`admin:${OCP_PASSWORD}`)}` },
    });
    const body = await res.json();
    if (body.data?.status === status) return;
    await new Promise((ok) => setTimeout(ok, 200));
  }
  throw new Error(`task ${id} never became ${status}`);
}

test('a refusal that means the form was stale reads the tenant again and shows it as it is', async () => {
  const page = await env.browser.newPage();
  await connectOcp(page, `${env.stack.url}/b/ocp/clusters/2/tenants/12/replicas/add`);
  const form = await fillAdd(page, { zone: 'zone1', spec: 'S0' });
  await page.getByTestId('preview-locality-after').waitFor();
  // Meanwhile the replica is added elsewhere, and that task ends.
  const other = await addElsewhere('zone1');
  await waitForTask(other, 'SUCCESSFUL');

  const answer = page.waitForResponse((r) => r.url().endsWith('/addReplica'));
  await form.getByRole('button', { name: 'Add replicas' }).click();
  const refused = await answer;
  const envelope = await refused.json();
  assert.equal(refused.status(), 400);
  assert.equal(envelope.error.code, 60007);

  const stale = page.getByTestId('ocp-stale');
  await stale.waitFor();
  assert.match(await stale.getByRole('status').textContent(), /no longer as this form showed it/);
  assert.match(await stale.getByTestId('error-code').textContent(), /^60007/);
  assert.equal(await stale.getByTestId('error-trace-id').textContent(), envelope.traceId);
  // The form below is read again: zone1 has a replica now, so it is no longer offered, and the
  // "now" line names it.
  await page.getByText(/Now: .*zone1/).waitFor();
  const options = page.getByRole('form', { name: 'Add replicas' }).getByLabel('zone, replica 1').locator('option');
  // The choices follow the tenant read again (they may be drawn a moment after the "now" line).
  await options.filter({ hasText: /^zone1/ }).waitFor({ state: 'detached', timeout: 5000 }).catch(() => {});
  const zones = await options.allTextContents();
  assert.ok(!zones.some((z) => z.startsWith('zone1')), `zone1 is still offered: ${zones}`);
  const posts = (await env.stack.ocpAdmin('requests')).requests.filter((r) => r.method === 'POST' && r.target.endsWith('/addReplica'));
  assert.equal(posts.length, 2, 'the one from elsewhere and the refused one; nothing resent');
  await page.close();
});
