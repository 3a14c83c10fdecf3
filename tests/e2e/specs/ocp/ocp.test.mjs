// The console against the simulated OCP (API v2, HTTP Basic): connect, a refusal OCP could not
// be foreseen by the form (OceanBase says no), add a replica and follow its task to SUCCESSFUL
// without the page being rebuilt under the reader, and a failed subtask retried to success.
// Elements are addressed by role and accessible name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useStack, OCP_PASSWORD } from '../../lib/stack.mjs';
import { connectOcp, fillAdd } from '../../lib/pages/ocp.mjs';
import { sections } from '../../lib/pages/shell.mjs';

// An agent first, OCP second: OCP's pages are under /b/ocp/.
const env = useStack({
  consoleJson: { backends: [{ name: 'demo', kind: 'obshell', prefix: '' }, { name: 'ocp', kind: 'ocp', prefix: '' }] },
  ocp: true,
});

test('a wrong password is explained', async () => {
  const page = await env.browser.newPage();
  await page.goto(`${env.stack.url}/b/ocp`);
  await page.getByLabel('OCP password').fill('not-the-password');
  await page.getByRole('button', { name: 'Connect to OCP' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'GET /api/v2/info' });
  await alert.waitFor();
  assert.match(await alert.textContent(), /ocp\.iam\.auth\.basic\.enabled/);
  assert.equal(await page.getByTestId('error-status').textContent(), '401');
  await page.close();
});

test('connect, a refusal with code, message and trace id, then add a replica and follow its task', async () => {
  const page = await env.browser.newPage();
  await connectOcp(page, `${env.stack.url}/b/ocp`);
  await page.getByRole('heading', { name: 'OCP clusters' }).waitFor();
  await page.getByRole('article', { name: 'cluster obcluster-east' }).waitFor();
  assert.match(await page.getByTestId('brand').textContent(), /^ocp\s*OCP \S+/);
  assert.equal(await page.getByTestId('ocp-identity').textContent(), 'admin');

  // Tenant payments (cluster 2) has no replica in zone1; its small hosts cannot take S3 (32 GB):
  // only OceanBase knows, so the form lets it through and OCP refuses with 10011 / 4733.
  // In-page navigation: the session lives in this tab's memory only.
  await page.getByRole('link', { name: 'obcluster-east (id 2)' }).click();
  await page.getByRole('link', { name: 'payments' }).click();
  await page.getByRole('link', { name: 'Add replicas…' }).click();
  const form = await fillAdd(page, { zone: 'zone1', spec: 'S3' });
  await page.getByTestId('preview-locality-after').waitFor();
  const answer = page.waitForResponse((r) => r.url().endsWith('/api/v2/ob/clusters/2/tenants/12/addReplica'));
  await form.getByRole('button', { name: 'Add replicas' }).dblclick();
  const refused = await answer;
  const envelope = await refused.json();
  assert.equal(refused.status(), 500);
  const panel = page.getByRole('alert').filter({ hasText: 'addReplica' });
  await panel.waitFor();
  assert.equal(await panel.getByTestId('error-code').textContent(), '10011 COMMON_OB_OPERATION_FAILED');
  assert.equal(await panel.getByTestId('error-trace-id').textContent(), envelope.traceId);
  assert.equal(await panel.getByTestId('error-message').textContent(), envelope.error.message);
  assert.match(await panel.getByTestId('sub-error').first().textContent(), /^OceanBase error 4733/);
  // Nothing typed is lost.
  assert.equal(await form.getByLabel('zone, replica 1').inputValue(), 'zone1');
  assert.equal(await form.getByLabel('unit spec, replica 1').inputValue(), 'S3');
  const posts = (await env.stack.ocpAdmin('requests')).requests.filter((r) => r.method === 'POST');
  assert.equal(posts.length, 1, 'a double click sends one request');

  // The seed's own request: zone1, FULL, S0, one unit.
  await form.getByLabel('unit spec, replica 1').selectOption('S0');
  await form.getByRole('button', { name: 'Add replicas' }).click();
  await page.waitForURL(/\/b\/ocp\/tasks\/\d+/);
  await page.getByRole('heading', { name: /Add tenant replica/ }).waitFor();
  const graph = page.getByRole('group', { name: 'task graph, 4 steps' });
  await graph.waitFor();
  // Mark what the reader looks at: a page rebuilt by a poll would lose the marks.
  await page.evaluate(() => {
    document.querySelector('[data-testid="graph-svg"]').dataset.mark = 'kept';
    document.querySelector('[data-testid="ocp-subtask-panel"]').dataset.mark = 'kept';
    for (const n of document.querySelectorAll('[data-testid="graph-node"]')) n.dataset.mark = 'kept';
  });
  const first = graph.getByRole('button', { name: /^step 1: Prepare alter tenant/ });
  await first.waitFor();
  // OCP throttles the user: the page says how long it waits, then goes on.
  await env.stack.ocpAdmin('throttle', { times: 2, reset: 2 });
  await page.getByText('OCP is throttling this user: waiting 2 s before asking again.').first().waitFor();
  await page.getByTestId('ocp-task-status').and(page.locator('[data-status="SUCCESSFUL"]')).waitFor({ timeout: 60_000 });
  const marks = await page.evaluate(() => ({
    svg: document.querySelector('[data-testid="graph-svg"]')?.dataset.mark,
    nodes: [...document.querySelectorAll('[data-testid="graph-node"]')].map((n) => n.dataset.mark),
  }));
  assert.deepEqual(marks, { svg: 'kept', nodes: ['kept', 'kept', 'kept', 'kept'] });
  for (const name of ['Prepare alter tenant', 'Wait alter locality', 'Sync tenant information', 'Update tenant status']) {
    assert.match(await graph.getByRole('button', { name: new RegExp(`: ${name}, `) }).getAttribute('aria-label'), /SUCCESSFUL$/);
  }
  // An ended task offers no operation it cannot do: no buttons, and no refresh to pause; the
  // operations OCP would refuse are one line that opens to OCP's reasons with its code.
  assert.equal(await page.getByRole('button', { name: /^(Retry|Roll back|Skip|Cancel) (sub)?task$/ }).count(), 0);
  assert.equal(await page.getByRole('button', { name: 'Pause refresh' }).count(), 0);
  const whyNot = page.getByTestId('subtask-ops-why-not');
  assert.equal(await whyNot.locator('summary').textContent(), 'Not possible now (3)');
  await whyNot.locator('summary').click();
  const why = whyNot.getByText(/^Retry subtask: .*Retry subtask needs the subtask FAILED, it is SUCCESSFUL/);
  assert.match(await why.textContent(), /\(20003\)\.$/);
  await page.close();
});

test('a failed subtask is retried to success', async () => {
  await env.stack.ocpAdmin('fail', { subtask: 'Wait alter locality', times: 1 });
  const page = await env.browser.newPage();
  await connectOcp(page, `${env.stack.url}/b/ocp/clusters/1/tenants/2/replicas/add`);
  const form = await fillAdd(page, { zone: 'zone3', spec: 'S1' });
  await form.getByRole('button', { name: 'Add replicas' }).click();
  await page.waitForURL(/\/b\/ocp\/tasks\/\d+/);
  await page.getByTestId('ocp-task-status').and(page.locator('[data-status="FAILED"]')).waitFor({ timeout: 60_000 });
  const taskUrl = page.url();
  // The task list, filtered to FAILED, leads back to it.
  await sections(page).getByRole('link', { name: 'Tasks' }).click();
  await page.getByLabel('status').selectOption('FAILED');
  await page.waitForURL(/\/b\/ocp\/tasks\?status=FAILED$/);
  const row = page.getByRole('link', { name: /^Add tenant replica \(task \d+\)$/ });
  // The list is read again for the filter: the successful task of the test before leaves it.
  await row.first().waitFor();
  await row.nth(1).waitFor({ state: 'detached' });
  assert.equal(await row.count(), 1);
  await row.click();
  await page.waitForURL(taskUrl);
  // The failed subtask is shown, with its log.
  await page.getByRole('heading', { name: 'Wait alter locality', level: 2 }).waitFor();
  const retry = page.getByRole('button', { name: 'Retry subtask' });
  await retry.click();
  const dialog = page.getByRole('dialog', { name: 'Retry subtask?' });
  await dialog.getByRole('button', { name: 'Retry subtask now' }).click();
  await page.getByTestId('ocp-task-status').and(page.locator('[data-status="SUCCESSFUL"]')).waitFor({ timeout: 60_000 });
  assert.ok((await page.getByTestId('log').textContent()).length > 0, 'the log was read');
  await page.close();
});

test('a delete that leaves no FULL replica is explained with its OCP code and never sent', async () => {
  const page = await env.browser.newPage();
  // Tenant logs (cluster 1) has one replica, in zone1.
  await connectOcp(page, `${env.stack.url}/b/ocp/clusters/1/tenants/4/replicas/delete`);
  const form = page.getByRole('form', { name: 'Delete replicas' });
  await form.getByRole('checkbox', { name: 'zone1 (FULL)' }).check();
  const error = form.getByRole('alert').getByRole('listitem');
  await error.waitFor();
  assert.match(await error.textContent(), /^tenant: Too few zones would remain in the tenant: logs would keep no FULL replica\. — OCP refuses this with OCP 60006 OB_TENANT_REMAIN_ZONE_COUNT_INVALID$/);
  const before = (await env.stack.ocpAdmin('requests')).requests.filter((r) => r.method === 'POST').length;
  await form.getByRole('button', { name: 'Delete replicas' }).click();
  await page.waitForTimeout(300);
  const after = (await env.stack.ocpAdmin('requests')).requests.filter((r) => r.method === 'POST').length;
  assert.equal(after, before, 'nothing was sent');
  assert.equal(await form.getByRole('checkbox', { name: 'zone1 (FULL)' }).isChecked(), true);
  await page.close();
});

test('in Chinese: connect, open a tenant, a refusal naming zone, field and rule, then the task', async () => {
  // The console follows the browser's languages: zh-CN first.
  const context = await env.browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(`${env.stack.url}/b/ocp`);
  const connect = page.getByRole('form', { name: '连接 ocp' });
  await connect.waitFor();
  assert.equal(await connect.getByLabel('OCP 用户').inputValue(), 'admin');
  await connect.getByLabel('OCP 密码').fill(OCP_PASSWORD);
  await connect.getByRole('button', { name: '连接 OCP' }).click();
  await page.getByRole('heading', { name: 'OCP 集群' }).waitFor();
  await page.getByRole('article', { name: '集群 obcluster-east' }).waitFor();
  await sections(page).getByRole('link', { name: '任务' }).waitFor();

  // Tenant inventory (cluster 2): zone2 and zone3, two units each.
  await page.getByRole('link', { name: 'obcluster-east（ID 2）' }).click();
  await page.getByRole('heading', { name: 'obcluster-east 的租户' }).waitFor();
  await page.getByRole('link', { name: 'inventory' }).click();
  await page.getByRole('heading', { name: '租户 inventory' }).waitFor();
  // OCP's state word stays as OCP writes it, explained beside it.
  assert.equal(await page.getByTestId('ocp-tenant-status').textContent(), 'NORMAL（正常）');
  await page.getByRole('navigation', { name: '副本变更' }).getByRole('link', { name: '添加副本…' }).click();

  // zone4 has one ACTIVE server of two: two units there break OCP's rule 60011, said in Chinese
  // with the zone and the field, before anything is sent.
  const form = page.getByRole('form', { name: '添加副本' });
  await form.getByLabel('Zone，副本 1').selectOption('zone4');
  await form.getByLabel('副本类型，副本 1').selectOption('FULL');
  await form.getByLabel('资源单元规格，副本 1').selectOption('S1');
  await form.getByLabel('单元数量，副本 1').fill('2');
  const error = form.getByRole('alert').getByRole('listitem');
  await error.waitFor();
  assert.match(
    await error.textContent(),
    /^zone4 · 单元数量 \(resourcePool\.unitCount\)：单元数量超过了 zone4 中 ACTIVE 状态的服务器数——OCP 会以 OCP 60011 OB_TENANT_UNIT_COUNT_EXCEED_ACTIVE_SERVER 拒绝/,
  );
  // OCP's own words stay beside it, with the values.
  assert.match(await error.textContent(), /OCP 原文：Unit count exceeds the ACTIVE servers of the zone: 2 units, zone zone4 has 1 ACTIVE servers\.$/);

  // zone1 has two (small) servers: the row there, with the smallest spec, is sent and its task
  // opens.
  await form.getByLabel('Zone，副本 1').selectOption('zone1');
  await form.getByLabel('资源单元规格，副本 1').selectOption('S0');
  await page.getByTestId('preview-locality-after').waitFor();
  assert.equal(await form.getByLabel('单元数量，副本 1').inputValue(), '2', 'nothing typed is lost');
  await form.getByRole('button', { name: '添加副本' }).click();
  await page.waitForURL(/\/b\/ocp\/tasks\/\d+/);
  await page.getByRole('heading', { name: /^Add tenant replica（任务 \d+）$/ }).waitFor();
  await page.getByRole('navigation', { name: '当前位置' }).getByRole('link', { name: '任务', exact: true }).waitFor();
  await page.getByRole('heading', { name: '日志', level: 3 }).waitFor();
  const status = page.getByTestId('ocp-task-status').and(page.locator('[data-status="SUCCESSFUL"]'));
  await status.waitFor({ timeout: 60_000 });
  assert.equal(await status.textContent(), '✔ SUCCESSFUL（成功）');
  // A subtask operation OCP would refuse: not offered; its reason, in Chinese with OCP's code,
  // under the one "not possible now" line.
  assert.equal(await page.getByRole('button', { name: '重试子任务' }).count(), 0);
  const whyNot = page.getByTestId('subtask-ops-why-not');
  await whyNot.locator('summary').click();
  await whyNot.getByText(/^重试子任务：重试子任务要求子任务处于 FAILED 状态，当前为 SUCCESSFUL（成功）（20003）。$/).waitFor();
  await context.close();
});

test('a field the person focuses keeps the focus while the page settles', async () => {
  const page = await env.browser.newPage();
  await page.goto(`${env.stack.url}/b/ocp`);
  const user = page.getByLabel('OCP user');
  await user.waitFor();
  // The page puts focus on its first field (the user); the person goes to the password at once,
  // as a click, a Tab or a password manager would.
  const password = page.getByLabel('OCP password');
  await password.focus();
  // Longer than the page keeps watching for its heading or first field to appear.
  await page.waitForTimeout(2500);
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.id), await password.getAttribute('id'));
  await page.keyboard.type(OCP_PASSWORD);
  assert.equal(await password.inputValue(), OCP_PASSWORD, 'what was typed went where the person put the focus');
  assert.equal(await user.inputValue(), 'admin');

  // The same after an in-page navigation, with the field focused before the console has even
  // noticed the new page.
  await page.goto(`${env.stack.url}/connect`);
  await page.getByRole('form', { name: 'Connect to demo' }).waitFor();
  await page.evaluate(() => {
    history.pushState(null, '', '/b/ocp');
    window.dispatchEvent(new PopStateEvent('popstate', { state: null }));
  });
  await password.focus();
  await page.keyboard.type(OCP_PASSWORD, { delay: 150 });
  assert.equal(await password.inputValue(), OCP_PASSWORD, 'typed where the person put the focus');
  assert.equal(await user.inputValue(), 'admin');
  await page.close();
});
