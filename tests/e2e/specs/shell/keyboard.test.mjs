// A person who uses the keyboard alone (and a screen reader): connects, lists the shortcuts and
// closes the list with Esc, goes to the tenants and the tasks by shortcut and lands on each
// page's heading, opens a running task from the list, walks its graph with the arrows and
// selects a step with Enter, pauses and resumes the refresh with 'p', reads the steps as a table
// and hears the state changes; on a failed task, opens an operation's confirmation and leaves it
// with Esc, focus back on the button. Only page.keyboard drives the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useStack, PASSWORD } from '../../lib/stack.mjs';
import { failNext } from '../../lib/pages/obshell.mjs';
import { sealedRequest } from '../../lib/node-client.mjs';

// An added replica takes about 15 s: a person's pace, so that its steps change while watched.
const env = useStack({ simArgs: ['--speed', '1'] });

async function addReplica(tenant, zone) {
  const res = await sealedRequest(env.stack.url, PASSWORD, 'POST', `/api/v1/tenant/${tenant}/replicas`, {
    zone_list: [{ name: zone, unit_config_name: 'unit_2c8g', unit_num: 1 }],
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.data.id;
}

const isFocused = (locator) => locator.evaluate((el) => el === document.activeElement);

async function waitFocused(page, locator, what) {
  // The locator is asked again each time: the element may be replaced meanwhile (index.html's
  // first form, then the console's own in its place).
  const deadline = Date.now() + 10_000;
  while (!(await isFocused(locator).catch(() => false))) {
    if (Date.now() > deadline) break;
    await page.waitForTimeout(50);
  }
  await locator.evaluate((el) => { if (el !== document.activeElement) throw new Error('not focused'); })
    .catch(async () => {
      const now = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 200));
      const h1 = await page.evaluate(() => [...document.querySelectorAll('h1')].map((h) => h.outerHTML).join(' | '));
      assert.fail(`${what} should have focus; it is on ${now} (headings: ${h1})`);
    });
}

/** Presses Tab (or Shift+Tab) until `wanted(activeElement)` holds. */
async function tabUntil(page, wanted, { back = false, max = 60 } = {}) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    if (await page.evaluate(wanted)) return;
  }
  const now = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 200));
  assert.fail(`${max} presses of Tab did not reach it; focus is on ${now}`);
}

/** Connects from the password field the page focuses on load. */
async function connectByKeyboard(page, url, label = 'root@sys password') {
  await page.goto(url);
  const password = page.getByLabel(label);
  await password.waitFor();
  await waitFocused(page, password, 'the password field on first load');
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Enter');
  await password.waitFor({ state: 'detached' });
}

test('connect, shortcuts list, and the pages by shortcut, each landing on its heading', async () => {
  const page = await env.browser.newPage();
  await connectByKeyboard(page, `${env.stack.url}/`);
  const heading = page.getByRole('heading', { level: 1 });
  await waitFocused(page, heading, 'the cluster page heading after connecting');
  assert.match(await heading.textContent(), /^Cluster /);

  // '?' lists the shortcuts; Esc closes the list and gives focus back.
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await dialog.waitFor();
  assert.ok(await dialog.evaluate((d) => d.contains(document.activeElement)), 'focus is in the dialog');
  for (const action of ['Go to the cluster', 'Go to the tenants', 'Go to the tasks', 'Refresh now', 'Pause or resume the refresh', 'In the task timeline: zoom in or out']) {
    await dialog.getByRole('cell', { name: action }).waitFor();
  }
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  await waitFocused(page, heading, 'the heading again after Esc');

  // The same list from the button at the foot of the page, then back to that button.
  const open = page.getByRole('button', { name: 'Keyboard shortcuts (?)' });
  await tabUntil(page, () => document.activeElement?.dataset.testid === 'shortcuts-open');
  await page.keyboard.press('Enter');
  await dialog.waitFor();
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  await waitFocused(page, open, 'the shortcuts button after Esc');

  // g t: the tenants; g k: the tasks, each with focus on its heading.
  await page.keyboard.press('g');
  await page.keyboard.press('t');
  await page.waitForURL(/\/tenants$/);
  const tenants = page.getByRole('heading', { level: 1, name: 'Tenants' });
  await waitFocused(page, tenants, 'the Tenants heading');
  await page.keyboard.press('g');
  await page.keyboard.press('k');
  await page.waitForURL(/\/tasks$/);
  const tasks = page.getByRole('heading', { level: 1, name: 'Tasks' });
  await waitFocused(page, tasks, 'the Tasks heading');

  // '/' reaches the search field; typed there, 'g' and 't' are letters, not a shortcut.
  await page.keyboard.press('/');
  const search = page.getByRole('searchbox', { name: 'Search name or id' });
  await waitFocused(page, search, 'the tasks search field after /');
  // Typed fast, every key stays (the field shows what was typed; the URL follows it).
  await page.keyboard.type('gt scale');
  await page.waitForFunction(() => location.search.endsWith('q=gt+scale') || location.search.endsWith('q=gt%20scale'));
  assert.equal(await search.inputValue(), 'gt scale');
  assert.ok(await isFocused(search), 'focus stays in the search field');
  assert.match(page.url(), /\/tasks(\?.*)?$/);
  await page.close();
});

test('a running task by keyboard: graph arrows and Enter, pause with p, the steps table, state changes said', async () => {
  const id = await addReplica('logs', 'zone2');
  const page = await env.browser.newPage();
  await connectByKeyboard(page, `${env.stack.url}/tasks`);
  await waitFocused(page, page.getByRole('heading', { level: 1, name: 'Tasks' }), 'the Tasks heading');
  // Find the task by its id and open it from its row.
  await page.keyboard.press('/');
  await page.keyboard.type(id);
  await page.waitForFunction((d) => location.search.endsWith(d), id);
  await page.getByRole('link', { name: 'Scale out tenant replicas' }).first().waitFor();
  await tabUntil(page, (() => {
    const a = document.activeElement;
    return a?.tagName === 'A' && /\/tasks\/[^/?]+$/.test(a.getAttribute('href'));
  }));
  await page.keyboard.press('Enter');
  await page.waitForURL(new RegExp(`/tasks/${id}$`));
  const heading = page.getByRole('heading', { level: 1, name: 'Scale out tenant replicas' });
  await waitFocused(page, heading, 'the task heading');

  // Into the graph, along its steps, and Enter shows the step.
  await tabUntil(page, () => /^step 1: /.test(document.activeElement?.getAttribute('aria-label') ?? ''));
  await page.keyboard.press('ArrowRight');
  const second = page.getByRole('button', { name: /^step 2: Alter tenant locality, / });
  await waitFocused(page, second, 'step 2 after ArrowRight');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\?node=/);
  assert.equal(await page.getByTestId('node-name').textContent(), 'Alter tenant locality');
  await page.keyboard.press('ArrowLeft');
  await waitFocused(page, page.getByRole('button', { name: /^step 1: / }), 'step 1 after ArrowLeft');
  await page.keyboard.press('ArrowRight');
  await waitFocused(page, second, 'step 2 again');

  // 'p' pauses (and says so on the bar), 'p' again resumes.
  await page.keyboard.press('p');
  await page.getByRole('button', { name: 'Resume refresh', pressed: true }).waitFor();
  assert.match(await page.getByTestId('refresh-cadence').textContent(), /paused/);
  const live = page.getByRole('status', { name: 'Announcements' });
  await page.waitForFunction(() => document.querySelector('[data-testid="announcements"]').textContent === 'Refresh paused');
  await page.keyboard.press('p');
  await page.getByRole('button', { name: 'Pause refresh', pressed: false }).waitFor();
  await waitFocused(page, second, 'step 2 still, after p');

  // A poll that changes a step keeps focus on the box (the graph is patched, not rebuilt).
  const secondHandle = await second.elementHandle();
  await page.locator('[data-testid="graph-node"][data-state="SUCCEED"]').first().waitFor({ timeout: 30_000 });
  assert.ok(await secondHandle.evaluate((el) => el.isConnected && el === document.activeElement), 'focus stayed on step 2');

  // The state change was said, politely, in words.
  assert.equal(await live.getAttribute('aria-live'), 'polite');
  await page.waitForFunction(() => /Step \d+, [^:]+: (SUCCEED|RUNNING)/.test(document.querySelector('[data-testid="announcements"]').textContent), null, { timeout: 30_000 });

  // The steps as a table: every box of the graph with its state.
  await tabUntil(page, () => document.activeElement?.tagName === 'SUMMARY' && document.activeElement.textContent === 'Steps as a list');
  await page.keyboard.press('Enter');
  const table = page.getByRole('table', { name: "The task's steps and their states" });
  await table.waitFor();
  const nodes = page.getByTestId('graph-node');
  const count = await nodes.count();
  assert.ok(count >= 2, `an added replica has several steps (${count})`);
  const rows = table.getByTestId('step-row');
  // The rows are built once the list is open.
  await rows.nth(count - 1).waitFor();
  assert.equal(await rows.count(), count);
  for (let i = 0; i < count; i++) {
    const name = await nodes.nth(i).getAttribute('data-name');
    const row = table.getByRole('row', { name: new RegExp(name) });
    await row.waitFor();
    // Same state in both once a poll has settled them.
    const state = await nodes.nth(i).getAttribute('data-state');
    assert.match(await row.textContent(), new RegExp(`${name}.*${state}`));
  }

  // The task's end is said too.
  await page.waitForFunction(() => /Task Scale out tenant replicas \(.+\) ended: SUCCEED/.test(document.querySelector('[data-testid="announcements"]').textContent), null, { timeout: 45_000 });
  // The table followed the polls to the end: every step succeeded.
  for (let i = 0; i < count; i++) {
    await table.getByRole('row').nth(i + 1).filter({ hasText: 'SUCCEED' }).waitFor();
  }
  // Each step's time, as a bar against the task's: named in words, never longer than the task.
  const bars = table.getByRole('meter');
  await bars.nth(count - 1).waitFor();
  for (let i = 0; i < count; i++) {
    const bar = bars.nth(i);
    const [value, max] = [Number(await bar.getAttribute('value')), Number(await bar.getAttribute('max'))];
    assert.ok(value >= 0 && value <= max && max > 0, `step ${i + 1}: ${value} of ${max}`);
    assert.match(await bar.getAttribute('aria-label'), /^\S.* of the task's \S/);
  }
  await page.close();
});

test('an operation confirmation opened by keyboard closes with Esc, focus back on its button', async () => {
  await failNext(env.stack, 'Alter tenant locality');
  const id = await addReplica('logs', 'zone3');
  const page = await env.browser.newPage();
  await connectByKeyboard(page, `${env.stack.url}/tasks/${id}`);
  await page.getByTestId('task-state').filter({ hasText: 'FAILED' }).waitFor({ timeout: 30_000 });
  await waitFocused(page, page.getByRole('heading', { level: 1 }), 'the task heading');
  const retry = page.getByRole('button', { name: 'Retry', exact: true });
  await tabUntil(page, () => document.activeElement?.textContent === 'Retry' && document.activeElement.tagName === 'BUTTON');
  await page.keyboard.press('Enter');
  const confirm = page.getByRole('dialog', { name: 'Retry this task?' });
  await confirm.waitFor();
  await waitFocused(page, confirm, 'the confirmation');
  await page.keyboard.press('Escape');
  await confirm.waitFor({ state: 'detached' });
  await waitFocused(page, retry, 'the Retry button after Esc');
  // Tab into it and choose "keep": the same way back.
  await page.keyboard.press('Enter');
  await confirm.waitFor();
  await tabUntil(page, () => document.activeElement?.textContent === 'Keep the task as it is');
  await page.keyboard.press('Enter');
  await confirm.waitFor({ state: 'detached' });
  await waitFocused(page, retry, 'the Retry button after keeping the task');
  assert.match(await page.getByTestId('task-state').textContent(), /FAILED/, 'nothing was sent');
  await page.close();
});

test('in Chinese, the shortcuts list says so', async () => {
  const context = await env.browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  await connectByKeyboard(page, `${env.stack.url}/`, /root@sys/);
  await waitFocused(page, page.getByRole('heading', { level: 1 }), 'the cluster heading');
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: '键盘快捷键' });
  await dialog.waitFor();
  await dialog.getByRole('cell', { name: '前往租户' }).waitFor();
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  await context.close();
});
