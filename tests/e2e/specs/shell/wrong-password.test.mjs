// A wrong password is refused by the agent; the page shows its errCode and trace id and keeps
// what the user typed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useStack } from '../../lib/stack.mjs';
import { ConnectPage } from '../../lib/pages/shell.mjs';

const env = useStack();

test('a wrong password shows the agent error code and its trace id', async () => {
  const page = await env.browser.newPage();
  const refusal = page.waitForResponse((r) => r.url().endsWith('/api/v1/ob/info'));
  const connect = new ConnectPage(page);
  await connect.open(env.stack.url);
  await connect.connect('not-the-password');

  const response = await refusal;
  assert.equal(response.status(), 401);
  const envelope = await response.json();
  assert.equal(envelope.traceId.length, 16);

  await connect.error.waitFor();
  assert.equal(await connect.errorCode.textContent(), 'Security.Authentication.IncorrectOceanbasePassword');
  assert.equal(await connect.errorTraceId.textContent(), envelope.traceId);
  assert.match(await connect.error.textContent(), /OceanBase password is incorrect/);
  assert.equal(await connect.password.inputValue(), 'not-the-password', 'the typed password is kept for correction');
  assert.equal(await connect.button.isEnabled(), true);
  await page.close();
});
