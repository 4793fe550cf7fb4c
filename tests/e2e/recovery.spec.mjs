// Cancel, again and again, on runs too long to wait for, with the pool resized in between: the
// page must come back every time, without a reload (the recovery issue's 15 cycles).
import { test, expect, openReady, cancelAndTimeUntilUsable, expectCountsAddUp } from './fixtures.mjs';

const POOLS = [16, 1, 7];
const CYCLES = 15;

test.setTimeout(300_000);

test(`${CYCLES} cancels in a row of 1,000,000-task CPU runs, pool ${POOLS.join(', ')}: a run works after each`, async ({ page }) => {
  await openReady(page);
  for (let cycle = 0; cycle < CYCLES; cycle++) {
    const threads = POOLS[cycle % POOLS.length];
    const work = cycle % 2 ? 5000 : 2000;
    const params = { workload: 'cpu', strategies: ['cpu-rayon'], kernel: 'primes', tasks: 1_000_000, work, threads };
    // The run waits for the worker with `threads` threads (a resize starts a fresh one).
    await page.evaluate((p) => {
      window.playground.run(p);
    }, params);
    await expect(page.locator('.progress-row[data-strategy="cpu-rayon"]')).toBeVisible({ timeout: 30_000 });
    await page.waitForTimeout(1500);
    const usableMs = await cancelAndTimeUntilUsable(page);
    const report = await page.evaluate(() => window.playground.report);
    expect(report.cancelled, `cycle ${cycle + 1}`).toBe(true);
    expectCountsAddUp(report.results, 1_000_000);
    // Stopped inside its tasks by the stop flag: the worker answered, it was not terminated.
    expect(report.results[0].interrupted, `cycle ${cycle + 1} ended cooperatively`).toBeUndefined();
    // The one-task run takes the default pool: a resize, often while the worker that replaced
    // the busy one is still starting (the schedule that used to leave the page "not available").
    const next = await page.evaluate(() =>
      window.playground.run({ workload: 'cpu', strategies: ['cpu-sequential'], kernel: 'primes', tasks: 1, work: 50, threads: 0 }),
    );
    expect(next.results[0].ok, `cycle ${cycle + 1}: the run after the cancel works`).toBe(1);
    expect(next.env.poolThreads).toBe(next.env.hardwareConcurrency);
    console.log(`cycle ${cycle + 1}: pool ${threads}, ${work}k numbers per task, Run enabled ${usableMs.toFixed(0)} ms after Cancel`);
  }
});
