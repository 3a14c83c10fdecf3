// Several backends behind one nginx (console.json): two simulated agents, the second behind
// /agents/east with another version, and a simulated OCP behind /api/v2/. A person connects to
// them, switches between them from the header, locks one while the others stay connected, adds a
// replica through an agent and through OCP and watches both tasks, and opens deep links to tasks
// in a fresh tab, which asks for that backend's password only. Below the browser, a signed
// request with percent escapes goes through the prefix and reaches the agent byte for byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useStack, PASSWORD, OCP_PASSWORD } from '../../lib/stack.mjs';
import { AddReplicasPage, TaskPage, TaskView, scaleOutToNewZone } from '../../lib/pages/obshell.mjs';
import { sealedRequest } from '../../lib/node-client.mjs';
import { sections, connectForm, connectAgentForm } from '../../lib/pages/shell.mjs';

const CONSOLE_JSON = {
  backends: [
    { name: 'demo', kind: 'obshell', prefix: '' },
    { name: 'east', kind: 'obshell', prefix: '/agents/east' },
    { name: 'ocp', kind: 'ocp', prefix: '' },
  ],
};

const env = useStack({
  agents: [
    // The second agent is the newer one: the simulated idle host it scales out to is 4.5.
    { name: 'demo', prefix: '', simArgs: ['--speed', '10', '--agent-version', '4.4.1.0'] },
    { name: 'east', prefix: '/agents/east', simArgs: ['--speed', '10'] },
  ],
  consoleJson: CONSOLE_JSON,
  ocp: true,
});

const connectTo = (page, name) => connectAgentForm(page, name, PASSWORD);

// The bar names the backend; About names the agent's version (both sims show the same topology).
const brand = (page) => page.getByTestId('brand');
const version = (page) => page.getByTestId('about-version');
const switcher = (page) => page.getByRole('navigation', { name: 'Backend' });

test('the connect page lists every backend with its kind and proxied path', async () => {
  const page = await env.browser.newPage();
  await page.goto(`${env.stack.url}/connect`);
  const items = page.getByRole('listitem').filter({ has: page.getByRole('heading') });
  await connectForm(page, 'east').waitFor();
  assert.deepEqual(await page.getByRole('heading', { level: 2 }).allTextContents(), ['demo', 'east', 'ocp']);
  const east = items.filter({ has: page.getByRole('heading', { name: 'east' }) });
  assert.match(await east.textContent(), /OBShell agent · \/agents\/east\/api\/v1\//);
  const ocp = items.filter({ has: page.getByRole('heading', { name: 'ocp' }) });
  assert.match(await ocp.textContent(), /OCP · \/api\/v2\//);
  const ocpForm = connectForm(page, 'ocp');
  assert.equal(await ocpForm.getByLabel('OCP user').inputValue(), 'admin');
  assert.equal(await ocpForm.getByLabel('OCP password').inputValue(), '');
  assert.equal(await ocpForm.getByRole('button', { name: 'Connect to OCP' }).isEnabled(), true);
  await page.close();
});

test('connects to both agents, switches from the header, and locks one alone', async () => {
  const page = await env.browser.newPage();
  await page.goto(`${env.stack.url}/connect`);
  await connectTo(page, 'demo');
  await connectTo(page, 'east');
  // Both connected: each offers to open it.
  await page.getByRole('link', { name: 'Open east' }).click();
  await brand(page).filter({ hasText: /^east/ }).waitFor();
  assert.match(await version(page).textContent(), /^4\.5\.0/);
  assert.match(page.url(), /\/b\/east\/cluster$/);
  assert.equal(await switcher(page).getByRole('link', { name: 'east' }).getAttribute('aria-current'), 'true');
  assert.deepEqual(await switcher(page).getByRole('link').allTextContents(), ['demo', 'east', 'Connect another…']);

  await switcher(page).getByRole('link', { name: 'demo' }).click();
  await page.waitForURL(/\/b\/demo\/cluster$/);
  await brand(page).filter({ hasText: /^demo/ }).waitFor();
  assert.match(await version(page).textContent(), /^4\.4\.1/);
  assert.equal(await switcher(page).getByRole('link', { name: 'demo' }).getAttribute('aria-current'), 'true');
  assert.equal(await switcher(page).getByRole('link', { name: 'east' }).getAttribute('aria-current'), null);
  await page.getByTestId('cluster-name').waitFor();

  // Each page shows its own agent: the tasks page of east, then Lock east only.
  await switcher(page).getByRole('link', { name: 'east' }).click();
  await brand(page).filter({ hasText: /^east/ }).waitFor();
  assert.match(await version(page).textContent(), /^4\.5\.0/);
  await sections(page).getByRole('link', { name: 'Tasks', exact: true }).click();
  await page.waitForURL(/\/b\/east\/tasks$/);
  await page.getByTestId('lock').click();
  await connectForm(page, 'east').waitFor();
  assert.equal(await connectForm(page, 'east').getByLabel('root@sys password').inputValue(), '');

  // demo is still connected: no password asked there.
  await page.getByRole('link', { name: 'All backends' }).click();
  await connectForm(page, 'east').waitFor();
  assert.equal(await connectForm(page, 'demo').count(), 0, 'demo still connected');
  await page.getByRole('link', { name: 'Open demo' }).click();
  await brand(page).filter({ hasText: /^demo/ }).waitFor();
  assert.match(await version(page).textContent(), /^4\.4\.1/);
  assert.deepEqual(await switcher(page).getByRole('link').allTextContents(), ['demo', 'Connect another…']);
  await page.close();
});

test('a deep link to a task of the second agent asks for its password, then shows the task', async () => {
  const page = await env.browser.newPage();
  await page.goto(`${env.stack.url}/b/east/cluster/scale-out`);
  await connectTo(page, 'east');
  await env.stack.agents.east.clearRequests();
  await scaleOutToNewZone(page);
  await page.waitForURL(/\/b\/east\/tasks\/[^/?]+$/);
  const link = page.url();
  const id = decodeURIComponent(new URL(link).pathname.split('/').pop());
  await new TaskView(page).state.waitFor();
  const sent = (await env.stack.agents.east.requests()).filter((r) => r.method === 'POST').map((r) => r.target);
  assert.ok(sent.includes('/api/v1/ob/scale_out'), `the east agent got the scale-out: ${sent}`);
  assert.ok(!(await env.stack.agents.demo.requests()).some((r) => r.target === '/api/v1/ob/scale_out'), 'nothing went to demo');
  await page.close();

  // A fresh browser context: nothing is connected there.
  const context = await env.browser.newContext();
  const fresh = await context.newPage();
  await fresh.goto(link);
  await connectForm(fresh, 'east').waitFor();
  assert.equal(await connectForm(fresh, 'demo').count(), 0, 'only the backend of the link is asked for');
  await connectTo(fresh, 'east');
  await fresh.getByTestId('task-name').filter({ hasText: 'Cluster scale out' }).waitFor();
  assert.equal(fresh.url(), link);
  assert.match(await brand(fresh).textContent(), /^east/);
  assert.match(await version(fresh).textContent(), /^4\.5\.0/);
  assert.match(await fresh.getByTestId('task-id').textContent(), new RegExp(id));
  await context.close();
});

async function connectOcp(page) {
  const form = connectForm(page, 'ocp');
  await form.getByLabel('OCP password').fill(OCP_PASSWORD);
  await form.getByRole('button', { name: 'Connect to OCP' }).click();
  await form.waitFor({ state: 'detached' });
}

test('an agent and OCP at once: a replica added through each, both tasks watched, each deep link', async () => {
  const page = await env.browser.newPage();
  await page.goto(`${env.stack.url}/connect`);
  await connectTo(page, 'demo');
  await connectOcp(page);

  // Through OCP: tenant payments of obcluster-east gets a FULL replica in zone1 (the seed's body).
  await page.getByRole('link', { name: 'Open ocp' }).click();
  await page.getByRole('heading', { name: 'OCP clusters' }).waitFor();
  assert.deepEqual(await switcher(page).getByRole('link').allTextContents(), ['demo', 'ocp', 'Connect another…']);
  assert.equal(await switcher(page).getByRole('link', { name: 'ocp' }).getAttribute('aria-current'), 'true');
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
  const ocpTask = page.url();
  await page.getByRole('heading', { name: /Add tenant replica/ }).waitFor();
  const posted = (await env.stack.ocpAdmin('requests')).requests.filter((r) => r.method === 'POST').map((r) => r.target);
  assert.deepEqual(posted, ['/api/v2/ob/clusters/2/tenants/12/addReplica']);

  // Through the agent, from the header, while OCP's task runs.
  await switcher(page).getByRole('link', { name: 'demo' }).click();
  await brand(page).filter({ hasText: /^demo/ }).waitFor();
  // From the agent's pages, the switcher opens OCP at its clusters.
  assert.equal(await switcher(page).getByRole('link', { name: 'ocp' }).getAttribute('href'), '/b/ocp');
  await page.goto(`${env.stack.url}/b/demo/tenants/logs/replicas/add`);
  // A reload forgets every password: this is the deep-link path, one backend asked for.
  await connectTo(page, 'demo');
  const add = new AddReplicasPage(page);
  await add.form.waitFor();
  await add.row(0).zone.selectOption('zone2');
  await add.row(0).config.selectOption('unit_2c8g');
  await add.submit.click();
  const agentTask = new TaskPage(page);
  await agentTask.name.waitFor();
  assert.match(page.url(), /\/b\/demo\/tasks\/[^/]+$/);
  await new TaskView(page).waitForState('SUCCEED', 60_000);
  const agentTaskUrl = page.url();

  // OCP's task, by its deep link in a fresh context: only OCP's password is asked for.
  const context = await env.browser.newContext();
  const fresh = await context.newPage();
  await fresh.goto(ocpTask);
  await connectForm(fresh, 'ocp').waitFor();
  assert.equal(await connectForm(fresh, 'demo').count(), 0, 'only the backend of the link is asked for');
  await connectOcp(fresh);
  assert.equal(fresh.url(), ocpTask);
  await fresh.getByTestId('ocp-task-status').and(fresh.locator('[data-status="SUCCESSFUL"]')).waitFor({ timeout: 60_000 });
  // And the agent's task by its own link, in the same fresh tab: that backend's password now.
  await fresh.goto(agentTaskUrl);
  await connectForm(fresh, 'demo').waitFor();
  await connectTo(fresh, 'demo');
  await fresh.getByTestId('task-name').waitFor();
  assert.equal(fresh.url(), agentTaskUrl);
  await context.close();
  await page.close();
});

test('a signed request with percent escapes reaches the agent behind the prefix byte for byte', async () => {
  const east = env.stack.agents.east;
  await east.clearRequests();
  const tenant = '/api/v1/tenant/a%23b%20c';
  const answer = await sealedRequest(east.base, PASSWORD, 'GET', tenant);
  const code = answer.body?.error?.errCode ?? '';
  assert.ok(!code.startsWith('Security.Authentication'), `refused as unauthenticated: ${JSON.stringify(answer.body)}`);
  assert.notEqual(answer.status, 401);
  const query = '/api/v1/ob/info?x=%26&y=%2F&z=a%20b';
  const info = await sealedRequest(east.base, PASSWORD, 'GET', query);
  assert.equal(info.status, 200, JSON.stringify(info.body));
  const seen = (await east.requests()).map((r) => r.target);
  assert.ok(seen.includes(tenant), `the agent saw ${seen}`);
  assert.ok(seen.includes(query), `the agent saw ${seen}`);
  assert.ok(!seen.some((t) => t.startsWith('/agents/')), 'the prefix is stripped');
  // The default agent never saw them.
  const demo = (await env.stack.agents.demo.requests()).map((r) => r.target);
  assert.ok(!demo.includes(query));
});

test('nginx serves console.json revalidated, and no Basic prompt can come from /api/v2/', async () => {
  const res = await fetch(`${env.stack.url}/console.json`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('cache-control'), 'no-cache');
  assert.deepEqual(await res.json(), CONSOLE_JSON);
  // OCP refuses a wrong password with its JSON envelope and no WWW-Authenticate (which would
  // make the browser ask for Basic credentials itself).
  const wrong = await fetch(`${env.stack.url}/api/v2/info`, { headers: { Authorization: `Basic ${Buffer.from('admin:nope').toString('base64')}` } });
  assert.equal(wrong.status, 401);
  assert.equal(wrong.headers.get('www-authenticate'), null);
  const body = await wrong.json();
  assert.equal(body.successful, false);
  assert.equal(body.error.code, 0);
  assert.match(body.traceId, /^[0-9a-f]{16}$/);
});
