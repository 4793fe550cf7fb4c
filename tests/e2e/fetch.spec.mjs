// Fetch strategies, driven through the controls: 6 requests of 500 ms at once take about one
// latency, one after another about six.
import { test, expect, openReady, wallTimes, setSlider } from './fixtures.mjs';

test('fetch-concurrent of 6 x 500 ms takes well under fetch-sequential', async ({ page }) => {
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
  expect(wall['fetch-concurrent']).toBeLessThan(wall['fetch-sequential'] / 3);
  expect(wall['fetch-bounded']).toBeGreaterThanOrEqual(1500);
  expect(wall['fetch-bounded']).toBeLessThan(wall['fetch-sequential']);
  await expect(page.locator('#table tbody tr[data-strategy="fetch-concurrent"] td').nth(8)).toHaveText('6');
});
