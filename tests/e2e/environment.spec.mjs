// The page is cross-origin isolated, the pool starts with at least 2 threads, and the page says
// so; without the isolation headers it explains why there is no pool and runs what it can.
import { test, expect, openReady } from './fixtures.mjs';

test('cross-origin isolated with a pool of at least 2 threads', async ({ page }) => {
  await openReady(page);
  expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(true);
  const threads = await page.evaluate(() => window.playground.ready);
  expect(threads).toBeGreaterThanOrEqual(2);
  await expect(page.locator('#env')).toContainText('crossOriginIsolated: true');
  await expect(page.locator('#env')).toContainText(`pool threads: ${threads}`);
  await expect(page.locator('#alert')).toBeHidden();
});

test('without the isolation headers the page explains in plain words', async ({ page }) => {
  // Strip COOP/COEP from every response, as plain static hosting would.
  await page.route('**/*', async (route) => {
    const response = await route.fetch();
    const headers = { ...response.headers() };
    delete headers['cross-origin-opener-policy'];
    delete headers['cross-origin-embedder-policy'];
    await route.fulfill({ response, headers });
  });
  await page.goto('/');
  expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(false);
  await expect(page.locator('#isolation')).toContainText('not cross-origin isolated');
  await expect(page.locator('#env')).toContainText('single-threaded build');
  await expect(page.locator('#run')).toBeEnabled();
});
