// Dark mode: the console follows the system's colour scheme until the person picks a theme,
// and keeps that choice (in the one preferences entry, nothing else).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useStack, PASSWORD } from '../../lib/stack.mjs';
import { ConnectPage } from '../../lib/pages/shell.mjs';
import { ClusterPage } from '../../lib/pages/obshell.mjs';

const env = useStack();

/** Relative luminance (WCAG) of an element's computed colour property. */
async function luminance(locator, property) {
  return locator.evaluate((el, prop) => {
    const m = getComputedStyle(el)[prop].match(/[\d.]+/g).map(Number);
    const lin = (c) => { const v = c / 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * lin(m[0]) + 0.7152 * lin(m[1]) + 0.0722 * lin(m[2]);
  }, property);
}

const ratio = (a, b) => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);

test('follows a dark system, then keeps the light theme the person chose', async () => {
  const context = await env.browser.newContext({ colorScheme: 'dark' });
  const page = await context.newPage();
  const connect = new ConnectPage(page);
  await connect.open(env.stack.url);
  const root = page.locator('html');
  const theme = page.getByRole('combobox', { name: 'Theme' });
  assert.equal(await theme.inputValue(), 'system');
  assert.ok(await luminance(root, 'backgroundColor') < 0.05, 'a dark system gets a dark page');
  const heading = page.getByRole('heading', { level: 1 });
  assert.ok(ratio(await luminance(heading, 'color'), await luminance(root, 'backgroundColor')) >= 7, 'the heading reads on the dark page');

  await theme.selectOption({ label: 'Light' });
  await page.waitForFunction(() => document.documentElement.dataset.theme === 'light');
  assert.ok(await luminance(root, 'backgroundColor') > 0.8, 'Light is light on a dark system');
  const stored = await page.evaluate(() => ({ ...localStorage }));
  assert.deepEqual(Object.keys(stored), ['obshell-console.prefs'], 'one entry, nothing else');
  assert.deepEqual(JSON.parse(stored['obshell-console.prefs']), { theme: 'light' }, 'the theme, and no language the person did not choose');

  await page.reload();
  await connect.password.waitFor();
  assert.equal(await theme.inputValue(), 'light', 'the choice survives a reload');
  assert.ok(await luminance(root, 'backgroundColor') > 0.8);

  // The connected pages follow too, and the choice is kept across them.
  await connect.connect(PASSWORD);
  await new ClusterPage(page).waitUntilShown();
  await theme.selectOption({ label: 'Dark' });
  await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
  const zone = page.getByTestId('zone').first();
  assert.ok(await luminance(zone, 'backgroundColor') < 0.05, 'panels are dark');
  assert.ok(ratio(await luminance(zone, 'color'), await luminance(zone, 'backgroundColor')) >= 4.5);

  await theme.selectOption({ label: 'As the system' });
  await page.waitForFunction(() => !document.documentElement.hasAttribute('data-theme'));
  assert.ok(await luminance(root, 'backgroundColor') < 0.05, 'back to the dark system');
  await context.close();
});

test('a light system gets the light theme, and Dark switches it', async () => {
  const context = await env.browser.newContext({ colorScheme: 'light' });
  const page = await context.newPage();
  const connect = new ConnectPage(page);
  await connect.open(env.stack.url);
  const root = page.locator('html');
  assert.ok(await luminance(root, 'backgroundColor') > 0.8);
  await page.getByRole('combobox', { name: 'Theme' }).selectOption({ label: 'Dark' });
  await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
  assert.ok(await luminance(root, 'backgroundColor') < 0.05);
  const button = page.getByRole('button', { name: 'Connect' });
  assert.ok(ratio(await luminance(button, 'color'), await luminance(button, 'backgroundColor')) >= 4.5, 'the button text reads on the accent');
  await context.close();
});
