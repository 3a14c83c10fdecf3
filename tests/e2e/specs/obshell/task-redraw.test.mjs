// A poll redraws what it changed and nothing else: watching the task graph of a running task
// over a few real polls, the only writes into the drawing are those of the steps whose state
// changed (their class, state, name and state line), never a title, an arrow or another step.
// Paced like a person watching: a task at half speed, seconds between its steps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useStack, PASSWORD } from '../../lib/stack.mjs';
import { openConnected } from '../../lib/pages/shell.mjs';
import { TaskView } from '../../lib/pages/obshell.mjs';
import { sealedRequest } from '../../lib/node-client.mjs';

const env = useStack({ simArgs: ['--speed', '0.5'] });

/** Adds replicas of `tenant` in `zones`; answers the task id. */
async function addReplicas(tenant, zones) {
  const res = await sealedRequest(env.stack.url, PASSWORD, 'POST', `/api/v1/tenant/${tenant}/replicas`, {
    zone_list: zones.map((name) => ({ name, unit_config_name: 'unit_2c8g', unit_num: 1 })),
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.data.id;
}

test('a poll that moves the task on redraws the boxes whose state changed, and nothing else of the graph', async () => {
  // Four steps, which run one after another.
  const id = await addReplicas('logs', ['zone2', 'zone3']);
  const page = await env.browser.newPage();
  await openConnected(page, `${env.stack.url}/tasks/${id}`, PASSWORD);
  const task = new TaskView(page);
  await task.waitForState('RUNNING');
  const graph = page.getByRole('group', { name: /^task graph, \d+ steps$/ });
  const steps = graph.getByRole('button', { name: /^step \d+: / });
  const states = async () => steps.evaluateAll((boxes) => boxes.map((b) => b.getAttribute('aria-label')));
  const before = await states();
  // Everything a poll writes into the drawing, by box (its place among the steps) and what.
  await graph.evaluate((svg) => {
    const boxes = [...svg.querySelectorAll('[role=button]')];
    const boxOf = (node) => {
      const el = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
      const box = el.closest('[role=button]') ?? el.closest('[aria-hidden=true]')?.previousElementSibling;
      return box && svg.contains(box) ? boxes.indexOf(box) : -1;
    };
    window.graphWrites = [];
    new MutationObserver((records) => {
      for (const r of records) {
        const el = r.target.nodeType === Node.ELEMENT_NODE ? r.target : r.target.parentElement;
        window.graphWrites.push({ box: boxOf(r.target), type: r.type, what: r.attributeName ?? el.getAttribute('class') ?? el.tagName, tag: el.tagName });
      }
    }).observe(svg, { subtree: true, attributes: true, characterData: true, childList: true });
  });
  // A person watches the steps move on: a step's state changes, and the polls go on.
  await page.waitForFunction(() => window.graphWrites.some((w) => w.what === 'class'), null, { timeout: 40_000 });
  await page.waitForTimeout(2500);
  const after = await states();
  const writes = await page.evaluate(() => window.graphWrites);
  const changed = new Set(before.flatMap((name, i) => (name === after[i] ? [] : [i])));
  assert.ok(changed.size >= 1 && changed.size < before.length, `${changed.size} of ${before.length} steps changed their state while watched`);
  const elsewhere = writes.filter((w) => w.box !== -1 && !changed.has(w.box));
  assert.deepEqual(elsewhere, [], 'a poll wrote into boxes whose state did not change');
  const titles = writes.filter((w) => w.tag === 'tspan' || w.what === 'title');
  assert.deepEqual(titles, [], "a poll wrote a box's title again, which it does not change");
  const outside = writes.filter((w) => w.box === -1 && w.tag !== 'svg');
  assert.deepEqual(outside, [], 'a poll redrew the arrows or other parts of the graph');
  await page.close();
});
