// Placement, drawn (issue 23): the tenants page's Placement view, one row per tenant and one
// column per zone by region; each cell says the tenant's replica there with its unit config and
// unit number, or that there is none, as the agent's own `obcluster/info` has it; the search
// filters the rows as it does the table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useStack, PASSWORD } from '../../lib/stack.mjs';
import { openConnected } from '../../lib/pages/shell.mjs';
import { sealedRequest } from '../../lib/node-client.mjs';

const env = useStack();

function localityOf(text) {
  const out = {};
  for (const part of text.split(',')) {
    const [kind, zone] = part.trim().split('@');
    if (zone) out[zone.trim()] = kind.split('{')[0].trim();
  }
  return out;
}

test('each cell is the tenant’s replica in that zone, as the agent reports it', async () => {
  const info = (await sealedRequest(env.stack.url, PASSWORD, 'GET', '/api/v1/obcluster/info')).body.data;
  const page = await env.browser.newPage();
  await openConnected(page, `${env.stack.url}/tenants`, PASSWORD);
  await page.getByTestId('tenant-row').first().waitFor();
  await page.getByRole('navigation', { name: 'Show the tenants as' }).getByRole('link', { name: 'Placement' }).click();
  const matrix = page.getByTestId('placement-matrix');
  await matrix.waitFor();
  assert.match(page.url(), /view=placement/);
  // Columns: the zones by region, in the agent's order.
  const regions = [...new Set(info.zones.map((z) => z.region_name))];
  for (const r of regions) await matrix.getByRole('columnheader', { name: `region ${r}` }).waitFor();
  const zones = regions.flatMap((r) => info.zones.filter((z) => z.region_name === r).map((z) => z.name));
  const rows = matrix.getByTestId('placement-row');
  assert.equal(await rows.count(), info.tenants.length);
  for (const t of info.tenants) {
    const locality = localityOf(t.locality);
    const first = t.primary_zone === 'RANDOM' ? [] : t.primary_zone.split(';')[0].split(',');
    const row = rows.filter({ has: page.getByRole('link', { name: t.tenant_name, exact: true }) });
    const cells = row.getByRole('img');
    assert.equal(await cells.count(), zones.length);
    for (const [i, zone] of zones.entries()) {
      const name = await cells.nth(i).getAttribute('aria-label');
      const kind = locality[zone];
      if (!kind) {
        assert.equal(name, `${t.tenant_name} in ${zone}: no replica`);
        continue;
      }
      const pool = t.pools.find((p) => p.zone_list.split(';').includes(zone));
      assert.ok(name.startsWith(`${t.tenant_name} in ${zone}: ${kind} replica`), name);
      if (pool) assert.match(name, new RegExp(`unit config ${pool.unit_config.name} .*, ${pool.unit_num} unit\\(s\\)`), name);
      assert.equal(name.endsWith('first priority of the primary zone'), first.includes(zone), `${zone}: ${name}`);
    }
  }
  // The search filters the rows, and the view stays.
  const one = info.tenants[0].tenant_name;
  await page.getByTestId('tenant-search').fill(one);
  await rows.filter({ hasNot: page.getByRole('link', { name: one, exact: true }) }).first().waitFor({ state: 'detached' });
  assert.ok((await rows.count()) >= 1);
  assert.match(page.url(), /view=placement/);
  // Back to the table.
  await page.getByRole('link', { name: 'Table' }).click();
  await page.getByTestId('tenant-row').first().waitFor();
  await page.close();
});

test('a tenant’s page lists every other zone of the cluster and whether its unit fits there, as its add form does', async () => {
  const info = (await sealedRequest(env.stack.url, PASSWORD, 'GET', '/api/v1/obcluster/info')).body.data;
  const t = info.tenants.find((x) => x.tenant_name === 'logs');
  const locality = localityOf(t.locality);
  const unit = t.pools[0].unit_config;
  const needed = t.pools[0].unit_num;
  const page = await env.browser.newPage();
  await openConnected(page, `${env.stack.url}/tenants/logs`, PASSWORD);
  await page.getByTestId('replica-row').first().waitFor();
  const others = info.zones.filter((z) => !locality[z.name]);
  assert.ok(others.length > 0, 'the demo leaves logs some zones');
  const rows = page.getByTestId('free-zone-row');
  await rows.first().waitFor();
  assert.deepEqual(await rows.evaluateAll((rs) => rs.map((r) => r.dataset.zone)), others.map((z) => z.name));
  for (const z of others) {
    // A server has room when its free CPU and memory take one more unit (the agent's check).
    const room = z.servers.filter((s) => s.stats.cpu_core_total - s.stats.cpu_core_assigned >= unit.max_cpu
      && s.stats.memory_in_bytes_total - s.stats.memory_in_bytes_assigned >= unit.memory_size).length;
    const text = await rows.filter({ has: page.getByRole('cell', { name: z.name, exact: true }) }).getByTestId('zone-fit').textContent();
    const verdict = room >= needed ? 'Its unit fits here' : 'Its unit would not fit here';
    assert.equal(text.startsWith(`${verdict}: ${room} server(s) with room, ${needed} needed.`), true, text);
  }
  // The add form offers the same zones, each with the same figures beside it.
  await page.getByTestId('go-add').click();
  const options = page.getByRole('combobox', { name: 'zone', exact: true }).first().locator('option:not([value=""])');
  await options.first().waitFor({ state: 'attached' });
  const offered = await options.allTextContents();
  assert.deepEqual(offered, others.map((z) => {
    const room = z.servers.filter((s) => s.stats.cpu_core_total - s.stats.cpu_core_assigned >= unit.max_cpu
      && s.stats.memory_in_bytes_total - s.stats.memory_in_bytes_assigned >= unit.memory_size).length;
    return `${z.name} — room for the tenant's unit on ${room} servers, ${needed} needed`;
  }));
  await page.close();
});
