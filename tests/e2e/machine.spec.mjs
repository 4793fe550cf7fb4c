// The seed box speaks of the machine it runs on: with the page's navigator faked to 16 cores,
// the box says 16 cores and Python's default for them, and after a run that run's numbers; it
// never presents the project's 2-core bench figures as this machine's. (The worker keeps its
// own navigator, so the run itself uses the real cores: the box reads the page's, as a person
// reads their machine's.)
import { test, expect, openReady } from './fixtures.mjs';

test('on a (faked) 16-core machine the seed box says 16 cores and this run’s numbers', async ({ page }) => {
  await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => 16 }));
  await openReady(page, '?preset=thousand-calls');
  const mine = page.locator('#seed .this-run');
  await expect(mine).toContainText('This machine reports 16 cores: ThreadPoolExecutor() defaults to min(32, 16 + 4) = 20 threads');
  await expect(mine).toContainText('at most 6 wait at once');
  await expect(mine).not.toContainText('This run');
  await expect(page.locator('#seed .explains')).toContainText('On the project’s 2-core test machine (2026-12-01)');
  const report = await page.evaluate(() => window.playground.preset('thousand-calls', { params: { tasks: 60, latency: 10 } }));
  expect(report.env.hardwareConcurrency).toBe(16);
  await expect(mine).toContainText('⌈60 / 6⌉ = 10 rounds of 10 ms');
  const threads = report.results.find((/** @type {any} */ r) => r.strategy === 'fetch-threads');
  await expect(mine).toContainText(`This run: fetch-threads (${threads.detail.workers} threads)`);
  await expect(page.locator('#seed')).not.toContainText(/Measured here \(2 cores|Here \(2 cores\)/);
});
