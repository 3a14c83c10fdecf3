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

  async agents() {
    return this.lanes.evaluateAll((ls) => ls.map((l) => l.dataset.agent));
  }
}
