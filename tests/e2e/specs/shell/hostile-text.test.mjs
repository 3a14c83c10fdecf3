// Hostile text from the agent is shown as text. The simulator's fault switch seeds tenant, zone,
// idc and region names with HTML, script, template syntax, entities and bidi characters, and
// makes the next DAG's name, node names and logs hostile; a person walks every page that shows
// such text (cluster, tenants, tenant, the replica form and its preview, the task graph with its
// tooltip, the node panel, log search and line links, the timeline, error panels, the tab title,
// the notification, the evidence and the journal export) and nothing of it runs or renders.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { useStack, PASSWORD } from '../../lib/stack.mjs';
import { openConnected, sections, recordNotifications } from '../../lib/pages/shell.mjs';
import { failNext, AddReplicasPage, TaskView } from '../../lib/pages/obshell.mjs';
import { TimelineView } from '../../lib/timeline.mjs';

const env = useStack({ simArgs: ['--speed', '10'] });

const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// Before any page script (after recordNotifications): every element that appears in the
// document after it loaded and could run or fetch something is remembered (even if removed).
const WATCH = () => {
  window.__inserted = [];
  const DANGER = 'script, img, iframe, object, embed, [onerror], [onload], [onclick], [onmouseover], [onfocus], a[href^="javascript:" i]';
  const check = (n) => {
    if (n.nodeType !== 1) return;
    for (const el of [n, ...n.querySelectorAll('*')]) {
      if (el.matches(DANGER)) window.__inserted.push(el.outerHTML.slice(0, 200));
    }
  };
  window.addEventListener('DOMContentLoaded', () => {
    new MutationObserver((records) => {
      for (const r of records) for (const n of r.addedNodes) check(n);
    }).observe(document.documentElement, { childList: true, subtree: true });
  });
};

/** Errors the page reported (uncaught exceptions, wasm panics, console errors). */
const problems = [];

/** Nothing ran, nothing dangerous was ever inserted, and the page reported no error. */
async function assertInert(page, where) {
  assert.deepEqual(problems, [], `${where}: the page reported errors`);
  const state = await page.evaluate(() => ({
    pwned: window.__pwned,
    inserted: window.__inserted,
    now: [...document.querySelectorAll('body script, img[src="x"], svg[onload], [onerror], a[href^="javascript:" i]')].map((e) => e.outerHTML.slice(0, 200)),
  }));
  assert.equal(state.pwned, undefined, `${where}: window.__pwned was set`);
  assert.deepEqual(state.inserted, [], `${where}: inserted ${JSON.stringify(state.inserted)}`);
  assert.deepEqual(state.now, [], `${where}: in the document ${JSON.stringify(state.now)}`);
}

/** No element made from agent markup (`<b>`, `<i>`, `<svg onload>`) inside `scope`. */
async function assertNoMarkup(locator, where) {
  const found = await locator.evaluateAll((els) => els.flatMap((e) => [...e.querySelectorAll('b, i, wbr, svg[onload], img, script, a[href^="javascript:" i]')].map((x) => x.outerHTML.slice(0, 120))));
  assert.deepEqual(found, [], `${where}: markup from agent text`);
}

test('agent text with HTML and script is shown as text on every page', async () => {
  const seeded = await (await fetch(`${env.stack.agentUrl}/__sim/hostile`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json();
  const { tenant, tenants, zone, zone_idc: zoneIdc, zone3_idc: zone3Idc, zone3_region: zone3Region } = seeded;
  assert.match(tenant, /<img src=x onerror=/);
  // The locality step fails once: its error and the task's end carry the hostile node name.
  await failNext(env.stack, 'Alter tenant locality');

  const context = await env.browser.newContext({ acceptDownloads: true, viewport: { width: 1400, height: 900 } });
  await context.addInitScript(recordNotifications);
  await context.addInitScript(WATCH);
  // Every tab of the context reports its errors.
  context.on('page', (p) => {
    p.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    p.on('console', (m) => {
      // The deep link to an unknown tenant is a 400 from the agent, which Chromium logs.
      if (m.type() === 'error' && !/^Failed to load resource: the server responded with a status of 400/.test(m.text())) problems.push(`console: ${m.text()}`);
    });
  });
  const page = await context.newPage();

  // Cluster: the new zone, its idc; zone3's idc and region.
  await openConnected(page, `${env.stack.url}/cluster`, PASSWORD);
  await page.getByTestId('zone-name').filter({ hasText: zone }).waitFor();
  assert.ok((await page.getByTestId('zone-name').allTextContents()).includes(zone));
  const regions = await page.getByTestId('zone-region').allTextContents();
  assert.ok(regions.some((r) => r.includes(`idc ${zoneIdc}`)), JSON.stringify(regions));
  assert.ok(regions.some((r) => r.includes(`idc ${zone3Idc}`)), JSON.stringify(regions));
  // The zones are grouped under their region's heading, the hostile text shown as text.
  await page.getByRole('heading', { name: `Region ${zone3Region}`, level: 2 }).waitFor();
  await page.getByText(zone3Idc, { exact: false }).first().waitFor();
  await assertNoMarkup(page.locator('body'), 'cluster');
  await assertInert(page, 'cluster');

  // Tenants: every hostile name is a link named by the literal text.
  await sections(page).getByRole('link', { name: 'Tenants', exact: true }).click();
  // (The bidi and zero-width characters survive the accessible name too.)
  for (const name of [tenant, ...tenants]) await page.getByRole('link', { name, exact: true }).waitFor();
  await assertNoMarkup(page.locator('body'), 'tenants');
  await assertInert(page, 'tenants');

  // The tenant page, reached by its link: the name in the heading, the link's path encoded.
  await page.getByRole('link', { name: tenant, exact: true }).click();
  await page.getByTestId('tenant-name').waitFor();
  assert.equal(await page.getByTestId('tenant-name').textContent(), `Tenant ${tenant}`);
  assert.equal(new URL(page.url()).pathname, `/tenants/${encodeURIComponent(tenant).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`);
  await assertInert(page, 'tenant');

  // The replica form: the hostile zone is offered by its literal name, and previewed.
  await page.getByTestId('go-add').click();
  const form = new AddReplicasPage(page);
  await form.form.waitFor();
  await form.row(0).zone.selectOption(zone);
  await form.row(0).config.selectOption('unit_2c8g');
  assert.equal(await page.getByTestId('preview-locality-after').textContent(), `FULL{1}@zone1, FULL{1}@${zone}`);
  assert.ok((await form.row(0).zone.locator('option').allTextContents()).some((t) => t.includes(zone)));
  await assertNoMarkup(form.form, 'add form');
  await assertNoMarkup(form.preview, 'preview');
  await assertInert(page, 'add form');
  await page.getByRole('button', { name: 'Notify me when tasks end' }).click();
  await page.getByRole('button', { name: 'Notifying when tasks end' }).waitFor();
  await form.submit.click();

  // The task page: name, graph boxes (SVG), their tooltip and accessible names.
  const dagName = `Scale out tenant replicas${seeded.dag_suffix}`;
  const pools = `Create and attach resource pools${seeded.node_suffix}`;
  const locality = `Alter tenant locality${seeded.node_suffix}`;
  const task = new TaskView(page);
  await page.getByTestId('task-name').waitFor();
  assert.equal(await page.getByTestId('task-name').textContent(), dagName);
  const id = (await page.getByTestId('task-id').textContent()).replace('task ', '');
  await task.waitForState('FAILED');
  // The tab title and the notification name the task literally.
  await page.waitForFunction(() => document.title.startsWith('✖ failed'), null, { timeout: 10_000 });
  const title = `✖ failed: ${dagName} (${id}) · obshell-console`;
  assert.equal(await page.title(), title);
  const shown = await page.evaluate(() => window.__notifications);
  assert.deepEqual(shown.map((n) => n.title), [title]);
  const names = await page.getByTestId('graph-node').evaluateAll((bs) => bs.map((b) => b.dataset.name));
  assert.deepEqual(names, [pools, locality]);
  const titles = (await page.getByTestId('graph-title').allTextContents()).join('');
  assert.ok(titles.includes('<b>') || titles.includes('"><svg'), `the box titles show the markup as text: ${titles}`);
  const box = page.getByRole('button', { name: new RegExp(`^step 2: ${escapeRe(locality)}, `) });
  await box.hover();
  const tip = page.getByRole('tooltip');
  await tip.waitFor();
  assert.ok((await tip.textContent()).includes(locality), await tip.textContent());
  await assertNoMarkup(page.getByTestId('graph'), 'graph');
  await assertNoMarkup(tip, 'graph tooltip');

  // The failed step's error line, and the node panel.
  await page.getByTestId('error-line').first().waitFor();
  const errorLine = await page.getByTestId('error-line').first().textContent();
  assert.ok(errorLine.includes(`injected failure of '${locality}'`), errorLine);
  await box.click();
  await page.getByTestId('node-name').filter({ hasText: 'Alter tenant locality' }).waitFor();
  assert.equal(await page.getByTestId('node-name').textContent(), locality);
  const log = page.getByTestId('log');
  await log.first().waitFor();
  for (const line of [...seeded.log_lines, `Start ${locality}`]) await log.getByText(line).first().waitFor();
  await assertNoMarkup(page.getByTestId('node-panel'), 'node panel');
  await assertInert(page, 'task page');

  // Log search for "<b>": the matches are marked as text; the line link leads to the line.
  const search = page.getByRole('searchbox', { name: 'Search all step logs' });
  await search.fill('<b>');
  await page.getByTestId('log-search-summary').filter({ hasText: /^match 1 of \d+ in \d+ step log\(s\)$/ }).waitFor();
  await page.getByRole('button', { name: 'Next match' }).click();
  await page.waitForURL(/[?&]line=\d+/);
  await assertInert(page, 'log search');
  const target = page.locator('.log .target');
  await target.waitFor({ timeout: 5_000 });
  assert.ok((await target.textContent()).includes('<b>'), await target.textContent());
  const marks = await page.locator('.log mark').allTextContents();
  assert.ok(marks.length >= 1 && marks.every((m) => m.toLowerCase() === '<b>'), JSON.stringify(marks));
  // A line whose characters change length when lower-cased (İ, the Kelvin sign) is marked too.
  const unicode = page.locator('.log [data-line]', { hasText: 'unicode' }).first();
  assert.equal((await unicode.textContent()).trimEnd(), seeded.log_lines.at(-1));
  assert.deepEqual(await unicode.locator('mark').allTextContents(), ['<b>']);
  await assertNoMarkup(page.getByTestId('node-panel'), 'log search');
  // The line's link, opened in a fresh tab, shows the same line.
  const other = await context.newPage();
  await openConnected(other, page.url(), PASSWORD);
  await other.locator('.log .target').waitFor();
  assert.equal(await other.locator('.log .target').textContent(), await target.textContent());
  await assertInert(other, 'linked line');
  await other.close();

  // The timeline: bars named by the steps, their tip.
  const timeline = new TimelineView(page);
  await timeline.open();
  await timeline.bars.first().waitFor();
  const bars = await timeline.bars.evaluateAll((bs) => bs.map((b) => b.dataset.name));
  assert.deepEqual([...new Set(bars)], [pools, locality]);
  await page.getByRole('button', { name: new RegExp(`^${escapeRe(locality)}, attempt 1 of 1: failed`) }).waitFor();
  await timeline.bars.last().hover();
  const barTip = timeline.bars.last().getByTestId('timeline-tip');
  await barTip.waitFor();
  assert.ok((await barTip.textContent()).includes(locality), await barTip.textContent());
  await assertNoMarkup(timeline.panel, 'timeline');
  await assertInert(page, 'timeline');

  // The evidence keeps the text as it came.
  const evidenceDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download evidence (JSON)' }).click();
  const evidence = JSON.parse(readFileSync(await (await evidenceDownload).path(), 'utf8'));
  assert.equal(evidence.dag.name, dagName);
  assert.ok(evidence.logs.some((l) => l.node_name === locality && seeded.log_lines.every((x) => l.lines.includes(x))));

  // The tasks list links the task by its literal name; the journal exports it.
  await sections(page).getByRole('link', { name: 'Tasks', exact: true }).click();
  await page.getByRole('link', { name: dagName, exact: true }).first().waitFor();
  await assertNoMarkup(page.locator('body'), 'tasks');
  const journalDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export the journal (JSON)' }).click();
  const journal = readFileSync(await (await journalDownload).path(), 'utf8');
  const entries = JSON.parse(journal);
  assert.ok(entries.some((e) => e.task_id === id), journal);
  await assertInert(page, 'tasks');

  // The modify form of the tenant names it literally.
  await openConnected(page, `${env.stack.url}/tenants/${encodeURIComponent(tenant)}/replicas/modify`, PASSWORD);
  await page.getByRole('heading', { name: `Modify replicas of ${tenant}`, exact: true }).waitFor();
  await assertInert(page, 'modify form');

  // Scale-out offers the zones by their literal names, scale-in names each server's zone.
  await sections(page).getByRole('link', { name: 'Cluster', exact: true }).click();
  await page.getByRole('link', { name: 'Scale out', exact: true }).click();
  await page.getByTestId('so-zone').waitFor();
  assert.ok((await page.getByTestId('so-zone').locator('option').allTextContents()).includes(zone));
  await page.getByTestId('so-zone').selectOption(zone);
  await assertNoMarkup(page.locator('body'), 'scale-out');
  await sections(page).getByRole('link', { name: 'Cluster', exact: true }).click();
  await page.getByRole('link', { name: 'Scale in', exact: true }).click();
  const servers = page.getByRole('combobox', { name: 'OBServer to remove' });
  await servers.locator('option', { hasText: '10.0.5.1' }).waitFor({ state: 'attached' });
  const options = await servers.locator('option').allTextContents();
  assert.ok(options.some((o) => o.includes('10.0.5.1') && o.includes(zone)), JSON.stringify(options));
  await assertNoMarkup(page.locator('body'), 'scale-in');
  await assertInert(page, 'scale forms');

  // A search typed into the tenant list lands in the URL and finds the name, as text.
  await sections(page).getByRole('link', { name: 'Tenants', exact: true }).click();
  await page.getByTestId('tenant-search').fill('"><svg onload');
  await page.getByTestId('tenant-count').filter({ hasText: /^1 tenant\(s\)$/ }).waitFor();
  assert.equal(new URL(page.url()).searchParams.get('q'), '"><svg onload');
  await page.getByRole('link', { name: tenants[1], exact: true }).waitFor();
  // The same search, opened from the link in a new tab.
  const linked = await context.newPage();
  await openConnected(linked, page.url(), PASSWORD);
  await linked.getByTestId('tenant-count').filter({ hasText: /^1 tenant\(s\)$/ }).waitFor();
  assert.equal(await linked.getByTestId('tenant-search').inputValue(), '"><svg onload');
  await assertInert(linked, 'tenant search link');
  await linked.close();

  // A deep link to an unknown hostile name: the agent's error shows it as text.
  // (No `/` in it: the agent routes on the decoded path, so an escaped slash would make it
  // another route, and nginx refuses such a target: specs/shell/api-calls.test.mjs.)
  const unknown = 'nope<img src=x onerror="window.__pwned=20"><b>x';
  await openConnected(page, `${env.stack.url}/tenants/${encodeURIComponent(unknown)}`, PASSWORD);
  const message = page.getByTestId('error-message');
  await message.waitFor();
  assert.ok((await message.textContent()).includes(`Tenant '${unknown}' does not exist.`), await message.textContent());
  await assertNoMarkup(page.getByTestId('error-panel'), 'error panel');
  await assertInert(page, 'unknown tenant');

  assert.deepEqual(problems, []);
  await context.close();
});
