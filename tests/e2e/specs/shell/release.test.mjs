// The release an operator installs (`make release`, docs/deploy.md): its tarball, packed here
// once from the already-built dist/ (scripts/release.sh, no wasm rebuilt), is named after the
// console's version and build and verifies with `sha256sum -c`; unpacked, its install.sh
// installs it with no Rust toolchain on PATH into a fresh nginx for a loopback port, a
// throwaway certificate, two simulated agents and the simulated OCP given once as arguments; a
// person connects to an agent and to OCP through it and reads the console's version and build
// in both About panels. Bad input (a missing certificate, a malformed backend, a prefix the
// console would refuse, a port in use) is refused with a message naming it, and nothing is
// written.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, accessSync, constants } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { useStack, ROOT, PASSWORD, freePort, tlsMaterial, trustStack, waitFor } from '../../lib/stack.mjs';
import { connectAgentForm } from '../../lib/pages/shell.mjs';
import { connectOcp } from '../../lib/pages/ocp.mjs';

// The simulators (and Chromium) of a stack; its own nginx is not used: the release's is.
const env = useStack({
  agents: [{ name: 'demo', prefix: '' }, { name: 'east', prefix: '/agents/east' }],
  ocp: true,
});

const DIST = resolve(ROOT, process.env.CONSOLE_DIST ?? 'dist');
const VERSION = readFileSync(join(ROOT, 'Cargo.toml'), 'utf8').match(/^version = "([^"]+)"$/m)[1];
const BUILD = existsSync(join(DIST, 'build.txt')) ? readFileSync(join(DIST, 'build.txt'), 'utf8').trim() : 'dev';
const NAME = `obshell-console-${VERSION}-${BUILD}`;

/** PATH without any Rust toolchain: no ~/.cargo/bin, no folder holding cargo or rustc. */
const PATH = process.env.PATH.split(delimiter).filter((dir) => {
  if (/[/.](cargo|rustup)\b/.test(dir)) return false;
  return !['cargo', 'rustc'].some((tool) => {
    try {
      accessSync(join(dir, tool), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}).join(delimiter);
const ENV = { ...process.env, PATH };

const work = mkdtempSync(join(tmpdir(), 'obshell-release-'));
const release = { tarball: undefined, unpacked: join(work, NAME), dir: join(work, 'install'), url: undefined, nginx: undefined, out: '' };

/** Runs the unpacked install.sh without Rust on PATH: `{ status, stdout, stderr }`. */
function install(args) {
  return spawnSync('bash', [join(release.unpacked, 'install.sh'), ...args], { env: ENV, encoding: 'utf8' });
}

/** install.sh's --backend arguments for some of the stack's simulators (all by default). */
const backends = (names = ['demo', 'east', 'ocp']) => names.flatMap((name) => {
  const url = name === 'ocp' ? env.stack.ocpUrl : env.stack.agents[name].agentUrl;
  return ['--backend', `${name},${name === 'ocp' ? 'ocp' : 'obshell'},127.0.0.1:${new URL(url).port}`];
});
const asRoot = process.getuid?.() === 0 ? ['--user', 'root'] : [];

// In a suite: its before() runs once the stack's (useStack's) has started the simulators.
describe('a release tarball', () => {
  before(async () => {
    release.tarball = execFileSync('bash', [join(ROOT, 'scripts/release.sh'), '--dist', DIST, '--out', work], { encoding: 'utf8' }).trim();
    execFileSync('tar', ['-xzf', release.tarball, '-C', work], { env: ENV });
    const port = await freePort();
    const { cert, key, pem } = tlsMaterial();
    const done = install(['--dir', release.dir, '--listen', `127.0.0.1:${port}`, '--cert', cert, '--key', key, ...asRoot, ...backends()]);
    release.out = done.stdout + done.stderr;
    assert.equal(done.status, 0, release.out);
    release.url = `https://127.0.0.1:${port}`;
    trustStack(release.url, pem);
    const conf = join(release.dir, 'nginx.conf');
    release.nginx = spawn('nginx', ['-c', conf, '-e', join(release.dir, 'var/error.log'), '-g', 'daemon off;'], { env: ENV, stdio: 'ignore' });
    await waitFor(`${release.url}/api/v1/time`, 'the release\'s nginx');
  });

  after(async () => {
    if (release.nginx?.exitCode === null) release.nginx.kill('SIGTERM');
    await sleep(100);
    rmSync(work, { recursive: true, force: true });
  });

  test('the tarball is named after the version and build, verifies, and holds the console and the templates', () => {
    assert.equal(release.tarball, join(work, `${NAME}.tar.gz`));
    assert.equal(readFileSync(join(work, 'SHA256SUMS'), 'utf8').trim().split(/\s+/)[1], `${NAME}.tar.gz`);
    const check = spawnSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: work, encoding: 'utf8' });
    assert.equal(check.status, 0, check.stdout + check.stderr);
    assert.match(check.stdout, new RegExp(`${NAME}\\.tar\\.gz: OK`));
    const inner = spawnSync('sha256sum', ['--quiet', '-c', 'SHA256SUMS'], { cwd: release.unpacked, encoding: 'utf8' });
    assert.equal(inner.status, 0, inner.stdout + inner.stderr);
    for (const f of ['install.sh', 'nginx.conf', 'security-headers.conf', 'console.json', 'README.md', 'dist/index.html']) {
      assert.ok(existsSync(join(release.unpacked, f)), f);
    }
    const files = readdirSync(join(release.unpacked, 'dist'));
    const wasm = files.find((f) => f.endsWith('_bg.wasm'));
    assert.ok(files.includes(`${wasm}.br`) && files.includes(`${wasm}.gz`), 'the precompressed copies are in');
    assert.match(readFileSync(join(release.unpacked, 'nginx.conf'), 'utf8'), /# BEGIN EACH PREFIXED AGENT/, 'nginx.conf is the template');
  });

  test('install.sh runs without a Rust toolchain and says what it wrote', () => {
    for (const tool of ['cargo', 'rustc']) {
      assert.notEqual(spawnSync('bash', ['-c', `command -v ${tool}`], { env: ENV }).status, 0, `${tool} is not on PATH`);
    }
    assert.match(release.out, /nginx -t passed/);
    for (const f of ['dist/console.json', 'nginx.conf', 'security-headers.conf']) assert.ok(release.out.includes(join(release.dir, f)), f);
    assert.match(release.out, /east \(obshell\): \/agents\/east\/api\/ -> 127\.0\.0\.1:\d+/);
    assert.match(release.out, new RegExp(`Start nginx with  nginx -c ${release.dir}/nginx.conf`));
    assert.deepEqual(JSON.parse(readFileSync(join(release.dir, 'dist/console.json'), 'utf8')), {
      backends: [
        { name: 'demo', kind: 'obshell', prefix: '' },
        { name: 'east', kind: 'obshell', prefix: '/agents/east' },
        { name: 'ocp', kind: 'ocp', prefix: '' },
      ],
    });
  });

  /** The console's line in an open About panel. */
  async function consoleLine(page, panel) {
    await page.getByRole('button', { name: panel }).click();
    const dialog = page.getByRole('dialog', { name: panel });
    await dialog.waitFor();
    const line = await dialog.getByText(/^obshell-console /).textContent();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    return line;
  }

  test('through the installed nginx a person connects to an agent, a further agent and OCP, and About shows the version and build', async () => {
    const page = await env.browser.newPage();
    await page.goto(`${release.url}/connect`);
    await page.getByRole('heading', { level: 2, name: 'ocp' }).waitFor();
    assert.deepEqual(await page.getByRole('heading', { level: 2 }).allTextContents(), ['demo', 'east', 'ocp']);
    await connectAgentForm(page, 'demo', PASSWORD);
    await connectAgentForm(page, 'east', PASSWORD);
    await page.getByRole('link', { name: 'Open east' }).click();
    await page.waitForURL(/\/b\/east\/cluster$/);
    assert.equal(await consoleLine(page, 'About this agent'), `obshell-console ${VERSION}, build ${BUILD}`);

    await connectOcp(page, `${release.url}/b/ocp`);
    await page.getByRole('heading', { name: 'OCP clusters' }).waitFor();
    assert.equal(await consoleLine(page, 'About this OCP'), `obshell-console ${VERSION}, build ${BUILD}`);
    // The agent's calls went through the prefix to the second agent, OCP's to OCP.
    assert.ok((await env.stack.agents.east.requests()).some((r) => r.target === '/api/v1/secret'), 'east was asked for its key');
    assert.ok((await env.stack.ocpAdmin('requests')).requests.some((r) => r.target === '/api/v2/info'), 'OCP was asked');
    await page.close();
  });

  test('bad input is refused with a message naming it, before anything is written', async () => {
    const { cert, key } = tlsMaterial();
    const dir = join(work, 'refused');
    const port = String(await freePort());
    const good = { listen: `127.0.0.1:${port}`, cert, key, backends: ['demo,obshell,127.0.0.1:2886', 'ocp,ocp,127.0.0.1:8080'] };
    const args = (o) => ['--dir', dir, '--listen', o.listen, '--cert', o.cert, '--key', o.key, ...o.backends.flatMap((b) => ['--backend', b])];
    const cases = [
      [{ ...good, cert: join(work, 'no-such-cert.pem') }, `--cert '${join(work, 'no-such-cert.pem')}': no such file`],
      [{ ...good, backends: ['demo,obshell'] }, "--backend 'demo,obshell': must be NAME,KIND,ADDRESS[,PREFIX]"],
      [{ ...good, backends: ['de mo,obshell,127.0.0.1:2886'] }, "--backend 'de mo,obshell,127.0.0.1:2886': name 'de mo': must be 1 to 32"],
      [{ ...good, backends: ['demo,obshell,127.0.0.1:2886', 'east,obshell,10.0.1.1:2886,/agents/east/'] },
        "--backend 'east,obshell,10.0.1.1:2886,/agents/east/': prefix '/agents/east/': must be \"\" or start with \"/\", without a trailing \"/\""],
      // The release's own nginx listens there.
      [{ ...good, listen: new URL(release.url).host }, `--listen '${new URL(release.url).host}': port ${new URL(release.url).port} is in use`],
    ];
    for (const [o, message] of cases) {
      const res = install(args(o));
      assert.notEqual(res.status, 0, message);
      assert.ok(res.stderr.includes(message), `${message}\n${res.stderr}`);
      assert.match(res.stderr, /nothing was written/);
      assert.equal(existsSync(dir), false, `${message}: ${dir} was not created`);
    }
    // And a correct one for the same folder does install (the refusals were about their input).
    const res = install([...args(good), ...asRoot]);
    assert.equal(res.status, 0, res.stderr);
    assert.ok(existsSync(join(dir, 'nginx.conf')));
  });

  test('installing again over the running nginx, with one agent fewer, is a re-install: after a reload the console lists what it was given', async () => {
    const { cert, key } = tlsMaterial();
    const listen = new URL(release.url).host;
    const res = install(['--dir', release.dir, '--listen', listen, '--cert', cert, '--key', key, ...asRoot,
      ...backends(['demo', 'ocp'])]);
    assert.equal(res.status, 0, res.stderr);
    assert.match(res.stdout, new RegExp(`reload it with  nginx -c ${release.dir}/nginx.conf -s reload`));
    execFileSync('nginx', ['-c', join(release.dir, 'nginx.conf'), '-e', join(release.dir, 'var/error.log'), '-s', 'reload'], { env: ENV });
    // nginx's old workers finish what they serve; the new ones proxy no /agents/east.
    const eastType = async () => (await fetch(`${release.url}/agents/east/api/v1/time`)).headers.get('content-type') ?? '';
    const deadline = Date.now() + 10_000;
    while ((await eastType()).includes('json') && Date.now() < deadline) await sleep(100);
    assert.match(await eastType(), /text\/html/, 'no agent behind /agents/east any more: the console\'s page');
    const listed = (await (await fetch(`${release.url}/console.json`)).json()).backends.map((b) => b.name);
    assert.deepEqual(listed, ['demo', 'ocp']);
    assert.equal((await fetch(`${release.url}/api/v1/time`)).status, 200);
  });
});
