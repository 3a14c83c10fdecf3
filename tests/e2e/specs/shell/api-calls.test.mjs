// The shipped nginx passes to the agents and OCP only the calls the console makes
// (crates/protocol/src/{obshell,ocp}/calls.rs, the CALLS maps of deploy/nginx.conf). Anything
// else, even correctly signed, even a route the agent has, is nginx's own JSON 404 naming the
// policy, and never reaches a backend; the agent's unauthenticated zone DELETE is among them.
// Every other spec drives the console through the same maps, so a call the console makes but
// the list lacks fails there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:https';
import { useStack, PASSWORD } from '../../lib/stack.mjs';
import { sealedRequest } from '../../lib/node-client.mjs';

const env = useStack({
  browser: false,
  agents: [
    { name: 'agent', prefix: '' },
    { name: 'east', prefix: '/agents/east' },
  ],
  ocp: true,
});

/** Everything the three backends have seen since `clear()`. */
async function seenByBackends() {
  const { agent, east } = env.stack.agents;
  return [
    ...(await agent.requests()),
    ...(await east.requests()),
    ...(await env.stack.ocpAdmin('requests')).requests,
  ];
}

/** A request whose target is sent exactly as given (fetch would resolve `..` segments first). */
function rawRequest(method, target) {
  const { hostname, port } = new URL(env.stack.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, method, path: target, rejectUnauthorized: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => { body += chunk; });
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function clear() {
  await env.stack.agents.agent.clearRequests();
  await env.stack.agents.east.clearRequests();
  await fetch(`${env.stack.ocpUrl}/__sim/ocp/requests`, { method: 'DELETE' });
}

async function assertRefused(res, what) {
  assert.equal(res.status, 404, what);
  assert.match(res.headers.get('content-type') ?? '', /^application\/json/, `${what}: content-type`);
  assert.equal(res.headers.get('cache-control'), 'no-store', `${what}: cache-control`);
  assert.ok(res.headers.get('content-security-policy'), `${what}: security headers`);
  const body = await res.json();
  assert.equal(body.successful, false, what);
  assert.equal(body.error.errCode, 'Console.CallNotAllowed', what);
  assert.match(body.error.message, /only the calls obshell-console makes/, what);
}

test('requests outside the console\'s calls get nginx\'s JSON 404 and reach no backend', async () => {
  await clear();
  const refused = [
    ['GET', '/api/v1/no-such-route'],
    ['GET', '/api/v1/obcluster/statistics'], // the agent has it; the console does not call it
    ['GET', '/api/v1/tenant/sys/precheck'],
    ['PUT', '/api/v1/tenant/sys/replicas'], // a console route (POST, DELETE, PATCH) with another method
    ['POST', '/api/v1/info'], // a console route with another method
    ['DELETE', '/api/v1/tenant/sys'],
    ['GET', '/api/v1/tenant/sys%2Fusers'], // one segment hiding two: the agent decodes %2F
    ['GET', '/api/v1/tenant/'],
    ['GET', '/agents/east/api/v1/obcluster/statistics'],
    ['GET', '/api/v2/time'],
    ['GET', '/api/v2/ob/clusters/2/hosts'],
    ['GET', '/api/v2/ob/clusters/two'],
    ['DELETE', '/api/v2/ob/clusters/2/tenants/12'],
  ];
  for (const [method, target] of refused) {
    await assertRefused(await fetch(`${env.stack.url}${target}`, { method }), `${method} ${target}`);
  }
  assert.deepEqual(await seenByBackends(), [], 'no backend saw any of them');
});

test('a correctly signed request for a route the console does not call is refused too', async () => {
  const target = '/api/v1/obcluster/statistics';
  const direct = await sealedRequest(env.stack.agents.agent.agentUrl, PASSWORD, 'GET', target);
  assert.equal(direct.status, 200, `the agent itself answers it: ${JSON.stringify(direct.body)}`);
  await clear();
  const through = await sealedRequest(env.stack.url, PASSWORD, 'GET', target);
  assert.equal(through.status, 404);
  assert.equal(through.body.error.errCode, 'Console.CallNotAllowed');
  // The client's key and clock calls (console calls) went through; the request itself did not.
  assert.deepEqual((await seenByBackends()).map((r) => r.target).filter((t) => t !== '/api/v1/secret' && t !== '/api/v1/time'), []);
  // The console's own calls pass, signed or open, at every agent and at OCP.
  assert.equal((await sealedRequest(env.stack.url, PASSWORD, 'GET', '/api/v1/units/config')).status, 200);
  assert.equal((await sealedRequest(`${env.stack.url}/agents/east`, PASSWORD, 'GET', '/api/v1/tenants/overview')).status, 200);
  assert.equal((await fetch(`${env.stack.url}/api/v2/info`)).status, 401, 'OCP asks for its login');
  const seen = (await seenByBackends()).map((r) => `${r.method} ${r.target}`);
  assert.ok(seen.includes('GET /api/v1/units/config'), seen.join(', '));
  assert.ok(seen.includes('GET /api/v1/tenants/overview'), seen.join(', '));
  assert.ok(seen.includes('GET /api/v2/info'), seen.join(', '));
});

test('the agent\'s unauthenticated zone DELETE cannot be reached through the console\'s origin', async () => {
  // Straight to the agent, with no credential at all, the route is there and acts (4.5.0.0 has
  // no authentication on it: docs/protocol/obshell.md §11).
  const zone = 'zone3';
  const direct = await fetch(`${env.stack.agents.east.agentUrl}/api/v1/zone/${zone}`, { method: 'DELETE' });
  const answer = await direct.json();
  assert.notEqual(direct.status, 401, JSON.stringify(answer));
  assert.ok(!(answer.error?.errCode ?? '').startsWith('Security.'), `no authentication asked: ${JSON.stringify(answer)}`);
  await clear();
  for (const prefix of ['', '/agents/east']) {
    await assertRefused(await fetch(`${env.stack.url}${prefix}/api/v1/zone/${zone}`, { method: 'DELETE' }), `DELETE ${prefix}/api/v1/zone/${zone}`);
    // Nor by a path that only normalises to it, nor with a signature.
    for (const dotted of [`/api/v1/tenant/x/../../zone/${zone}`, `/api/v1/tenant/x/%2e%2e/%2e%2e/zone/${zone}`, `/api/v1/unit/config/..%2F..%2Fzone%2F${zone}`]) {
      const res = await rawRequest('DELETE', `${prefix}${dotted}`);
      assert.equal(res.status, 404, dotted);
      assert.equal(JSON.parse(res.body).error.errCode, 'Console.CallNotAllowed', dotted);
    }
    const signed = await sealedRequest(`${env.stack.url}${prefix}`, PASSWORD, 'DELETE', `/api/v1/zone/${zone}`);
    assert.equal(signed.status, 404);
    assert.equal(signed.body.error.errCode, 'Console.CallNotAllowed');
  }
  assert.deepEqual((await seenByBackends()).filter((r) => r.target.includes('zone')), [], 'no backend saw a zone DELETE');
  // The zone the refused calls named is still in the cluster the console shows.
  const info = await sealedRequest(env.stack.url, PASSWORD, 'GET', '/api/v1/obcluster/info');
  assert.ok(info.body.data.zones.some((z) => z.name === zone), JSON.stringify(info.body.data.zones.map((z) => z.name)));
});
