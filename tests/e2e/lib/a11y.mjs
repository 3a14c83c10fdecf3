// Accessibility scans with axe-core, in the page as the console serves it: its strict
// Content-Security-Policy stays on. axe's source is handed to the page as a DevTools-protocol
// evaluation (page.evaluate of a string), which CSP does not govern; a <script> tag
// (addScriptTag) would be refused by script-src, and bypassCSP would test another page.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** WCAG 2.0 and 2.1, levels A and AA, and axe's best practices (color-contrast is wcag2aa). */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const FAILING = new Set(['serious', 'critical']);

/** Puts axe into the page (once per document). */
export async function injectAxe(page) {
  if (await page.evaluate(() => typeof window.axe === 'object')) return;
  // A string is evaluated as a script by the protocol; the trailing expression keeps the
  // answer small.
  await page.evaluate(`${AXE_SOURCE}\n;void 0;`);
  if (!(await page.evaluate(() => typeof window.axe?.run === 'function'))) {
    throw new Error('axe-core did not load into the page');
  }
}

/** Runs axe on the whole document; answers its violations (every impact). */
export async function axeViolations(page) {
  await injectAxe(page);
  return page.evaluate(async (tags) => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), impact: n.impact, failureSummary: n.failureSummary })),
    }));
  }, AXE_TAGS);
}

/** A readable account of violations, labelled with the page state. */
export function describeViolations(state, violations) {
  return violations.map((v) => [
    `[${state}] ${v.id} (${v.impact}): ${v.help}`,
    ...v.nodes.map((n) => `    ${n.target}\n      ${(n.failureSummary ?? '').replaceAll('\n', '\n      ')}`),
  ].join('\n')).join('\n');
}

/**
 * Scans the page and throws when axe finds a serious or critical violation, listing each
 * with its rule, impact, help and every element (target and failure summary). Answers the
 * milder violations, which do not fail the scan.
 */
export async function assertAccessible(page, state) {
  const violations = await axeViolations(page);
  const failing = violations.filter((v) => FAILING.has(v.impact));
  if (failing.length) {
    throw new Error(`accessibility violations in ${state} (${page.url()}):\n${describeViolations(state, failing)}`);
  }
  return violations.filter((v) => !FAILING.has(v.impact));
}

/** WCAG's relative luminance of a CSS rgb()/rgba() colour (alpha composited over `under`). */
function luminance([r, g, b]) {
  const lin = (c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** Parses rgb(a) as computed styles give it; answers [r, g, b, a] or undefined. */
export function parseColor(css) {
  const m = /^rgba?\(([^)]+)\)$/.exec(css?.trim() ?? '');
  if (!m) return undefined;
  const parts = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
  return [parts[0], parts[1], parts[2], parts[3] ?? 1];
}

/** `top` (with its alpha) over the opaque `bottom`. */
export function composite(top, bottom) {
  const a = top[3];
  return [0, 1, 2].map((i) => top[i] * a + bottom[i] * (1 - a)).concat(1);
}

/** The WCAG contrast ratio of two opaque colours. */
export function contrast(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}
