// Starts the stack the end-to-end tests and benchmarks drive: the simulated agent, nginx
// configured by the operator's own script (deploy/install.sh --render-only) for loopback ports
// (HTTPS with a throwaway self-signed certificate, and the plain-HTTP redirect), and Debian's
// Chromium via playwright-core.
//
// The certificate: one per test process, made with openssl in a scratch folder (removed on
// exit), for IP 127.0.0.1. Chromium accepts exactly that certificate (its key's SPKI hash in
// --ignore-certificate-errors-spki-list); any other certificate error still fails. Node's own
// fetch() (undici) cannot be given a CA on Node 20 without installing undici, so this module
// routes fetch() calls to a running stack's https origin through https.request with that
// certificate as the only CA: verified, host name included, while every other URL goes to
// the untouched global fetch. (NODE_TLS_REJECT_UNAUTHORIZED=0 would instead switch off
// certificate checks for every TLS connection of the process.)
import { spawn, execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, rmSync, existsSync, readdirSync, symlinkSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { before, after, afterEach } from 'node:test';
import { chromium } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '../../..');
export const PASSWORD = process.env.OBSHELL_SIM_PASSWORD ?? 'ObShell#Demo1';
/** The simulated OCP's `admin` password in the tests. */
export const OCP_PASSWORD = process.env.OCP_SIM_PASSWORD ?? 'Ocp#Admin1';

/** A loopback TCP port nothing listens on (at the time of asking). */
export async function freePort() {
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

let tls;
/** The process's throwaway certificate: `{ cert, key }` (paths), `pem`, `spki` (base64 SHA-256). */
export function tlsMaterial() {
  if (tls) return tls;
  const dir = mkdtempSync(join(tmpdir(), 'obshell-e2e-tls-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert], { stdio: ['ignore', 'ignore', 'pipe'] });
  const pem = readFileSync(cert, 'utf8');
  const spkiDer = new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' });
  tls = { dir, cert, key, pem, spki: createHash('sha256').update(spkiDer).digest('base64') };
  return tls;
}

/** Origins (https://127.0.0.1:<port>) of the stacks this process runs, and the CA for each. */
const stackOrigins = new Map();
const nativeFetch = globalThis.fetch;

/**
 * fetch() over https.request, trusting `ca` alone; answers a standard Response. Each request has
 * a connection of its own (`agent: false`): an nginx that reloads closes its idle kept-alive
 * connections, and Node, unlike a browser, does not send again a request whose reused connection
 * was closed under it ("socket hang up").
 */
async function fetchWithCa(input, init, ca) {
  const req = new Request(input, init);
  const body = req.body ? Buffer.from(await req.arrayBuffer()) : undefined;
  const headers = Object.fromEntries(req.headers);
  if (body) headers['content-length'] = String(body.length);
  return new Promise((ok, fail) => {
    const out = httpsRequest(req.url, { method: req.method, headers, ca, agent: false, signal: init?.signal }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('error', fail);
      res.on('end', () => {
        try {
          let bytes = Buffer.concat(chunks);
          const encoding = res.headers['content-encoding'];
          if (encoding === 'gzip') bytes = gunzipSync(bytes);
          else if (encoding === 'br') bytes = brotliDecompressSync(bytes);
          else if (encoding === 'deflate') bytes = inflateSync(bytes);
          const h = new Headers();
          for (let i = 0; i < res.rawHeaders.length; i += 2) h.append(res.rawHeaders[i], res.rawHeaders[i + 1]);
          const empty = req.method === 'HEAD' || [204, 205, 304].includes(res.statusCode);
          ok(new Response(empty ? null : bytes, { status: res.statusCode, statusText: res.statusMessage, headers: h }));
        } catch (e) {
          fail(e);
        }
      });
    });
    out.on('error', fail);
    out.end(body);
  });
}

/** Node's fetch() to `origin` trusts `ca` (PEM) alone from now on (a stack's, or an nginx a spec starts). */
export function trustStack(origin, ca) {
  stackOrigins.set(origin, ca);
  if (globalThis.fetch === nativeFetch) {
    globalThis.fetch = (input, init) => {
      let origin;
      try {
        origin = new URL(input instanceof Request ? input.url : String(input)).origin;
      } catch {
        return nativeFetch(input, init);
      }
      const trusted = stackOrigins.get(origin);
      return trusted ? fetchWithCa(input, init, trusted) : nativeFetch(input, init);
    };
  }
}

/** Waits up to 20 s for `url` to answer below 500; throws naming `what` otherwise. */
export async function waitFor(url, what) {
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

/**
 * Renders deploy/nginx.conf, deploy/security-headers.conf and console.json into `into` with
 * the operator's own script (deploy/install.sh --render-only), for loopback ports: HTTPS at
 * `listen` with `tls` ({ cert, key } paths), the redirect at `listenHttp`, the console of
 * `distFrom` (its inline loader's hash in the Content-Security-Policy). The files name the
 * install folder `into`: the console at `into/dist`, nginx's state in `into/var`. `backends`
 * as install.sh takes them: `[{ name, kind, addr }]`, the first agent at /api/, each further
 * agent at /agents/<name>, OCP at /api/v2/.
 */
export function renderInstall({ into, listen, listenHttp, tls, distFrom, backends }) {
  const args = [join(ROOT, 'deploy/install.sh'), '--render-only', into, '--dir', into, '--dist-from', distFrom,
    '--listen', `127.0.0.1:${listen}`, '--listen-http', `127.0.0.1:${listenHttp}`, '--cert', tls.cert, '--key', tls.key,
    ...backends.flatMap(({ name, kind, addr }) => ['--backend', `${name},${kind},${addr}`])];
  // Tests run as root in CI; workers then need root to read the scratch folder.
  if (process.getuid?.() === 0) args.push('--user', 'root');
  execFileSync('bash', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

/**
 * Simulated agents + nginx. `stop()` ends them and removes the scratch folder.
 *
 * Without options: one agent at `/api/`, no console.json (the console's own default).
 * `agents: [{ name, prefix, simArgs }]`: the first with prefix '' (at `/api/`), each other with
 * prefix `/agents/<name>`; `consoleJson` (an object) is served as /console.json from a scratch
 * copy of dist/ (symlinks). `ocp: true` starts the simulated OCP (`ocp-sim`, user `admin`,
 * password `OCP_PASSWORD`, admin API on) as its own upstream behind `/api/v2/`; `ocp: { cmd,
 * args: (port) => [...] }` starts another command there. `dist` (or the env var CONSOLE_DIST)
 * serves another build of the console than ROOT/dist (make bench's target/dist-bench).
 */
export async function startStack({ simArgs = [], agents, consoleJson, ocp, dist: distDir = process.env.CONSOLE_DIST } = {}) {
  if (ocp === true) {
    const bin = process.env.OCP_SIM_BIN ?? join(ROOT, 'target/debug/ocp-sim');
    ocp = { cmd: bin, args: (port) => ['--listen', `127.0.0.1:${port}`, '--password', OCP_PASSWORD, '--faults'] };
  }
  const logs = [];
  const builtDist = resolve(ROOT, distDir ?? 'dist');
  if (!existsSync(join(builtDist, 'index.html'))) throw new Error(`${builtDist} is missing: run trunk build --release first`);
  const sim = process.env.OBSHELL_SIM_BIN ?? join(ROOT, 'target/debug/obshell-sim');
  const specs = agents ?? [{ name: 'agent', prefix: '', simArgs }];
  if (specs[0].prefix !== '') throw new Error('the first agent is the one at /api/ (prefix "")');
  for (const a of specs.slice(1)) {
    if (a.prefix !== `/agents/${a.name}`) throw new Error(`agent ${a.name}: the prefix must be /agents/${a.name}`);
  }
  const ports = [];
  for (const _ of specs) ports.push(await freePort());
  const webPort = await freePort();
  const httpPort = await freePort();
  const sparePort = await freePort();
  const ocpPort = ocp ? await freePort() : undefined;
  // The scratch install folder (install.sh's layout): dist/, nginx.conf, var/ (logs, temp).
  const prefix = mkdtempSync(join(tmpdir(), 'obshell-e2e-'));
  for (const d of ['tmp/body', 'tmp/proxy', 'tmp/fastcgi', 'tmp/uwsgi', 'tmp/scgi']) mkdirSync(join(prefix, 'var', d), { recursive: true });
  const dist = join(prefix, 'dist');
  if (consoleJson !== undefined) {
    mkdirSync(dist);
    for (const f of readdirSync(builtDist)) if (f !== 'console.json') symlinkSync(join(builtDist, f), join(dist, f));
    writeFileSync(join(dist, 'console.json'), typeof consoleJson === 'string' ? consoleJson : JSON.stringify(consoleJson));
  } else {
    symlinkSync(builtDist, dist);
  }
  // Without OCP, its location points where nothing listens (its calls get nginx's own 502).
  renderInstall({
    into: prefix,
    listen: webPort,
    listenHttp: httpPort,
    tls: tlsMaterial(),
    distFrom: builtDist,
    backends: [
      ...specs.map((a, i) => ({ name: a.name, kind: 'obshell', addr: `127.0.0.1:${ports[i]}` })),
      { name: 'ocp', kind: 'ocp', addr: `127.0.0.1:${ocpPort ?? sparePort}` },
    ],
  });

  const argsOf = (i) => ['--listen', `127.0.0.1:${ports[i]}`, '--password', PASSWORD, '--faults', ...(specs[i].simArgs ?? [])];
  const procs = specs.map((a, i) => start(sim, argsOf(i), a.name, logs));
  const ocpProc = ocp ? start(ocp.cmd, ocp.args(ocpPort), 'ocp', logs) : undefined;
  const nginx = start('nginx', ['-p', join(prefix, 'var'), '-c', join(prefix, 'nginx.conf'), '-e', join(prefix, 'var/error.log'), '-g', 'daemon off;'], 'nginx', logs);
  const stop = async () => {
    for (const c of [...procs, ocpProc, nginx]) if (c && c.exitCode === null) c.kill('SIGTERM');
    await sleep(100);
    stackOrigins.delete(url);
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
  const url = `https://127.0.0.1:${webPort}`;
  trustStack(url, tlsMaterial().pem);
  const httpUrl = `http://127.0.0.1:${httpPort}`;
  try {
    for (const p of ports) await waitFor(`http://127.0.0.1:${p}/api/v1/time`, 'simulated agent');
    await waitFor(`${url}/api/v1/time`, 'nginx');
    for (const a of specs.slice(1)) await waitFor(`${url}${a.prefix}/api/v1/time`, `nginx to ${a.name}`);
    if (ocpPort) await waitFor(`${url}/api/v2/info`, 'nginx to the simulated OCP');
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
  const ocpUrl = ocpPort ? `http://127.0.0.1:${ocpPort}` : undefined;
  /** The simulated OCP's admin API (`/__sim/ocp/...`): `fail`, `throttle`, `requests`, `reset`. */
  const ocpAdmin = async (what, body) => {
    const res = await fetch(`${ocpUrl}/__sim/ocp/${what}`, body === undefined ? {} : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    return res.headers.get('content-type')?.includes('json') ? res.json() : res.text();
  };
  return {
    /** The console's origin: HTTPS (the process's throwaway certificate). */
    url,
    /** The plain-HTTP port, which only redirects to `url`. */
    httpUrl,
    agentUrl: first.agentUrl,
    agents: byName,
    ocpUrl,
    ocpAdmin,
    logs, stop, stopAgent, startAgent,
    /** nginx's access and error logs (the scratch folder's `var/access.log`, `var/error.log`), as text. */
    nginxLogs: () => ['access.log', 'error.log'].map((f) => {
      const file = join(prefix, 'var', f);
      return existsSync(file) ? `== ${f}\n${readFileSync(file, 'utf8')}` : `== ${f} (none)\n`;
    }).join('\n'),
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
      // The stacks' throwaway certificate, and no other, is accepted.
      `--ignore-certificate-errors-spki-list=${tlsMaterial().spki}`,
    ],
  });
  // A Rust panic aborts the console (the page goes blank and stays so): every page of every
  // context is watched, and useStack fails the test during which one happened.
  browser.panics = [];
  const watch = (page) => {
    page.on('console', (m) => {
      if (m.type() === 'error' && m.text().includes('panicked at')) {
        browser.panics.push(`${page.url()}: ${process.env.PANIC_STACK ? m.text() : m.text().split('\nStack:')[0]}`);
      }
    });
    page.on('pageerror', (e) => {
      if (/unreachable/.test(e.message)) browser.panics.push(`${page.url()}: wasm aborted (${e.message})`);
    });
  };
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (...args) => {
    const context = await newContext(...args);
    context.on('page', watch);
    return context;
  };
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
  // No test passes while the console panicked under it, whatever it then asserted.
  afterEach(() => {
    const panics = env.browser?.panics.splice(0) ?? [];
    if (panics.length) throw new Error(`the console panicked:\n${panics.join('\n')}`);
  });
  after(async () => {
    await env.browser?.close();
    await env.stack?.stop();
  });
  return env;
}
