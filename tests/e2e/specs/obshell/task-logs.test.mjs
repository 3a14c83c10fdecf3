// Finding out why a step failed: search every step's log of the task, jump between matches,
// share a link to the line, and take the evidence away in one file without a secret.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { useStack, PASSWORD } from '../../lib/stack.mjs';
import { openConnected } from '../../lib/pages/shell.mjs';
import { failNext, TaskView } from '../../lib/pages/obshell.mjs';
import { sealedRequest } from '../../lib/node-client.mjs';

const env = useStack({ simArgs: ['--speed', '10'] });

test('search the logs, link to a line, and download the evidence', async () => {
  await failNext(env.stack, 'Alter tenant locality');
  const res = await sealedRequest(env.stack.url, PASSWORD, 'POST', '/api/v1/tenant/logs/replicas', {
    zone_list: [{ name: 'zone2', unit_config_name: 'unit_2c8g', unit_num: 1 }],
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const id = res.body.data.id;
  const context = await env.browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await openConnected(page, `${env.stack.url}/tasks/${id}`, PASSWORD);
  await new TaskView(page).waitForState('FAILED');

  const search = page.getByRole('searchbox', { name: 'Search all step logs' });
  await search.fill('error');
  const summary = page.getByTestId('log-search-summary');
  await summary.filter({ hasText: /^match 1 of \d+ in \d+ step log\(s\)$/ }).waitFor();
  await page.getByRole('button', { name: 'Next match' }).click();
  await page.waitForURL(/[?&]line=\d+/);
  const url = new URL(page.url());
  const line = url.searchParams.get('line');
  const target = page.locator('.log .target');
  await target.waitFor();
  assert.match(await target.textContent(), /ERROR/i);
  assert.equal(await target.getAttribute('data-line'), line);
  assert.ok(await target.locator('mark').count() >= 1, 'the match is marked');
  assert.ok(await target.isVisible());

  // The link opens the same step and line after connecting, in a fresh tab.
  const other = await context.newPage();
  await openConnected(other, url.toString(), PASSWORD);
  const again = other.locator('.log .target');
  await again.waitFor();
  assert.equal(await again.getAttribute('data-line'), line);
  assert.equal(await other.getByTestId('node-name').textContent(), await page.getByTestId('node-name').textContent());
  await other.close();

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download evidence (JSON)' }).click();
  const text = readFileSync(await (await download).path(), 'utf8');
  const evidence = JSON.parse(text);
  assert.equal(evidence.dag.id, id);
  assert.equal(evidence.agent_identity, 'CLUSTER AGENT');
  assert.match(evidence.agent_version, /^4\.5\.0\.0/);
  assert.ok(evidence.logs.some((l) => l.lines.some((x) => x.startsWith('ERROR:'))), 'the failed step\'s log is in it');
  const polls = evidence.requests.filter((r) => r.target.startsWith(`/api/v1/task/dag/${id}`));
  assert.ok(polls.length >= 1 && polls.every((r) => /^[0-9a-f]{16}$/.test(r.trace_id)), JSON.stringify(evidence.requests));
  assert.ok(!text.includes(PASSWORD) && !/X-OCS|password|session_id/i.test(text), 'a secret in the evidence');
  await context.close();
});
