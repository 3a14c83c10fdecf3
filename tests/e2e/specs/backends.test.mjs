// Several backends behind one nginx (console.json): two simulated agents, the second behind
// /agents/east with another version. A person connects to both, switches between them from the
// header, locks one while the other stays connected, and opens a deep link to a task of the
// second in a fresh tab, which asks for that backend's password first. Below the browser, a
// signed request with percent escapes goes through the prefix and reaches the agent byte for byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useStack, PASSWORD } from '../lib/stack.mjs';
import { TaskView, scaleOutToNewZone } from '../lib/pages.mjs';
import { sealedRequest } from '../lib/node-client.mjs';

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
});

/** The connect form of one backend, by its accessible name. */
const connectForm = (page, name) => page.getByRole('form', { name: `Connect to ${name}` });

async function connectTo(page, name) {
  const form = connectForm(page, name);
  await form.getByLabel('root@sys password').fill(PASSWORD);
  await form.getByRole('button', { name: 'Connect' }).click();
  await form.waitFor({ state: 'detached' });
}

const agentLine = (page) => page.getByTestId('agent');
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
  assert.equal(await connectForm(page, 'ocp').getByLabel('OCP user').inputValue(), 'admin');
  assert.equal(await connectForm(page, 'ocp').getByRole('button', { name: 'Connect to OCP' }).isDisabled(), false);
  await page.close();
});

test('connects to both agents, switches from the header, and locks one alone', async () => {
  const page = await env.browser.newPage();
  await page.goto(`${env.stack.url}/connect`);
  await connectTo(page, 'demo');
  await connectTo(page, 'east');
  // Both connected: each offers to open it.
  await page.getByRole('link', { name: 'Open east' }).click();
  await agentLine(page).waitFor();
  assert.match(await agentLine(page).textContent(), /obshell 4\.5\.0/);
  assert.match(page.url(), /\/b\/east\/cluster$/);
  assert.equal(await switcher(page).getByRole('link', { name: 'east' }).getAttribute('aria-current'), 'true');
  assert.deepEqual(await switcher(page).getByRole('link').allTextContents(), ['demo', 'east', 'Connect another…']);

  await switcher(page).getByRole('link', { name: 'demo' }).click();
  await page.waitForURL(/\/b\/demo\/cluster$/);
  await agentLine(page).filter({ hasText: /obshell 4\.4\.1/ }).waitFor();
  assert.equal(await switcher(page).getByRole('link', { name: 'demo' }).getAttribute('aria-current'), 'true');
  assert.equal(await switcher(page).getByRole('link', { name: 'east' }).getAttribute('aria-current'), null);
  await page.getByTestId('cluster-name').waitFor();

  // Each page shows its own agent: the tasks page of east, then Lock east only.
  await switcher(page).getByRole('link', { name: 'east' }).click();
  await agentLine(page).filter({ hasText: /obshell 4\.5\.0/ }).waitFor();
  await page.getByRole('link', { name: 'Tasks', exact: true }).click();
  await page.waitForURL(/\/b\/east\/tasks$/);
  await page.getByTestId('lock').click();
  await connectForm(page, 'east').waitFor();
  assert.equal(await connectForm(page, 'east').getByLabel('root@sys password').inputValue(), '');

  // demo is still connected: no password asked there.
  await page.getByRole('link', { name: 'All backends' }).click();
  await connectForm(page, 'east').waitFor();
  assert.equal(await connectForm(page, 'demo').count(), 0, 'demo still connected');
  await page.getByRole('link', { name: 'Open demo' }).click();
  await agentLine(page).filter({ hasText: /obshell 4\.4\.1/ }).waitFor();
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
  assert.match(await agentLine(fresh).textContent(), /obshell 4\.5\.0/);
  assert.match(await fresh.getByTestId('task-id').textContent(), new RegExp(id));
  await context.close();
});

test('a signed request with percent escapes reaches the agent behind the prefix byte for byte', async () => {
  const east = env.stack.agents.east;
  await east.clearRequests();
  const tenant = '/api/v1/tenant/a%2Fb%20c';
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
  // Nothing listens behind /api/v2/ in this stack: a 502 from nginx, without WWW-Authenticate.
  const ocp = await fetch(`${env.stack.url}/api/v2/time`);
  assert.equal(ocp.headers.get('www-authenticate'), null);
});
