// Change plans on the agent, through nginx: a move out of the primary zone (the primary zone
// changed first), run one task at a time with a reload in the middle and a second tab that
// watches but cannot run it; a reshape of three steps whose first task fails, is retried from
// the plan and the plan continued; a lost answer in the middle (found, never sent twice); and
// the plan exported as a script for the official SDK, run against the simulated agent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useStack, PASSWORD, ROOT } from '../../lib/stack.mjs';
import { openConnected } from '../../lib/pages/shell.mjs';
import { sealedRequest } from '../../lib/node-client.mjs';

const env = useStack({ simArgs: ['--speed', '4'] });

async function admin(path, body) {
  const res = await fetch(`${env.stack.agentUrl}/__sim${path}`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  assert.equal(res.status, 200, `${path}: ${await res.text()}`);
}

/** A fourth zone in hangzhou, so replicas can move within the region (added once). */
let zone4 = false;
async function withZone4() {
  if (!zone4) await admin('/zone', { name: 'zone4', region: 'hangzhou', subnet: 6 });
  zone4 = true;
}

async function tenant(name) {
  return (await sealedRequest(env.stack.url, PASSWORD, 'GET', `/api/v1/tenant/${name}`)).body.data;
}

/** The changes the agent received (logins of the tabs aside). */
async function mutations() {
  return (await env.stack.requests())
    .filter((r) => r.method !== 'GET' && !/^\/api\/v1\/log(in|out)$/.test(r.target))
    .map((r) => `${r.method} ${r.target}`);
}

/** The plan page's step items' accessible names. */
async function stepNames(page) {
  const steps = page.getByTestId('plan-step');
  await steps.first().waitFor();
  return steps.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
}

async function waitProgress(page, done, total, timeout = 60_000) {
  await page.getByTestId('plan-progress').filter({ hasText: `${done} of ${total} steps done` }).waitFor({ timeout });
}

/** Opens a tenant's plan page, sets each zone's replica, and goes to the plan. */
async function reshape(page, name, { replicas = {}, configs = {}, primaryZone } = {}) {
  await openConnected(page, `${env.stack.url}/tenants/${name}/plan`, PASSWORD);
  for (const [zone, kind] of Object.entries(replicas)) {
    await page.getByRole('combobox', { name: `Replica in ${zone}` }).selectOption(kind);
  }
  for (const [zone, config] of Object.entries(configs)) {
    await page.getByRole('combobox', { name: `Unit config in ${zone}` }).selectOption(config);
  }
  if (primaryZone !== undefined) await page.getByRole('textbox', { name: /^Primary zone/ }).fill(primaryZone);
}

test('move a replica out of the primary zone: primary zone first; a reload resumes; a second tab only watches', async () => {
  await withZone4();
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await openConnected(page, `${env.stack.url}/tenants/orders`, PASSWORD);
  await page.getByRole('link', { name: 'Move the replica in zone1' }).click();
  await page.getByRole('combobox', { name: 'to' }).selectOption('zone4');
  await page.getByRole('button', { name: 'Fill in the move' }).click();
  const preview = page.getByTestId('plan-preview').locator('li');
  await preview.nth(2).waitFor();
  const words = await preview.allTextContents();
  assert.equal(words.length, 3, words.join('\n'));
  assert.match(words[0], /^Add FULL in zone4/);
  assert.match(words[1], /^Set the primary zone to zone4;zone2/);
  assert.match(words[2], /^Delete the replica in zone1/);
  await env.stack.clearRequests();
  await page.getByRole('button', { name: 'Review the plan' }).click();
  await page.waitForURL(/\/plans\/[0-9a-f]+$/);
  const planUrl = page.url();
  assert.deepEqual((await stepNames(page)).map((n) => n.replace(/ · tenant orders$/, '')), [
    '1. Add FULL in zone4 (unit config unit_4c16g, 1 unit(s))',
    '2. Set the primary zone to zone4;zone2',
    '3. Delete the replica in zone1',
  ]);
  assert.match(await page.getByTestId('plan-status').textContent(), /Nothing has been sent yet/);
  assert.deepEqual(await mutations(), [], 'nothing is sent before the plan starts');

  await page.getByRole('button', { name: 'Start the plan' }).click();
  await waitProgress(page, 1, 3);
  // A second tab of the same browser sees the plan running and has nothing to start it with.
  const other = await context.newPage();
  await openConnected(other, planUrl, PASSWORD);
  await other.getByTestId('plan-status').filter({ hasText: 'running in another tab' }).waitFor({ timeout: 10_000 });
  assert.equal(await other.getByRole('button', { name: /Start the plan|Resume/ }).count(), 0);
  // A reload in the middle: the plan is offered again once connected, and resumed.
  await page.reload();
  await openConnected(page, `${env.stack.url}/cluster`, PASSWORD);
  const offer = page.getByTestId('plan-resume-offer');
  await offer.waitFor();
  assert.match(await offer.textContent(), /Tenant orders: move zone1 → zone4/);
  await offer.getByRole('link', { name: 'Open the plan' }).click();
  await page.getByRole('button', { name: 'Resume' }).click({ timeout: 15_000 });
  await waitProgress(page, 3, 3, 90_000);
  assert.match(await page.getByTestId('plan-status').textContent(), /The plan is done/);
  const t = await tenant('orders');
  assert.equal(t.locality, 'FULL{1}@zone2, FULL{1}@zone4');
  assert.equal(t.primary_zone, 'zone4;zone2');
  assert.deepEqual(await mutations(), [
    'POST /api/v1/tenant/orders/replicas',
    'PUT /api/v1/tenant/orders/primary-zone',
    'DELETE /api/v1/tenant/orders/replicas',
  ], 'each step sent once, in order');
  await other.getByTestId('plan-status').filter({ hasText: 'The plan is done' }).waitFor({ timeout: 10_000 });
  await context.close();
});

test('a reshape of three steps whose first task fails: retried from the plan, then continued', async () => {
  await withZone4();
  await admin('/fail-node', { node: 'Alter tenant locality', dag: 'Scale out tenant replicas', tenant: 'analytics' });
  const page = await env.browser.newPage();
  await reshape(page, 'analytics', {
    replicas: { zone2: 'FULL', zone4: 'FULL' }, configs: { zone4: 'unit_2c8g' }, primaryZone: 'zone4;zone1',
  });
  await page.getByRole('button', { name: 'Review the plan' }).click();
  const names = await stepNames(page);
  assert.equal(names.length, 3, names.join('\n'));
  await page.getByRole('button', { name: 'Start the plan' }).click();
  const stopped = page.getByTestId('plan-stopped');
  await stopped.waitFor({ timeout: 60_000 });
  assert.match(await stopped.textContent(), /^Stopped at step 1: its task did not end with the change/);
  await page.getByTestId('op-retry').click();
  await page.getByTestId('confirm').waitFor();
  await page.getByTestId('confirm-yes').click();
  // The plan follows the retried task, then waits for the person.
  await waitProgress(page, 1, 3, 60_000);
  await page.getByRole('button', { name: 'Resume' }).click({ timeout: 15_000 });
  await waitProgress(page, 3, 3, 90_000);
  const t = await tenant('analytics');
  assert.equal(t.locality, 'FULL{1}@zone1, FULL{1}@zone2, FULL{1}@zone4');
  assert.equal(t.primary_zone, 'zone4;zone1');
  await page.close();
});

test('a lost answer in the middle: the task is found and followed, the step never sent twice', async () => {
  await withZone4();
  const page = await env.browser.newPage();
  await reshape(page, 'billing', { replicas: { zone4: 'FULL', zone3: 'READONLY' }, configs: { zone4: 'unit_2c8g' } });
  await page.getByRole('button', { name: 'Review the plan' }).click();
  assert.equal((await stepNames(page)).length, 2);
  await admin('/lose-answer', { times: 1, path: '/api/v1/tenant/billing/replicas' });
  await env.stack.clearRequests();
  await page.getByRole('button', { name: 'Start the plan' }).click();
  await waitProgress(page, 2, 2, 90_000);
  const t = await tenant('billing');
  assert.equal(t.locality, 'FULL{1}@zone1, FULL{1}@zone2, READONLY{1}@zone3, FULL{1}@zone4');
  assert.deepEqual(await mutations(), [
    'POST /api/v1/tenant/billing/replicas',
    'PATCH /api/v1/tenant/billing/replicas',
  ], 'the add whose answer was lost was not sent again');
  await page.close();
});

test('a plan exported as a script for the official SDK runs against the agent', async () => {
  await withZone4();
  const python = join(ROOT, '.venv', 'bin', 'python');
  assert.ok(existsSync(python), 'make setup builds .venv with the official SDK');
  const page = await env.browser.newPage();
  await reshape(page, 'logs', { replicas: { zone4: 'READONLY' }, configs: { zone4: 'unit_2c8g' } });
  await page.getByRole('button', { name: 'Review the plan' }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download as a Python script' }).click(),
  ]);
  const file = await download.path();
  const script = readFileSync(file, 'utf8');
  assert.doesNotMatch(script, new RegExp(PASSWORD.replace(/[#]/g, '\\$&')), 'no password in the script');
  const agent = new URL(env.stack.agentUrl);
  const run = spawnSync(python, [file], {
    env: { ...process.env, OBSHELL_PASSWORD: PASSWORD, OBSHELL_AGENT: `${agent.hostname}:${agent.port}` },
    encoding: 'utf8', timeout: 120_000,
  });
  assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
  const t = await tenant('logs');
  assert.equal(t.locality, 'FULL{1}@zone1, READONLY{1}@zone4');
  await page.close();
});

test('drain a zone holding several tenants into another, then scale in its servers', async () => {
  await withZone4();
  await admin('/zone', { name: 'zone5', region: 'hangzhou', subnet: 7 });
  // The tests above left replicas of several tenants in zone4.
  const tenants = (await sealedRequest(env.stack.url, PASSWORD, 'GET', '/api/v1/tenants/overview')).body.data.contents;
  const held = tenants.filter((t) => /@zone4\b/.test(t.locality)).map((t) => t.tenant_name).sort();
  assert.ok(held.length >= 3, `tenants in zone4: ${held}`);
  const page = await env.browser.newPage();
  await openConnected(page, `${env.stack.url}/cluster`, PASSWORD);
  await page.getByRole('link', { name: 'Drain zone zone4' }).click();
  await page.getByRole('combobox', { name: 'For every tenant' }).selectOption('zone5');
  for (const name of held) {
    assert.equal(await page.getByRole('combobox', { name: `What to do with the replica of ${name}` }).inputValue(), 'zone5');
  }
  const plans = await page.getByTestId('drain-plan').allTextContents();
  assert.ok(plans.every((p) => /^\d+ step\(s\)$/.test(p)), plans.join(' | '));
  await page.getByRole('checkbox', { name: "Then scale in each of the zone's servers" }).check();
  await page.getByRole('button', { name: 'Review the plan' }).click();
  const names = await stepNames(page);
  assert.deepEqual(names.slice(-2), ['Remove server 10.0.6.1 (agent port 2886)', 'Remove server 10.0.6.2 (agent port 2886)'].map((n, i) => `${names.length - 1 + i}. ${n}`));
  await page.getByRole('button', { name: 'Start the plan' }).click();
  await page.getByTestId('plan-status').filter({ hasText: 'The plan is done' }).waitFor({ timeout: 240_000 });
  for (const name of held) {
    const t = await tenant(name);
    assert.doesNotMatch(t.locality, /zone4/, `${name}: ${t.locality}`);
    assert.match(t.locality, /@zone5\b/, `${name}: ${t.locality}`);
    assert.doesNotMatch(t.primary_zone, /zone4/, `${name}: ${t.primary_zone}`);
  }
  const ob = (await sealedRequest(env.stack.url, PASSWORD, 'GET', '/api/v1/ob/info')).body.data;
  assert.deepEqual(ob.obcluster_info.topology.zone4 ?? [], [], 'zone4 has no server left');
  await page.close();
});

test('a step the state has overtaken is refused before sending, and the plan is planned again from there', async () => {
  const page = await env.browser.newPage();
  await reshape(page, 'orders', { replicas: { zone1: 'READONLY' }, configs: { zone1: 'unit_2c8g' } });
  await page.getByRole('button', { name: 'Review the plan' }).click();
  assert.deepEqual((await stepNames(page)).length, 1);
  // Someone else adds a FULL replica in zone1 meanwhile.
  const added = await sealedRequest(env.stack.url, PASSWORD, 'POST', '/api/v1/tenant/orders/replicas', {
    zone_list: [{ name: 'zone1', replica_type: 'FULL', unit_config_name: 'unit_2c8g', unit_num: 1 }],
  });
  assert.equal(added.status, 200, JSON.stringify(added.body));
  for (;;) {
    const d = (await sealedRequest(env.stack.url, PASSWORD, 'GET', `/api/v1/task/dag/${added.body.data.id}`)).body.data;
    if (d.state === 'SUCCEED') break;
    assert.notEqual(d.state, 'FAILED');
    await new Promise((r) => setTimeout(r, 500));
  }
  await env.stack.clearRequests();
  await page.getByRole('button', { name: 'Start the plan' }).click();
  const stopped = page.getByTestId('plan-stopped');
  await stopped.waitFor({ timeout: 30_000 });
  assert.match(await stopped.textContent(), /^Stopped at step 1: the step was refused before any task started/);
  assert.deepEqual(await mutations(), [], 'nothing was sent');
  await page.getByRole('button', { name: 'Plan again from here' }).click();
  await page.getByText('Planned again: 1 step(s) left.').waitFor();
  assert.match((await stepNames(page))[0], /^1\. Modify zone1 → READONLY/);
  await page.getByRole('button', { name: 'Resume' }).click();
  await waitProgress(page, 1, 1, 60_000);
  assert.match((await tenant('orders')).locality, /READONLY\{1\}@zone1/);
  assert.deepEqual(await mutations(), ['PATCH /api/v1/tenant/orders/replicas']);
  await page.close();
});
