// `make bench`: what the browser downloads (download.mjs), the first screen on a slow link
// (first-screen.mjs), and the cost of sealing one request in headless Chromium with the
// console's wasm versus jsencrypt + crypto-js (the official web UI's libraries, seal.mjs), the
// task graph's layout and updates against their targets (graph.mjs), and the task page from a
// poll's answer to paint and its memory over ten thousand polls (memory.mjs), the requests per
// minute (requests.mjs) and the tasks page with 10,000 tasks in the agent's history
// (tasks-scale.mjs).
import { startStack, launchBrowser } from '../lib/stack.mjs';
import { sizes } from './download.mjs';
import { firstScreen } from './first-screen.mjs';
import { seal } from './seal.mjs';
import { graph } from './graph.mjs';
import { taskMemory } from './memory.mjs';
import { requests } from './requests.mjs';
import { tasksAtScale } from './tasks-scale.mjs';

// The task page's panels in the bench page, fed simulated polls of a running task (pages/task/bench.rs).
async function taskPage(stack) {
  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(stack.url);
  await page.waitForFunction(() => window.wasmBindings?.TaskBench);
  const paints = await page.evaluate(async () => {
    const bench = window.wasmBindings.TaskBench.mount();
    await bench.polls(10);
    const dom = [];
    const frame = [];
    for (let i = 0; i < 25; i++) {
      const [d, f] = await bench.poll_to_paint();
      dom.push(d);
      frame.push(f);
    }
    bench.unmount();
    const q = (xs, p) => xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
    return { dom: { median: q(dom, 0.5), p90: q(dom, 0.9), max: Math.max(...dom) }, frame: { median: q(frame, 0.5), p90: q(frame, 0.9), max: Math.max(...frame) } };
  });
  console.log('\nTask page: a poll\'s answer to the painted change (the running step moves on; 25 samples, headless Chromium)');
  console.log(`  decode + store + memos until the DOM shows it   median ${paints.dom.median.toFixed(2)} ms  p90 ${paints.dom.p90.toFixed(2)} ms  max ${paints.dom.max.toFixed(2)} ms`);
  console.log(`  … until the next animation frame (then painted) median ${paints.frame.median.toFixed(2)} ms  p90 ${paints.frame.p90.toFixed(2)} ms  max ${paints.frame.max.toFixed(2)} ms`);

  await browser.close();
  return { paints, rows: await taskMemory(stack) };
}

// The benchmarks run against make bench's own build (target/dist-bench, cargo feature bench);
// the download size and the first screen are the shipped dist/'s (SHIPPED_DIST=<folder> for
// another build, e.g. an earlier one to compare with). BENCH_ONLY=seal,memory runs some of them.
const only = process.env.BENCH_ONLY?.split(',');
const want = (name) => !only || only.includes(name);
const stack = await startStack({ dist: process.env.CONSOLE_DIST ?? 'target/dist-bench' });
try {
  if (want('sizes')) sizes(process.env.SHIPPED_DIST);
  if (want('first-screen')) {
    const shipped = await startStack({ dist: process.env.SHIPPED_DIST ?? 'dist' });
    try {
      await firstScreen(shipped);
    } finally {
      await shipped.stop();
    }
  }
  if (want('seal')) await seal(stack);
  if (want('graph')) await graph(stack);
  if (want('task')) await taskPage(stack);
  else if (want('memory')) await taskMemory(stack);
  if (want('requests')) await requests(stack);
  if (want('scale')) await tasksAtScale(process.env.CONSOLE_DIST ?? 'target/dist-bench');
} finally {
  await stack.stop();
}
