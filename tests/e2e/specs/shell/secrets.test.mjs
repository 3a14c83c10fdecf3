// Secrets leave no trace: a person connects to an agent and to OCP (console.json lists both),
// adds a replica, deletes it, scales out with a target agent password, adds a replica through
// OCP, then locks both. Everything observable is captured on the way: every request and
// response of the page (URL, headers, post body, response body), the DOM after each step,
// console messages, storage, cookies and IndexedDB names, both simulators' request logs and
// output, and nginx's access and error logs. The root password, the OCP password and the target
// agent password appear in none of them in clear (nor URL-encoded, nor base64'd). The one
// exception is HTTP Basic itself: OCP's `Authorization: Basic base64(admin:password)` necessarily
// carries the OCP password base64'd, so that value is allowed in exactly one place, the
// `Authorization` header of the page's requests to `/api/v2/`, and is looked for everywhere else.
// After Lock, the DOM and the JS-visible state hold none of them, and the agent saw no login
// after Lock (its logout never logs in again).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useStack, PASSWORD, OCP_PASSWORD } from '../../lib/stack.mjs';
import { AddReplicasPage, TaskView, scaleOutToNewZone } from '../../lib/pages/obshell.mjs';
import { sections } from '../../lib/pages/shell.mjs';

const TARGET_PASSWORD = 'Tgt#Agent-Pw7';

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

const b64 = (text) => Buffer.from(text, 'utf8').toString('base64');
const BASIC = b64(`admin:${OCP_PASSWORD}`);

/** Every form a secret could take in a capture. */
const forms = (name, secret) => [
  [name, secret],
  [`${name} (URL-encoded)`, encodeURIComponent(secret)],
  [`${name} (base64)`, b64(secret)],
];
const SECRETS = [
  ...forms('root password', PASSWORD),
  ...forms('OCP password', OCP_PASSWORD),
  ...forms('target agent password', TARGET_PASSWORD),
  ['OCP user:password (base64)', BASIC],
];

function leaks(where, text) {
  return SECRETS.filter(([, s]) => text.includes(s)).map(([name]) => `${name} in ${where}`);
}

const connectForm = (page, name) => page.getByRole('form', { name: `Connect to ${name}` });
const switcher = (page) => page.getByRole('navigation', { name: 'Backend' });

/**
 * What JavaScript on the page can see: storage, cookies, IndexedDB names, string globals, and
 * with `inputs` the inputs' values (a form being filled holds what is typed, until it is used).
 */
async function jsState(page, { inputs: withInputs = false } = {}) {
  const state = await page.evaluate(async (withInputs) => {
    const dump = (s) => Object.fromEntries(Array.from({ length: s.length }, (_, i) => [s.key(i), s.getItem(s.key(i))]));
    const dbs = indexedDB.databases ? (await indexedDB.databases()).map((d) => d.name) : [];
    const inputs = withInputs ? Array.from(document.querySelectorAll('input, textarea')).map((i) => i.value) : [];
    const globals = Object.keys(window)
      .filter((k) => typeof window[k] === 'string')
      .map((k) => [k, window[k]]);
    return { local: dump(localStorage), session: dump(sessionStorage), cookie: document.cookie, dbs, inputs, globals, url: location.href };
  }, withInputs);
  state.cookies = await page.context().cookies();
  return JSON.stringify(state);
}

test('no secret in any request, log, DOM or storage, and none left after Lock', async () => {
  const { stack, browser } = env;
  const context = await browser.newContext();
  const page = await context.newPage();
  const captured = [];
  const pending = [];
  const allowedBasic = [];
  const consoleLines = [];
  page.on('console', (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => consoleLines.push(`pageerror: ${e.message}`));
  page.on('request', (r) => pending.push((async () => {
    const headers = await r.allHeaders();
    const path = new URL(r.url()).pathname;
    if (path.startsWith('/api/v2/') && headers.authorization === `Basic ${BASIC}`) {
      // The one place Basic must carry it; everything else of the request is still checked.
      allowedBasic.push(path);
      delete headers.authorization;
    }
    captured.push({ what: 'request', url: r.url(), method: r.method(), headers, post: r.postData() });
  })()));
  page.on('response', (r) => pending.push((async () => {
    const headers = await r.allHeaders();
    const body = await r.text().catch(() => '');
    captured.push({ what: 'response', url: r.url(), status: r.status(), headers, body });
  })()));
  const doms = [];
  const step = async (name) => {
    doms.push([name, await page.content()]);
    doms.push([`${name} (JS state)`, await jsState(page)]);
  };

  // Connect to both backends from the connect page, with the preferences chosen (so the one
  // thing the console keeps is there to be checked).
  await page.goto(`${stack.url}/connect`);
  await page.getByLabel('Theme').selectOption('dark');
  await page.getByLabel('Language').selectOption('en-US');
  await step('connect page');
  const agentForm = connectForm(page, 'agent');
  await agentForm.getByLabel('root@sys password').fill(PASSWORD);
  for (const input of [agentForm.getByLabel('root@sys password'), connectForm(page, 'ocp').getByLabel('OCP password')]) {
    assert.equal(await input.getAttribute('autocomplete'), 'off');
    assert.equal(await input.getAttribute('data-lpignore'), 'true');
    assert.equal(await input.getAttribute('data-1p-ignore'), '');
    assert.equal(await input.getAttribute('name'), null);
    assert.doesNotMatch((await input.getAttribute('id')) ?? '', /pass/i, 'no id managers key on');
  }
  await agentForm.getByRole('button', { name: 'Connect' }).click();
  await agentForm.waitFor({ state: 'detached' });
  await step('agent connected');
  const ocpForm = connectForm(page, 'ocp');
  await ocpForm.getByLabel('OCP password').fill(OCP_PASSWORD);
  await ocpForm.getByRole('button', { name: 'Connect to OCP' }).click();
  await ocpForm.waitFor({ state: 'detached' });
  await step('OCP connected');

  // Through the agent: add a replica to logs, then delete it again.
  await page.getByRole('link', { name: 'Open agent' }).click();
  await page.getByTestId('cluster-name').waitFor();
  await sections(page).getByRole('link', { name: 'Tenants', exact: true }).click();
  await page.getByRole('link', { name: 'logs', exact: true }).click();
  await page.getByTestId('go-add').click();
  const add = new AddReplicasPage(page);
  await add.form.waitFor();
  await add.row(0).zone.selectOption('zone2');
  // A read-only replica: deleting it again keeps the Paxos members as they were.
  await add.row(0).type.selectOption('READONLY');
  await add.row(0).config.selectOption('unit_2c8g');
  await add.submit.click();
  const task = new TaskView(page);
  await task.waitForState('SUCCEED', 60_000);
  await step('replica added');
  await sections(page).getByRole('link', { name: 'Tenants', exact: true }).click();
  await page.getByRole('link', { name: 'logs', exact: true }).click();
  await page.getByTestId('go-delete').click();
  await page.getByTestId('delete-form').waitFor();
  await page.getByTestId('delete-zone-zone2').check();
  await page.getByTestId('submit').click();
  await task.waitForState('SUCCEED', 60_000);
  await step('replica deleted');

  // Scale out to a new zone with the target agent's own password.
  await sections(page).getByRole('link', { name: 'Cluster', exact: true }).click();
  await page.getByRole('link', { name: 'Scale out', exact: true }).click();
  await page.getByTestId('scale-out-form').waitFor();
  const target = page.getByLabel('Target agent password');
  assert.equal(await target.getAttribute('autocomplete'), 'off');
  assert.equal(await target.getAttribute('data-lpignore'), 'true');
  await target.fill(TARGET_PASSWORD);
  await step('scale-out form filled');
  await scaleOutToNewZone(page);
  await page.waitForURL(/\/tasks\/[^/?]+$/);
  await task.waitForState('SUCCEED', 90_000);
  await step('scaled out');

  // Through OCP: a replica added to payments of obcluster-east.
  await switcher(page).getByRole('link', { name: 'ocp', exact: true }).click();
  await sections(page).getByRole('link', { name: 'Clusters', exact: true }).click();
  await page.getByRole('heading', { name: 'OCP clusters' }).waitFor();
  await page.getByRole('link', { name: 'obcluster-east (id 2)' }).click();
  await page.getByRole('link', { name: 'payments' }).click();
  await page.getByRole('link', { name: 'Add replicas…' }).click();
  const form = page.getByRole('form', { name: 'Add replicas' });
  await form.getByLabel('zone, replica 1').selectOption('zone1');
  await form.getByLabel('replica type, replica 1').selectOption('FULL');
  await form.getByLabel('unit spec, replica 1').selectOption('S0');
  await form.getByLabel('unit count, replica 1').fill('1');
  await form.getByRole('button', { name: 'Add replicas' }).click();
  await page.waitForURL(/\/b\/ocp\/tasks\/\d+$/);
  await page.getByRole('heading', { name: /Add tenant replica/ }).waitFor();
  await step('OCP replica added');

  // Lock OCP, then the agent; nothing may log in after that.
  await page.getByTestId('lock').click();
  await connectForm(page, 'ocp').waitFor();
  await step('OCP locked');
  const agentSeen = (await stack.requests()).length;
  await page.getByRole('link', { name: 'All backends' }).click();
  await page.getByRole('link', { name: 'Open agent' }).click();
  await page.getByTestId('cluster-name').waitFor();
  await page.getByTestId('lock').click();
  await connectForm(page, 'agent').waitFor();
  // The logout is sent in the background: wait until the agent has it.
  const deadline = Date.now() + 10_000;
  let afterLock = [];
  while (Date.now() < deadline) {
    afterLock = (await stack.requests()).slice(agentSeen);
    if (afterLock.some((r) => r.target === '/api/v1/logout')) break;
    await page.waitForTimeout(100);
  }
  await page.waitForTimeout(1000);
  await step('agent locked');
  afterLock = (await stack.requests()).slice(agentSeen);
  const lockAt = afterLock.findIndex((r) => r.target === '/api/v1/logout');
  assert.ok(lockAt >= 0, `the session was logged out: ${JSON.stringify(afterLock)}`);
  assert.deepEqual(afterLock.slice(lockAt).filter((r) => r.target === '/api/v1/login'), [], 'no login after Lock');

  // After Lock: the DOM and what JavaScript can see hold no secret.
  const finalDom = await page.content();
  const finalState = await jsState(page, { inputs: true });
  assert.deepEqual([...leaks('the DOM after Lock', finalDom), ...leaks('the JS state after Lock', finalState)], []);
  assert.ok(JSON.parse(finalState).inputs.every((v) => v === '' || v === 'admin'), `the inputs are empty: ${finalState}`);
  // The only thing kept in the browser: the preferences, holding nothing but lang and theme.
  const kept = JSON.parse(finalState).local;
  assert.deepEqual(Object.keys(kept), ['obshell-console.prefs'], `localStorage: ${JSON.stringify(kept)}`);
  assert.deepEqual(JSON.parse(kept['obshell-console.prefs']), { lang: 'en-US', theme: 'dark' });
  assert.deepEqual(JSON.parse(finalState).session, {}, 'nothing in sessionStorage');

  await Promise.all(pending);
  const found = [];
  for (const c of captured) found.push(...leaks(`${c.what} ${c.method ?? c.status} ${c.url}`, JSON.stringify(c)));
  for (const [name, text] of doms) found.push(...leaks(`the DOM at "${name}"`, text));
  found.push(...leaks('console messages', consoleLines.join('\n')));
  found.push(...leaks("the agent's request log", JSON.stringify(await stack.requests())));
  found.push(...leaks("OCP's request log", JSON.stringify(await stack.ocpAdmin('requests'))));
  found.push(...leaks("the simulators' output", stack.logs.join('')));
  found.push(...leaks("nginx's logs", stack.nginxLogs()));
  assert.deepEqual(found, []);
  // The captures saw the work: the checks looked at real traffic.
  assert.ok(allowedBasic.some((p) => p.endsWith('/addReplica')), `Basic went to OCP: ${allowedBasic}`);
  assert.ok(captured.some((c) => c.url.endsWith('/api/v1/ob/scale_out') && c.what === 'request'), 'the scale-out was sent');
  assert.ok(stack.nginxLogs().includes('/api/v1/ob/scale_out'), "nginx's access log has the traffic");
  await context.close();
});
