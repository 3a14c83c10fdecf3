// The console's core against every agent an operator may point it at: the simulated agent as
// OBShell 4.2.5, 4.3.0, 4.4.1 and 4.5.0, a SINGLE agent, and a cluster whose OceanBase is down.
// On each cluster agent a person connects, reads the cluster, is refused by the agent (and sees
// its code and trace id), then adds a replica and deletes it again, following each task to its
// end. The agents that cannot change anything say so, and nothing is sent; a SINGLE agent's tasks
// page lists its own tasks and says the cluster's list is not available from it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useStack, PASSWORD } from '../../lib/stack.mjs';
import { openConnected, sections } from '../../lib/pages/shell.mjs';
import { AddReplicasPage, ClusterPage, TaskView } from '../../lib/pages/obshell.mjs';

// What differs by version, as a person sees it.
const VERSIONS = [
  { version: '4.2.5.0', scaleIn: false, keyBits: 512, errCode: false, regions: false, allTasks: false, sessions: false },
  { version: '4.3.0.0', scaleIn: true, keyBits: 512, errCode: false, regions: true, allTasks: true, sessions: false },
  { version: '4.4.1.0', scaleIn: true, keyBits: 512, errCode: true, regions: true, allTasks: true, sessions: true },
  { version: '4.5.0.0', scaleIn: true, keyBits: 1024, errCode: true, regions: true, allTasks: true, sessions: true },
];

async function about(page) {
  await page.getByRole('button', { name: 'About this agent' }).click();
  await page.getByRole('dialog', { name: 'About this agent' }).waitFor();
  const facts = {
    version: await page.getByTestId('about-version').textContent(),
    identity: await page.getByTestId('about-identity').textContent(),
    key: await page.getByTestId('about-key').textContent(),
  };
  await page.keyboard.press('Escape');
  await page.getByRole('dialog', { name: 'About this agent' }).waitFor({ state: 'hidden' });
  return facts;
}

for (const v of VERSIONS) {
  describe(`OBShell ${v.version}`, () => {
    const env = useStack({ simArgs: ['--agent-version', v.version, '--speed', '20'] });

    test('connect, cluster, a refusal, add and delete a replica', async () => {
      const page = await env.browser.newPage();
      await openConnected(page, `${env.stack.url}/cluster`, PASSWORD);
      const cluster = new ClusterPage(page);
      await cluster.waitUntilShown();
      assert.equal(await cluster.zones.count(), 3);
      assert.equal(await cluster.servers.count(), 6);
      const facts = await about(page);
      assert.match(facts.version, new RegExp(`^${v.version.replaceAll('.', '\\.')}`));
      assert.equal(facts.identity, 'CLUSTER AGENT');
      // Agents before 4.4.2 generate 512-bit keys; the console warns about them.
      assert.equal(facts.key, `RSA ${v.keyBits} bits`);
      assert.equal(await page.getByTestId('weak-key').count(), v.keyBits < 1024 ? 1 : 0);
      assert.equal(await page.getByTestId('auth-mode').textContent(), `signed in with ${v.sessions ? 'session' : 'password'}`);

      // The agent refuses what the page could not know: not enough room for a huge unit.
      await sections(page).getByRole('link', { name: 'Tenants', exact: true }).click();
      await page.getByRole('link', { name: 'logs', exact: true }).click();
      await page.getByTestId('go-add').click();
      const form = new AddReplicasPage(page);
      await form.form.waitFor();
      assert.equal(await page.getByTestId('regions-unknown').count(), v.regions ? 0 : 1);
      await form.row(0).zone.selectOption('zone2');
      await form.row(0).type.selectOption('READONLY');
      await form.row(0).config.selectOption('__new');
      await form.row(0).newName.fill('logs_matrix_unit');
      await form.row(0).newCpu.fill('2');
      await form.row(0).newMemory.fill('500G');
      await env.stack.clearRequests();
      const refused = page.waitForResponse((r) => r.url().endsWith('/api/v1/tenant/logs/replicas'));
      await form.submit.click();
      const envelope = await (await refused).json();
      await page.getByTestId('error-panel').waitFor();
      assert.equal(await page.getByTestId('error-trace-id').textContent(), envelope.traceId || '(none)');
      if (v.errCode) {
        assert.equal(await page.getByTestId('error-code').textContent(), 'OB.Tenant.ResourceNotEnough');
      } else {
        assert.equal(envelope.error.errCode, undefined, 'an old agent sends no errCode');
        assert.equal(await page.getByTestId('error-number').textContent(), '1000');
        assert.match(await page.getByTestId('error-message').textContent(), /^Bad request: /);
      }
      assert.match(await page.getByTestId('error-message').textContent(), /resource not enough/i);
      assert.equal(await form.row(0).newMemory.inputValue(), '500G', 'what was typed is kept');
      const changes = (await env.stack.requests()).filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.target}`);
      assert.deepEqual(changes, [
        'POST /api/v1/unit/config',
        'POST /api/v1/tenant/logs/replicas',
        'DELETE /api/v1/unit/config/logs_matrix_unit',
      ], 'the unit config made for the refused request is removed again');

      // The same row with an existing unit config goes through.
      await form.row(0).config.selectOption('unit_2c8g');
      await form.submit.click();
      const task = new TaskView(page);
      await task.waitForState('SUCCEED');
      await sections(page).getByRole('link', { name: 'Tasks', exact: true }).click();
      if (v.allTasks) {
        // The ended task is listed, with the other tasks of the cluster and the agent.
        await page.locator('[data-testid="task-row"][data-state="SUCCEED"]').first().waitFor();
        assert.equal(await page.getByTestId('unfinished-only').count(), 0);
        // A search that matches nothing says so, rather than leaving the table bare.
        await page.getByRole('searchbox', { name: 'Search name or id' }).fill('no such task');
        await page.getByText('No task matches this state and search.').waitFor();
        assert.equal(await page.getByTestId('task-row').count(), 0);
        await page.getByRole('searchbox', { name: 'Search name or id' }).fill('');
      } else {
        // Before 4.3.0 the agent lists unfinished tasks only, and the page says so.
        await page.getByTestId('unfinished-only').waitFor();
        assert.match(await page.getByTestId('unfinished-only').textContent(), /needs agent ≥ 4\.3\.0\.0, this agent is 4\.2\.5\.0/);
      }

      await sections(page).getByRole('link', { name: 'Tenants', exact: true }).click();
      await page.getByRole('link', { name: 'logs', exact: true }).click();
      assert.equal(await page.getByTestId('locality').textContent(), 'FULL{1}@zone1, READONLY{1}@zone2');
      await page.getByTestId('go-delete').click();
      await page.getByTestId('delete-form').waitFor();
      await page.getByTestId('delete-zone-zone2').check();
      await page.getByTestId('submit').click();
      await task.waitForState('SUCCEED');
      await sections(page).getByRole('link', { name: 'Tenants', exact: true }).click();
      await page.getByRole('link', { name: 'logs', exact: true }).click();
      await page.getByTestId('locality').waitFor();
      assert.equal(await page.getByTestId('locality').textContent(), 'FULL{1}@zone1');

      // Scaling: scale-out is offered on every version (from ob/info before 4.3.0); scale-in
      // and the target agent's password from 4.2.6.
      await sections(page).getByRole('link', { name: 'Cluster', exact: true }).click();
      await page.getByRole('link', { name: 'Scale out', exact: true }).click();
      await page.getByTestId('scale-out-form').waitFor();
      await sections(page).getByRole('link', { name: 'Cluster', exact: true }).click();
      await page.getByRole('link', { name: 'Scale in', exact: true }).click();
      if (v.scaleIn) {
        await page.getByTestId('scale-in-form').waitFor();
      } else {
        await page.getByTestId('gate').waitFor();
        assert.match(await page.getByTestId('gate-reason').textContent(), /needs agent ≥ 4\.2\.6\.0/);
      }
      await page.close();
    });
  });
}

describe('a SINGLE agent', () => {
  const env = useStack({ simArgs: ['--identity', 'SINGLE'] });

  test('connects, says it is not in a cluster, and offers nothing destructive', async () => {
    const page = await env.browser.newPage();
    await openConnected(page, `${env.stack.url}/cluster`, PASSWORD);
    await page.getByTestId('no-cluster').waitFor();
    assert.match(await page.getByTestId('agent-banner').textContent(), /SINGLE: it is not part of an OceanBase cluster/);
    assert.equal((await about(page)).identity, 'SINGLE');
    await env.stack.clearRequests();
    await openConnected(page, `${env.stack.url}/tenants/orders/replicas/add`, PASSWORD);
    await page.getByTestId('gate').waitFor();
    assert.match(await page.getByTestId('gate-reason').textContent(), /SINGLE/);
    assert.equal(await page.getByTestId('add-form').count(), 0, 'no form is offered');
    await openConnected(page, `${env.stack.url}/tenants`, PASSWORD);
    await page.getByTestId('gate').waitFor();
    for (const link of ['Scale out', 'Scale in']) {
      await sections(page).getByRole('link', { name: 'Cluster', exact: true }).click();
      await page.getByRole('link', { name: link, exact: true }).click();
      await page.getByTestId('gate').filter({ hasText: 'SINGLE' }).waitFor();
    }
    // Several scale-outs: the single form's reason, and no table.
    await sections(page).getByRole('link', { name: 'Cluster', exact: true }).click();
    await page.getByRole('link', { name: 'Scale out', exact: true }).click();
    const reason = await page.getByTestId('gate').filter({ hasText: 'SINGLE' }).getByTestId('gate-reason').textContent();
    await openConnected(page, `${env.stack.url}/cluster/scale-outs`, PASSWORD);
    await page.getByTestId('gate').filter({ hasText: 'Add several servers' }).waitFor();
    assert.equal(await page.getByTestId('gate-reason').textContent(), reason);
    assert.equal(await page.getByRole('button', { name: 'Review the plan' }).count(), 0, 'no table is offered');
    const sent = (await env.stack.requests()).map((r) => r.target);
    assert.ok(!sent.some((t) => t.startsWith('/api/v1/tenant')), `asked for tenants: ${sent}`);
    await page.close();
  });

  test('lists its own tasks and says the cluster\'s list is not available here', async () => {
    const page = await env.browser.newPage();
    await env.stack.clearRequests();
    await openConnected(page, `${env.stack.url}/tasks`, PASSWORD);
    await page.getByRole('heading', { name: 'Tasks', exact: true }).waitFor();
    const note = page.getByRole('status').filter({ hasText: "The cluster's task list is not available from this agent" });
    await note.waitFor();
    assert.match(await note.textContent(), /not a cluster agent/);
    assert.equal(await page.getByTestId('error-panel').count(), 0, 'no failure is shown');
    assert.equal(await page.getByRole('table').first().isVisible(), true, 'the list is still there');
    await page.getByText('No tasks on this agent yet.').waitFor();
    const sent = (await env.stack.requests()).map((r) => r.target.split('?')[0]);
    assert.ok(sent.includes('/api/v1/task/dags/agent'), `own tasks read: ${sent}`);
    assert.ok(!sent.includes('/api/v1/task/dags/ob'), `the cluster's list is not asked for: ${sent}`);
    await page.close();
  });
});

describe('a cluster whose OceanBase is down', () => {
  const env = useStack({ simArgs: ['--speed', '20'] });

  test('shows what is known, says it is degraded, and disables the forms', async () => {
    const down = await fetch(`${env.stack.agentUrl}/__sim/oceanbase`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ down: true }),
    });
    assert.equal(down.status, 200, await down.text());
    const page = await env.browser.newPage();
    await openConnected(page, `${env.stack.url}/cluster`, PASSWORD);
    const banner = page.getByTestId('agent-banner');
    await banner.waitFor();
    assert.match(await banner.textContent(), /Degraded: OceanBase does not answer/);
    // What the agent still knows from its own records: the zones and their servers.
    const cluster = new ClusterPage(page);
    await cluster.waitUntilShown();
    assert.equal(await cluster.zones.count(), 3);
    await openConnected(page, `${env.stack.url}/tenants/orders/replicas/delete`, PASSWORD);
    await page.getByTestId('gate').waitFor();
    assert.match(await page.getByTestId('gate-reason').textContent(), /degraded/);
    assert.equal(await page.getByTestId('delete-form').count(), 0);
    await page.close();
  });
});
