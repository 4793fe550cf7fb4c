// The choosing-the-approach preset (seed 001's "Choosing the Right Approach"): threads help I/O
// but not CPU work under the GIL, processes help CPU work, the event loop overlaps waits only.
// Run from the page's preset menu and from the console API; the matrix view shows its 2 x 4.
import { test, expect, runPreset } from './fixtures.mjs';

/** @param {Record<string, any>} by */
const cpuSpeedups = (by) => {
  const speedup = (/** @type {string} */ id) => by['cpu-sequential'].wallMs / by[id].wallMs;
  return { gil: speedup('cpu-threads-gil'), rayon: speedup('cpu-rayon'), loop: speedup('cpu-event-loop') };
};

/**
 * The seed's rule, checked on a report's results by strategy.
 * @param {Record<string, any>} by
 */
function expectTheRule(by) {
  const { gil, rayon, loop } = cpuSpeedups(by);
  // Printed for the reader of the log; asserted only in the bench.
  console.log(
    `cpu: threads (GIL) ${gil.toFixed(2)}x, processes ${rayon.toFixed(2)}x, event loop ${loop.toFixed(2)}x; ` +
      `io: threads ${by['fetch-threads'].wallMs.toFixed(0)} ms, processes ${by['fetch-processes'].wallMs.toFixed(0)} ms ` +
      `(start-up up to ${by['fetch-processes'].detail.maxStartupMs.toFixed(0)} ms), event loop ${by['fetch-concurrent'].wallMs.toFixed(0)} ms, ` +
      `sequential ${by['fetch-sequential'].wallMs.toFixed(0)} ms`,
  );
  // The rule's mechanism, as the spans show it on any load (the speedups are the bench's): CPU
  // work under the GIL and on the event loop computes one task at a time, the pool two or more;
  // the I/O threads and the loop have all six waits in flight at once.
  expect(by['cpu-threads-gil'].peakInFlight, 'threads under the GIL compute one at a time').toBe(1);
  expect(by['cpu-event-loop'].peakInFlight, 'so does the event loop').toBe(1);
  expect(by['cpu-rayon'].peakInFlight, 'processes (the pool) compute at once').toBeGreaterThanOrEqual(2);
  expect(by['fetch-threads'].detail.workers).toBe(6);
  expect(by['fetch-threads'].peakInFlight, 'six threads overlap six waits').toBe(6);
  expect(by['fetch-concurrent'].peakInFlight, 'so does the event loop').toBe(6);
  const startups = by['fetch-processes'].spans.filter((/** @type {any} */ s) => s.phase === 'startup');
  expect(startups.length, 'processes pay their start-up').toBe(by['fetch-processes'].detail.workers);
  expect(by['fetch-sequential'].peakInFlight).toBe(1);
  expect(by['fetch-sequential'].wallMs).toBeGreaterThanOrEqual(3000);
}

test('from the page: the preset runs the 2 x 4 matrix and the view marks each row’s winner', async ({ page }) => {
  test.skip((await page.evaluate(() => navigator.hardwareConcurrency)) < 2, 'needs 2+ cores');
  const by = await runPreset(page, 'choosing-the-approach', 8, 80_000);
  const matrix = page.locator('#matrix');
  await expect(matrix).toBeVisible();
  await expect(matrix.locator('tbody tr')).toHaveCount(2);
  await expect(matrix.locator('td.winner')).toHaveCount(2);
  await expect(matrix.locator('tbody tr').nth(1).locator('td.winner')).toHaveAttribute('data-strategy', /^cpu-/);
  await expect(matrix.locator('td.rule').first()).toContainText('releases the GIL');
  await expect(matrix.locator('td.rule').nth(1)).toContainText('only processes use more cores');
  await expect(page.locator('#explanations details[data-strategy="fetch-processes"] .shows')).toContainText('processes, each with its own memory');
  await page.screenshot({ path: test.info().outputPath('matrix.png'), fullPage: true });
  expectTheRule(by);
  // Another preset's report has no matrix.
  await page.locator('#preset').selectOption('race-condition');
  await page.locator('#run').click();
  await expect(page.locator('#run')).toBeEnabled({ timeout: 30_000 });
  await expect(matrix).toBeHidden();
});

test('from the console API: playground.preset() returns the report with its matrix', async ({ page }) => {
  await page.goto('/');
  await page.evaluate(() => window.playground.ready);
  const report = await page.evaluate(() => window.playground.preset('choosing-the-approach'));
  expect(report.preset).toBe('choosing-the-approach');
  const by = Object.fromEntries(report.results.map((/** @type {any} */ r) => [r.strategy, r]));
  const fastest = (/** @type {string} */ family) =>
    report.results.filter((/** @type {any} */ r) => r.strategy.startsWith(family)).sort((/** @type {any} */ a, /** @type {any} */ b) => a.wallMs - b.wallMs)[0].strategy;
  const [io, cpu] = report.matrix.rows;
  expect(report.matrix.columns).toEqual(['sequential', 'threads (GIL)', 'processes', 'event loop']);
  expect(io.cells.map((/** @type {any} */ c) => c.strategy)).toEqual(['fetch-sequential', 'fetch-threads', 'fetch-processes', 'fetch-concurrent']);
  expect(cpu.winner).toBe(fastest('cpu-'));
  expect(io.winner).toBe(fastest('fetch-'));
  expect(['fetch-threads', 'fetch-concurrent']).toContain(io.winner);
  expect(io.cells[0].speedup).toBe(1);
  expect(io.rule).toMatch(/threads or asyncio/);
  expectTheRule(by);
});
