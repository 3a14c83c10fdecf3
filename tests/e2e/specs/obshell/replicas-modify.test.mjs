// An operator turns a READONLY replica into a FULL one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useStack, PASSWORD } from '../../lib/stack.mjs';
import { openConnected } from '../../lib/pages/shell.mjs';
import { TaskPage } from '../../lib/pages/obshell.mjs';

const env = useStack({ simArgs: ['--speed', '10'] });

test('modifies a replica type and follows the task', async () => {
  const page = await env.browser.newPage();
  await openConnected(page, `${env.stack.url}/tenants/analytics/replicas/modify`, PASSWORD);
  const row = page.locator('[data-testid="modify-row"][data-zone="zone2"]');
  await row.getByTestId('modify-type').selectOption('FULL');
  assert.equal(await page.getByTestId('preview-locality-after').textContent(), 'FULL{1}@zone1, FULL{1}@zone2');
  assert.match(await page.getByTestId('modify-steps').textContent(), /zone2 becomes FULL/);
  await page.getByTestId('submit').click();
  const task = new TaskPage(page);
  await task.name.waitFor();
  assert.equal(await task.name.textContent(), 'Modify tenant replicas');
  await page.getByTestId('task-state').filter({ hasText: 'SUCCEED' }).waitFor({ timeout: 30_000 });
  await page.close();
});

test('a partial unit-number change is explained before sending', async () => {
  const page = await env.browser.newPage();
  await openConnected(page, `${env.stack.url}/tenants/billing/replicas/modify`, PASSWORD);
  await page.getByTestId('rebalance-note').waitFor();
  const row = page.locator('[data-testid="modify-row"][data-zone="zone1"]');
  await row.getByTestId('modify-unit-num').fill('1');
  const refusal = page.getByTestId('rule-error');
  await refusal.waitFor();
  assert.equal(await refusal.getAttribute('data-code'), 'OB.Tenant.ModifyUnitNumPartially');
  assert.match(await page.getByTestId('rule-hint').textContent(), /tenant-wide/);
  await page.close();
});
