// The console's code arrives in parts (src/*/split.rs, scripts/split.sh): the first screen is
// index.html's form and an entry module that fetches the console (the shell and its connect
// forms) at once; the agent's pages come while the password is typed; the other page groups
// when one of their pages is first opened. A part that cannot be fetched is said,
// with a way to try again, and nothing typed elsewhere is lost.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useStack, PASSWORD } from '../../lib/stack.mjs';
import { ConnectPage, sections } from '../../lib/pages/shell.mjs';

const env = useStack();

const modulesFetched = (page) => {
  const seen = [];
  page.on('request', (r) => {
    const m = new URL(r.url()).pathname.match(/^\/(split_[a-z]+)-[0-9a-f]+\.wasm$/);
    if (m) seen.push(m[1]);
  });
  return seen;
};

test('the connect page fetches the agent pages while the password is typed, other groups on first use', async () => {
  const page = await env.browser.newPage();
  const seen = modulesFetched(page);
  const connect = new ConnectPage(page);
  await connect.open(env.stack.url);
  // A person reads the form: the console and the agent's pages are fetched meanwhile, nothing else.
  await page.waitForTimeout(1500);
  assert.deepEqual([...new Set(seen)], ['split_console', 'split_agent']);
  await connect.connect(PASSWORD);
  await page.getByTestId('cluster-name').waitFor();
  assert.deepEqual([...new Set(seen)], ['split_console', 'split_agent'], 'the cluster page needed another group');
  await sections(page).getByRole('link', { name: 'Tasks', exact: true }).click();
  await page.getByRole('heading', { level: 1 }).waitFor();
  assert.ok(!seen.includes('split_task') && !seen.includes('split_changes') && !seen.includes('split_ocp'), seen.join(' '));
  await page.close();
});

test('a page whose code cannot be fetched says so, and Try again shows it once the network is back', async () => {
  // The add form's group is cut off; the header's (the agent group) is not.
  const cut = await env.browser.newPage();
  let blocked = 0;
  await cut.route(/\/split_changes-[0-9a-f]+\.wasm$/, (route) => {
    blocked += 1;
    return route.abort('internetdisconnected');
  });
  const again = new ConnectPage(cut);
  await again.open(`${env.stack.url}/tenants/logs/replicas/add`);
  await again.connect(PASSWORD);
  const alert = cut.getByTestId('page-load-failed');
  await alert.waitFor();
  assert.match(await alert.textContent(), /could not be loaded/);
  assert.ok(blocked >= 1);
  // The rest of the console still works: the header is there and answers.
  await cut.getByTestId('task-badge').waitFor();
  await cut.unroute(/\/split_changes-[0-9a-f]+\.wasm$/);
  await alert.getByRole('button', { name: 'Try again' }).click();
  await cut.getByTestId('add-form').waitFor();
  assert.equal(await alert.count(), 0);
  await cut.close();
});

test('the console starts from one module of its own: with every shared chunk cut off it still takes the form over', async () => {
  // The code the console shares with the page groups is in its own module (scripts/fold-console.py):
  // a chunk is only ever needed by a page group.
  const page = await env.browser.newPage();
  const chunks = [];
  await page.route(/\/chunk_\d+-[0-9a-f]+\.wasm$/, (route) => {
    chunks.push(new URL(route.request().url()).pathname);
    return route.abort('internetdisconnected');
  });
  const connect = new ConnectPage(page);
  await connect.open(env.stack.url);
  // The console's own form is up; connecting needs the agent's pages, which need chunks: said.
  await connect.connect(PASSWORD);
  const alert = page.getByTestId('page-load-failed');
  await alert.waitFor();
  assert.match(await alert.textContent(), /could not be loaded/);
  assert.ok(chunks.length >= 1, 'the agent pages fetched no chunk');
  // Once the network is back: Try again, then Connect with what was typed.
  await page.unroute(/\/chunk_\d+-[0-9a-f]+\.wasm$/);
  await alert.getByRole('button', { name: 'Try again' }).click();
  await alert.waitFor({ state: 'detached' });
  assert.equal(await connect.password.inputValue(), PASSWORD);
  await connect.button.click();
  await page.getByTestId('cluster-name').waitFor();
  await page.close();
});
