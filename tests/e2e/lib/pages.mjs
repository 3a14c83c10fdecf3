// Page objects: what a user sees and does, addressed by data-testid.

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

export class ClusterPage {
  constructor(page) {
    this.page = page;
    this.name = page.getByTestId('cluster-name');
    this.zones = page.getByTestId('zone');
    this.zoneNames = page.getByTestId('zone-name');
    this.servers = page.getByTestId('server');
    this.agent = page.getByTestId('agent');
    this.lock = page.getByTestId('lock');
  }

  async waitUntilShown() {
    await this.name.waitFor();
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
