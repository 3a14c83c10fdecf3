// Page object of a task page's timeline (both backends): its tab, its lanes (one per executor) and its bars
// (one per execution), addressed by role where there is one, else by data-testid.

export class TimelineView {
  constructor(page) {
    this.page = page;
    this.tab = page.getByRole('tab', { name: 'Timeline' });
    this.panel = page.getByRole('tabpanel', { name: 'Timeline' });
    this.lanes = page.getByTestId('timeline-lane');
    this.bars = page.getByTestId('timeline-bar');
    this.axis = page.getByTestId('timeline-axis');
  }

  async open() {
    await this.tab.click();
    await this.panel.waitFor();
  }

  lane(agent) {
    return this.page.locator(`[data-testid="timeline-lane"][data-agent="${agent}"]`);
  }

  /** The bars of one step, in the order of its executions. */
  barsOf(name) {
    return this.page.locator(`[data-testid="timeline-bar"][data-name="${name}"]`);
  }

  /** The failure line under a bar (beside it in the page, paired by the bar's key). */
  async failureOf(bar) {
    const key = await bar.getAttribute('data-key');
    return this.page.locator(`[data-testid="timeline-failure"][data-key="${key}"]`);
  }

  /**
   * How long a bar is as drawn, in ms of the axis: its share of its track times the time the
   * last tick names. Its pixels alone would not say: when the task outgrows the axis, the axis
   * gets longer and every bar is drawn shorter than a moment before.
   */
  drawnMs(bar) {
    return bar.evaluate((el) => {
      const ticks = el.closest('[data-testid="timeline"]').querySelectorAll('[data-testid="timeline-axis"] span');
      const last = ticks[ticks.length - 1];
      // The English labels: 45s, 1m, 1m 30s, 2h 05m.
      const part = (unit) => Number(last.textContent.match(new RegExp(`(\\d+)${unit}`))?.[1] ?? 0);
      const lastMs = ((part('h') * 60 + part('m')) * 60 + part('s')) * 1000;
      const share = el.getBoundingClientRect().width / el.parentElement.getBoundingClientRect().width;
      return share * 100 / Number.parseFloat(last.style.left) * lastMs;
    });
  }

  async agents() {
    return this.lanes.evaluateAll((ls) => ls.map((l) => l.dataset.agent));
  }
}
