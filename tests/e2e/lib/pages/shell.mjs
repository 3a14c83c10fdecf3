// Page objects of the shell, whatever the backend: the connect page and what a page keeps or
// shows of a session, addressed by data-testid. The backends' pages: obshell.mjs, ocp.mjs.

export class ConnectPage {
  constructor(page) {
    this.page = page;
    this.password = page.getByTestId('password');
    this.button = page.getByTestId('connect');
    this.error = page.getByTestId('error-panel');
    this.errorCode = page.getByTestId('error-code');
    this.errorTraceId = page.getByTestId('error-trace-id');
  }

  async open(url) {
    await this.page.goto(url);
    await this.password.waitFor();
  }

  async connect(password) {
    await this.password.fill(password);
    await this.button.click();
  }
}

/** Everything the page keeps in storage or shows in its URL, for secret leak checks. */
export async function browserTraces(page) {
  const storage = await page.evaluate(() => {
    const dump = (s) => Object.fromEntries(Array.from({ length: s.length }, (_, i) => [s.key(i), s.getItem(s.key(i))]));
    return JSON.stringify({ local: dump(localStorage), session: dump(sessionStorage), cookie: document.cookie });
  });
  const cookies = JSON.stringify(await page.context().cookies());
  return `${page.url()}\n${storage}\n${cookies}`;
}

/** Opens a console URL and connects on the way (the password lives only in the page). */
export async function openConnected(page, url, password) {
  const connect = new ConnectPage(page);
  await connect.open(url);
  await connect.connect(password);
  await connect.password.waitFor({ state: 'detached' });
}

/** The bar's navigation of the connected backend's sections (its links, by name). */
export function sections(page) {
  return page.getByRole('navigation', { name: /^(Sections|栏目)$/ });
}

/** An init script (`context.addInitScript(recordNotifications)`): notifications are recorded in
 * `window.__notifications` instead of shown (headless Chromium has no notification area), the
 * permission granted. Self-contained: the browser runs its source. */
export function recordNotifications() {
  window.__notifications = [];
  class Recorded {
    constructor(title, options) { window.__notifications.push({ title, body: options?.body }); }
    static get permission() { return 'granted'; }
    static requestPermission() { return Promise.resolve('granted'); }
  }
  window.Notification = Recorded;
}

/** The connect form of one backend on the connect page, by its accessible name. */
export const connectForm = (page, name) => page.getByRole('form', { name: `Connect to ${name}` });

/** Connects the agent `name` from the connect page (its form then goes away). */
export async function connectAgentForm(page, name, password) {
  const form = connectForm(page, name);
  await form.getByLabel('root@sys password').fill(password);
  await form.getByRole('button', { name: 'Connect' }).click();
  await form.waitFor({ state: 'detached' });
}
