// The whole DAG in sight at 1400 × 900: every step of an add-replicas task and of an eleven-step
// scale-out is on screen without scrolling, each name whole (and on hover and keyboard focus),
// the view fits, zooms (ctrl + wheel, pinch) and pans (drag), and the scale-out's waiting steps
// lead to the new host's own DAG, which leads back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { useStack, PASSWORD, ROOT } from '../../lib/stack.mjs';
import { openConnected } from '../../lib/pages/shell.mjs';
import { TaskView, scaleOutToNewZone } from '../../lib/pages/obshell.mjs';
import { sealedRequest } from '../../lib/node-client.mjs';

const env = useStack({ simArgs: ['--speed', '4'] });
const VIEWPORT = { width: 1400, height: 900 };
const SHOTS = join(ROOT, 'target', 'e2e-shots');
mkdirSync(SHOTS, { recursive: true });

/** Every box lies inside the graph frame, the frame inside the window, and nothing scrolls. */
async function assertAllInSight(page, count) {
  const boxes = page.getByTestId('graph-node');
  assert.equal(await boxes.count(), count);
  const frame = await page.getByTestId('graph').boundingBox();
  assert.ok(frame.y >= 0 && frame.y + frame.height <= VIEWPORT.height, `frame ${JSON.stringify(frame)} leaves the window`);
  assert.ok(frame.x >= 0 && frame.x + frame.width <= VIEWPORT.width);
  for (let i = 0; i < count; i++) {
    const b = await boxes.nth(i).boundingBox();
    const name = await boxes.nth(i).getAttribute('aria-label');
    assert.ok(b.x >= frame.x && b.y >= frame.y && b.x + b.width <= frame.x + frame.width && b.y + b.height <= frame.y + frame.height,
      `${name} at ${JSON.stringify(b)} is outside the frame ${JSON.stringify(frame)}`);
    // Readable: drawn at 75 % or more of its natural 220 × 84.
    assert.ok(b.width >= 165, `${name} is drawn ${b.width} px wide`);
  }
  const scroll = await page.evaluate(() => ({
    x: document.documentElement.scrollWidth - window.innerWidth,
    y: window.scrollY,
  }));
  assert.ok(scroll.x <= 0, `the page scrolls sideways by ${scroll.x} px`);
  assert.equal(scroll.y, 0);
  // Each title line fits inside its box: nothing is clipped by the box's edge.
  const overflow = await page.evaluate(() => [...document.querySelectorAll('[data-testid=graph-node]')].flatMap((g) => {
    const width = Number(g.querySelector('rect').getAttribute('width'));
    return [...g.querySelectorAll('.title tspan')].filter((t) => 10 + t.getComputedTextLength() > width - 4).map((t) => t.textContent);
  }));
  assert.deepEqual(overflow, []);
  // And the lines are the whole name.
  const names = await page.evaluate(() => [...document.querySelectorAll('[data-testid=graph-node]')].map((g) => [
    g.dataset.name, [...g.querySelectorAll('.title tspan')].map((t) => t.textContent).join(' '),
  ]));
  for (const [name, shown] of names) assert.equal(shown, name);
}

const viewBox = (page) => page.getByTestId('graph-svg').getAttribute('viewBox');
const parse = (vb) => vb.split(' ').map(Number);

test('an add-replicas task: all in sight, names on hover and focus, fit, zoom and pan', async () => {
  const res = await sealedRequest(env.stack.url, PASSWORD, 'POST', '/api/v1/tenant/logs/replicas', {
    zone_list: [
      { name: 'zone2', unit_config_name: 'unit_2c8g', unit_num: 1 },
      { name: 'zone3', unit_config_name: 'unit_2c8g', unit_num: 1 },
    ],
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const id = res.body.data.id;
  const page = await env.browser.newPage({ viewport: VIEWPORT });
  await openConnected(page, `${env.stack.url}/tasks/${id}`, PASSWORD);
  await page.getByTestId('task-name').waitFor();
  await page.getByTestId('graph-node').nth(2).waitFor();
  await assertAllInSight(page, 3);
  await page.screenshot({ path: join(SHOTS, 'task-graph-add-replicas.png') });
  const fitted = await viewBox(page);

  // Hover: the full name and state in a tooltip.
  const first = page.getByRole('button', { name: /^step 1: Create and attach resource pools, / });
  await first.hover();
  const tip = page.getByRole('tooltip');
  await tip.waitFor();
  assert.match(await tip.textContent(), /^Create and attach resource pools/);
  // On every box the tooltip lies inside the graph's frame (which clips what leaves it).
  for (let i = 0; i < 3; i++) {
    await page.getByTestId('graph-node').nth(i).hover();
    await tip.waitFor();
    const [f, t] = [await page.getByTestId('graph').boundingBox(), await tip.boundingBox()];
    assert.ok(t.x >= f.x && t.y >= f.y && t.x + t.width <= f.x + f.width + 1 && t.y + t.height <= f.y + f.height + 1,
      `the tooltip of box ${i + 1} at ${JSON.stringify(t)} leaves the frame ${JSON.stringify(f)}`);
  }
  await page.mouse.move(5, 5);
  await tip.waitFor({ state: 'detached' });

  // Keyboard: Tab from the fit button reaches the first step, then the second; Enter selects.
  await page.getByRole('button', { name: 'Zoom to fit' }).focus();
  await page.keyboard.press('Tab');
  assert.match(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), /^step 1: Create and attach resource pools, [A-Z]+$/);
  await page.keyboard.press('Tab');
  assert.match(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), /^step 2: Alter tenant locality, [A-Z]+$/);
  assert.match(await tip.textContent(), /^Alter tenant locality.*step 2/);
  // Escape dismisses the tooltip; the step keeps the focus.
  await page.keyboard.press('Escape');
  await tip.waitFor({ state: 'detached' });
  assert.match(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), /^step 2: /);
  // Arrows walk the steps; Enter selects the focused one.
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => /^step 3: /.test(document.activeElement.getAttribute('aria-label')));
  await page.keyboard.press('ArrowLeft');
  await page.waitForFunction(() => /^step 2: /.test(document.activeElement.getAttribute('aria-label')));
  await page.keyboard.press('Enter');
  await page.waitForURL(/\?node=/);
  assert.equal(await page.getByTestId('node-name').textContent(), 'Alter tenant locality');

  // ctrl + wheel zooms around the pointer, and the page itself does not zoom.
  let frame = await page.getByTestId('graph').boundingBox();
  await page.mouse.move(frame.x + frame.width / 2, frame.y + frame.height / 2);
  await page.mouse.wheel(0, 200);
  // A plain wheel is the page's: it scrolls (to the node panel), the graph keeps its zoom.
  assert.equal(await viewBox(page), fitted, 'a plain wheel zoomed the graph');
  await page.evaluate(() => window.scrollTo(0, 0));
  // The wheel's own scroll may still be gliding: measure once the page stands still at the top.
  await page.waitForFunction(() => new Promise((ok) => {
    const y = window.scrollY;
    requestAnimationFrame(() => requestAnimationFrame(() => ok(y === 0 && window.scrollY === 0)));
  }));
  frame = await page.getByTestId('graph').boundingBox();
  await page.mouse.move(frame.x + frame.width / 2, frame.y + frame.height / 2);
  await page.keyboard.down('Control');
  await page.mouse.wheel(0, -300);
  await page.keyboard.up('Control');
  await page.waitForFunction((before) => document.querySelector('[data-testid=graph-svg]').getAttribute('viewBox') !== before, fitted);
  const zoomed = parse(await viewBox(page));
  assert.ok(zoomed[2] < parse(fitted)[2], `ctrl + wheel did not zoom in: ${zoomed}`);
  // The polls (the task's and the header's) go on and leave the reader's view alone.
  const polls = (await env.stack.requests()).length;
  await page.waitForTimeout(2500);
  assert.ok((await env.stack.requests()).length > polls, 'no request while waiting');
  assert.deepEqual(parse(await viewBox(page)), zoomed);
  assert.equal(await page.evaluate(() => window.visualViewport.scale), 1);
  assert.notEqual(await page.getByTestId('zoom-level').textContent(), '100 %');

  // Dragging moves the view with the pointer.
  const selectedBefore = new URL(page.url()).search;
  const at = { x: frame.x + frame.width / 2, y: frame.y + frame.height / 2 };
  await page.mouse.move(at.x, at.y);
  await page.mouse.down();
  await page.mouse.move(at.x + 150, at.y - 10, { steps: 6 });
  await page.mouse.up();
  const panned = parse(await viewBox(page));
  const scale = frame.width / zoomed[2];
  assert.ok(Math.abs((zoomed[0] - panned[0]) * scale - 150) < 3, `dragged 150 px, the view moved ${(zoomed[0] - panned[0]) * scale}`);
  // A drag that starts or ends on a box does not select it.
  assert.equal(new URL(page.url()).search, selectedBefore);

  // Zoom to fit brings the whole graph back.
  await page.getByRole('button', { name: 'Zoom to fit' }).click();
  assert.equal(await viewBox(page), fitted);

  // Two pointers moving apart (a touch pinch) zoom in.
  await page.getByTestId('graph-svg').evaluate((svg) => {
    const r = svg.getBoundingClientRect();
    const cx = r.left + r.width / 2;
    const cy = r.top + r.height / 2;
    const send = (type, id, x) => svg.dispatchEvent(new PointerEvent(type, { pointerId: id, pointerType: 'touch', clientX: x, clientY: cy, bubbles: true, isPrimary: id === 11 }));
    send('pointerdown', 11, cx - 40);
    send('pointerdown', 12, cx + 40);
    for (let d = 40; d <= 120; d += 20) { send('pointermove', 11, cx - d); send('pointermove', 12, cx + d); }
    send('pointerup', 11, cx - 120);
    send('pointerup', 12, cx + 120);
  });
  const pinched = parse(await viewBox(page));
  assert.ok(pinched[2] < parse(fitted)[2] / 2, `pinch did not zoom in: ${pinched} vs ${fitted}`);
  // A narrow window (too narrow for two boxes side by side) lays the steps out downwards, the
  // graph no wider than the window.
  await page.setViewportSize({ width: 480, height: 900 });
  await page.getByRole('button', { name: 'Zoom to fit' }).click();
  await page.waitForFunction(() => {
    const xs = [...document.querySelectorAll('[data-testid=graph-node]')].map((g) => g.getBoundingClientRect().x);
    return xs.length === 3 && xs.every((x) => Math.abs(x - xs[0]) < 1);
  });
  const narrow = await page.getByTestId('graph').boundingBox();
  assert.ok(narrow.x >= 0 && narrow.x + narrow.width <= 480, JSON.stringify(narrow));
  for (const b of await page.getByTestId('graph-node').all()) {
    const r = await b.boundingBox();
    assert.ok(r.x >= narrow.x && r.x + r.width <= narrow.x + narrow.width && r.width >= 200, JSON.stringify(r));
  }
  await page.setViewportSize(VIEWPORT);
  // The tenant's lock would refuse the next test's scale-out until this task ends.
  await new TaskView(page).waitForState('SUCCEED', 60_000);
  await page.close();
});

test('a scale-out to a new zone: eleven steps in sight, and the new host\'s DAG linked both ways', async () => {
  const page = await env.browser.newPage({ viewport: VIEWPORT });
  await openConnected(page, `${env.stack.url}/cluster/scale-out`, PASSWORD);
  await scaleOutToNewZone(page);
  const task = new TaskView(page);
  await page.getByTestId('task-name').filter({ hasText: 'Cluster scale out' }).waitFor();
  await page.getByTestId('graph-node').nth(10).waitFor();
  const clusterUrl = page.url();
  const clusterId = clusterUrl.match(/\/tasks\/(\d+)/)[1];

  // The new host's DAG appears beside the graph as soon as step 2 has created it.
  const linked = page.getByRole('region', { name: "The new host's own DAG" });
  await linked.waitFor({ timeout: 30_000 });
  const link = linked.getByTestId('linked-dag-link');
  const href = await link.getAttribute('href');
  assert.match(href, new RegExp(`^/tasks/2\\d{16,}\\?parent=${clusterId}$`));
  await linked.getByTestId('linked-dag-step').nth(6).waitFor();
  assert.equal(await linked.getByTestId('linked-dag-step').count(), 7);
  const stepLink = await linked.getByRole('link', { name: /^new host step 5: Start observer, / }).getAttribute('href');
  assert.ok(stepLink.startsWith(`${href}&node=2`), stepLink);
  assert.match(await linked.getByTestId('linked-dag-state').textContent(), /^(. )?(READY|RUNNING|SUCCEED)/);
  await page.screenshot({ path: join(SHOTS, 'task-graph-scale-out.png') });
  await assertAllInSight(page, 11);

  // The waiting step links there too.
  await page.getByRole('button', { name: /^step 3: Wait scale out ready, / }).click();
  const nodeLink = page.getByTestId('node-linked-dag').getByRole('link');
  assert.equal(await nodeLink.getAttribute('href'), href);
  await page.getByRole('button', { name: /^step 9: Add server for scale_out, / }).click();
  await page.getByTestId('node-name').filter({ hasText: 'Add server for scale_out' }).waitFor();
  assert.equal(await page.getByTestId('node-linked-dag').count(), 0);

  // The local DAG's own page: its state, its seven steps in sight, and the way back.
  await link.click();
  await page.getByTestId('task-name').filter({ hasText: 'Local scale out' }).waitFor();
  assert.match(page.url(), /\/tasks\/2\d+/);
  await page.getByTestId('graph-node').nth(6).waitFor();
  await assertAllInSight(page, 7);
  assert.match(await page.getByTestId('task-state').textContent(), /READY|RUNNING|SUCCEED/);
  const back = page.getByTestId('parent-dag-link');
  assert.equal(await back.getAttribute('href'), `/tasks/${clusterId}`);
  await page.screenshot({ path: join(SHOTS, 'task-graph-local-scale-out.png') });

  // Opened directly, without the link's hint, it still finds its cluster DAG.
  const localPath = new URL(page.url()).pathname;
  const direct = await env.browser.newPage({ viewport: VIEWPORT });
  await openConnected(direct, `${env.stack.url}${localPath}`, PASSWORD);
  assert.equal(await direct.getByTestId('parent-dag-link').getAttribute('href'), `/tasks/${clusterId}`);
  await direct.close();

  await back.click();
  await page.getByTestId('task-name').filter({ hasText: 'Cluster scale out' }).waitFor();
  await task.waitForState('SUCCEED', 90_000);
  // When both have ended, the local DAG's last state is shown.
  await linked.getByTestId('linked-dag-state').filter({ hasText: 'SUCCEED' }).waitFor({ timeout: 20_000 });
  await page.close();
});
