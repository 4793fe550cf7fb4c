// Cancel stops a run at once, keeps what finished, and the next run works.
import { test, expect, openReady, setSlider } from './fixtures.mjs';

test('cancel mid-run keeps finished results and the page stays usable', async ({ page }) => {
  await openReady(page);
  await page.getByRole('radio', { name: 'fetch (I/O)' }).check();
  await setSlider(page, 'tasks', 4);
  await setSlider(page, 'latency', 2000);
  await page.locator('#run').click();
  // fetch-sequential (8 s) is still running when we cancel.
  await expect(page.locator('.progress-row[data-strategy="fetch-sequential"]')).toBeVisible();
  await expect(page.locator('#cancel')).toBeEnabled();
  await page.locator('#cancel').click();
  await expect(page.locator('#alert')).toContainText('Cancelled');
  await expect(page.locator('#run')).toBeEnabled({ timeout: 5_000 });
  const report = await page.evaluate(() => window.playground.report);
  expect(report.cancelled).toBe(true);

  const next = await page.evaluate(() => window.playground.run({ workload: 'cpu', tasks: 2, work: 10 }));
  expect(next.cancelled).toBe(false);
  expect(next.results).toHaveLength(2);
});
