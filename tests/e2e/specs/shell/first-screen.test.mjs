// The first screen is index.html's own connect form: a person can type before any of the
// console's code has arrived, and the console, once started, takes the form over with what was
// typed and, if Connect was pressed, connects once as if pressed there (src/shell/boot.rs).
// The console's module is held back here to be sure the person acts before it starts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useStack, PASSWORD } from '../../lib/stack.mjs';

const env = useStack();
const CONSOLE_MODULE = /\/split_console-[0-9a-f]+\.wasm$/;

/** A page whose console module is held until `release()` (or refused with `fail()`). */
async function heldPage() {
  const page = await env.browser.newPage();
  let release;
  const gate = new Promise((done) => { release = done; });
  let asked = 0;
  await page.route(CONSOLE_MODULE, async (route) => {
    asked += 1;
    const how = await gate;
    return how === 'fail' ? route.abort('internetdisconnected') : route.continue();
  });
  return { page, release: () => release('go'), fail: () => release('fail'), asked: () => asked };
}

const logins = async () => (await env.stack.agents.agent.requests()).filter((r) => r.target === '/api/v1/ob/info').length;

test('typed and pressed before the code arrives: the console connects once, with that password', async () => {
  const { page, release, asked } = await heldPage();
  await env.stack.agents.agent.clearRequests();
  await page.goto(env.stack.url);
  const form = page.getByRole('form', { name: 'Connect to agent' });
  const field = form.getByLabel('root@sys password');
  await field.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'boot-password', 'the field takes typing at once');
  await page.keyboard.type(PASSWORD, { delay: 60 });
  await page.keyboard.press('Enter');
  // Pressed: said on the button; nothing sent, nothing navigated.
  await form.getByRole('button', { name: 'Connecting…' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/');
  assert.ok(!page.url().includes('?'), page.url());
  assert.equal(asked(), 1, 'the console module was asked for at once');
  assert.equal(await logins(), 0);

  release();
  await page.getByTestId('cluster-name').waitFor();
  assert.equal(await logins(), 1, 'one connection, not one per press');
  assert.equal(await page.locator('#boot').count(), 0, 'the first form is gone');
  await page.close();
});

test('typed, not pressed: the console form holds the text and the focus, and Enter connects', async () => {
  const { page, release } = await heldPage();
  await page.goto(env.stack.url);
  await page.getByLabel('root@sys password').waitFor();
  await page.keyboard.type('half-typed', { delay: 40 });
  release();
  // The console's own form (named like the first one), with the text and the focus kept.
  const field = page.getByTestId('password');
  await field.waitFor();
  assert.equal(await field.inputValue(), 'half-typed');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'password');
  await page.keyboard.press('End');
  for (let i = 0; i < 'half-typed'.length; i++) await page.keyboard.press('Backspace');
  await page.keyboard.type(PASSWORD, { delay: 20 });
  await page.keyboard.press('Enter');
  await page.getByTestId('cluster-name').waitFor();
  await page.close();
});

test('a wrong password pressed early is refused once, with the agent\'s code, and kept to correct', async () => {
  const { page, release } = await heldPage();
  await env.stack.agents.agent.clearRequests();
  await page.goto(env.stack.url);
  await page.getByLabel('root@sys password').fill('not-the-password');
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  release();
  await page.getByTestId('error-code').waitFor();
  assert.equal(await page.getByTestId('error-code').textContent(), 'Security.Authentication.IncorrectOceanbasePassword');
  assert.equal(await page.getByTestId('password').inputValue(), 'not-the-password');
  assert.equal(await logins(), 1);
  await page.close();
});

test('the console\'s code cannot be fetched: the first form says so, and asks for a reload', async () => {
  const { page, fail } = await heldPage();
  await page.goto(env.stack.url);
  await page.getByLabel('root@sys password').fill('typed');
  fail();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.textContent(), /could not be loaded.*reload the page/);
  assert.equal(await page.getByLabel('root@sys password').inputValue(), 'typed', 'nothing typed is lost');
  await page.close();
});
