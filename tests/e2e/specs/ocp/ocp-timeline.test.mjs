// An OCP task in time, as the agent's: "Graph | Timeline" tabs, one lane per executor (the node
// the subtask names), one bar per run of a subtask; a failed run shows the first line of its
// error under its bar, and a retried subtask shows each run, numbered; axe finds nothing to
// fault. Elements are addressed by role and accessible name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { useStack, ROOT } from '../../lib/stack.mjs';
import { connectOcp, fillAdd } from '../../lib/pages/ocp.mjs';
import { TimelineView } from '../../lib/timeline.mjs';
import { assertAccessible } from '../../lib/a11y.mjs';

const env = useStack({
  consoleJson: { backends: [{ name: 'demo', kind: 'obshell', prefix: '' }, { name: 'ocp', kind: 'ocp', prefix: '' }] },
  ocp: true,
});

test('a failed subtask shows its error on the timeline, and each run once retried', async () => {
  await env.stack.ocpAdmin('fail', { subtask: 'Wait alter locality', times: 1 });
  const page = await env.browser.newPage({ viewport: { width: 1400, height: 900 } });
  await connectOcp(page, `${env.stack.url}/b/ocp/clusters/1/tenants/2/replicas/add`);
  const form = await fillAdd(page, { zone: 'zone3', spec: 'S1' });
  await form.getByRole('button', { name: 'Add replicas' }).click();
  await page.waitForURL(/\/b\/ocp\/tasks\/\d+/);
  const status = page.getByTestId('ocp-task-status');
  await status.and(page.locator('[data-status="FAILED"]')).waitFor({ timeout: 60_000 });
  const timeline = new TimelineView(page);
  await timeline.open();
  assert.equal(await page.getByRole('tab', { name: 'Graph' }).getAttribute('aria-selected'), 'false');
  // One lane: the node the subtasks name as their executor (the panel says the same one).
  const lanes = await timeline.agents();
  assert.equal(lanes.length, 1, `lanes: ${lanes}`);
  assert.match(await page.getByTestId('ocp-subtask-facts').textContent(), new RegExp(`executor ${lanes[0].replaceAll('.', '\\.')} `));
  assert.equal(await timeline.barsOf('Prepare alter tenant').getAttribute('data-state'), 'SUCCESSFUL');
  assert.equal(await timeline.barsOf('Update tenant status').count(), 0, 'a subtask not started has no bar');
  const step = timeline.barsOf('Wait alter locality');
  assert.equal(await step.getAttribute('data-state'), 'FAILED');
  // The first line of its error under the bar, whole in its title and its accessible name.
  const failure = await timeline.failureOf(step);
  await failure.waitFor();
  const line = await failure.textContent();
  assert.match(line, /ERROR .*Wait alter locality failed: ERROR 4012 \(HY000\): Timeout/);
  assert.equal(await failure.getAttribute('title'), line);
  await page.getByRole('button', { name: new RegExp(`^Wait alter locality, attempt 1 of 1: failed, on ${lanes[0].replaceAll('.', '\\.')}, .*; failure: `) }).waitFor();
  await page.screenshot({ path: join(ROOT, 'target', 'timeline-ocp-failed.png') });
  await assertAccessible(page, 'the timeline of a failed task');
  // A click opens the subtask, whose retry runs it again.
  await step.click();
  await page.waitForURL(/[?&]subtask=\d+/);
  await page.getByRole('heading', { name: 'Wait alter locality', level: 2 }).waitFor();
  await page.getByRole('button', { name: 'Retry subtask' }).click();
  await page.getByRole('dialog', { name: 'Retry subtask?' }).getByRole('button', { name: 'Retry subtask now' }).click();
  await status.and(page.locator('[data-status="SUCCESSFUL"]')).waitFor({ timeout: 60_000 });
  // Each run on its own bar, numbered, the failed one first.
  await step.nth(1).and(page.locator('[data-state="SUCCESSFUL"]')).waitFor();
  const runs = await step.evaluateAll((bs) => bs.map((b) => [b.dataset.state, b.querySelector('[data-testid="timeline-attempt"]')?.textContent]));
  assert.deepEqual(runs, [['FAILED', '#1'], ['SUCCESSFUL', '#2']]);
  await page.getByRole('button', { name: /^#2 Wait alter locality, attempt 2 of 2: successful, / }).waitFor();
  assert.equal(await (await timeline.failureOf(step.nth(1))).count(), 0);
  assert.equal(await (await timeline.failureOf(step.nth(0))).count(), 1, 'the failed run keeps its line');
  assert.ok((await step.nth(1).boundingBox()).x > (await step.nth(0).boundingBox()).x, 'the retry is drawn after the failure');
  // The same zoom as the agent's timeline.
  await page.getByRole('button', { name: 'Zoom the timeline in' }).click();
  assert.equal(await page.getByTestId('timeline-zoom').textContent(), '150 %');
  await page.screenshot({ path: join(ROOT, 'target', 'timeline-ocp-zoomed.png') });
  await assertAccessible(page, 'the timeline zoomed in');
  await page.getByRole('button', { name: 'Fit the whole task' }).click();
  assert.equal(await page.getByTestId('timeline-zoom').textContent(), '100 %');
  await page.close();
});
