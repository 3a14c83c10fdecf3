// A task page in Chinese (a browser whose language is zh-CN), read at a person's pace: the
// graph and its steps named in Chinese, a failed step's details with the agent's state word and
// its Chinese gloss, the duration in Chinese form, Retry confirmed in Chinese, and the timeline
// with its zoom.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useStack, PASSWORD } from '../../lib/stack.mjs';
import { openConnected } from '../../lib/pages/shell.mjs';
import { failNext, TaskView } from '../../lib/pages/obshell.mjs';
import { sealedRequest } from '../../lib/node-client.mjs';

const env = useStack({ simArgs: ['--speed', '10'] });

async function addReplica(tenant, zone) {
  const res = await sealedRequest(env.stack.url, PASSWORD, 'POST', `/api/v1/tenant/${tenant}/replicas`, {
    zone_list: [{ name: zone, unit_config_name: 'unit_2c8g', unit_num: 1 }],
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.data.id;
}

/** A person's pause between looking and acting. */
const pause = (page) => page.waitForTimeout(700);

test('a failed task in Chinese: graph, step details with glosses, Retry confirmed in Chinese', async () => {
  await failNext(env.stack, 'Alter tenant locality');
  const id = await addReplica('logs', 'zone2');
  const context = await env.browser.newContext({ locale: 'zh-CN', viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await openConnected(page, `${env.stack.url}/tasks/${id}`, PASSWORD);
  const task = new TaskView(page);
  await task.waitForState('FAILED');
  assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');

  // The summary: the agent's word stays, the gloss and the rest are Chinese.
  await task.state.filter({ hasText: 'FAILED（失败）' }).waitFor();
  assert.match(await page.getByTestId('task-id').textContent(), new RegExp(`^任务 ${id}$`));
  assert.match(await page.getByTestId('task-stage').textContent(), /^阶段 \d+ \/ \d+$/);
  assert.match(await page.getByTestId('task-duration').textContent(), /^\d+ 秒$/);

  // The graph, its tab and its steps by their Chinese names.
  assert.equal(await page.getByRole('tab', { name: '任务图' }).getAttribute('aria-selected'), 'true');
  await page.getByRole('group', { name: /^任务图，共 \d+ 步$/ }).waitFor();
  await page.getByRole('button', { name: '适应窗口' }).waitFor();
  const failed = page.getByRole('button', { name: /^第 \d+ 步：Alter tenant locality，FAILED（失败）$/ });
  await pause(page);
  await failed.click();

  // The step's details: its state word with the gloss beside it, times and duration in Chinese.
  const panel = page.getByTestId('node-panel');
  assert.equal(await panel.getByTestId('node-name').textContent(), 'Alter tenant locality');
  const state = panel.getByTestId('node-state');
  assert.equal(await state.locator('.state-word').textContent(), 'FAILED');
  assert.equal(await state.locator('.gloss').textContent(), '（失败）');
  assert.match(await panel.locator('p.muted').first().textContent(), /· 耗时 \d+ 秒$/);
  assert.match(await panel.getByTestId('node-times').textContent(), /^开始于 .+ · 结束于 .+$/);
  assert.match(await panel.getByTestId('sub-task').first().textContent(), /共执行 1 次 · FAILED（失败）/);
  await page.getByRole('button', { name: '跳过此步骤' }).waitFor();

  // Cancel is not offered; why, in Chinese, under the folded line.
  assert.equal(await page.getByRole('button', { name: '取消', exact: true }).count(), 0);
  const why = page.locator('details').filter({ has: page.getByText('为何其他操作不可用') });
  await why.locator('summary').click();
  await why.getByText('取消：只有仍在执行的任务可以取消').waitFor();

  // Retry, confirmed in Chinese.
  await pause(page);
  await page.getByRole('button', { name: '重试', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: '重试此任务？' });
  await dialog.waitFor();
  assert.match(await dialog.locator('p').first().textContent(), /^重试将先回滚“Alter tenant locality”失败的执行/);
  assert.match(await dialog.getByRole('list', { name: '各步骤将如何处理' }).textContent(), /Alter tenant locality：重新执行（先回滚其失败的执行）/);
  await dialog.getByRole('button', { name: '保持任务不变' }).waitFor();
  await pause(page);
  await dialog.getByRole('button', { name: '立即重试' }).click();
  assert.equal(await page.getByTestId('op-result').textContent(), '已发送“重试”，正在跟踪任务。');
  await task.state.filter({ hasText: 'SUCCEED（成功）' }).waitFor({ timeout: 30_000 });

  // The timeline: each execution described in Chinese, the axis in Chinese units.
  await pause(page);
  await page.getByRole('tab', { name: '时间线' }).click();
  await page.getByRole('tabpanel', { name: '时间线' }).waitFor();
  const first = page.getByRole('button', { name: /^#1 Alter tenant locality，第 1 次执行（共 \d 次）：失败，执行于 10\.0\.1\.1:2886，开始 \d\d:\d\d:\d\d，结束 \d\d:\d\d:\d\d，耗时 \d+(\.\d)? 秒；失败原因：ERROR: / });
  await first.waitFor();
  assert.match(await page.getByTestId('timeline-axis').textContent(), /^0 秒/);
  // Its zoom, named in Chinese.
  await page.getByRole('button', { name: '放大时间线' }).click();
  assert.equal(await page.getByTestId('timeline-zoom').textContent(), '150 %');
  await page.getByRole('button', { name: '显示整个任务' }).click();
  assert.equal(await page.getByTestId('timeline-zoom').textContent(), '100 %');
  await context.close();
});
