// OCP's tasks have what the agent's have. A person adds a replica on OCP and walks away: the tab's
// title (and the notification they asked for) says when its task ended; OCP's tasks page keeps
// the journal of what was sent, with OCP's trace id, the task and its outcome, linking the task.
// On the ended task's page, a search across every subtask's log finds a line and opens that
// subtask, reading each log once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { useStack, OCP_PASSWORD } from '../../lib/stack.mjs';
import { connectOcp, fillAdd } from '../../lib/pages/ocp.mjs';
import { sections, recordNotifications } from '../../lib/pages/shell.mjs';

const env = useStack({
  consoleJson: { backends: [{ name: 'demo', kind: 'obshell', prefix: '' }, { name: 'ocp', kind: 'ocp', prefix: '' }] },
  ocp: true,
});


let ended; // the task of the first test, once SUCCESSFUL

test('an OCP task started here is announced when it ends, and the journal on OCP\'s tasks page keeps it', async () => {
  const context = await env.browser.newContext({ acceptDownloads: true });
  await context.addInitScript(recordNotifications);
  const page = await context.newPage();
  await connectOcp(page, `${env.stack.url}/b/ocp/clusters/1/tenants/2/replicas/add`);
  await page.getByRole('button', { name: 'Notify me when tasks end' }).click();
  await page.getByRole('button', { name: 'Notifying when tasks end' }).waitFor();
  const form = await fillAdd(page, { zone: 'zone3', spec: 'S1' });
  const answer = page.waitForResponse((r) => r.url().endsWith('/api/v2/ob/clusters/1/tenants/2/addReplica'));
  await form.getByRole('button', { name: 'Add replicas' }).click();
  const envelope = await (await answer).json();
  assert.ok(envelope.traceId, JSON.stringify(envelope));
  await page.waitForURL(/\/b\/ocp\/tasks\/\d+/);
  const id = page.url().match(/\/tasks\/(\d+)/)[1];
  assert.equal(String(envelope.data.id), id);
  // The person walks away before it ends.
  await sections(page).getByRole('link', { name: 'Clusters', exact: true }).click();
  await page.getByRole('heading', { name: 'OCP clusters' }).waitFor();
  assert.equal(await page.title(), 'obshell-console');
  await page.waitForFunction(() => document.title.startsWith('✔ succeeded'), null, { timeout: 60_000 });
  assert.equal(await page.title(), `✔ succeeded: Add tenant replica (${id}) · obshell-console`);
  const shown = await page.evaluate(() => window.__notifications);
  assert.equal(shown.length, 1, JSON.stringify(shown));
  assert.equal(shown[0].body, `Task ${id} ended SUCCESSFUL.`);
  // Using the page again means it was seen.
  await sections(page).getByRole('link', { name: 'Tasks', exact: true }).click();
  await page.waitForFunction(() => document.title === 'obshell-console');

  const journal = page.getByRole('region', { name: 'This tab\'s changes' });
  const row = journal.getByTestId('journal-row');
  assert.equal(await row.count(), 1);
  assert.equal(await row.getByTestId('journal-backend').textContent(), 'ocp');
  assert.match(await row.textContent(), /POST \/api\/v2\/ob\/clusters\/\{id\}\/tenants\/\{tenantId\}\/addReplica/);
  assert.match(await row.textContent(), /\/api\/v2\/ob\/clusters\/1\/tenants\/2\/addReplica/);
  assert.equal(await row.getByTestId('journal-status').textContent(), '200');
  assert.equal(await row.getByTestId('journal-trace').textContent(), envelope.traceId);
  assert.equal(await row.getByTestId('journal-outcome').textContent(), `accepted: task ${id}`);
  assert.equal(await row.getByTestId('journal-ended').textContent(), 'SUCCESSFUL');

  const download = page.waitForEvent('download');
  await journal.getByRole('button', { name: 'Export the journal (JSON)' }).click();
  const text = readFileSync(await (await download).path(), 'utf8');
  const entries = JSON.parse(text);
  assert.equal(entries.length, 1);
  assert.deepEqual(
    { backend: entries[0].backend, task_id: entries[0].task_id, trace_id: entries[0].trace_id, status: entries[0].status, ended: entries[0].ended },
    { backend: 'ocp', task_id: id, trace_id: envelope.traceId, status: 200, ended: 'SUCCESSFUL' },
  );
  assert.ok(!text.includes(OCP_PASSWORD) && !/password|Authorization|Basic /i.test(text), text);

  // The journal's task opens OCP's task page.
  await row.getByRole('link', { name: id }).click();
  await page.waitForURL(new RegExp(`/b/ocp/tasks/${id}$`));
  await page.getByRole('heading', { name: `Add tenant replica (task ${id})` }).waitFor();
  ended = id;
  await context.close();
});

test('a search across the subtask logs of an ended OCP task opens the subtask of its line, reading each log once', async () => {
  assert.ok(ended, 'the task of the test before');
  const page = await env.browser.newPage();
  await connectOcp(page, `${env.stack.url}/b/ocp/tasks/${ended}`);
  await page.getByTestId('ocp-task-status').and(page.locator('[data-status="SUCCESSFUL"]')).waitFor();
  // The shown subtask's log is read by its panel first.
  await page.waitForFunction(() => (document.querySelector('[data-testid="log"]')?.textContent ?? '').length > 0);
  const logReads = async () => (await env.stack.ocpAdmin('requests')).requests
    .filter((r) => r.method === 'GET' && /\/subtasks\/\d+\/log$/.test(r.target.split('?')[0]))
    .map((r) => r.target);
  const before = (await logReads()).length;
  const search = page.getByRole('searchbox', { name: 'Search all subtask logs' });
  await search.pressSequentially('sync tenant information fin', { delay: 30 });
  const summary = page.getByTestId('log-search-summary');
  await page.waitForFunction(() => /^match 1 of 1 in 1 subtask log/.test(document.querySelector('[data-testid="log-search-summary"]')?.textContent ?? ''), null, { timeout: 10_000 })
    .catch(async () => assert.fail(`summary: ${await summary.textContent()}`));
  await page.getByRole('button', { name: 'Next match' }).click();
  await page.waitForURL(/\?subtask=\d+&line=\d+$/);
  await page.getByRole('heading', { name: 'Sync tenant information', level: 2 }).waitFor();
  const mark = page.getByTestId('ocp-subtask-panel').locator('mark').first();
  await mark.waitFor();
  assert.equal((await mark.textContent()).toLowerCase(), 'sync tenant information fin');

  // Each of the four subtasks' logs was read once for the whole search (the panel reads its own
  // subtask's log besides), and typing more reads nothing again.
  await search.fill('subtask');
  await page.waitForFunction(() => /^match 1 of \d+ in 4 subtask log/.test(document.querySelector('[data-testid="log-search-summary"]')?.textContent ?? ''));
  await page.waitForTimeout(500);
  const reads = (await logReads()).slice(before);
  const bySubtask = {};
  for (const t of reads) bySubtask[t] = (bySubtask[t] ?? 0) + 1;
  assert.equal(Object.keys(bySubtask).length, 4, JSON.stringify(reads));
  const panelOwn = new URL(page.url()).searchParams.get('subtask');
  for (const [target, n] of Object.entries(bySubtask)) {
    const limit = target.includes(`/subtasks/${panelOwn}/`) ? 2 : 1;
    assert.ok(n <= limit, `${target} read ${n} times: ${JSON.stringify(reads)}`);
  }
  await page.close();
});
