// A browser that prefers Chinese gets the console in Chinese: the connect form, a wrong
// password explained in Chinese (the agent's code and trace id as sent), requests that ask the
// agent for Chinese, and a language switch that is kept (with the theme, and nothing else).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useStack, PASSWORD } from '../../lib/stack.mjs';
import { sections } from '../../lib/pages/shell.mjs';

const env = useStack();
const PREFS_KEY = 'obshell-console.prefs';

/** What the page keeps in localStorage, as { key: value }. */
const storage = (page) => page.evaluate(() => Object.fromEntries(
  Array.from({ length: localStorage.length }, (_, i) => [localStorage.key(i), localStorage.getItem(localStorage.key(i))]),
));

test('in Chinese: the connect form, a wrong password explained, and the agent asked in zh-CN', async () => {
  const context = await env.browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  const asked = [];
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith('/api/v1/')) asked.push(r.allHeaders().then((h) => [path, h['accept-language']]));
  });
  await page.goto(env.stack.url);
  const form = page.getByRole('form', { name: '连接到 agent' });
  await form.waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
  await page.getByRole('heading', { level: 1, name: 'obshell-console' }).waitFor();
  await page.getByText('连接提供本页面的 OBShell Agent。').waitFor();
  const password = form.getByLabel('root@sys 密码');
  await password.fill('not-the-password');
  await form.getByRole('button', { name: '连接', exact: true }).click();

  const panel = page.getByRole('alert').filter({ hasText: 'GET /api/v1/ob/info' });
  await panel.waitFor();
  assert.equal(await panel.locator('h3').textContent(), 'GET /api/v1/ob/info 失败（Agent）');
  assert.equal(await page.getByTestId('error-explain').textContent(), 'root@sys 密码不正确，请重新输入后再连接。');
  // The agent's own words stay as it sent them.
  assert.equal(await page.getByTestId('error-code').textContent(), 'Security.Authentication.IncorrectOceanbasePassword');
  assert.match(await page.getByTestId('error-trace-id').textContent(), /^[0-9a-f]{16}$/);
  assert.equal(await password.inputValue(), 'not-the-password', 'what was typed is kept');

  // Now the right one: the header speaks Chinese, and About names the agent's own identity word beside its gloss.
  await password.fill(PASSWORD);
  await form.getByRole('button', { name: '连接', exact: true }).click();
  await page.getByTestId('cluster-name').waitFor();
  await page.getByRole('button', { name: '关于此 Agent' }).click();
  assert.match(await page.getByRole('dialog', { name: '关于此 Agent' }).getByTestId('about-identity').textContent(), /CLUSTER AGENT（集群 Agent）/);
  await page.keyboard.press('Escape');
  await sections(page).getByRole('link', { name: '租户', exact: true }).waitFor();
  assert.equal(await page.getByRole('button', { name: '锁定', exact: true }).count(), 1);

  // Every call to the agent asked for Chinese, as one tag.
  const calls = await Promise.all(asked);
  assert.ok(calls.some(([path]) => path === '/api/v1/ob/info'), `calls: ${JSON.stringify(calls)}`);
  for (const [path, lang] of calls) assert.equal(lang, 'zh-CN', `${path} asked in ${lang}`);
  await context.close();
});

test('the language switch: to English and back, kept over a reload with the theme only', async () => {
  const context = await env.browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(env.stack.url);
  await page.getByRole('button', { name: '连接', exact: true }).waitFor();
  assert.deepEqual(await storage(page), {}, 'nothing is kept before a choice');

  await page.getByLabel('语言').selectOption('en-US');
  await page.getByRole('button', { name: 'Connect', exact: true }).waitFor();
  assert.equal(await page.getByLabel('root@sys password').count(), 1);
  assert.equal(await page.locator('html').getAttribute('lang'), 'en-US');
  await page.reload();
  await page.getByRole('button', { name: 'Connect', exact: true }).waitFor();
  assert.equal(await page.getByRole('button', { name: '连接', exact: true }).count(), 0, 'the choice outlives the browser language');
  let kept = await storage(page);
  assert.deepEqual(Object.keys(kept), [PREFS_KEY]);
  assert.deepEqual(JSON.parse(kept[PREFS_KEY]), { lang: 'en-US', theme: 'system' });

  await page.getByLabel('Theme').selectOption('dark');
  await page.getByLabel('Language').selectOption('zh-CN');
  await page.getByRole('button', { name: '连接', exact: true }).waitFor();
  await page.reload();
  await page.getByRole('button', { name: '连接', exact: true }).waitFor();
  assert.equal(await page.locator('html').getAttribute('data-theme'), 'dark');
  kept = await storage(page);
  assert.deepEqual(Object.keys(kept), [PREFS_KEY]);
  assert.deepEqual(JSON.parse(kept[PREFS_KEY]), { lang: 'zh-CN', theme: 'dark' });
  await context.close();
});
