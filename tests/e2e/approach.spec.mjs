// The choosing-the-approach preset (seed 001's "Choosing the Right Approach"): threads help I/O
// but not CPU work under the GIL, processes help CPU work, the event loop overlaps waits only.
// Run from the page's preset menu and from the console API; the matrix view shows its 2 x 4.
import { test, expect, runPreset } from './fixtures.mjs';

/**
 * The seed's rule, checked on a report's results by strategy.
 * @param {Record<string, any>} by
 */
function expectTheRule(by) {
  const speedup = (/** @type {string} */ id, /** @type {string} */ base) => by[base].wallMs / by[id].wallMs;
  const gil = speedup('cpu-threads-gil', 'cpu-sequential');
  const rayon = speedup('cpu-rayon', 'cpu-sequential');
  const loop = speedup('cpu-event-loop', 'cpu-sequential');
  console.log(
    `cpu: threads (GIL) ${gil.toFixed(2)}x, processes ${rayon.toFixed(2)}x, event loop ${loop.toFixed(2)}x; ` +
      `io: threads ${by['fetch-threads'].wallMs.toFixed(0)} ms, processes ${by['fetch-processes'].wallMs.toFixed(0)} ms ` +
      `(start-up up to ${by['fetch-processes'].detail.maxStartupMs.toFixed(0)} ms), event loop ${by['fetch-concurrent'].wallMs.toFixed(0)} ms, ` +
      `sequential ${by['fetch-sequential'].wallMs.toFixed(0)} ms`,
  );
  expect(gil, 'threads under the GIL do not speed up CPU work').toBeLessThanOrEqual(1.2);
  expect(rayon, 'processes (the pool) do').toBeGreaterThanOrEqual(1.5);
  expect(loop).toBeGreaterThan(0.8);
  expect(loop).toBeLessThan(1.2);
  expect(by['fetch-threads'].detail.workers).toBe(6);
  expect(by['fetch-threads'].peakInFlight).toBe(6);
  expect(by['fetch-threads'].wallMs, 'six threads overlap six 500 ms waits').toBeLessThan(800);
  expect(by['fetch-processes'].wallMs, 'processes pay their start-up').toBeGreaterThan(by['fetch-threads'].wallMs);
  expect(by['fetch-sequential'].wallMs).toBeGreaterThanOrEqual(3000);
}

test('from the page: the preset runs the 2 x 4 matrix and the view marks each row’s winner', async ({ page }) => {
  test.skip((await page.evaluate(() => navigator.hardwareConcurrency)) < 2, 'needs 2+ cores');
  const by = await runPreset(page, 'choosing-the-approach', 8, 80_000);
  expectTheRule(by);
  const matrix = page.locator('#matrix');
  await expect(matrix).toBeVisible();
  await expect(matrix.locator('tbody tr')).toHaveCount(2);
  await expect(matrix.locator('td.winner')).toHaveCount(2);
  await expect(matrix.locator('tbody tr').nth(1).locator('td.winner')).toHaveAttribute('data-strategy', 'cpu-rayon');
  await expect(matrix.locator('td.rule').first()).toContainText('releases the GIL');
  await expect(matrix.locator('td.rule').nth(1)).toContainText('only processes use more cores');
  await expect(page.locator('#explanations details[data-strategy="fetch-processes"] .shows')).toContainText('processes, each with its own memory');
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
  expectTheRule(by);
  const [io, cpu] = report.matrix.rows;
  expect(report.matrix.columns).toEqual(['sequential', 'threads (GIL)', 'processes', 'event loop']);
  expect(io.cells.map((/** @type {any} */ c) => c.strategy)).toEqual(['fetch-sequential', 'fetch-threads', 'fetch-processes', 'fetch-concurrent']);
  expect(cpu.winner).toBe('cpu-rayon');
  expect(['fetch-threads', 'fetch-concurrent']).toContain(io.winner);
  expect(io.cells[0].speedup).toBe(1);
  expect(io.rule).toMatch(/threads or asyncio/);
});
