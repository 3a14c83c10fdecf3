// The agent rotates its key (as an upgrade does) and its clock moves: the console repairs both
// by itself, re-sending only requests the agent refused before looking at them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useStack, PASSWORD } from '../../lib/stack.mjs';
import { openConnected } from '../../lib/pages/shell.mjs';
import { ClusterPage } from '../../lib/pages/obshell.mjs';

const env = useStack();

/** The agent's request log once the cluster page's request succeeded again (at most 10 s). */
async function logAfterRefresh() {
  const deadline = Date.now() + 10_000;
  let log = [];
  while (Date.now() < deadline) {
    log = await env.stack.requests();
    if (log.some((r) => r.target === '/api/v1/obcluster/info' && r.status === 200)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await new Promise((r) => setTimeout(r, 300));
  return env.stack.requests();
}

/**
 * The header's task badge polls in the background and may meet the stale key or clock too:
 * each refused request leads to at most one repair and is sent exactly once more.
 */
function assertRepairedOnce(log, repair) {
  const lines = log.map((r) => `${r.method} ${r.target} ${r.status}`);
  const refused = log.filter((r) => r.status === 401);
  assert.ok(refused.length >= 1, `something met the stale state: ${lines.join(' | ')}`);
  const repairs = log.filter((r) => r.target === repair).length;
  assert.ok(repairs >= 1 && repairs <= refused.length, `one ${repair} per refusal at most: ${lines.join(' | ')}`);
  for (const r of refused) {
    const same = log.filter((x) => x.target === r.target && x.seq > r.seq);
    assert.equal(same[0]?.status, 200, `${r.target} is sent once more and succeeds: ${lines.join(' | ')}`);
    assert.equal(same.length, 1, `${r.target} is not sent a third time: ${lines.join(' | ')}`);
  }
  assert.equal(log.filter((r) => r.target === '/api/v1/obcluster/info' && r.status === 200).length, 1);
}

const admin = (path, body) => fetch(`${env.stack.agentUrl}/__sim${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

test('a rotated key and a shifted clock are repaired once, transparently', async () => {
  const page = await env.browser.newPage();
  await openConnected(page, `${env.stack.url}/cluster`, PASSWORD);
  const cluster = new ClusterPage(page);
  await cluster.waitUntilShown();
  assert.match(await page.getByTestId('auth-mode').textContent(), /session/, 'the agent supports sessions: the password is dropped');

  await admin('/rotate-key', { bits: 1024 });
  await env.stack.clearRequests();
  await page.getByTestId('refresh').click();
  assertRepairedOnce(await logAfterRefresh(), '/api/v1/secret');

  await admin('/clock', { offset_secs: 900 });
  await env.stack.clearRequests();
  await page.getByTestId('refresh').click();
  assertRepairedOnce(await logAfterRefresh(), '/api/v1/time');
  assert.equal(await cluster.zones.count(), 3);
  await page.close();
});
