// A console.json the console cannot use is said on the connect page: which entry, which field
// and which rule; nothing is connected to.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useStack } from '../../lib/stack.mjs';

const env = useStack({
  agents: [{ name: 'demo', prefix: '', simArgs: [] }],
  consoleJson: { backends: [{ name: 'demo', kind: 'obshell', prefix: '' }, { name: 'east', kind: 'obshell', prefix: '/agents/east/' }] },
});

test('a malformed console.json names the entry, the field and the rule', async () => {
  const page = await env.browser.newPage();
  await page.goto(`${env.stack.url}/`);
  const alert = page.getByRole('alert');
  await alert.waitFor();
  const text = await alert.textContent();
  assert.match(text, /console\.json: backends\[1\] \("east"\): prefix: must be "" or start with "\/", without a trailing "\/"/);
  assert.equal(await page.getByLabel('root@sys password').count(), 0, 'no form to connect with');
  await page.close();
});
