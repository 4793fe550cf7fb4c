// fetch-threads (real threads blocked in synchronous requests) and fetch-processes (workers
// with their own memory) with faults, timeouts and Cancel, as the other fetch strategies.
import { test, expect, openReady, expectCountsAddUp, cancelAndTimeUntilUsable } from './fixtures.mjs';

const EXECUTORS = ['fetch-threads', 'fetch-processes'];

test('faults and timeouts fail the same tasks with the same reasons as fetch-bounded', async ({ page }) => {
  await openReady(page);
  const report = await page.evaluate(() =>
    window.playground.run({
      workload: 'fetch', strategies: ['fetch-bounded', 'fetch-threads', 'fetch-processes'],
      tasks: 24, latency: 100, concurrency: 6, maxWorkers: 6,
      errors: 20, drops: 15, hangs: 15, slow: 10, timeout: 1200,
    }),
  );
  expectCountsAddUp(report.results, 24);
  const by = Object.fromEntries(report.results.map((r) => [r.strategy, r]));
  const reasons = (/** @type {any} */ r) => Object.fromEntries(r.failures.map((f) => [f.reason, f.tasks]));
  for (const id of EXECUTORS) {
    expect(by[id].failed, id).toBe(by['fetch-bounded'].failed);
    expect(reasons(by[id]), id).toEqual(reasons(by['fetch-bounded']));
    expect(Object.keys(reasons(by[id]))).toContain('timed out after 1200 ms');
    // A hang ends at the timeout (its reason above), not at the server's one-minute close, which
    // the test's own time limit would not reach.
  }
  expect(by['fetch-threads'].detail.workers).toBe(6);
  expect(by['fetch-processes'].detail.startupMs).toHaveLength(6);
});

for (const id of EXECUTORS) {
  test(`Cancel ends ${id} blocked in requests that never answer, and the next run works`, async ({ page }) => {
    await openReady(page);
    await page.evaluate((strategy) => {
      window.playground.run({ workload: 'fetch', strategies: [strategy], tasks: 12, latency: 0, hangs: 100, timeout: 0, maxWorkers: 4 });
    }, id);
    await expect(page.locator(`.progress-row[data-strategy="${id}"]`)).toBeVisible();
    // Let the threads (or processes) get into their requests.
    await page.waitForTimeout(id === 'fetch-processes' ? 1500 : 500);
    const usableAfterMs = await cancelAndTimeUntilUsable(page);
    console.log(`${id}: Run enabled ${usableAfterMs.toFixed(0)} ms after Cancel`);
    const report = await page.evaluate(() => window.playground.report);
    expect(report.cancelled).toBe(true);
    const [r] = report.results;
    // Stopped by the strategy itself (the blocked Workers terminated), not by replacing the worker.
    expect(r.interrupted).toBeUndefined();
    expectCountsAddUp([r], 12);
    expect(r.cancelled).toBe(12);

    const next = await page.evaluate((strategy) =>
      window.playground.run({ workload: 'fetch', strategies: [strategy], tasks: 8, latency: 100, hangs: 0, maxWorkers: 4 }), id);
    expect(next.cancelled).toBe(false);
    expect(next.results[0].ok).toBe(8);
    expect(next.results[0].peakInFlight).toBe(4);
  });
}

test('the single-threaded build refuses fetch-threads and says it needs isolation; fetch-processes runs', async ({ page }) => {
  await page.goto('/?isolation=off');
  await expect(page.locator('#env')).toContainText('pool threads: none (single-threaded build)');
  await expect(page.locator('#run')).toBeEnabled();
  const report = await page.evaluate(() =>
    window.playground.run({ workload: 'fetch', strategies: ['fetch-processes'], tasks: 4, latency: 100, maxWorkers: 2 }),
  );
  expect(report.results[0].ok).toBe(4);
  expect(report.results[0].detail.startupMs).toHaveLength(2);
  const refused = await page.evaluate(() =>
    window.playground.run({ workload: 'fetch', strategies: ['fetch-threads'], tasks: 4, latency: 100 }).then(
      (r) => JSON.stringify(r), (e) => e.message),
  );
  expect(refused).toMatch(/^fetch-threads needs the thread pool, which needs a cross-origin isolated page \(SharedArrayBuffer\)/);
});
