// Shared fixtures: every page fails its test on any page error or console error (a missing
// favicon included), openReady fails on a console warning while the page and its pool start,
// and the page is ready (pool started) before the test body runs.
import { test as base, expect } from '@playwright/test';

/** Console warnings each page logged (from the page and its workers), for openReady's check. @type {WeakMap<object, string[]>} */
const warnings = new WeakMap();

export const test = base.extend({
  // Problems a spec provokes on purpose (a deliberate panic), as regular expressions; a spec
  // sets them with test.use() and every other error still fails it.
  expectedProblems: [[], { option: true }],
  page: async ({ page, expectedProblems }, use, testInfo) => {
    /** @type {string[]} */
    const problems = [];
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    /** @type {string[]} */
    const warned = [];
    warnings.set(page, warned);
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
      if (msg.type() === 'warning') warned.push(msg.text());
    });
    page.on('response', (res) => {
      if (res.status() >= 400 && !res.url().includes('/api/')) {
        problems.push(`HTTP ${res.status()} for ${res.url()}`);
      }
    });
    await use(page);
    await page.screenshot({ path: testInfo.outputPath('final.png'), fullPage: true });
    const unexpected = problems.filter((p) => !expectedProblems.some((/** @type {RegExp} */ re) => re.test(p)));
    expect(unexpected, 'no page errors, console errors or failed page resources').toEqual([]);
  },
});

export { expect };

/**
 * Opens the page and waits until the pool is up and Run is enabled.
 * @param {import('@playwright/test').Page} page
 * @param {string} [query]
 */
export async function openReady(page, query = '') {
  await page.goto(`/${query}`);
  await expect(page.locator('#env')).toContainText(/pool threads: \d+/);
  await expect(page.locator('#run')).toBeEnabled();
  // A page that loads cleanly logs no warning either (a deprecation today is an error tomorrow).
  expect(warnings.get(page) ?? [], 'no console warning while the page and its pool start').toEqual([]);
}

/**
 * Reads the results table: strategy id -> wall time in ms.
 * @param {import('@playwright/test').Page} page
 */
export async function wallTimes(page) {
  const rows = await page.locator('#table tbody tr').evaluateAll((trs) =>
    trs.map((tr) => [tr.getAttribute('data-strategy'), Number(tr.getAttribute('data-wall-ms'))]),
  );
  return Object.fromEntries(rows);
}

/**
 * Sets a parameter as a person would type it in its exact number box (a log-scale slider's
 * positions are not values; the box always holds the exact value).
 * @param {import('@playwright/test').Page} page
 * @param {string} name
 * @param {number} value
 */
export async function setSlider(page, name, value) {
  await page.locator(`#n-${name}`).fill(String(value));
  await expect(page.locator(`#n-${name}`)).toHaveValue(String(value));
  await expect.poll(() => page.evaluate((n) => window.playground.params[n], name)).toBe(value);
}

/**
 * Chooses a preset from the menu as a person would, presses Run and waits for every row.
 * Returns the report the page shows.
 * @param {import('@playwright/test').Page} page
 * @param {string} id
 * @param {number} rows
 * @param {number} [timeout]
 */
export async function runPreset(page, id, rows, timeout = 60_000) {
  await openReady(page);
  await page.locator('#preset').selectOption(id);
  await expect(page).toHaveURL(new RegExp(`preset=${id}`));
  await expect(page.locator('#seed')).toBeVisible();
  await page.locator('#run').click();
  await expect(page.locator('#table tbody tr')).toHaveCount(rows, { timeout });
  await expect(page.locator('#run')).toBeEnabled({ timeout });
  await expect(page.locator('#seed')).toContainText('Measured here');
  const report = await page.evaluate(() => window.playground.report);
  expect(report.preset).toBe(id);
  expect(report.cancelled).toBe(false);
  /** @type {Record<string, any>} */
  const by = Object.fromEntries(report.results.map((r) => [r.strategy, r]));
  for (const r of report.results) expect(r.failed, `${r.strategy} failed: ${r.error}`).toBe(0);
  return by;
}

/**
 * Every result accounts for each of its tasks exactly once: ok + failed + cancelled = tasks,
 * each count a whole number >= 0, tasks = what the run asked for, and — when the report kept
 * every span (no sample, not rebuilt from progress after a hard stop) — one span per task whose
 * statuses give the same three counts.
 * @param {any[]} results
 * @param {number} tasks how many tasks the run was asked for
 */
export function expectCountsAddUp(results, tasks) {
  for (const r of results) {
    const what = `${r.strategy}: ${r.ok} ok + ${r.failed} failed + ${r.cancelled} cancelled of ${r.tasks}`;
    expect(r.tasks, what).toBe(tasks);
    for (const n of [r.ok, r.failed, r.cancelled]) {
      expect(Number.isInteger(n) && n >= 0, what).toBe(true);
    }
    expect(r.ok + r.failed + r.cancelled, what).toBe(r.tasks);
    if (r.spanSample || r.interrupted) continue;
    // Pipelines have a span per stage; the task's outcome is its last stage's.
    /** @type {Map<number, any>} */
    const last = new Map();
    // A worker's start-up span (fetch-processes) is no task's outcome.
    for (const s of r.spans) if (s.phase !== 'startup' && (!last.has(s.task) || s.phase === 'parse')) last.set(s.task, s);
    const spans = [...last.values()];
    expect(spans.length, `${what}: one outcome per task`).toBe(r.tasks);
    const count = (/** @type {(s: any) => boolean} */ f) => spans.filter(f).length;
    expect(
      { ok: count((s) => s.ok), failed: count((s) => !s.ok && !s.cancelled), cancelled: count((s) => s.cancelled) },
      `${what}: span statuses`,
    ).toEqual({ ok: r.ok, failed: r.failed, cancelled: r.cancelled });
  }
}

/**
 * Presses Cancel and returns the ms, measured inside the page, until Run is enabled again.
 * The issue asks for 200 ms; specs assert a looser bound (a loaded CI machine), and the figure
 * is what they print.
 * @param {import('@playwright/test').Page} page
 */
export async function cancelAndTimeUntilUsable(page) {
  return page.evaluate(
    () =>
      new Promise((resolve) => {
        const started = performance.now();
        /** @type {HTMLButtonElement} */ (document.querySelector('#cancel')).click();
        const poll = () =>
          /** @type {HTMLButtonElement} */ (document.querySelector('#run')).disabled ? setTimeout(poll, 1) : resolve(performance.now() - started);
        poll();
      }),
  );
}
