// Before a change: the tasks whose lock would make the agent refuse it are listed, and an
// operation's confirmation says what happens to each step. After it: the console reads the
// tenant back and says whether it is what was asked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useStack, PASSWORD } from '../../lib/stack.mjs';
import { openConnected, sections } from '../../lib/pages/shell.mjs';
import { AddReplicasPage, TaskView } from '../../lib/pages/obshell.mjs';
import { sealedRequest } from '../../lib/node-client.mjs';

const env = useStack({ simArgs: ['--speed', '0.5'] });

test('a running task of the tenant is listed before the form is sent, and Cancel says what it stops', async () => {
  const res = await sealedRequest(env.stack.url, PASSWORD, 'PATCH', '/api/v1/tenant/orders/replicas', {
    zone_list: [{ zone_name: 'zone1', unit_config_name: 'unit_2c8g' }],
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const id = res.body.data.id;
  const page = await env.browser.newPage();
  await openConnected(page, `${env.stack.url}/tenants/orders/replicas/add`, PASSWORD);
  const blocker = page.getByTestId('blocker');
  await blocker.waitFor();
  assert.match(await blocker.textContent(), new RegExp(`Modify tenant replicas \\(${id}\\) · (RUNNING|READY|PENDING) · holds tenant 'orders''s maintenance lock`));
  // Another tenant is not locked by it.
  await sections(page).getByRole('link', { name: 'Tenants', exact: true }).click();
  await page.getByRole('link', { name: 'logs', exact: true }).click();
  await page.getByTestId('go-add').click();
  await page.getByTestId('add-form').waitFor();
  assert.equal(await page.getByTestId('blockers').count(), 0);

  await sections(page).getByRole('link', { name: 'Tasks', exact: true }).click();
  await page.getByRole('link', { name: 'Modify tenant replicas' }).first().click();
  await new TaskView(page).waitForState('RUNNING');
  await page.getByRole('button', { name: 'Cancel' }).click();
  const steps = page.getByRole('dialog', { name: 'Cancel this task?' }).getByRole('list', { name: 'What happens to each step' });
  await steps.waitFor();
  const items = await steps.getByRole('listitem').allTextContents();
  assert.match(items[0], /^\d\. .+: stopped$/);
  assert.ok(items.slice(1).every((t) => t.endsWith(': not run')), items.join(' | '));
  await page.getByRole('button', { name: 'Keep the task as it is' }).click();
  await page.close();
});

test('after the task succeeds, the tenant is read back and matches what was asked', async () => {
  const page = await env.browser.newPage();
  await openConnected(page, `${env.stack.url}/tenants/logs/replicas/add`, PASSWORD);
  const form = new AddReplicasPage(page);
  await form.row(0).zone.selectOption('zone2');
  await form.row(0).type.selectOption('READONLY');
  await form.row(0).config.selectOption('unit_2c8g');
  await form.submit.click();
  await new TaskView(page).waitForState('SUCCEED', 90_000);
  const text = page.getByTestId('after-success-text');
  await text.waitFor();
  assert.equal(await text.getAttribute('data-matches'), 'true');
  assert.equal(await text.textContent(), 'Tenant logs now has the locality asked for: FULL{1}@zone1, READONLY{1}@zone2.');
  await page.close();
});
