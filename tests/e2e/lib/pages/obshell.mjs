// Page objects of the agent's pages (OBShell): what a user sees and does, addressed by
// data-testid; and the simulated agent's helpers the specs share.

export class ClusterPage {
  constructor(page) {
    this.page = page;
    this.name = page.getByTestId('cluster-name');
    this.zones = page.getByTestId('zone');
    this.zoneNames = page.getByTestId('zone-name');
    this.servers = page.getByTestId('server');
    this.brand = page.getByTestId('brand');
    this.aboutIdentity = page.getByTestId('about-identity');
    this.lock = page.getByTestId('lock');
  }

  async waitUntilShown() {
    await this.name.waitFor();
  }
}

export class AddReplicasPage {
  constructor(page) {
    this.page = page;
    this.form = page.getByTestId('add-form');
    this.rows = page.getByTestId('add-row');
    this.submit = page.getByTestId('submit');
    this.ruleError = page.getByTestId('rule-error');
    this.preview = page.getByTestId('preview');
  }

  row(i) {
    const r = this.rows.nth(i);
    return {
      zone: r.getByTestId('add-zone'),
      type: r.getByTestId('add-type'),
      config: r.getByTestId('add-config'),
      unitNum: r.getByTestId('add-unit-num'),
      newName: r.getByTestId('new-name'),
      newCpu: r.getByTestId('new-cpu'),
      newMemory: r.getByTestId('new-memory'),
    };
  }

  async addRow() {
    await this.page.getByTestId('add-another').click();
  }
}

export class TaskPage {
  constructor(page) {
    this.page = page;
    this.name = page.getByTestId('task-name');
    this.state = page.getByTestId('task-state');
    this.nodes = page.getByTestId('graph-node');
  }
}

/** Arms the simulator's fault switch: the next DAG with a node of this name fails there. */
export async function failNext(stack, node) {
  await fetch(`${stack.agentUrl}/__sim/fail-node`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ node }) });
}

/** Waits until the agent reads the DAG as ended; its state (SUCCEED or FAILED). */
export async function waitDagEnded(sealedRequest, stack, password, id) {
  for (;;) {
    const res = await sealedRequest(stack.url, password, 'GET', `/api/v1/task/dag/${id}`);
    if (['SUCCEED', 'FAILED'].includes(res.body.data?.state)) return res.body.data.state;
    await new Promise((ok) => setTimeout(ok, 250));
  }
}

/** A scale-out of 10.0.4.1 into a new zone4 that fails at "Add server for scale_out" and
 * keeps the cluster's lock; its id. */
export async function failedScaleOut(sealedRequest, stack, password) {
  await failNext(stack, 'Add server for scale_out');
  const out = await sealedRequest(stack.url, password, 'POST', '/api/v1/ob/scale_out', {
    agentInfo: { ip: '10.0.4.1', port: 2886 }, zone: 'zone4', obConfigs: {},
  });
  if (out.status !== 200) throw new Error(`the scale-out did not start: ${JSON.stringify(out.body)}`);
  const state = await waitDagEnded(sealedRequest, stack, password, out.body.data.id);
  if (state !== 'FAILED') throw new Error(`the scale-out ended ${state}`);
  return out.body.data.id;
}

export class TaskView {
  constructor(page) {
    this.page = page;
    this.state = page.getByTestId('task-state');
    this.operator = page.getByTestId('task-operator');
    this.graphNodes = page.getByTestId('graph-node');
    this.errorLine = page.getByTestId('error-line');
  }

  async waitForState(state, timeout = 30_000) {
    await this.state.filter({ hasText: state }).waitFor({ timeout });
  }

  async operate(op) {
    await this.page.getByTestId(`op-${op}`).click();
    await this.page.getByTestId('confirm').waitFor();
    await this.page.getByTestId('confirm-yes').click();
  }
}

export class ScaleInPage {
  constructor(page) {
    this.page = page;
    this.form = page.getByTestId('scale-in-form');
    this.server = page.getByRole('combobox', { name: 'OBServer to remove' });
    this.forceKill = page.getByRole('checkbox', { name: 'Force kill' });
    this.submit = page.getByRole('button', { name: 'Scale in' });
    this.errors = page.getByTestId('field-error');
  }
}

/** The log lines of every sub-task of a DAG, by node name, read from the agent. */
export async function dagLogs(sealedRequest, stack, password, id) {
  const res = await sealedRequest(stack.url, password, 'GET', `/api/v1/task/dag/${id}`);
  const logs = {};
  for (const node of res.body.data.nodes ?? []) {
    logs[node.name] = (node.sub_tasks ?? []).flatMap((t) => t.task_logs ?? []);
  }
  return logs;
}

/** Fills the scale-out form for the idle host `ip` into a new zone and sends it. */
export async function scaleOutToNewZone(page, { ip = '10.0.4.1', zone = 'zone4' } = {}) {
  await page.getByTestId('so-ip').fill(ip);
  await page.getByTestId('so-rpc_port').fill('2882');
  await page.getByTestId('so-memory_limit').fill('16G');
  await page.getByTestId('so-zone').selectOption('__new');
  await page.getByTestId('so-new-zone').fill(zone);
  await page.getByTestId('submit').click();
}
