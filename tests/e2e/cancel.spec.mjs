// Cancel stops a run at once, keeps what finished, and the next run works.
import { test, expect, openReady, setSlider, expectCountsAddUp, cancelAndTimeUntilUsable } from './fixtures.mjs';


/**
 * Opens the page and starts a CPU run too long to wait for (3 tasks of 5 million numbers, over a
 * second each), returning once its progress shows.
 * @param {import('@playwright/test').Page} page
 */
async function startLongCpuRun(page) {
  await openReady(page);
  await page.evaluate(() => {
    window.playground.run({ workload: 'cpu', strategies: ['cpu-sequential'], tasks: 3, work: 5000 });
  });
  await expect(page.locator('.progress-row[data-strategy="cpu-sequential"]')).toBeVisible();
}

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

test('cancel stops CPU work at the next task boundary and keeps every count', async ({ page }) => {
  await openReady(page);
  await page.evaluate(() => {
    window.playground.run({ workload: 'cpu', kernel: 'primes', tasks: 400, work: 40 });
  });
  await expect(page.locator('.progress-row[data-strategy="cpu-sequential"] .count')).toContainText(/^[1-9]\d* \/ 400/);
  const usableAfterMs = await cancelAndTimeUntilUsable(page);
  console.log(`Run enabled ${usableAfterMs.toFixed(0)} ms after Cancel`);
  const report = await page.evaluate(() => window.playground.report);
  expect(report.cancelled).toBe(true);
  expect(report.notRun).toEqual(['cpu-rayon']);
  const [seq] = report.results;
  expectCountsAddUp(report.results, 400);
  // Stopped cooperatively: the worker itself reported the cancelled tasks.
  expect(seq.interrupted).toBeUndefined();
  expect(seq.cancelled).toBeGreaterThan(0);
  expect(seq.ok).toBeGreaterThan(0);
  expect(seq.spans.filter((s) => s.cancelled)).toHaveLength(seq.cancelled);

  const next = await page.evaluate(() => window.playground.run({ workload: 'cpu', tasks: 4, work: 10 }));
  expect(next.cancelled).toBe(false);
  expect(next.results.map((r) => r.ok)).toEqual([4, 4]);
});

test('a CPU task too long to wait for stops inside itself: no worker is replaced and the counts add up', async ({ page }) => {
  await startLongCpuRun(page);
  const usableAfterMs = await cancelAndTimeUntilUsable(page);
  console.log(`Run enabled ${usableAfterMs.toFixed(0)} ms after Cancel (cooperative)`);
  const report = await page.evaluate(() => window.playground.report);
  const [seq] = report.results;
  // The task looked at the stop flag at its next checkpoint: the worker reported it itself.
  expect(seq.interrupted).toBeUndefined();
  expectCountsAddUp(report.results, 3);
  expect(seq.cancelled).toBe(3 - seq.ok);
  const next = await page.evaluate(() => window.playground.run({ workload: 'cpu', strategies: [], tasks: 4, work: 10 }));
  expect(next.results.map((r) => r.ok)).toEqual([4, 4]);
});

test('a worker that does not answer Cancel is terminated and replaced, and the counts still add up', async ({ page }) => {
  await startLongCpuRun(page);
  // The worker's own thread is blocked (as by a bug): the Cancel message cannot get in.
  await page.evaluate(() => window.playground.debugStall(3000));
  const usableAfterMs = await cancelAndTimeUntilUsable(page);
  console.log(`Run enabled ${usableAfterMs.toFixed(0)} ms after Cancel (worker terminated)`);
  await expect(page.locator('#alert')).toContainText('its worker was stopped');
  const report = await page.evaluate(() => window.playground.report);
  const [seq] = report.results;
  expect(seq.interrupted).toBe(true);
  expectCountsAddUp(report.results, 3);
  expect(seq.cancelled).toBeGreaterThan(0);
  // The next run waits for the fresh worker and works.
  const next = await page.evaluate(() => window.playground.run({ workload: 'cpu', strategies: [], tasks: 4, work: 10 }));
  expect(next.results.map((r) => r.ok)).toEqual([4, 4]);
});

test('Cancel pressed while a fresh worker is still starting stops the run before it begins', async ({ page }) => {
  await startLongCpuRun(page);
  // A worker that does not answer is terminated, and a fresh one starts.
  await page.evaluate(() => window.playground.debugStall(3000));
  await cancelAndTimeUntilUsable(page);
  const report = await page.evaluate(async () => {
    // The fresh worker needs far longer than this to load its module and pool: the run waits
    // for it, and the Cancel below comes while it waits.
    const running = window.playground.run({ workload: 'cpu', strategies: ['cpu-sequential'], tasks: 3, work: 5000 });
    /** @type {HTMLButtonElement} */ (document.querySelector('#cancel')).click();
    return running;
  });
  expect(report.cancelled).toBe(true);
  expect(report.results).toEqual([]);
  expect(report.notRun).toEqual(['cpu-sequential']);
  await expect(page.locator('#alert')).toContainText('Cancelled');
  const next = await page.evaluate(() => window.playground.run({ workload: 'cpu', strategies: [], tasks: 4, work: 10 }));
  expect(next.results.map((r) => r.ok)).toEqual([4, 4]);
});

test('cancel stops a race mid-count: every worker stops, and the count covers what was made', async ({ page }) => {
  await openReady(page);
  await page.evaluate(() => {
    // 16 workers x 5 million increments under one lock: seconds of work, no task boundary soon
    // (4 workers sometimes finished before the Cancel on a quiet machine).
    window.playground.run({ workload: 'race', strategies: ['race-mutex'], tasks: 16, work: 5000 });
  });
  await expect(page.locator('.progress-row[data-strategy="race-mutex"]')).toBeVisible();
  await page.waitForTimeout(300);
  const usableAfterMs = await cancelAndTimeUntilUsable(page);
  console.log(`Run enabled ${usableAfterMs.toFixed(0)} ms after Cancel`);
  const report = await page.evaluate(() => window.playground.report);
  expect(report.cancelled).toBe(true);
  const [race] = report.results;
  expectCountsAddUp(report.results, 16);
  // Stopped cooperatively, not by terminating the worker: the count came back.
  expect(race.interrupted).toBeUndefined();
  expect(race.cancelled).toBeGreaterThan(0);
  expect(race.detail.expected).toBeGreaterThan(0);
  expect(race.detail.expected).toBeLessThan(16 * 5_000_000);
  expect(race.detail.actual).toBe(race.detail.expected);
  expect(race.detail.lost).toBe(0);

  const next = await page.evaluate(() => window.playground.run({ workload: 'race', strategies: [], tasks: 2, work: 10 }));
  expect(next.cancelled).toBe(false);
  expect(next.results.map((r) => r.ok)).toEqual([2, 2, 2]);
});

test('cancel with a thousand requests in flight still ends cooperatively, failure reasons kept', async ({ page }) => {
  await openReady(page);
  await page.evaluate(() => {
    // 1,000 requests started at once (the browser sends 6 at a time), 20% of them HTTP 500.
    window.playground.run({ workload: 'fetch', strategies: ['fetch-concurrent'], tasks: 3000, latency: 50, errors: 20 });
  });
  await expect(page.locator('.progress-row[data-strategy="fetch-concurrent"] .count')).toContainText(/failed/);
  const usableAfterMs = await cancelAndTimeUntilUsable(page);
  console.log(`Run enabled ${usableAfterMs.toFixed(0)} ms after Cancel`);
  const report = await page.evaluate(() => window.playground.report);
  const [r] = report.results;
  expectCountsAddUp(report.results, 3000);
  // The worker reported the result itself (it was not terminated), so every failure has its reason.
  expect(r.interrupted).toBeUndefined();
  expect(r.failed).toBeGreaterThan(0);
  expect(r.cancelled).toBeGreaterThan(1000);
  expect(r.failures.map((f) => f.reason)).toEqual(['HTTP 500 Internal Server Error']);
  expect(r.failures[0].count).toBe(r.failed);
});

test('cancel in the first instant of a thousand-request burst still ends cooperatively', async ({ page }) => {
  await openReady(page);
  // Cancel the moment the progress row appears: the worker is then starting its first 1,000
  // requests, a burst that used to hold its thread so long that the page had to terminate it.
  const usableAfterMs = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const selector = '.progress-row[data-strategy="fetch-concurrent"]';
        const cancelNow = () => {
          const started = performance.now();
          /** @type {HTMLButtonElement} */ (document.querySelector('#cancel')).click();
          const poll = () =>
            /** @type {HTMLButtonElement} */ (document.querySelector('#run')).disabled ? setTimeout(poll, 1) : resolve(performance.now() - started);
          poll();
        };
        const watch = new MutationObserver(() => {
          if (!document.querySelector(selector)) return;
          watch.disconnect();
          cancelNow();
        });
        watch.observe(document.body, { childList: true, subtree: true });
        window.playground.run({ workload: 'fetch', strategies: ['fetch-concurrent'], tasks: 3000, latency: 50, errors: 20 });
      }),
  );
  console.log(`Run enabled ${usableAfterMs.toFixed(0)} ms after an early Cancel`);
  const report = await page.evaluate(() => window.playground.report);
  const [r] = report.results;
  expectCountsAddUp(report.results, 3000);
  // The worker answered the Cancel itself: it was not terminated.
  expect(r.interrupted).toBeUndefined();
  expect(r.cancelled).toBeGreaterThan(1000);
  const next = await page.evaluate(() => window.playground.run({ workload: 'fetch', strategies: ['fetch-concurrent'], tasks: 6, latency: 10 }));
  expect(next.results[0].ok).toBe(6);
});
