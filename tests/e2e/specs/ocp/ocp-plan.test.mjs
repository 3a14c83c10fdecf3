// A change plan through the simulated OCP (issue 22): "Move…" on a zone of tenant payments fills
// the reshape table, the plan is worked out (add, primary zone, delete: the moved zone is in the
// primary zone), kept in the browser, and run one call at a time to the end; OCP receives each
// call exactly once, in that order. A reload in the middle resumes from what OCP says.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useStack, OCP_PASSWORD } from '../../lib/stack.mjs';
import { connectOcp } from '../../lib/pages/ocp.mjs';

const env = useStack({
  consoleJson: { backends: [{ name: 'ocp', kind: 'ocp', prefix: '' }] },
  ocp: true,
});

test('move a replica out of the primary zone through OCP, with a reload in the middle', async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await connectOcp(page, `${env.stack.url}/b/ocp`);
  await page.getByRole('link', { name: 'obcluster-east (id 2)' }).click();
  await page.getByRole('link', { name: 'payments' }).click();
  await page.getByRole('link', { name: 'Move the replica of zone2…' }).click();
  await page.getByRole('heading', { name: 'Plan a change of tenant payments' }).waitFor();
  await page.getByLabel('Move the replica of zone2 to').selectOption('zone1');
  assert.equal(await page.getByLabel('Replica in zone1').inputValue(), 'FULL');
  assert.equal(await page.getByLabel('Replica in zone2').inputValue(), '');
  assert.equal(await page.getByLabel(/^Primary zone/).inputValue(), 'zone1;zone3');
  const outcome = page.getByTestId('plan-outcome');
  await outcome.getByRole('heading', { name: 'The plan: 3 step(s)' }).waitFor();
  const steps = await outcome.getByRole('listitem').allTextContents();
  assert.match(steps[0], /^Add a FULL replica in zone1/);
  assert.match(steps[1], /^Set the primary zone to zone1;zone3/);
  assert.match(steps[2], /^Delete the replica of zone2/);
  // A target OCP's safety refuses says why, and keeps what was typed.
  await page.getByLabel('Replica in zone3').selectOption('');
  await page.getByLabel('Replica in zone4').selectOption('');
  await outcome.filter({ hasText: 'Refused' }).waitFor();
  assert.match(await outcome.textContent(), /primary zone names zone3|cannot go/);
  await page.getByLabel('Replica in zone3').selectOption('FULL');
  await page.getByLabel('Replica in zone4').selectOption('FULL');
  await outcome.getByRole('heading', { name: 'The plan: 3 step(s)' }).waitFor();
  assert.equal((await env.stack.ocpAdmin('requests')).requests.filter((r) => r.method === 'POST').length, 0,
    'nothing is sent before the plan starts');

  await outcome.getByRole('button', { name: 'Keep this plan and open it' }).click();
  await page.waitForURL(/\/b\/ocp\/plans\/\w+/);
  await page.getByRole('heading', { name: 'Plan for tenant payments: move zone2 → zone1' }).waitFor();
  assert.match(await page.getByTestId('plan-status').textContent(), /Nothing has been sent yet/);
  const planUrl = page.url();
  await page.getByRole('button', { name: 'Start the plan' }).click();
  await page.getByTestId('plan-step').first().filter({ hasText: /running · task \d+/ }).waitFor({ timeout: 30_000 });
  // A second tab of the same browser sees the plan running and has nothing to start it with.
  const other = await context.newPage();
  await connectOcp(other, planUrl);
  await other.getByTestId('plan-status').filter({ hasText: 'running in another tab' }).waitFor({ timeout: 10_000 });
  assert.equal(await other.getByRole('button', { name: /Start the plan|Resume/ }).count(), 0);
  // A reload in the middle stops this tab's run (the password goes with it); once connected
  // again, the clusters page offers the plan, which says its task was running: Resume follows
  // it, sending nothing again.
  await page.reload();
  await connectOcp(page, `${env.stack.url}/b/ocp`);
  const offer = page.getByTestId('plan-resume-offer');
  await offer.waitFor();
  assert.match(await offer.textContent(), /tenant payments: move zone2 → zone1 \(\d\/3 steps\)/);
  await offer.getByRole('link', { name: 'Open the plan' }).click();
  await page.getByRole('button', { name: 'Resume' }).click({ timeout: 15_000 });
  await page.getByTestId('plan-status').filter({ hasText: 'The plan is done' }).waitFor({ timeout: 240_000 });
  assert.equal(await page.getByTestId('plan-progress').textContent(), '3 of 3 steps done');

  const posts = (await env.stack.ocpAdmin('requests')).requests
    .filter((r) => r.method === 'POST')
    .map((r) => r.target.replace(/^.*\/tenants\/12\//, ''));
  assert.deepEqual(posts, ['addReplica', 'modifyPrimaryZone', 'deleteReplica'], 'each call once, in order');
  await connectOcp(page, `${env.stack.url}/b/ocp/clusters/2/tenants/12`);
  const locality = page.getByTestId('ocp-tenant-locality');
  await locality.waitFor();
  const text = await locality.textContent();
  assert.match(text, /zone1/);
  assert.doesNotMatch(text, /zone2/);
  await other.getByTestId('plan-status').filter({ hasText: 'The plan is done' }).waitFor({ timeout: 10_000 });
  assert.equal(await page.getByTestId('plan-resume-offer').count(), 0, 'a finished plan is not offered');
  await context.close();
});

test('an OCP plan whose task fails: the task retried from the plan, then the plan continued', async () => {
  // orders (cluster 1): FULL in zone1 and zone2, primary zone zone1;zone2. Wanted: a FULL replica
  // in zone3 too, first in the primary zone: an add, then the primary zone.
  await env.stack.ocpAdmin('fail', { subtask: 'Wait alter locality', times: 1 });
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await connectOcp(page, `${env.stack.url}/b/ocp/clusters/1/tenants/2/plan`);
  await page.getByRole('heading', { name: 'Plan a change of tenant orders' }).waitFor();
  await page.getByLabel('Replica in zone3').selectOption('FULL');
  // A new replica needs a spec: the plan says so until one is picked.
  await page.getByTestId('plan-outcome').filter({ hasText: 'needs a unit spec' }).waitFor();
  await page.getByLabel('Unit spec in zone3').selectOption('S1');
  await page.getByLabel(/^Primary zone/).fill('zone3;zone1,zone2');
  const outcome = page.getByTestId('plan-outcome');
  await outcome.getByRole('heading', { name: 'The plan: 2 step(s)' }).waitFor();
  await outcome.getByRole('button', { name: 'Keep this plan and open it' }).click();
  await page.getByRole('button', { name: 'Start the plan' }).click();

  const stopped = page.getByTestId('plan-stopped');
  await stopped.waitFor({ timeout: 60_000 });
  assert.match(await stopped.textContent(), /Stopped at step 1: its task did not end with the change/);
  await page.getByRole('button', { name: 'Retry task' }).click();
  await page.getByRole('dialog', { name: 'Retry task?' }).getByRole('button', { name: 'Retry task now' }).click();
  await page.getByTestId('plan-status').filter({ hasText: 'Paused before step 2' }).waitFor({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Resume' }).click();
  await page.getByTestId('plan-status').filter({ hasText: 'The plan is done' }).waitFor({ timeout: 60_000 });

  const posts = (await env.stack.ocpAdmin('requests')).requests
    .filter((r) => r.method === 'POST' && r.target.includes('/tenants/2/'))
    .map((r) => r.target.replace(/^.*\/tenants\/2\//, ''));
  assert.deepEqual(posts, ['addReplica', 'modifyPrimaryZone'], 'the add is retried, never sent again');
  await context.close();
});

test('an add form with no zone to offer says so and leads to planning a change', async () => {
  // sys (cluster 2) has a replica in each of the cluster's four zones.
  const page = await env.browser.newPage();
  await connectOcp(page, `${env.stack.url}/b/ocp/clusters/2/tenants/11/replicas/add`);
  const nothing = page.getByTestId('ocp-add-nothing');
  await nothing.waitFor();
  assert.equal(await nothing.textContent(), 'Tenant sys has a replica in every zone of the cluster: there is no zone to add one to. To move a replica or change its type, plan a change.');
  assert.equal(await page.getByRole('form', { name: 'Add replicas' }).count(), 0, 'no empty form');
  await page.getByRole('link', { name: 'Plan a change…' }).click();
  await page.getByRole('heading', { name: 'Plan a change of tenant sys' }).waitFor();
  await page.close();
});
