// Fetch strategies, driven through the controls: 6 requests of 500 ms overlap when started at
// once, and wait for each other one after another. Relations that hold on a loaded machine; the
// speed targets live in the bench.
import { test, expect, openReady, wallTimes, setSlider } from './fixtures.mjs';

test('fetch-concurrent of 6 x 500 ms overlaps its waits, fetch-sequential does not', async ({ page }) => {
  await openReady(page);
  await page.getByRole('radio', { name: 'fetch (I/O)' }).check();
  await setSlider(page, 'tasks', 6);
  await setSlider(page, 'latency', 500);
  await setSlider(page, 'concurrency', 2);
  await page.locator('#run').click();
  // Progress rows appear while it runs.
  await expect(page.locator('.progress-row[data-strategy="fetch-sequential"]')).toBeVisible();
  await expect(page.locator('#table tbody tr')).toHaveCount(3, { timeout: 30_000 });
  const wall = await wallTimes(page);
  expect(wall['fetch-sequential']).toBeGreaterThanOrEqual(3000);
  expect(wall['fetch-concurrent']).toBeLessThan(wall['fetch-sequential']);
  const report = await page.evaluate(() => window.playground.report);
  const by = Object.fromEntries(report.results.map((/** @type {any} */ r) => [r.strategy, r]));
  expect(by['fetch-sequential'].peakInFlight).toBe(1);
  expect(by['fetch-bounded'].peakInFlight).toBe(2);
  expect(wall['fetch-bounded']).toBeGreaterThanOrEqual(1500);
  expect(wall['fetch-bounded']).toBeLessThan(wall['fetch-sequential']);
  await expect(page.locator('#table tbody tr[data-strategy="fetch-concurrent"] td').nth(8)).toHaveText('6');
});
