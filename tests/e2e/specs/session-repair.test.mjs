// The agent rotates its key (as an upgrade does) and its clock moves: the console repairs both
// by itself, re-sending only requests the agent refused before looking at them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack, launchBrowser, PASSWORD } from '../lib/stack.mjs';
import { openConnected, ClusterPage } from '../lib/pages.mjs';

let stack;
let browser;

before(async () => {
  stack = await startStack();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await stack?.stop();
});

/** The agent's request log once it holds `n` entries (or what it holds after 10 s). */
async function logOf(n) {
  const deadline = Date.now() + 10_000;
  let log = [];
  while (Date.now() < deadline) {
    log = (await stack.requests()).map((r) => `${r.method} ${r.target} ${r.status}`);
    if (log.length >= n) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return log;
}

const admin = (path, body) => fetch(`${stack.agentUrl}/__sim${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

test('a rotated key and a shifted clock are repaired once, transparently', async () => {
  const page = await browser.newPage();
  await openConnected(page, `${stack.url}/cluster`, PASSWORD);
  const cluster = new ClusterPage(page);
  await cluster.waitUntilShown();
  assert.match(await page.getByTestId('auth-mode').textContent(), /session/, 'the agent supports sessions: the password is dropped');

  await admin('/rotate-key', { bits: 1024 });
  await stack.clearRequests();
  await page.getByTestId('refresh').click();
  assert.deepEqual(await logOf(3), ['GET /api/v1/obcluster/info 401', 'GET /api/v1/secret 200', 'GET /api/v1/obcluster/info 200']);

  await admin('/clock', { offset_secs: 900 });
  await stack.clearRequests();
  await page.getByTestId('refresh').click();
  assert.deepEqual(await logOf(3), ['GET /api/v1/obcluster/info 401', 'GET /api/v1/time 200', 'GET /api/v1/obcluster/info 200']);
  assert.equal(await cluster.zones.count(), 3);
  await page.close();
});
