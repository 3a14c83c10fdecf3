// Capacity, drawn (issue 23): the cluster page groups zones by region and draws, for each zone
// and each server, CPU, memory and disk assigned against total. Each bar is checked against the
// agent's own `obcluster/info` figures, read beside the page; when OceanBase does not answer,
// the bars say the figures are unknown instead of drawing zeros.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useStack, PASSWORD } from '../../lib/stack.mjs';
import { openConnected } from '../../lib/pages/shell.mjs';
import { ClusterPage } from '../../lib/pages/obshell.mjs';
import { sealedRequest } from '../../lib/node-client.mjs';

const env = useStack();

/** A bar by its accessible name's start, with its value and maximum. */
async function meter(page, name) {
  const m = page.getByRole('meter', { name: new RegExp(`^${name.replace(/[().]/g, '\\$&')}`) });
  assert.equal(await m.count(), 1, `one bar named ${name}`);
  return { value: Number(await m.getAttribute('value')), max: Number(await m.getAttribute('max')), name: await m.getAttribute('aria-label') };
}

test('each zone (by region) and each server shows CPU, memory and disk as the agent reports them', async () => {
  const info = (await sealedRequest(env.stack.url, PASSWORD, 'GET', '/api/v1/obcluster/info')).body.data;
  const page = await env.browser.newPage();
  await openConnected(page, `${env.stack.url}/cluster`, PASSWORD);
  await new ClusterPage(page).waitUntilShown();
  // Zones under their region's heading, in the agent's order.
  const regions = [...new Set(info.zones.map((z) => z.region_name))];
  for (const region of regions) {
    const section = page.getByTestId('region').filter({ has: page.getByRole('heading', { name: `Region ${region}`, level: 2 }) });
    const names = await section.getByTestId('zone-name').allTextContents();
    assert.deepEqual(names, info.zones.filter((z) => z.region_name === region).map((z) => z.name));
  }
  for (const z of info.zones) {
    const sum = (f) => z.servers.reduce((n, s) => n + s.stats[f], 0);
    const cpu = await meter(page, `zone ${z.name} (all its servers), CPU`);
    assert.deepEqual([cpu.value, cpu.max], [sum('cpu_core_assigned'), sum('cpu_core_total')]);
    const memory = await meter(page, `zone ${z.name} (all its servers), memory`);
    assert.deepEqual([memory.value, memory.max], [sum('memory_in_bytes_assigned'), sum('memory_in_bytes_total')]);
    for (const s of z.servers) {
      const disk = await meter(page, `server ${s.ip}, disk`);
      assert.deepEqual([disk.value, disk.max], [s.stats.disk_in_bytes_assigned, s.stats.disk_in_bytes_total]);
      const percent = Math.round((s.stats.memory_in_bytes_assigned / s.stats.memory_in_bytes_total) * 100);
      const mem = await meter(page, `server ${s.ip}, memory`);
      assert.match(mem.name, new RegExp(`assigned \\(${percent} %\\)$`), mem.name);
    }
  }
  // The root service is marked on its server's row.
  const rs = info.zones.flatMap((z) => z.servers).find((s) => s.with_rootserver);
  const row = page.getByTestId('server').filter({ hasText: rs.ip });
  assert.match(await row.textContent(), /root service/);
  await page.close();
});

test('when OceanBase does not answer, the figures are said to be unknown, not drawn as zeros', async () => {
  const down = await fetch(`${env.stack.agentUrl}/__sim/oceanbase`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ down: true }),
  });
  assert.equal(down.status, 200, await down.text());
  const page = await env.browser.newPage();
  await openConnected(page, `${env.stack.url}/cluster`, PASSWORD);
  await new ClusterPage(page).waitUntilShown();
  await page.getByTestId('zone').first().waitFor();
  assert.equal(await page.getByRole('meter').count(), 0, 'no bar of zeros');
  assert.match(await page.getByTestId('zone-capacity').first().textContent(), /resources unknown/);
  await page.close();
});
