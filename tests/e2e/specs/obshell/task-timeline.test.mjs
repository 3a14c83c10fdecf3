// The task in time: one lane per agent that executed steps, one bar per execution (a retried
// step shows each of its attempts, numbered; a failed one the first line of its error), the
// running bar growing in place between polls, zoomed in and fitted again, and a scale-out's new
// host in its own lane.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { useStack, PASSWORD, ROOT } from '../../lib/stack.mjs';
import { openConnected } from '../../lib/pages/shell.mjs';
import { failNext, TaskView, scaleOutToNewZone } from '../../lib/pages/obshell.mjs';
import { TimelineView } from '../../lib/timeline.mjs';
import { sealedRequest } from '../../lib/node-client.mjs';

// Fast steps for whole tasks; slow ones (an added replica runs about half a minute) to watch
// a bar grow.
const fast = useStack({ simArgs: ['--speed', '10'] });
const slow = useStack({ simArgs: ['--speed', '0.5'], browser: false });

async function addReplica(stack, tenant, zone) {
  const res = await sealedRequest(stack.url, PASSWORD, 'POST', `/api/v1/tenant/${tenant}/replicas`, {
    zone_list: [{ name: zone, unit_config_name: 'unit_2c8g', unit_num: 1 }],
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.data.id;
}

const left = async (locator) => (await locator.boundingBox()).x;

test('a failed and retried step shows each attempt in its agent’s lane', async () => {
  await failNext(fast.stack, 'Alter tenant locality');
  const id = await addReplica(fast.stack, 'logs', 'zone2');
  const page = await fast.browser.newPage({ viewport: { width: 1400, height: 900 } });
  await openConnected(page, `${fast.stack.url}/tasks/${id}`, PASSWORD);
  const task = new TaskView(page);
  await task.waitForState('FAILED');
  const timeline = new TimelineView(page);
  await timeline.open();
  assert.equal(await timeline.tab.getAttribute('aria-selected'), 'true');
  assert.equal(await page.getByRole('tab', { name: 'Graph' }).getAttribute('aria-selected'), 'false');
  const step = timeline.barsOf('Alter tenant locality');
  await step.filter({ has: page.locator(':scope[data-state="FAILED"]') }).first().waitFor();
  assert.equal(await step.count(), 1, 'before the retry: one failed attempt');
  // The failure's first line under the failed bar, whole in its title and in the bar's name.
  const failure = await timeline.failureOf(step.first());
  await failure.waitFor();
  const line = await failure.textContent();
  assert.match(line, /^ERROR: \S/);
  assert.equal(await failure.getAttribute('title'), line);
  assert.ok((await step.first().getAttribute('aria-label')).endsWith(`; failure: ${line}`));
  assert.equal(await step.first().getByTestId('timeline-attempt').count(), 0, 'a step run once has no number');
  await task.operate('retry');
  await task.waitForState('SUCCEED');
  await step.last().and(page.locator('[data-state="SUCCEED"]')).waitFor();
  // One lane: every step ran on the cluster agent.
  assert.deepEqual(await timeline.agents(), ['10.0.1.1:2886']);
  const states = await step.evaluateAll((bs) => bs.map((b) => b.dataset.state));
  assert.ok(states.length >= 2, `attempts shown: ${states}`);
  assert.equal(states[0], 'FAILED');
  assert.equal(states.at(-1), 'SUCCEED');
  // Each attempt is numbered on its bar and named for a screen reader (its name begins with what
  // the bar shows), and later attempts start further right; the failure line stays with the
  // failed one only.
  const marks = await step.evaluateAll((bs) => bs.map((b) => b.querySelector('[data-testid="timeline-attempt"]')?.textContent));
  assert.deepEqual(marks, states.map((_, i) => `#${i + 1}`));
  const first = page.getByRole('button', { name: new RegExp(`^#1 Alter tenant locality, attempt 1 of ${states.length}: failed, on 10\\.0\\.1\\.1:2886, started \\d\\d:\\d\\d:\\d\\d, ended \\d\\d:\\d\\d:\\d\\d, took .*; failure: ERROR: `) });
  await first.waitFor();
  await page.getByRole('button', { name: new RegExp(`^#${states.length} Alter tenant locality, attempt ${states.length} of ${states.length}: succeeded, `) }).waitFor();
  assert.equal(await (await timeline.failureOf(step.last())).count(), 0);
  assert.ok(await left(step.last()) > await left(step.first()), 'the retry is drawn after the failure');
  assert.equal(await timeline.barsOf('Create and attach resource pools').count(), 1);
  // The axis counts from the first step's start, which the legend gives as a clock time.
  assert.match(await page.getByTestId('timeline-start').textContent(), /^\d\d:\d\d:\d\d$/);
  assert.equal((await timeline.axis.textContent()).startsWith('0s'), true);
  // Hover shows the same description; a click opens that step in the node panel.
  await step.first().hover();
  const tip = step.first().getByTestId('timeline-tip');
  await tip.waitFor();
  assert.match(await tip.textContent(), /attempt 1 of \d: failed, on 10\.0\.1\.1:2886, .*took \d/);
  await step.first().click();
  assert.match(page.url(), /[?&]node=/);
  assert.match(await page.getByTestId('node-name').textContent(), /Alter tenant locality/);
  // The tabs follow the arrow keys, and going back and forth rebuilds neither view.
  await step.first().evaluate((el) => { el.dataset.seen = 'before-switch'; });
  await timeline.tab.focus();
  await page.keyboard.press('ArrowLeft');
  const graphTab = page.getByRole('tab', { name: 'Graph' });
  assert.equal(await graphTab.getAttribute('aria-selected'), 'true');
  assert.equal(await graphTab.evaluate((el) => el === document.activeElement), true);
  await page.getByRole('tabpanel', { name: 'Graph' }).getByTestId('graph-node').first().waitFor();
  assert.equal(await timeline.panel.isVisible(), false);
  await page.keyboard.press('ArrowRight');
  await timeline.panel.waitFor();
  assert.equal(await page.locator('[data-seen="before-switch"]').count(), 1, 'the timeline was rebuilt by the switch');
  await page.close();
});

test('the running bar grows in place while the page polls; a step not yet started has no bar', async () => {
  const id = await addReplica(slow.stack, 'logs', 'zone2');
  const page = await fast.browser.newPage({ viewport: { width: 1400, height: 900 } });
  await openConnected(page, `${slow.stack.url}/tasks/${id}`, PASSWORD);
  const task = new TaskView(page);
  await task.waitForState('RUNNING');
  const timeline = new TimelineView(page);
  await timeline.open();
  // While the first step runs, the second is pending in the graph and has no bar (read at once).
  await page.locator('[data-testid="timeline-bar"][data-state="RUNNING"][data-name="Create and attach resource pools"]').waitFor();
  const pending = await page.evaluate(() => ({
    graph: document.querySelector('[data-testid="graph-node"][data-name="Alter tenant locality"]')?.dataset.state,
    bars: document.querySelectorAll('[data-testid="timeline-bar"][data-name="Alter tenant locality"]').length,
  }));
  assert.deepEqual(pending, { graph: 'PENDING', bars: 0 });
  const running = page.locator('[data-testid="timeline-bar"][data-state="RUNNING"][data-name="Alter tenant locality"]');
  await running.waitFor({ timeout: 20_000 });
  await running.evaluate((el) => { el.dataset.seen = 'first-look'; });
  const before = await timeline.drawnMs(running);
  await slow.stack.clearRequests();
  await page.waitForTimeout(4000);
  const polls = (await slow.stack.requests()).filter((r) => r.method === 'GET' && r.target.startsWith(`/api/v1/task/dag/${id}`)).length;
  assert.ok(polls >= 3, `only ${polls} polls in 4 s`);
  const same = page.locator('[data-seen="first-look"]');
  assert.equal(await same.count(), 1, 'a poll rebuilt the running bar');
  assert.equal(await same.getAttribute('data-state'), 'RUNNING');
  const after = await timeline.drawnMs(same);
  assert.ok(after > before + 1000, `the running bar did not grow: ${before} → ${after} ms`);
  // Keyboard: the bar takes focus and describes itself.
  await same.focus();
  await same.getByTestId('timeline-tip').waitFor();
  assert.match(await same.getAttribute('aria-label'), /attempt 1 of 1: running, .*ended still running, took \d/);
  // Zoom: the button, then + with the focus on a bar; the lanes grow wider than the view, which
  // scrolls sideways, and the axis gets finer ticks.
  const zoom = page.getByTestId('timeline-zoom');
  const scroller = page.getByRole('region', { name: /^Timeline: \+ and − zoom/ });
  const ticks = () => timeline.axis.locator('span').count();
  const fitTicks = await ticks();
  const overflow = () => scroller.evaluate((el) => el.scrollWidth / el.clientWidth);
  assert.ok(await overflow() <= 1.01, 'fitted, nothing scrolls');
  assert.equal(await page.getByRole('button', { name: 'Zoom the timeline out' }).isDisabled(), true);
  await page.getByRole('button', { name: 'Zoom the timeline in' }).click();
  assert.equal(await zoom.textContent(), '150 %');
  await same.focus();
  for (const level of ['200 %', '300 %', '400 %', '600 %', '800 %']) {
    await page.keyboard.press('+');
    assert.equal(await zoom.textContent(), level);
  }
  assert.ok(await overflow() > 5, `zoomed 8×, the lanes are ${await overflow()} views wide`);
  assert.ok(await ticks() > fitTicks, `finer ticks: ${fitTicks} → ${await ticks()}`);
  // Zoomed in, the running bar still grows, and the polls keep the zoom.
  const zoomedBefore = await timeline.drawnMs(same);
  await page.waitForTimeout(2500);
  const zoomedAfter = await timeline.drawnMs(same);
  assert.ok(zoomedAfter > zoomedBefore + 500, `the running bar stopped growing when zoomed: ${zoomedBefore} → ${zoomedAfter} ms`);
  assert.equal(await zoom.textContent(), '800 %');
  assert.equal(await page.locator('[data-seen="first-look"]').count(), 1);
  await page.keyboard.press('-');
  assert.equal(await zoom.textContent(), '600 %');
  // Fit shows the whole task again.
  await page.getByRole('button', { name: 'Fit the whole task' }).click();
  assert.equal(await zoom.textContent(), '100 %');
  assert.ok(await overflow() <= 1.01);
  assert.ok(await ticks() <= 9, `fitted again, at most nine ticks: ${await ticks()}`);
  await page.close();
});

test('a scale-out to a new zone shows the new host’s work in a lane of its own', async () => {
  const page = await fast.browser.newPage({ viewport: { width: 1400, height: 900 } });
  await openConnected(page, `${fast.stack.url}/cluster/scale-out`, PASSWORD);
  await scaleOutToNewZone(page);
  const task = new TaskView(page);
  await task.waitForState('SUCCEED', 60_000);
  const timeline = new TimelineView(page);
  await timeline.open();
  const local = timeline.lane('10.0.4.1:2886');
  await local.getByTestId('timeline-bar').first().waitFor({ timeout: 15_000 });
  const agents = await timeline.agents();
  assert.deepEqual(agents, ['10.0.1.1:2886', '10.0.4.1:2886']);
  assert.equal(await timeline.lane('10.0.1.1:2886').getByTestId('timeline-bar').count(), 11, 'one bar per step of the cluster DAG');
  // The new host's own DAG, named in its bars.
  await local.getByRole('button', { name: /^Start observer \(Local scale out \d+\), attempt 1 of 1: succeeded, on 10\.0\.4\.1:2886/ }).waitFor();
  // It ends: nothing still runs once both DAGs are done.
  await page.waitForFunction(() => !document.querySelector('[data-testid="timeline-bar"][data-state="RUNNING"]'), null, { timeout: 15_000 });
  await local.getByTestId('timeline-bar').first().hover();
  await page.screenshot({ path: join(ROOT, 'target', 'timeline-scale-out.png') });
  await page.close();
});
