// axe-core (npm, pinned exactly) run in the page: the WCAG 2.1 A and AA rules, and what they
// find at the serious and critical levels, as lines a failing expect prints.
import { createRequire } from 'node:module';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/**
 * Serious and critical WCAG 2.1 A/AA violations on the page as it is now, one line a node.
 * @param {import('@playwright/test').Page} page
 * @returns {Promise<string[]>}
 */
export async function seriousViolations(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const axe = /** @type {any} */ (window).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations
      .filter((/** @type {any} */ v) => v.impact === 'serious' || v.impact === 'critical')
      .flatMap((/** @type {any} */ v) => v.nodes.map((/** @type {any} */ n) => `${v.impact} ${v.id} (${v.help}): ${n.target.join(' ')}`));
  });
}
