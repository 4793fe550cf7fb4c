// The results table fits or scrolls inside its own box at every width from a phone's to a wide
// desktop's: the page never scrolls sideways, and the last column is inside the box or the box
// scrolls (and takes the keyboard focus, so it can be scrolled without a mouse).
import { test, expect, openReady } from './fixtures.mjs';

test('the results table fits or scrolls within its box from 390 to 1920 px', async ({ page }) => {
  await openReady(page);
  await page.evaluate(() => window.playground.preset('six-endpoints', { params: { latency: 100 } }));
  await expect(page.locator('#table tbody tr')).toHaveCount(4);
  for (const width of [390, 600, 860, 1024, 1280, 1400, 1600, 1920]) {
    await page.setViewportSize({ width, height: 900 });
    // The chart redraws at the new width a frame later: until then its canvas is the old width.
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), { message: `${width} px: the page scrolls sideways` }).toBe(true);
    const m = await page.evaluate(() => {
      const box = /** @type {HTMLElement} */ (document.querySelector('.table-box'));
      const last = /** @type {HTMLElement} */ (document.querySelector('#table thead th:last-child'));
      return {
        lastRight: last.getBoundingClientRect().right,
        boxRight: box.getBoundingClientRect().right,
        boxScrolls: box.scrollWidth > box.clientWidth,
      };
    });
    expect(m.lastRight <= m.boxRight + 0.5 || m.boxScrolls, `${width} px: the last column is cut (${JSON.stringify(m)})`).toBe(true);
  }
  await expect(page.locator('.table-box')).toHaveAttribute('tabindex', '0');
  await expect(page.locator('.table-box')).toHaveAttribute('role', 'region');
});

test('a control shows only for the strategies that read it, and each family says what its controls mean', async ({ page }) => {
  await openReady(page, '?workload=fetch&strategies=fetch-sequential,fetch-concurrent');
  await expect(page.locator('#n-concurrency')).toBeHidden();
  await expect(page.locator('#n-maxWorkers')).toBeHidden();
  await expect(page.locator('#family-help')).toContainText('Fetch: each task is one request');
  await page.locator('#strategies-box input[value="fetch-bounded"]').check();
  await expect(page.locator('#n-concurrency')).toBeVisible();
  await expect(page.locator('#n-maxWorkers')).toBeHidden();
  await page.locator('#strategies-box input[value="fetch-threads"]').check();
  await expect(page.locator('#n-maxWorkers')).toBeVisible();
  await openReady(page, '?workload=race');
  await expect(page.locator('#family-help')).toContainText('Race: Workers all add 1');
  await expect(page.locator('#family-help')).not.toContainText('Fetch:');
});
