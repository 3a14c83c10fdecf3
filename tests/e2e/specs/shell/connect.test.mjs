// A person opens the console through nginx, types the root password and sees the cluster.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useStack, PASSWORD } from '../../lib/stack.mjs';
import { ConnectPage, browserTraces } from '../../lib/pages/shell.mjs';
import { ClusterPage } from '../../lib/pages/obshell.mjs';

const env = useStack();

test('connects through nginx and sees the three zones with their servers', async () => {
  const page = await env.browser.newPage();
  const sent = [];
  page.on('request', (r) => sent.push({ url: r.url(), headers: r.headers(), body: r.postData() ?? '' }));
  const connect = new ConnectPage(page);
  await connect.open(env.stack.url);
  await connect.connect(PASSWORD);

  const cluster = new ClusterPage(page);
  await cluster.waitUntilShown();
  assert.deepEqual(await cluster.zoneNames.allTextContents(), ['zone1', 'zone2', 'zone3']);
  assert.equal(await cluster.servers.count(), 6);
  assert.equal(await cluster.brand.textContent(), 'agent 10.0.1.1:2886', 'the bar names the backend and its agent');
  assert.match(await cluster.aboutIdentity.textContent(), /CLUSTER AGENT/);

  const protectedCall = sent.find((r) => r.url.endsWith('/api/v1/ob/info'));
  assert.ok(protectedCall, 'the console called /api/v1/ob/info');
  assert.ok(protectedCall.headers['x-ocs-header']?.length >= 172, 'an RSA-encrypted auth header was sent');
  for (const r of sent) {
    const wire = `${r.url}\n${JSON.stringify(r.headers)}\n${r.body}`;
    assert.ok(!wire.includes(PASSWORD), `the password went out in clear to ${r.url}`);
  }
  assert.ok(!(await browserTraces(page)).includes(PASSWORD), 'the password is in storage, cookies or the URL');
  await page.close();
});

test('lock forgets the connection and asks for the password again', async () => {
  const page = await env.browser.newPage();
  const connect = new ConnectPage(page);
  await connect.open(env.stack.url);
  await connect.connect(PASSWORD);
  const cluster = new ClusterPage(page);
  await cluster.waitUntilShown();
  await cluster.lock.click();
  await connect.password.waitFor();
  assert.equal(await connect.password.inputValue(), '');
  await page.close();
});
