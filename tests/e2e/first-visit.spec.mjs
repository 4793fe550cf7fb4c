// A first visit that works without reading anything: the empty page says what to do, one click
// runs the suggested preset, and the seed box says in a sentence what the numbers mean.
import { test, expect, openReady } from './fixtures.mjs';

test('the empty page says what to do, and one click gives a meaningful run', async ({ page }) => {
  await openReady(page);
  const welcome = page.locator('#welcome');
  await expect(welcome).toBeVisible();
  await expect(welcome).toContainText('Nothing measured yet');
  await expect(welcome).toContainText('one click');
  await welcome.getByRole('button').click();
  await expect(page).toHaveURL(/preset=six-endpoints/);
  await expect(page.locator('#table tbody tr')).toHaveCount(2, { timeout: 30_000 });
  await expect(page.locator('#run')).toBeEnabled({ timeout: 30_000 });
  await expect(welcome).toBeHidden();
  const report = await page.evaluate(() => window.playground.report);
  const wall = Object.fromEntries(report.results.map((/** @type {any} */ r) => [r.strategy, r.wallMs]));
  expect(wall['fetch-concurrent']).toBeLessThan(wall['fetch-sequential']);
  // The sentence is made from this run's numbers.
  const s = (/** @type {number} */ ms) => `${(ms / 1000).toFixed(2)} s`;
  const meaning = page.locator('#seed .meaning');
  await expect(meaning).toContainText(`fetch-concurrent took ${s(wall['fetch-concurrent'])}`);
  await expect(meaning).toContainText(`fetch-sequential ${s(wall['fetch-sequential'])}`);
  await expect(meaning).toContainText(`${(wall['fetch-sequential'] / wall['fetch-concurrent']).toFixed(1)}× faster: its waits overlapped`);
});

test('a page opened on a preset or with results does not show the welcome', async ({ page }) => {
  await openReady(page, '?preset=race-condition');
  await expect(page.locator('#welcome')).toBeHidden();
  await openReady(page, '?workload=cpu&tasks=2&work=5');
  await expect(page.locator('#welcome')).toBeVisible();
  await page.evaluate(() => window.playground.run({}));
  await expect(page.locator('#welcome')).toBeHidden();
});
