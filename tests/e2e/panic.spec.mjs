// A panic aborts the worker's wasm instance (wasm32 panics abort). The page notices, shows the
// panic message, starts a fresh worker and pool, and the next run works.
import { test, expect, openReady } from './fixtures.mjs';

// A pool thread is a Web Worker that wasm-bindgen-rayon starts: its trap is reported by the
// browser as that worker's uncaught error before our worker turns it into a message. Only that
// exact error is allowed here.
test.use({ expectedProblems: [/^page error: unreachable$/] });

for (const where of /** @type {const} */ (['worker', 'pool'])) {
  test(`a panic in the ${where} is reported and the worker replaced`, async ({ page }) => {
    await openReady(page);
    const threads = await page.evaluate((w) => window.playground.debugPanic(w), where);
    expect(threads).toBeGreaterThan(0);
    await expect(page.locator('#alert')).toContainText('The worker crashed and was replaced');
    await expect(page.locator('#alert')).toContainText(`deliberate panic in ${where === 'pool' ? 'a pool thread' : 'the worker'}`);
    await expect(page.locator('#env')).toContainText(/pool threads: \d+/);
    const next = await page.evaluate(() => window.playground.run({ workload: 'all', tasks: 4, latency: 50, work: 10 }));
    expect(next.error).toBeUndefined();
    for (const r of next.results) expect(r.ok, r.strategy).toBe(4);
  });
}
