// The request inspector: a person opens it from the preferences bar, connects (once with a
// wrong password), and sees each request of the tab with the status and trace id the backend
// answered; adds a replica and sees its POST with the plain body and the encrypted sizes as
// sent; the sealed header's Auth is shown as •••; filters; exports the list and finds in the
// file the target and trace id but no password, no credential and none of the sealed bytes
// that went out; Lock empties it. OCP's requests show `Authorization: Basic •••`. Through
// nginx, real Chromium, by role and accessible name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { useStack, PASSWORD, OCP_PASSWORD } from '../../lib/stack.mjs';
import { AddReplicasPage, TaskPage } from '../../lib/pages/obshell.mjs';

const WRONG = 'Wr0ng#Passw0rd';
const b64 = (text) => Buffer.from(text, 'utf8').toString('base64');

const env = useStack({
  ocp: true,
  consoleJson: {
    backends: [
      { name: 'agent', kind: 'obshell', prefix: '' },
      { name: 'ocp', kind: 'ocp', prefix: '' },
    ],
  },
  simArgs: ['--speed', '10'],
});

/** Every API request and answer of the page: method, path, status, trace id, what was sent. */
function capture(page) {
  const seen = [];
  page.on('response', async (res) => {
    const url = new URL(res.url());
    if (!url.pathname.startsWith('/api/')) return;
    const req = res.request();
    let traceId = '';
    try {
      traceId = JSON.parse(await res.text()).traceId ?? '';
    } catch { /* not JSON */ }
    seen.push({
      method: req.method(),
      target: url.pathname + url.search,
      status: res.status(),
      traceId,
      header: req.headers()['x-ocs-header'] ?? '',
      authorization: req.headers().authorization ?? '',
      body: req.postData() ?? '',
    });
  });
  return seen;
}

const inspector = (page) => page.getByRole('region', { name: 'Request inspector' });
const table = (page) => inspector(page).getByRole('table', { name: 'Requests, newest first' });
/** The body rows (the first row holds the column headers). */
const rows = (page) => table(page).getByRole('row').filter({ has: page.getByRole('cell') });
const rowsFor = (page, target) => rows(page).filter({ has: page.getByRole('cell', { name: target, exact: true }) });
const COL = { method: 1, backend: 2, target: 3, status: 4, trace: 6, sizes: 7 };
const cell = (row, col) => row.getByRole('cell').nth(COL[col]);

/** The header fields shown in a row's details, as { name: value }. */
async function headerFields(row) {
  await row.getByText('Details', { exact: true }).click();
  const names = await row.locator('dt').allTextContents();
  const values = await row.locator('dd').allTextContents();
  return Object.fromEntries(names.map((n, i) => [n, values[i]]));
}

test('lists each request with its answer, masks the secrets, filters, exports and empties on Lock', async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  const seen = capture(page);
  await page.goto(`${env.stack.url}/tenants/logs/replicas/add`);
  const openButton = page.getByRole('complementary', { name: 'Preferences' }).getByRole('button', { name: 'Requests' });
  assert.equal(await openButton.getAttribute('aria-expanded'), 'false');
  await openButton.click();
  await inspector(page).waitFor();
  assert.equal(await openButton.getAttribute('aria-expanded'), 'true');
  assert.deepEqual(
    await table(page).getByRole('columnheader').allTextContents(),
    ['Time', 'Method', 'Backend', 'Target', 'Status', 'Duration', 'Trace ID', 'Sent (encrypted)', 'Details'],
  );

  // A wrong password first: its refusal is listed as failed.
  await page.getByTestId('password').fill(WRONG);
  await page.getByTestId('connect').click();
  await page.getByTestId('error-panel').waitFor();
  await page.getByTestId('password').fill(PASSWORD);
  await page.getByTestId('connect').click();
  const form = new AddReplicasPage(page);
  await form.form.waitFor();

  // The open calls and the login, each with the status and trace id the agent answered.
  for (const target of ['/api/v1/secret', '/api/v1/info']) {
    const listed = rowsFor(page, target);
    assert.ok((await listed.count()) >= 1, `${target} is listed`);
    const row = listed.first();
    assert.equal(await cell(row, 'method').textContent(), 'GET');
    assert.equal(await cell(row, 'backend').textContent(), 'agent');
    assert.equal(await cell(row, 'status').textContent(), '200');
    const trace = await cell(row, 'trace').textContent();
    assert.ok(trace.length > 0, `${target} has a trace id`);
    assert.ok(seen.some((s) => s.target === target && s.traceId === trace), `${target}: ${trace} is what the agent answered`);
  }
  const signed = seen.filter((s) => s.header);
  assert.ok(signed.length >= 2, 'signed requests went out');
  const login = rowsFor(page, '/api/v1/login');
  const firstSigned = (await login.count()) > 0 ? login.first() : rowsFor(page, signed.at(-1).target).first();
  const fields = await headerFields(firstSigned);
  assert.equal(fields.Auth, '•••', 'the password in Auth is masked');
  assert.match(fields.Ts, /^\d{10}$/);
  assert.ok(fields.Uri.startsWith('/api/v1/'));

  // Failed only: the refused attempt(s) with the wrong password, nothing else.
  const failedOnly = inspector(page).getByRole('checkbox', { name: 'Failed only' });
  await failedOnly.check();
  const failedStatuses = await rows(page).evaluateAll((trs) => trs.map((tr) => tr.cells[4].textContent));
  assert.ok(failedStatuses.length >= 1, 'the wrong password is listed as failed');
  assert.ok(failedStatuses.every((s) => s === '401'), failedStatuses.join());
  await failedOnly.uncheck();

  // A mutation: its POST with the plain body, and the sizes of what was sealed and sent.
  await form.row(0).zone.selectOption('zone2');
  await form.row(0).config.selectOption('unit_2c8g');
  await form.submit.click();
  await new TaskPage(page).name.waitFor();
  const target = '/api/v1/tenant/logs/replicas';
  const post = rowsFor(page, target).filter({ hasText: 'POST' });
  await post.waitFor();
  const wire = seen.find((s) => s.method === 'POST' && s.target === target);
  assert.ok(wire, 'the POST went out');
  assert.equal(await cell(post, 'status').textContent(), String(wire.status));
  assert.equal(await cell(post, 'trace').textContent(), wire.traceId);
  const n = (x) => x.toLocaleString('en-US');
  assert.equal(
    await cell(post, 'sizes').textContent(),
    `header ${n(Buffer.byteLength(wire.header))} B · body ${n(Buffer.byteLength(wire.body))} B`,
  );
  const postFields = await headerFields(post);
  assert.equal(postFields.Uri, target);
  assert.equal(postFields.Keys, '•••', `the AES key and IV are masked: ${JSON.stringify(postFields)}`);
  assert.ok(postFields.Auth === '•••' || postFields.session_id === '•••', JSON.stringify(postFields));
  const body = await post.locator('pre').textContent();
  assert.match(body, /"name": "zone2"/, body);
  assert.match(body, /"unit_config_name": "unit_2c8g"/, body);

  // Filter by text: the target, then a trace id.
  const filter = inspector(page).getByRole('searchbox', { name: 'Filter' });
  await filter.fill('replicas');
  assert.ok((await rows(page).count()) >= 1);
  for (const t of await rows(page).evaluateAll((trs) => trs.map((tr) => tr.cells[3].textContent))) {
    assert.match(t, /replicas/);
  }
  await filter.fill(wire.traceId);
  assert.equal(await rows(page).count(), 1);
  await filter.fill('no-such-request');
  await inspector(page).getByText('No request matches the filter.').waitFor();
  await filter.fill('');

  // Export: the file holds the target and trace id, no secret in any form.
  const download = page.waitForEvent('download');
  await inspector(page).getByRole('button', { name: 'Export JSON' }).click();
  const text = readFileSync(await (await download).path(), 'utf8');
  const entries = JSON.parse(text);
  const exported = entries.find((e) => e.method === 'POST' && e.target === target);
  assert.ok(exported, 'the POST is exported');
  assert.equal(exported.trace_id, wire.traceId);
  assert.equal(exported.header_bytes, Buffer.byteLength(wire.header));
  const secrets = [
    ['root password', PASSWORD], ['root password (base64)', b64(PASSWORD)],
    ['wrong password', WRONG], ['wrong password (base64)', b64(WRONG)],
    ...seen.filter((s) => s.header).map((s) => [`sealed header of ${s.target}`, s.header]),
    ...seen.filter((s) => s.body).map((s) => [`encrypted body of ${s.target}`, s.body]),
  ];
  for (const [name, secret] of secrets) {
    assert.ok(!text.includes(secret), `${name} in the export`);
  }
  assert.ok(!(await inspector(page).textContent()).includes(PASSWORD), 'the panel shows no password');

  // Lock: nothing of the agent is left in the inspector.
  await page.getByRole('button', { name: 'Lock' }).click();
  await page.getByTestId('password').waitFor();
  const left = await rows(page).evaluateAll((trs) => trs.map((tr) => `${tr.cells[1].textContent} ${tr.cells[3].textContent} ${tr.cells[6].textContent}`));
  assert.ok(!left.some((r) => r.includes(target) || r.includes('/api/v1/login') || r.includes(wire.traceId)), left.join('\n'));
  assert.ok(left.every((r) => r.startsWith('GET ')), `only the connect page's own calls after Lock: ${left.join('\n')}`);
  await context.close();
});

test("OCP's requests show Authorization: Basic ••• and OCP's trace id; the panel speaks Chinese", async () => {
  const context = await env.browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  const seen = capture(page);
  await page.goto(`${env.stack.url}/b/ocp`);
  await page.getByRole('button', { name: '请求', exact: true }).click();
  const region = page.getByRole('region', { name: '请求检查器' });
  await region.waitFor();
  await region.getByRole('table', { name: '请求列表，最新的在前' }).waitFor();
  await region.getByRole('checkbox', { name: '仅失败的请求' }).waitFor();
  await page.getByTestId('ocp-password').fill(OCP_PASSWORD);
  await page.getByTestId('ocp-connect').click();
  await page.getByTestId('ocp-password').waitFor({ state: 'detached' });
  const row = region.getByRole('row').filter({ has: page.getByRole('cell', { name: '/api/v2/info', exact: true }) }).first();
  await row.waitFor();
  const answer = seen.find((s) => s.target === '/api/v2/info' && s.status === 200);
  assert.ok(answer?.traceId, 'OCP answered with a trace id');
  assert.equal(await cell(row, 'backend').textContent(), 'ocp');
  assert.equal(await cell(row, 'status').textContent(), '200');
  assert.equal(await cell(row, 'trace').textContent(), answer.traceId);
  await row.getByText('详情', { exact: true }).click();
  assert.deepEqual(await row.locator('dt').allTextContents(), ['Authorization']);
  assert.equal(await row.locator('dd').textContent(), 'Basic •••');
  const panel = await region.textContent();
  assert.ok(!panel.includes(answer.authorization.replace(/^Basic /, '')), 'the Basic credential is not shown');
  assert.ok(!panel.includes(OCP_PASSWORD));
  await context.close();
});
