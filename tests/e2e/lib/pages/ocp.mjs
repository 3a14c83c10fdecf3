// Page objects of OCP's pages (API v2, HTTP Basic), addressed by role and accessible name.
import assert from 'node:assert/strict';
import { OCP_PASSWORD } from '../stack.mjs';

/** Opens an OCP page of the console and connects as admin (the user the form proposes). */
export async function connectOcp(page, url) {
  await page.goto(url);
  await page.getByRole('form', { name: 'Connect to ocp' }).waitFor();
  assert.equal(await page.getByLabel('OCP user').inputValue(), 'admin');
  await page.getByLabel('OCP password').fill(OCP_PASSWORD);
  await page.getByRole('button', { name: 'Connect to OCP' }).click();
}

/** Fills the first row of the add form. */
export async function fillAdd(page, { zone, type = 'FULL', spec, count = '1' }) {
  const form = page.getByRole('form', { name: 'Add replicas' });
  await form.getByLabel('zone, replica 1').selectOption(zone);
  await form.getByLabel('replica type, replica 1').selectOption(type);
  await form.getByLabel('unit spec, replica 1').selectOption(spec);
  await form.getByLabel('unit count, replica 1').fill(count);
  return form;
}
