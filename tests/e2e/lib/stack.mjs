// Starts the stack the end-to-end tests and benchmarks drive: the simulated agent, nginx
// rendered from deploy/nginx.conf for loopback ports, and Debian's Chromium via playwright-core.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '../../..');
export const PASSWORD = process.env.OBSHELL_SIM_PASSWORD ?? 'ObShell#Demo1';
/** The simulated OCP's `admin` password (with `ocp: true`). */
export const OCP_PASSWORD = process.env.OCP_SIM_PASSWORD ?? 'Ocp#Admin1';

/**
 * With `ocp`, the simulator also serves OCP under /api/v2/ (same process); nginx gets a
 * location for it that never lets a browser see `WWW-Authenticate` (no Basic pop-up).
 */
function withOcpLocation(conf) {
  const location = `
        location /api/v2/ {
            proxy_pass http://obshell_agent;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_hide_header WWW-Authenticate;
            proxy_read_timeout 120s;
        }
`;
  return conf.replace(/(\n\s*location \/api\/ \{)/, `${location}$1`);
}

async function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });
}

async function waitFor(url, what) {
  const deadline = Date.now() + 20_000;
  let last;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
      last = `HTTP ${res.status}`;
    } catch (e) {
      last = e.message;
    }
    await sleep(100);
  }
  throw new Error(`${what} did not come up at ${url}: ${last}`);
}

function start(cmd, args, name, logs) {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (d) => logs.push(`[${name}] ${d}`));
  child.stderr.on('data', (d) => logs.push(`[${name}] ${d}`));
  return child;
}

/** Renders deploy/nginx.conf the way an operator would, for loopback ports. */
export function renderNginx({ listen, dist, agent, prefix }) {
  let conf = readFileSync(join(ROOT, 'deploy/nginx.conf'), 'utf8')
    .replaceAll('@LISTEN@', `127.0.0.1:${listen}`)
    .replaceAll('@DIST@', dist)
    .replaceAll('@AGENT@', agent)
    .replaceAll('@PREFIX@', prefix);
  // Tests run as root in CI; workers then need root to read the scratch prefix.
  if (process.getuid?.() === 0) conf = `user root;\n${conf}`;
  return conf;
}

/** Agent + nginx. `stop()` ends both and removes the scratch folder. */
export async function startStack({ simArgs = [], ocp = false } = {}) {
  const logs = [];
  const dist = join(ROOT, 'dist');
  if (!existsSync(join(dist, 'index.html'))) throw new Error('dist/ is missing: run trunk build --release first');
  const sim = process.env.OBSHELL_SIM_BIN ?? join(ROOT, 'target/debug/obshell-sim');
  const agentPort = await freePort();
  const webPort = await freePort();
  const prefix = mkdtempSync(join(tmpdir(), 'obshell-e2e-'));
  for (const d of ['tmp/body', 'tmp/proxy', 'tmp/fastcgi', 'tmp/uwsgi', 'tmp/scgi']) mkdirSync(join(prefix, d), { recursive: true });
  let conf = renderNginx({ listen: webPort, dist, agent: `127.0.0.1:${agentPort}`, prefix });
  if (ocp) conf = withOcpLocation(conf);
  writeFileSync(join(prefix, 'nginx.conf'), conf);

  const agentArgs = ['--listen', `127.0.0.1:${agentPort}`, '--password', PASSWORD, '--faults', ...(ocp ? ['--ocp-password', OCP_PASSWORD] : []), ...simArgs];
  let agent = start(sim, agentArgs, 'agent', logs);
  const nginx = start('nginx', ['-p', prefix, '-c', join(prefix, 'nginx.conf'), '-e', join(prefix, 'error.log'), '-g', 'daemon off;'], 'nginx', logs);
  const stop = async () => {
    for (const c of [agent, nginx]) if (c.exitCode === null) c.kill('SIGTERM');
    await sleep(100);
    rmSync(prefix, { recursive: true, force: true });
  };
  /** Stops the agent process (as a crash or an upgrade would); nginx keeps serving the page. */
  const stopAgent = async () => {
    const exited = new Promise((ok) => agent.once('exit', ok));
    agent.kill('SIGKILL');
    await exited;
  };
  /** Starts the agent again with the same arguments (and state folder, if any). */
  const startAgent = async () => {
    agent = start(sim, agentArgs, 'agent', logs);
    await waitFor(`http://127.0.0.1:${agentPort}/api/v1/time`, 'simulated agent');
  };
  try {
    await waitFor(`http://127.0.0.1:${agentPort}/api/v1/time`, 'simulated agent');
    await waitFor(`http://127.0.0.1:${webPort}/api/v1/time`, 'nginx');
  } catch (e) {
    await stop();
    throw new Error(`${e.message}\n${logs.join('')}`);
  }
  const agentUrl = `http://127.0.0.1:${agentPort}`;
  /** The agent's log of API requests (method, exact target, status), from its admin API. */
  const requests = async () => (await (await fetch(`${agentUrl}/__sim/requests`)).json()).requests;
  const clearRequests = () => fetch(`${agentUrl}/__sim/requests`, { method: 'DELETE' });
  /** The simulated OCP's admin API (`/__sim/ocp/...`): `fail`, `throttle`, `requests`, `reset`. */
  const ocpAdmin = async (what, body) => {
    const res = await fetch(`${agentUrl}/__sim/ocp/${what}`, body === undefined ? {} : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    return res.headers.get('content-type')?.includes('json') ? res.json() : res.text();
  };
  return { url: `http://127.0.0.1:${webPort}`, agentUrl, logs, stop, stopAgent, startAgent, requests, clearRequests, ocpAdmin };
}

/** Debian's Chromium, never a downloaded browser. */
export async function launchBrowser() {
  const profile = mkdtempSync(join(tmpdir(), 'obshell-chromium-'));
  process.env.XDG_CONFIG_HOME ??= profile;
  process.env.XDG_CACHE_HOME ??= profile;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  const close = browser.close.bind(browser);
  browser.close = async () => {
    await close();
    rmSync(profile, { recursive: true, force: true });
  };
  return browser;
}

/**
 * Registers the hooks a spec file needs: the stack (and, unless `browser: false`, Debian's
 * Chromium) before its tests, and their shutdown after. Read `env.stack` and `env.browser` in
 * the tests.
 */
export function useStack({ browser = true, ...options } = {}) {
  const env = { stack: undefined, browser: undefined };
  before(async () => {
    env.stack = await startStack(options);
    if (browser) env.browser = await launchBrowser();
  });
  after(async () => {
    await env.browser?.close();
    await env.stack?.stop();
  });
  return env;
}
