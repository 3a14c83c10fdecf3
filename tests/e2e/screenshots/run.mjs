// `make screenshots`: every page and main state of the console, from the simulated agent and
// OCP through nginx, into docs/screenshots/: at 1366 × 850 in en-US and zh-CN, light and dark,
// and at 1920 and 390 in en-US light. Language and theme change in the page (its preferences
// bar), so one connection serves every picture of a state. The file names are
// `<state>-<lang>-<theme>.png` and `<state>-<width>.png`; docs/design.md lists them.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ROOT, PASSWORD, OCP_PASSWORD, startStack, launchBrowser } from '../lib/stack.mjs';
import { failNext, scaleOutToNewZone } from '../lib/pages/obshell.mjs';
import { fillAdd } from '../lib/pages/ocp.mjs';

const OUT = join(ROOT, 'docs/screenshots');
const COMBOS = [['en-US', 'light'], ['en-US', 'dark'], ['zh-CN', 'light'], ['zh-CN', 'dark']];
const WIDTHS = [1920, 390];
const HEIGHT = 850;

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
const stack = await startStack({
  agents: [{ name: 'demo', prefix: '', simArgs: ['--speed', '3'] }],
  consoleJson: { backends: [{ name: 'demo', kind: 'obshell', prefix: '' }, { name: 'ocp', kind: 'ocp', prefix: '' }] },
  ocp: true,
});
const browser = await launchBrowser();
const page = await (await browser.newContext({ viewport: { width: 1366, height: HEIGHT } })).newPage();
page.on('console', (m) => { if (/panicked/.test(m.text())) console.error(m.text()); });
let count = 0;

/** Sets language and theme in the page's own preferences bar. */
async function prefs(lang, theme) {
  const selects = page.locator('.prefs select');
  await selects.nth(0).selectOption(lang);
  await selects.nth(1).selectOption(theme);
}

/** Every picture of the state on screen; `again` restores what a preference change closes. */
async function shoot(name, again = async () => {}) {
  for (const [lang, theme] of COMBOS) {
    await prefs(lang, theme);
    await again();
    await sleep(250);
    await page.screenshot({ path: join(OUT, `${name}-${lang}-${theme}.png`) });
    count += 1;
  }
  await prefs('en-US', 'light');
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: HEIGHT });
    await again();
    await sleep(250);
    await page.screenshot({ path: join(OUT, `${name}-${width}.png`) });
    count += 1;
  }
  await page.setViewportSize({ width: 1366, height: HEIGHT });
  console.log(`  ${name}`);
}

/** One component, cut out of the page, in en-US light and dark: `component-<name>-<theme>.png`. */
async function crop(name, locator) {
  for (const theme of ['light', 'dark']) {
    await prefs('en-US', theme);
    await sleep(200);
    await locator.first().screenshot({ path: join(OUT, `component-${name}-${theme}.png`) });
    count += 1;
  }
  await prefs('en-US', 'light');
}

/** In-page navigation (a reload would forget the password). */
async function go(path) {
  await page.evaluate((p) => { history.pushState({}, '', p); dispatchEvent(new PopStateEvent('popstate')); }, path);
}

/**
 * index.html's own form, before the console's code has arrived (held back here): in the light
 * and dark system themes, at 1366 and 390, pressed ("Connecting…"), and when the code cannot be
 * fetched. In English only: the page's language is the console's to choose.
 */
async function firstScreen() {
  for (const [theme, width] of [['light', 1366], ['dark', 1366], ['light', 390]]) {
    const context = await browser.newContext({ viewport: { width, height: HEIGHT }, colorScheme: theme });
    const held = await context.newPage();
    let release;
    const gate = new Promise((done) => { release = done; });
    await held.route(/\/split_console-[0-9a-f]+\.wasm$/, async (route) => ((await gate) === 'fail' ? route.abort() : route.continue()));
    await held.goto(stack.url);
    await held.getByLabel('root@sys password').waitFor();
    await held.keyboard.type('secret');
    await sleep(250);
    const name = width === 1366 ? `first-screen-${theme}` : `first-screen-${width}`;
    await held.screenshot({ path: join(OUT, `${name}.png`) });
    count += 1;
    if (width === 1366) {
      await held.keyboard.press('Enter');
      await sleep(250);
      await held.screenshot({ path: join(OUT, `first-screen-pressed-${theme}.png`) });
      release('fail');
      await held.getByRole('alert').waitFor();
      await held.screenshot({ path: join(OUT, `first-screen-failed-${theme}.png`) });
      count += 2;
    }
    await context.close();
  }
  console.log('  first-screen');
}

try {
  await firstScreen();
  await page.goto(stack.url);
  const form = page.getByRole('form', { name: 'Connect to demo' });
  await form.waitFor();
  await shoot('connect');
  await form.getByLabel('root@sys password').fill(PASSWORD);
  await form.getByRole('button', { name: 'Connect' }).click();
  await page.getByTestId('cluster-name').waitFor();
  await shoot('cluster');
  await crop('topbar', page.locator('header.topbar'));
  await crop('page-header', page.locator('header.page-header'));
  await crop('capacity', page.getByTestId('zone'));
  const about = async () => {
    if (!(await page.getByTestId('about-agent').isVisible())) await page.locator('[popovertarget="about-agent"]').first().click();
  };
  await shoot('about-agent', about);
  await about();
  await crop('about', page.getByTestId('about-agent'));
  await page.keyboard.press('Escape');

  await go('/tenants');
  await page.getByTestId('tenant-search').waitFor();
  await shoot('tenants');
  await go('/tenants?view=placement');
  await page.locator('.placement-matrix').waitFor();
  await shoot('tenants-placement');
  await crop('placement', page.locator('.placement-matrix'));
  await go('/tenants/nobody');
  await page.getByTestId('error-panel').waitFor();
  await crop('error-panel', page.getByTestId('error-panel'));
  await go('/tenants/logs');
  await page.getByTestId('tenant-name').waitFor();
  await shoot('tenant');
  await go('/tenants/logs/replicas/add');
  await page.getByTestId('add-form').waitFor();
  await shoot('replicas-add');
  await go('/tenants/orders/plan');
  await page.getByTestId('reshape-table').waitFor();
  await shoot('plan-reshape');
  await go('/cluster/scale-in');
  await page.getByTestId('scale-in-form').waitFor();
  await shoot('scale-in');
  await go('/cluster/scale-out');
  await page.getByTestId('scale-out-form').waitFor();
  await shoot('scale-out');
  await scaleOutToNewZone(page);
  await page.getByTestId('task-state').waitFor();
  await sleep(1500);
  await shoot('task-running');
  await crop('graph', page.locator('.graph-frame'));
  await page.getByTestId('task-state').filter({ hasText: 'SUCCEED' }).waitFor({ timeout: 120_000 });
  await shoot('task-done');
  await go('/tasks');
  await page.getByTestId('task-search').waitFor();
  await sleep(500);
  await shoot('tasks');
  await crop('task-table', page.getByRole('table').first());
  // A second scale-out that fails late: it keeps the cluster's lock and needs attention.
  await failNext(stack, 'Add server for scale_out');
  await go('/cluster/scale-out');
  await page.getByTestId('scale-out-form').waitFor();
  await scaleOutToNewZone(page, { ip: '10.0.4.2', zone: 'zone5' });
  await page.getByTestId('task-state').filter({ hasText: 'FAILED' }).waitFor({ timeout: 120_000 });
  await go('/tasks');
  await page.getByTestId('needs-attention').waitFor();
  await shoot('tasks-attention');
  // Ticked there and offered together: the confirmation of a retry, task by task.
  await page.getByTestId('needs-attention').getByRole('checkbox').first().check();
  await page.getByRole('region', { name: 'Selected tasks' }).getByRole('button', { name: 'Retry' }).click();
  await page.getByTestId('confirm-task').first().waitFor();
  await shoot('tasks-bulk');
  await page.getByRole('button', { name: 'Keep the task as it is' }).click();
  // The form it blocks names it, with the ways to clear it.
  await go('/tenants/logs/replicas/add');
  await page.getByTestId('blocker').getByRole('button', { name: 'Roll back' }).waitFor();
  await shoot('replicas-add-blocked');
  await go('/plans');
  await page.getByTestId('plans').waitFor({ state: 'attached' });
  await shoot('changes');

  await go('/b/ocp');
  const ocpForm = page.getByRole('form', { name: 'Connect to ocp' });
  await ocpForm.getByLabel('OCP password').fill(OCP_PASSWORD);
  await ocpForm.getByRole('button', { name: 'Connect to OCP' }).click();
  await page.getByRole('article').first().waitFor();
  await shoot('ocp-clusters');
  await go('/b/ocp/clusters/2');
  await page.getByTestId('ocp-tenant').first().waitFor();
  await shoot('ocp-tenants');
  await go('/b/ocp/clusters/2/tenants/12');
  await page.getByTestId('ocp-tenant-locality').waitFor();
  await shoot('ocp-tenant');
  await go('/b/ocp/clusters/2/tenants/12/replicas/add');
  const add = await fillAdd(page, { zone: 'zone1', spec: 'S0' });
  await page.getByTestId('preview-locality-after').waitFor();
  await shoot('ocp-replicas-add');
  await add.getByRole('button', { name: 'Add replicas' }).click();
  await page.waitForURL(/\/b\/ocp\/tasks\/\d+/);
  await page.getByRole('group', { name: /^task graph/ }).waitFor();
  await sleep(1500);
  await shoot('ocp-task');
  await go('/b/ocp/tasks');
  await page.getByRole('table').first().waitFor();
  await shoot('ocp-tasks');
  console.log(`${count} screenshots in docs/screenshots/`);
} finally {
  await browser.close();
  await stack.stop();
}
