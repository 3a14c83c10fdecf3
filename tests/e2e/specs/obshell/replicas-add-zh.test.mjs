// The add-replicas flow in Chinese: a browser whose language is zh-CN opens a tenant, adds a
// replica with a bad memory size first (the error, in Chinese, names the field and the rule, and
// nothing typed is lost), corrects it, submits and lands on the task page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useStack, PASSWORD } from '../../lib/stack.mjs';
import { openConnected } from '../../lib/pages/shell.mjs';

const env = useStack({ simArgs: ['--speed', '10'] });

test('adds a replica in Chinese, through a field error, to the task page', async () => {
  const context = await env.browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  await openConnected(page, `${env.stack.url}/tenants/logs`, PASSWORD);

  // The tenant page speaks Chinese; the agent's state words stay, explained beside them.
  await page.getByRole('heading', { name: '租户 logs', exact: true }).waitFor();
  assert.equal(await page.getByRole('columnheader', { name: '副本类型', exact: true }).count(), 1);
  assert.equal(await page.getByTestId('replica-type').first().textContent(), 'FULL（全能型副本）');
  await page.getByRole('link', { name: '添加副本', exact: true }).click();

  await page.getByRole('heading', { name: '为租户 logs 添加副本', exact: true }).waitFor();
  const zone = page.getByRole('combobox', { name: 'Zone' });
  const config = page.getByRole('combobox', { name: '资源单元规格' });
  await zone.selectOption('zone2');
  assert.deepEqual(
    await page.getByRole('combobox', { name: '副本类型' }).locator('option').allTextContents(),
    ['FULL（全能型副本）', 'READONLY（只读型副本）'],
  );
  await config.selectOption({ label: '新建资源单元规格…' });
  const name = page.getByRole('textbox', { name: '规格名称' });
  const memory = page.getByRole('textbox', { name: '内存' });
  await name.fill('logs_zh_unit');
  await page.getByRole('textbox', { name: 'CPU' }).fill('2');
  await memory.fill('4 GB');
  await env.stack.clearRequests();
  await page.getByRole('button', { name: '添加副本', exact: true }).click();

  // The field and its rule, in Chinese; the row as typed.
  const alert = page.getByRole('alert').filter({ hasText: '内存' });
  await alert.waitFor();
  assert.equal(
    (await alert.textContent()).trim(),
    "zone2：内存：必须是形如 8G 的容量（数字后跟 K、M、G、T 或 P；填写的是 '4 GB'）",
  );
  assert.equal(await zone.inputValue(), 'zone2');
  assert.equal(await name.inputValue(), 'logs_zh_unit');
  assert.equal(await memory.inputValue(), '4 GB');
  assert.equal((await env.stack.requests()).filter((r) => r.method !== 'GET').length, 0, 'nothing sent');

  await memory.fill('4G');
  await alert.waitFor({ state: 'detached' });
  assert.equal(await page.getByRole('columnheader', { name: '变更后', exact: true }).count(), 1);
  assert.equal(await page.getByTestId('preview-locality-after').textContent(), 'FULL{1}@zone1, FULL{1}@zone2');
  await page.getByRole('button', { name: '添加副本', exact: true }).click();

  await page.waitForURL(/\/tasks\/1\d+$/);
  assert.equal(await page.getByTestId('task-name').textContent(), 'Scale out tenant replicas');
  const sent = (await env.stack.requests()).filter((r) => r.method !== 'GET');
  assert.deepEqual(sent.map((r) => `${r.method} ${r.target} ${r.status}`), [
    'POST /api/v1/unit/config 200',
    'POST /api/v1/tenant/logs/replicas 200',
  ]);
  await context.close();
});
