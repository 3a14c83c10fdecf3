// Starts the stack the end-to-end tests and benchmarks drive: the simulated agent, nginx
// rendered from deploy/nginx.conf for loopback ports, and Debian's Chromium via playwright-core.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, rmSync, existsSync, readdirSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '../../..');
export const PASSWORD = process.env.OBSHELL_SIM_PASSWORD ?? 'ObShell#Demo1';
/** The simulated OCP's `admin` password (see `ocpSim`). */
export const OCP_PASSWORD = process.env.OCP_SIM_PASSWORD ?? 'Ocp#Admin1';

/** The `ocp` option of `startStack` for the simulated OCP (`ocp-sim`, admin API on). */
export function ocpSim(extra = []) {
  return {
    cmd: process.env.OCP_SIM_BIN ?? join(ROOT, 'target/debug/ocp-sim'),
    args: (port) => ['--listen', `127.0.0.1:${port}`, '--password', OCP_PASSWORD, '--faults', ...extra],
  };
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

/** The text between `# BEGIN <tag>` and `# END <tag>` (markers included). */
function block(conf, tag) {
  const start = conf.indexOf(`# BEGIN ${tag}`);
  const endMark = `# END ${tag}`;
  const end = conf.indexOf(endMark, start);
  if (start < 0 || end < 0) throw new Error(`deploy/nginx.conf has no ${tag} block`);
  return conf.slice(start, end + endMark.length);
}

const escapeRegex = (text) => text.replace(/[.\\]/g, (c) => `\\${c}`);

/**
 * Renders deploy/nginx.conf the way an operator would, for loopback ports. `agents` are the
 * further agents behind `/agents/<name>/` (`[{ name, addr }]`): the first fills the AGENT2
 * placeholders, each next one gets a copy of the AGENT2 blocks (agent3, agent4, …), as the
 * file's header tells an operator to do. Without further agents, the AGENT2 placeholders point
 * at `spare`, where nothing listens; so does OCP without `ocp`.
 */
export function renderNginx({ listen, dist, agent, prefix, agents = [], ocp, spare }) {
  let conf = readFileSync(join(ROOT, 'deploy/nginx.conf'), 'utf8');
  for (const tag of ['AGENT2 (http)', 'AGENT2 (server)']) {
    const original = block(conf, tag);
    const copies = agents.slice(1).map((_, i) => original
      .replaceAll('agent2', `agent${i + 3}`)
      .replaceAll('AGENT2', `AGENT${i + 3}`));
    conf = conf.replace(original, [original, ...copies].join('\n\n'));
  }
  const extra = agents.length ? agents : [{ name: 'agent2', addr: spare }];
  extra.forEach(({ name, addr }, i) => {
    const n = i + 2;
    conf = conf
      .replaceAll(`"~^/agents/@AGENT${n}_NAME@`, `"~^/agents/${escapeRegex(name)}`)
      .replaceAll(`@AGENT${n}_NAME@`, name)
      .replaceAll(`@AGENT${n}@`, addr);
  });
  conf = conf
    .replaceAll('@LISTEN@', `127.0.0.1:${listen}`)
    .replaceAll('@DIST@', dist)
    .replaceAll('@AGENT@', agent)
    .replaceAll('@OCP@', ocp ?? spare)
    .replaceAll('@PREFIX@', prefix);
  // Tests run as root in CI; workers then need root to read the scratch prefix.
  if (process.getuid?.() === 0) conf = `user root;\n${conf}`;
  return conf;
}

/**
 * Simulated agents + nginx. `stop()` ends them and removes the scratch folder.
 *
 * Without options: one agent at `/api/`, no console.json (the console's own default).
 * `agents: [{ name, prefix, simArgs }]`: the first with prefix '' (at `/api/`), each other with
 * prefix `/agents/<name>`; `consoleJson` (an object) is served as /console.json from a scratch
 * copy of dist/ (symlinks). `ocp: { cmd, args: (port) => [...] }` starts an OCP simulator
 * behind `/api/v2/`.
 */
export async function startStack({ simArgs = [], agents, consoleJson, ocp } = {}) {
  const logs = [];
  const builtDist = join(ROOT, 'dist');
  if (!existsSync(join(builtDist, 'index.html'))) throw new Error('dist/ is missing: run trunk build --release first');
  const sim = process.env.OBSHELL_SIM_BIN ?? join(ROOT, 'target/debug/obshell-sim');
  const specs = agents ?? [{ name: 'agent', prefix: '', simArgs }];
  if (specs[0].prefix !== '') throw new Error('the first agent is the one at /api/ (prefix "")');
  for (const a of specs.slice(1)) {
    if (a.prefix !== `/agents/${a.name}`) throw new Error(`agent ${a.name}: the prefix must be /agents/${a.name}`);
  }
  const ports = [];
  for (const _ of specs) ports.push(await freePort());
  const webPort = await freePort();
  const sparePort = await freePort();
  const ocpPort = ocp ? await freePort() : undefined;
  const prefix = mkdtempSync(join(tmpdir(), 'obshell-e2e-'));
  for (const d of ['tmp/body', 'tmp/proxy', 'tmp/fastcgi', 'tmp/uwsgi', 'tmp/scgi']) mkdirSync(join(prefix, d), { recursive: true });
  let dist = builtDist;
  if (consoleJson !== undefined) {
    dist = join(prefix, 'dist');
    mkdirSync(dist);
    for (const f of readdirSync(builtDist)) symlinkSync(join(builtDist, f), join(dist, f));
    writeFileSync(join(dist, 'console.json'), typeof consoleJson === 'string' ? consoleJson : JSON.stringify(consoleJson));
  }
  writeFileSync(join(prefix, 'nginx.conf'), renderNginx({
    listen: webPort,
    dist,
    agent: `127.0.0.1:${ports[0]}`,
    agents: specs.slice(1).map((a, i) => ({ name: a.name, addr: `127.0.0.1:${ports[i + 1]}` })),
    ocp: ocpPort ? `127.0.0.1:${ocpPort}` : undefined,
    spare: `127.0.0.1:${sparePort}`,
    prefix,
  }));

  const argsOf = (i) => ['--listen', `127.0.0.1:${ports[i]}`, '--password', PASSWORD, '--faults', ...(specs[i].simArgs ?? [])];
  const procs = specs.map((a, i) => start(sim, argsOf(i), a.name, logs));
  const ocpProc = ocp ? start(ocp.cmd, ocp.args(ocpPort), 'ocp', logs) : undefined;
  const nginx = start('nginx', ['-p', prefix, '-c', join(prefix, 'nginx.conf'), '-e', join(prefix, 'error.log'), '-g', 'daemon off;'], 'nginx', logs);
  const stop = async () => {
    for (const c of [...procs, ocpProc, nginx]) if (c && c.exitCode === null) c.kill('SIGTERM');
    await sleep(100);
    rmSync(prefix, { recursive: true, force: true });
  };
  /** Stops the (first) agent process (as a crash or an upgrade would); nginx keeps serving the page. */
  const stopAgent = async () => {
    const exited = new Promise((ok) => procs[0].once('exit', ok));
    procs[0].kill('SIGKILL');
    await exited;
  };
  /** Starts the (first) agent again with the same arguments (and state folder, if any). */
  const startAgent = async () => {
    procs[0] = start(sim, argsOf(0), specs[0].name, logs);
    await waitFor(`http://127.0.0.1:${ports[0]}/api/v1/time`, 'simulated agent');
  };
  const url = `http://127.0.0.1:${webPort}`;
  try {
    for (const p of ports) await waitFor(`http://127.0.0.1:${p}/api/v1/time`, 'simulated agent');
    await waitFor(`${url}/api/v1/time`, 'nginx');
    for (const a of specs.slice(1)) await waitFor(`${url}${a.prefix}/api/v1/time`, `nginx to ${a.name}`);
    if (ocpPort) await waitFor(`${url}/api/v2/time`, 'nginx to OCP');
  } catch (e) {
    await stop();
    throw new Error(`${e.message}\n${logs.join('')}`);
  }
  /** Each agent: its direct URL and the admin API's request log (method, exact target, status). */
  const byName = Object.fromEntries(specs.map((a, i) => {
    const agentUrl = `http://127.0.0.1:${ports[i]}`;
    return [a.name, {
      name: a.name,
      prefix: a.prefix,
      agentUrl,
      /** The base URL through nginx (`url + prefix`). */
      base: `${url}${a.prefix}`,
      requests: async () => (await (await fetch(`${agentUrl}/__sim/requests`)).json()).requests,
      clearRequests: () => fetch(`${agentUrl}/__sim/requests`, { method: 'DELETE' }),
    }];
  }));
  const first = byName[specs[0].name];
  return {
    url,
    agentUrl: first.agentUrl,
    agents: byName,
    ocpUrl: ocpPort ? `http://127.0.0.1:${ocpPort}` : undefined,
    /** The simulated OCP's admin API (`/__sim/ocp/<what>`): GET without a body, else POST. */
    ocpAdmin: async (what, body) => {
      const res = await fetch(`http://127.0.0.1:${ocpPort}/__sim/ocp/${what}`, body === undefined ? {} : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      return res.headers.get('content-type')?.includes('json') ? res.json() : res.text();
    },
    logs, stop, stopAgent, startAgent,
    requests: first.requests,
    clearRequests: first.clearRequests,
  };
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
