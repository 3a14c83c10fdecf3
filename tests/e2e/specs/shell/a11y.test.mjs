// Accessibility, measured: axe-core (WCAG 2.0/2.1 A and AA, and best practices, colour contrast
// included) scans every page and form state a person meets, under the console's own strict CSP,
// in four browser settings (en-US and zh-CN, light and dark). A serious or critical violation
// fails the test with its rule, elements and why. axe does not judge SVG colours, so the task
// graph's state colours are measured here from the page's computed styles: each node's outline
// and the edges against the graph's background (3:1, WCAG 1.4.11), its labels against its fill
// (4.5:1, WCAG 1.4.3).
//
// One stack: the demo agent (fast tasks), a second agent whose tasks run for minutes (a task
// page while RUNNING), and the simulated OCP. The tasks are made once, before the browsers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { useStack, PASSWORD, OCP_PASSWORD } from '../../lib/stack.mjs';
import { failNext, TaskView } from '../../lib/pages/obshell.mjs';
import { sealedRequest } from '../../lib/node-client.mjs';
import { assertAccessible, parseColor, composite, contrast } from '../../lib/a11y.mjs';

const env = useStack({
  agents: [
    { name: 'demo', prefix: '', simArgs: ['--speed', '10'] },
    // An added replica runs for about 12 minutes here: its task page stays RUNNING.
    { name: 'slow', prefix: '/agents/slow', simArgs: ['--speed', '0.02'] },
  ],
  consoleJson: {
    backends: [
      { name: 'demo', kind: 'obshell', prefix: '' },
      { name: 'slow', kind: 'obshell', prefix: '/agents/slow' },
      { name: 'ocp', kind: 'ocp', prefix: '' },
    ],
  },
  ocp: true,
});

const COMBINATIONS = ['en-US', 'zh-CN'].flatMap((locale) => ['light', 'dark'].map((colorScheme) => ({ locale, colorScheme })));

let tasks;

async function agentCall(base, method, path, body) {
  const res = await sealedRequest(base, PASSWORD, method, path, body);
  assert.equal(res.status, 200, `${method} ${path}: ${JSON.stringify(res.body)}`);
  return res.body.data;
}

async function dagState(base, id) {
  return (await agentCall(base, 'GET', `/api/v1/task/dag/${id}?show_details=false`)).state;
}

async function untilState(base, id, want) {
  const deadline = Date.now() + 30_000;
  for (let state; (state = await dagState(base, id)) !== want; await sleep(200)) {
    assert.ok(Date.now() < deadline, `task ${id} is ${state}, not ${want}`);
  }
}

/** The tasks the task pages show, made once (on the first test, once the stack runs). */
async function makeTasks() {
  const { url } = env.stack;
  const tasks = {};
  // SUCCEED: logs gets zone2 (the add form then offers zone3).
  tasks.succeeded = (await agentCall(url, 'POST', '/api/v1/tenant/logs/replicas', {
    zone_list: [{ name: 'zone2', unit_config_name: 'unit_2c8g', unit_num: 1 }],
  })).id;
  await untilState(url, tasks.succeeded, 'SUCCEED');
  // FAILED: analytics, which no form below uses, turns zone2 FULL, then fails at its unit
  // config step.
  await failNext(env.stack, 'Alter resource pool unit config');
  tasks.failed = (await agentCall(url, 'PATCH', '/api/v1/tenant/analytics/replicas', {
    zone_list: [{ zone_name: 'zone2', replica_type: 'FULL', unit_config_name: 'unit_4c16g' }],
  })).id;
  await untilState(url, tasks.failed, 'FAILED');
  // RUNNING, on the slow agent.
  tasks.running = (await agentCall(`${url}/agents/slow`, 'POST', '/api/v1/tenant/logs/replicas', {
    zone_list: [{ name: 'zone2', unit_config_name: 'unit_2c8g', unit_num: 1 }],
  })).id;
  // OCP: tenant 2 of cluster 1 gets a replica in zone3.
  const res = await fetch(`${url}/api/v2/ob/clusters/1/tenants/2/addReplica`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`admin:${OCP_PASSWORD}`).toString('base64')}` },
    body: JSON.stringify([{ zoneName: 'zone3', replicaType: 'FULL', resourcePool: { unitSpecName: 'S1', unitCount: 1 } }]),
  });
  const answer = await res.json();
  assert.equal(res.status, 200, JSON.stringify(answer));
  tasks.ocp = answer.data.id;
  assert.ok(tasks.ocp, JSON.stringify(answer));
  return tasks;
}

/** In-app navigation (the router follows history): the sessions live in this tab only. */
async function go(page, path) {
  await page.evaluate((p) => {
    history.pushState(null, '', p);
    window.dispatchEvent(new PopStateEvent('popstate', { state: null }));
  }, path);
}

/** The accessible names the scan goes by, in each language the console speaks. */
const NAMES = {
  'en-US': {
    connectTo: (n) => `Connect to ${n}`, rootPassword: 'root@sys password', connect: 'Connect',
    unitsFor: (z) => `Unit number for ${z}`, serverToRemove: 'OBServer to remove', scaleIn: 'Scale in', about: 'About this agent',
    ocpConnectTo: (n) => `Connect to ${n}`, ocpPassword: 'OCP password', connectOcp: 'Connect to OCP',
    ocpClusters: 'OCP clusters', addLink: 'Add replicas…', addForm: 'Add replicas',
    zoneOf: (i) => `zone, replica ${i}`, specOf: (i) => `unit spec, replica ${i}`, graph: /^task graph/,
  },
  'zh-CN': {
    connectTo: (n) => `连接到 ${n}`, rootPassword: 'root@sys 密码', connect: '连接',
    unitsFor: (z) => `${z} 的单元数量`, serverToRemove: '要移除的 OBServer', scaleIn: '缩容', about: '关于此 Agent',
    ocpConnectTo: (n) => `连接 ${n}`, ocpPassword: 'OCP 密码', connectOcp: '连接 OCP',
    ocpClusters: 'OCP 集群', addLink: '添加副本…', addForm: '添加副本',
    zoneOf: (i) => `Zone，副本 ${i}`, specOf: (i) => `资源单元规格，副本 ${i}`, graph: /^任务图/,
  },
};
let N = NAMES['en-US'];

const connectForm = (page, name) => page.getByRole('form', { name: N.connectTo(name) });

async function connectAgent(page, name, password = PASSWORD) {
  const form = connectForm(page, name);
  await form.getByLabel(N.rootPassword).fill(password);
  await form.getByRole('button', { name: N.connect, exact: true }).click();
  if (password === PASSWORD) await form.waitFor({ state: 'detached' });
}

/**
 * The task graph's colours, read from the page: for each node its state, the colours of its
 * outline and fill and of its label texts, the edges' colour, and the graph's background.
 */
async function graphColours(page) {
  return page.evaluate(() => {
    const opaque = (el) => {
      for (let e = el; e; e = e.parentElement) {
        const c = getComputedStyle(e).backgroundColor;
        if (c && c !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(c)) return c;
      }
      return 'rgb(255, 255, 255)';
    };
    const svg = document.querySelector('[data-testid="graph-svg"]');
    const background = opaque(svg);
    const edge = document.querySelector('[data-testid="graph-svg"] .edge');
    return {
      background,
      edge: edge ? getComputedStyle(edge).stroke : undefined,
      nodes: [...document.querySelectorAll('[data-testid="graph-node"]')].map((g) => {
        const rect = getComputedStyle(g.querySelector('rect'));
        return {
          name: g.getAttribute('aria-label'),
          state: g.getAttribute('data-state'),
          fill: rect.fill,
          stroke: rect.stroke,
          // The box's texts: its title, and the details drawn over it (the next group).
          texts: [...g.querySelectorAll('text'), ...(g.nextElementSibling?.matches('.box-details') ? g.nextElementSibling.querySelectorAll('text') : [])].filter((t) => t.textContent.trim()).map((t) => ({ cls: t.getAttribute('class'), fill: getComputedStyle(t).fill })),
        };
      }),
    };
  });
}

/** The graph's colours below WCAG's contrast (`problems`), and the node states seen. */
async function graphContrast(page) {
  const g = await graphColours(page);
  const bg = composite(parseColor(g.background), [255, 255, 255, 1]);
  const problems = [];
  const ratio = (fg, under) => contrast(composite(fg, under), under);
  if (g.edge) {
    const r = ratio(parseColor(g.edge), bg);
    if (r < 3) problems.push(`edges ${g.edge} on ${g.background}: ${r.toFixed(2)}:1 < 3:1`);
  }
  for (const n of g.nodes) {
    const fill = parseColor(n.fill) ? composite(parseColor(n.fill), bg) : bg;
    const stroke = parseColor(n.stroke);
    // The outline marks the node against the graph and against its own fill.
    const outline = stroke ? ratio(stroke, bg) : contrast(fill, bg);
    if (outline < 3) problems.push(`${n.state} node outline ${n.stroke} on ${g.background}: ${outline.toFixed(2)}:1 < 3:1`);
    if (stroke && ratio(stroke, fill) < 3) problems.push(`${n.state} node outline ${n.stroke} on its fill ${n.fill}: ${ratio(stroke, fill).toFixed(2)}:1 < 3:1`);
    for (const t of n.texts) {
      const r = ratio(parseColor(t.fill), fill);
      if (r < 4.5) problems.push(`${n.state} node ${t.cls} text ${t.fill} on ${n.fill}: ${r.toFixed(2)}:1 < 4.5:1`);
    }
  }
  if (!g.nodes.length) problems.push('no graph node');
  return { problems: [...new Set(problems)], states: g.nodes.map((n) => n.state) };
}

for (const { locale, colorScheme } of COMBINATIONS) {
  test(`no serious or critical violation: ${locale}, ${colorScheme}`, async (t) => {
    tasks ??= await makeTasks();
    N = NAMES[locale];
    const context = await env.browser.newContext({ locale, colorScheme });
    const page = await context.newPage();
    const states = new Set();
    // Every state is scanned; the test then fails with all the violations found.
    const failures = [];
    // Moderate and minor findings do not fail; they are listed in the test's diagnostics.
    const milder = new Map();
    const scan = async (state) => {
      try {
        for (const v of await assertAccessible(page, `${locale} ${colorScheme}: ${state}`)) {
          if (!milder.has(v.id)) milder.set(v.id, `${v.id} (${v.impact}): ${v.help}, first in ${state}: ${v.nodes.map((n) => n.target).join(', ')}`);
        }
      } catch (e) {
        failures.push(e.message);
      }
    };
    const measure = async (state) => {
      const { problems, states: seen } = await graphContrast(page);
      for (const st of seen) states.add(st);
      if (problems.length) failures.push(`graph colours below WCAG contrast in ${locale} ${colorScheme}: ${state}:\n    ${problems.join('\n    ')}`);
    };
    const { url } = env.stack;
    try {
      // Connect: empty, then refused.
      await page.goto(`${url}/cluster`);
      await connectForm(page, 'demo').waitFor();
      // The page sees the context's language and colour scheme.
      assert.deepEqual(await page.evaluate(() => [navigator.language, matchMedia('(prefers-color-scheme: dark)').matches]), [locale, colorScheme === 'dark']);
      await scan('connect page');
      await connectAgent(page, 'demo', 'not-the-password');
      await page.getByTestId('error-panel').waitFor();
      await scan('connect page, wrong password');
      await connectAgent(page, 'demo');

      await page.getByTestId('cluster-name').waitFor();
      await scan('cluster');
      // The agent's details, a click away in a popover.
      await page.getByRole('button', { name: N.about }).click();
      await page.getByRole('dialog', { name: N.about }).waitFor();
      await scan('cluster, about this agent open');
      await page.keyboard.press('Escape');
      await page.getByRole('dialog', { name: N.about }).waitFor({ state: 'hidden' });
      await go(page, '/tenants');
      await page.getByRole('link', { name: 'billing' }).first().waitFor();
      await scan('tenants');
      await go(page, '/tenants?view=placement');
      await page.getByTestId('placement-matrix').waitFor();
      await page.getByTestId('placement-cell').first().locator('span').focus();
      await scan('tenants, placement, a cell focused');
      await go(page, '/tenants/logs');
      await page.getByRole('heading', { name: /logs/ }).first().waitFor();
      await scan('tenant');

      // Add replicas: empty, refused in the page, then a valid preview.
      await go(page, '/tenants/logs/replicas/add');
      await page.getByTestId('add-form').waitFor();
      await scan('add replicas, empty');
      await page.getByTestId('submit').click();
      await page.getByTestId('add-form').locator('.field-errors, [data-testid="field-error"], [data-testid="rule-error"]').first().waitFor();
      await scan('add replicas, errors after a bad submit');
      await page.getByTestId('add-zone').selectOption('zone3');
      await page.getByTestId('add-config').selectOption('unit_2c8g');
      await page.getByTestId('preview-locality-after').waitFor();
      await scan('add replicas, valid preview');

      await go(page, '/tenants/orders/replicas/delete');
      await page.getByTestId('delete-zone-zone2').check();
      await page.getByTestId('rule-error').waitFor();
      await scan('delete replicas, refused');

      await go(page, '/tenants/billing/replicas/modify');
      await page.getByRole('textbox', { name: N.unitsFor('zone1') }).fill('1');
      await page.getByTestId('rule-error').waitFor();
      await scan('modify replicas, refused');

      await go(page, '/cluster/scale-out');
      await page.getByTestId('so-ip').fill('10.0.1.2');
      await page.getByTestId('so-memory_limit').fill('16 GB');
      await page.getByTestId('submit').click();
      await page.getByTestId('field-error').first().waitFor();
      await scan('scale out, errors');

      // Several scale-outs: a row refused (already an agent), then the plan's preview.
      await go(page, '/cluster/scale-outs');
      const row = page.getByTestId('scale-outs-row').first().locator('input').first();
      await row.fill('10.0.1.2');
      await page.getByTestId('plan-review').click();
      await page.getByTestId('field-error').first().waitFor();
      await scan('several scale-outs, errors');
      await row.fill('10.0.4.1');
      await page.getByTestId('plan-preview').waitFor();
      await scan('several scale-outs, preview');

      await go(page, '/cluster/scale-in');
      await page.getByRole('combobox', { name: N.serverToRemove }).selectOption('10.0.1.1:2886');
      await page.getByRole('button', { name: N.scaleIn, exact: true }).click();
      await page.getByTestId('field-error').first().waitFor();
      await scan('scale in, refused');

      await go(page, '/tasks');
      await page.getByTestId('task-row').first().waitFor();
      await scan('tasks');

      const task = new TaskView(page);
      await go(page, `/tasks/${tasks.failed}`);
      await task.waitForState('FAILED');
      await page.getByTestId('error-line').waitFor();
      await scan('task, failed');
      await measure('task, failed');
      // Through the list: the task page follows one id while mounted.
      await go(page, '/tasks');
      await page.getByTestId('task-row').first().waitFor();
      await go(page, `/tasks/${tasks.succeeded}`);
      await task.waitForState('SUCCEED');
      await scan('task, succeeded');
      await measure('task, succeeded');

      await go(page, `/b/slow/tasks/${tasks.running}`);
      await connectAgent(page, 'slow');
      await task.waitForState('RUNNING');
      await page.locator('[data-testid="graph-node"][data-state="RUNNING"]').waitFor();
      await scan('task, running');
      await measure('task, running');
      assert.deepEqual([...states].sort(), ['FAILED', 'PENDING', 'RUNNING', 'SUCCEED'], 'the graph states measured');

      // OCP.
      await go(page, '/b/ocp');
      const ocpForm = page.getByRole('form', { name: N.ocpConnectTo('ocp') });
      await ocpForm.getByLabel(N.ocpPassword).fill(OCP_PASSWORD);
      await ocpForm.getByRole('button', { name: N.connectOcp }).click();
      await page.getByRole('heading', { name: N.ocpClusters }).waitFor();
      await page.getByRole('article').first().waitFor();
      await scan('OCP clusters');
      await go(page, '/b/ocp/clusters/2');
      await page.getByRole('link', { name: 'payments' }).waitFor();
      await scan('OCP tenants');
      await go(page, '/b/ocp/clusters/2/tenants/12');
      await page.getByRole('link', { name: N.addLink }).waitFor();
      await scan('OCP tenant');
      await go(page, '/b/ocp/clusters/2/tenants/12/replicas/add');
      const form = page.getByRole('form', { name: N.addForm });
      await form.getByLabel(N.zoneOf(1)).selectOption('zone1');
      await form.getByLabel(N.specOf(1)).selectOption('S3');
      await form.getByRole('button', { name: N.addForm }).click();
      await page.getByRole('alert').filter({ hasText: 'addReplica' }).waitFor();
      await scan('OCP add replicas, refused');
      await go(page, `/b/ocp/tasks/${tasks.ocp}`);
      await page.getByRole('group', { name: N.graph }).waitFor();
      await page.getByTestId('ocp-task-status').waitFor();
      await scan('OCP task');
      await measure('OCP task');
      for (const line of milder.values()) t.diagnostic(line);
      if (failures.length) assert.fail(failures.join('\n\n'));
    } finally {
      await context.close();
    }
  });
}
