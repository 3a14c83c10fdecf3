// nginx as shipped (deploy/nginx.conf + deploy/security-headers.conf): plain HTTP only
// redirects; the console boots over HTTPS under its Content-Security-Policy without a single
// violation while a person connects and opens pages whose code sets styles at run time; every
// location's answers (static, fallback, console.json, each proxy, nginx's own errors) carry
// every security header; API answers are never stored; big bodies and login floods are refused;
// a client cannot forge the forwarded address the agents see.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { useStack, ROOT, PASSWORD } from '../../lib/stack.mjs';
import { openConnected } from '../../lib/pages/shell.mjs';
import { TaskView, AddReplicasPage } from '../../lib/pages/obshell.mjs';
import { TimelineView } from '../../lib/timeline.mjs';
import { sealedRequest } from '../../lib/node-client.mjs';

const OCP_PASSWORD = 'Ocp#Demo1';

// Two agents (the second behind /agents/east) and OCP behind /api/v2/, no console.json (so
// /console.json is nginx's own 404); the browser drives the default agent.
const env = useStack({
  agents: [
    { name: 'agent', prefix: '', simArgs: ['--speed', '10'] },
    { name: 'east', prefix: '/agents/east' },
  ],
  ocp: {
    cmd: join(ROOT, 'target/debug/ocp-sim'),
    args: (port) => ['--listen', `127.0.0.1:${port}`, '--password', OCP_PASSWORD, '--faults'],
  },
});
// With a console.json, and for the floods (its rate-limit zone is its own).
const other = useStack({ browser: false, consoleJson: { backends: [{ name: 'demo', kind: 'obshell', prefix: '' }] } });

const CSP_EXPECTED = /^default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-[A-Za-z0-9+/]{43}='; style-src 'self'; connect-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'$/;

/** Every security header and its value (a RegExp or the exact text). */
const SECURITY_HEADERS = {
  'strict-transport-security': 'max-age=63072000',
  'content-security-policy': CSP_EXPECTED,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'permissions-policy': 'accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()',
};

function assertSecurityHeaders(res, what) {
  for (const [name, want] of Object.entries(SECURITY_HEADERS)) {
    const got = res.headers.get(name);
    if (want instanceof RegExp) assert.match(got ?? '', want, `${what}: ${name} is ${got}`);
    else assert.equal(got, want, `${what}: ${name}`);
  }
}

const asset = (suffix) => readdirSync(join(ROOT, 'dist')).find((f) => f.endsWith(suffix));

test('plain HTTP answers nothing but a 301 to the same target over HTTPS', async () => {
  await env.stack.clearRequests();
  for (const target of ['/', '/tasks/1?node=2&x=%2F', '/api/v1/time', '/agents/east/api/v1/time', '/console.json']) {
    const res = await fetch(`${env.stack.httpUrl}${target}`, { redirect: 'manual' });
    assert.equal(res.status, 301, target);
    assert.equal(res.headers.get('location'), `${env.stack.url}${target}`, target);
    assertSecurityHeaders(res, `redirect of ${target}`);
  }
  // The agent never saw them.
  assert.deepEqual(await env.stack.requests(), []);
});

test('every location\'s answers carry every security header, and the right Cache-Control', async () => {
  const cases = [
    ['/', 200, 'no-cache', env],
    ['/index.html', 200, 'no-cache', env],
    [`/${asset('_bg.wasm')}`, 200, 'public, max-age=31536000, immutable', env],
    [`/${asset('.js')}`, 200, 'public, max-age=31536000, immutable', env],
    [`/${asset('.css')}`, 200, 'public, max-age=31536000, immutable', env],
    ['/tasks/1', 200, 'no-cache', env],
    ['/b/east/tasks/12?node=3', 200, 'no-cache', env],
    // The built console's own console.json, and a deployment's (a scratch copy of dist/).
    ['/console.json', 200, 'no-cache', env],
    ['/console.json', 200, 'no-cache', other],
    ['/api/v1/time', 200, 'no-store', env],
    ['/api/v1/secret', 200, 'no-store', env],
    ['/api/v1/no-such-route', 404, 'no-store', env],
    ['/api/v1/ob/info', 400, 'no-store', env], // no auth header
    ['/agents/east/api/v1/time', 200, 'no-store', env],
    ['/agents/east/api/v1/no-such-route', 404, 'no-store', env],
    ['/api/v2/info', 401, 'no-store', env],
    // Not one of the console's calls: nginx's own JSON 404 (specs/shell/api-calls.test.mjs).
    ['/api/v2/time', 404, 'no-store', env],
    // nginx's own answer when the upstream is gone (OCP in `other` points where nothing listens).
    ['/api/v2/info', 502, 'no-store', other],
  ];
  for (const [target, status, cache, { stack }] of cases) {
    const res = await fetch(`${stack.url}${target}`);
    const what = `${target} (${status})`;
    assert.equal(res.status, status, what);
    assertSecurityHeaders(res, what);
    assert.equal(res.headers.get('cache-control'), cache, `${what}: cache-control`);
  }
  // OCP's Basic challenge stays hidden.
  assert.equal((await fetch(`${env.stack.url}/api/v2/info`)).headers.get('www-authenticate'), null);
});

test('a body over the limit is refused with 413 (headers and all) before any agent sees it', async () => {
  await env.stack.clearRequests();
  const big = 'x'.repeat(2 * 1024 * 1024);
  for (const target of ['/api/v1/tenant/logs/replicas', '/agents/east/api/v1/tenant/logs/replicas', '/api/v2/ob/clusters/2/tenants/12/addReplica']) {
    const res = await fetch(`${env.stack.url}${target}`, { method: 'POST', body: big, headers: { 'content-type': 'application/json' } });
    assert.equal(res.status, 413, target);
    assertSecurityHeaders(res, `413 of ${target}`);
  }
  assert.equal((await env.stack.requests()).filter((r) => r.method === 'POST').length, 0);
  // A sealed request of ordinary size goes through.
  const ok = await sealedRequest(env.stack.url, PASSWORD, 'GET', '/api/v1/units/config');
  assert.equal(ok.status, 200);
});

test('the forwarded address is nginx\'s own view of the client, never what the client sent', async () => {
  const forged = { 'x-forwarded-for': '203.0.113.7', 'x-real-ip': '203.0.113.7', forwarded: 'for=203.0.113.7' };
  await env.stack.clearRequests();
  await env.stack.agents.east.clearRequests();
  await fetch(`${env.stack.ocpUrl}/__sim/ocp/requests`, { method: 'DELETE' });
  await fetch(`${env.stack.url}/api/v1/time?forged=1`, { headers: forged });
  await fetch(`${env.stack.url}/agents/east/api/v1/time?forged=1`, { headers: forged });
  await fetch(`${env.stack.url}/api/v2/info?forged=1`, { headers: forged });
  const seen = [
    ...(await env.stack.requests()),
    ...(await env.stack.agents.east.requests()),
    ...(await (await fetch(`${env.stack.ocpUrl}/__sim/ocp/requests`)).json()).requests,
  ].filter((r) => r.target.endsWith('?forged=1'));
  assert.equal(seen.length, 3, JSON.stringify(seen));
  for (const r of seen) assert.equal(r.forwarded_for, '127.0.0.1', JSON.stringify(r));
});

test('login and connect calls are rate-limited per client, far above what a person does', async () => {
  // A person: connecting a few times in a row is never refused.
  for (let i = 0; i < 10; i += 1) assert.equal((await fetch(`${other.stack.url}/api/v1/secret`)).status, 200);
  // A flood is: 429, with the headers.
  const answers = await Promise.all(Array.from({ length: 80 }, () => fetch(`${other.stack.url}/api/v1/secret`)));
  const refused = answers.filter((r) => r.status === 429);
  assert.ok(refused.length > 0, 'no 429 in a flood of 90 secret requests');
  assertSecurityHeaders(refused[0], '429');
  assert.equal(refused[0].headers.get('cache-control'), 'no-store');
  // Other calls are not counted.
  assert.equal((await fetch(`${other.stack.url}/api/v1/time`)).status, 200);
  const login = await fetch(`${other.stack.url}/api/v1/login`, { method: 'POST', body: '{}' });
  assert.equal(login.status, 429);
});

test('the console boots over HTTPS under the CSP and runs its pages without a single violation', async () => {
  const violations = [];
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 900 } });
  await context.exposeBinding('__cspViolation', (_, v) => violations.push(v));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolation({
        directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample,
        source: `${e.sourceFile}:${e.lineNumber}`, page: location.pathname,
      });
    });
  });
  const track = (page) => {
    page.on('console', (m) => {
      if (/Content.Security.Policy|Refused to|Permissions.Policy/i.test(m.text())) violations.push({ console: m.text(), page: page.url() });
    });
    page.on('pageerror', (e) => violations.push({ pageerror: e.message, page: page.url() }));
    return page;
  };

  // Connect and look at the cluster.
  const page = track(await context.newPage());
  const response = await page.goto(`${env.stack.url}/cluster`);
  assert.match(response.headers()['content-security-policy'], CSP_EXPECTED);
  assert.equal(new URL(page.url()).protocol, 'https:');
  await openConnected(page, `${env.stack.url}/cluster`, PASSWORD);
  await page.getByTestId('cluster-name').waitFor();
  await page.getByTestId('zone').first().waitFor();

  // A form page.
  const form = track(await context.newPage());
  await openConnected(form, `${env.stack.url}/tenants/logs/replicas/add`, PASSWORD);
  await new AddReplicasPage(form).form.waitFor();
  await form.close();

  // A task page: graph (its tooltip is placed at run time) and timeline (bars and ticks placed
  // at run time).
  const res = await sealedRequest(env.stack.url, PASSWORD, 'POST', '/api/v1/tenant/logs/replicas', {
    zone_list: [{ name: 'zone2', unit_config_name: 'unit_2c8g', unit_num: 1 }],
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const taskPage = track(await context.newPage());
  await openConnected(taskPage, `${env.stack.url}/tasks/${res.body.data.id}`, PASSWORD);
  const task = new TaskView(taskPage);
  await task.graphNodes.nth(1).waitFor();
  await task.graphNodes.nth(1).hover();
  await taskPage.getByTestId('graph-tip').waitFor();
  await task.waitForState('SUCCEED');
  const timeline = new TimelineView(taskPage);
  await timeline.open();
  await taskPage.getByTestId('timeline-bar').nth(1).waitFor();
  assert.deepEqual(violations, [], 'violations before the timeline is hovered');
  const bar = taskPage.getByTestId('timeline-bar').first();
  await bar.hover();
  await taskPage.getByTestId('timeline-tip').first().waitFor();
  // What the run-time styles do reached the page: bars are placed, and not all at the left.
  const lefts = await taskPage.getByTestId('timeline-bar').evaluateAll((bs) => bs.map((b) => b.style.left));
  assert.ok(lefts.length > 1 && lefts.every((l) => /%$/.test(l)), `bar positions: ${lefts}`);
  assert.ok(new Set(lefts).size > 1, `bar positions: ${lefts}`);
  assert.match(await taskPage.getByTestId('graph').evaluate((g) => g.style.height), /px$/);

  await context.close();
  assert.deepEqual(violations, []);
});
