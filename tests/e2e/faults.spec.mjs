// Faults from the mock API: every task ends ok, failed (with its reason) or cancelled, the
// counts add up for every strategy, and a cancel halfway leaves the page usable.
import { test, expect, openReady, setSlider, expectCountsAddUp, cancelAndTimeUntilUsable } from './fixtures.mjs';

test('20% errors, jitter and a cancel halfway: counts add up and the page is usable again', async ({ page }) => {
  await openReady(page);
  await page.getByRole('radio', { name: 'fetch (I/O)' }).check();
  await setSlider(page, 'tasks', 60);
  await setSlider(page, 'latency', 200);
  await setSlider(page, 'jitter', 50);
  await page.locator('#faults-box summary').click();
  await setSlider(page, 'errors', 20);
  await expect(page).toHaveURL(/errors=20/);
  await page.locator('#run').click();
  // fetch-sequential takes ~12 s; cancel it about halfway, once a task has failed (the first
  // injected error is task 23: the faulty tasks are fixed per index).
  const row = page.locator('.progress-row[data-strategy="fetch-sequential"] .count');
  await expect(row).toContainText(/^(2\d|3\d) \/ 60 · \d+ failed/, { timeout: 20_000 });
  const usableAfterMs = await cancelAndTimeUntilUsable(page);
  console.log(`Run enabled ${usableAfterMs.toFixed(0)} ms after Cancel`);
  await expect(page.locator('#alert')).toContainText('Cancelled');
  await expect(page.locator('#alert')).toContainText('Not run: fetch-concurrent, fetch-bounded');

  const report = await page.evaluate(() => window.playground.report);
  expect(report.cancelled).toBe(true);
  expect(report.results).toHaveLength(1);
  const [seq] = report.results;
  expectCountsAddUp(report.results, 60);
  expect(seq.cancelled).toBeGreaterThan(10);
  expect(seq.ok).toBeGreaterThan(10);
  expect(seq.failed).toBeGreaterThan(0);
  expect(seq.failures[0].reason).toMatch(/^HTTP 500/);
  expect(seq.spans.filter((s) => s.cancelled).length).toBe(seq.cancelled);
  // The table shows the cancelled count.
  await expect(page.locator('#table tbody tr[data-strategy="fetch-sequential"] td').nth(7)).toHaveText(String(seq.cancelled));

  // A new run starts and completes normally; the same tasks fail in every strategy.
  const next = await page.evaluate(() => window.playground.run({ tasks: 30, latency: 50 }));
  expect(next.cancelled).toBe(false);
  expect(next.results.map((r) => r.strategy)).toEqual(['fetch-sequential', 'fetch-concurrent', 'fetch-bounded']);
  expectCountsAddUp(next.results, 30);
  const failedTasks = next.results.map((r) => r.spans.filter((s) => !s.ok).map((s) => s.task).join());
  expect(new Set(failedTasks).size).toBe(1);
  expect(next.results[0].failed).toBeGreaterThan(0);
  expect(next.results[0].failed).toBeLessThan(15);
});

test('a timeout ends hung and slow requests as failures that say so', async ({ page }) => {
  await openReady(page);
  const report = await page.evaluate(() =>
    window.playground.run({ workload: 'fetch', strategies: ['fetch-concurrent', 'fetch-bounded'], tasks: 24, latency: 100, hangs: 25, slow: 25, timeout: 600, concurrency: 6 }),
  );
  expectCountsAddUp(report.results, 24);
  for (const r of report.results) {
    expect(r.cancelled).toBe(0);
    expect(r.failed).toBeGreaterThan(4);
    expect(r.ok).toBeGreaterThan(4);
    expect(r.failures.map((f) => f.reason)).toEqual(['timed out after 600 ms']);
  }
});

test('dropped connections and HTTP 500s are failures with plain reasons', async ({ page }) => {
  await openReady(page);
  const report = await page.evaluate(() =>
    window.playground.run({ workload: 'fetch', strategies: ['fetch-bounded'], tasks: 40, latency: 20, errors: 30, drops: 30, concurrency: 4 }),
  );
  expectCountsAddUp(report.results, 40);
  const [r] = report.results;
  const reasons = Object.fromEntries(r.failures.map((f) => [f.reason, f.count]));
  expect(Object.keys(reasons).sort()).toEqual(['HTTP 500 Internal Server Error', 'network error: the connection closed without an answer']);
  expect(r.failed).toBe(r.failures.reduce((sum, f) => sum + f.count, 0));
  // The page says what failed, in the table row's tooltip and the explanation.
  await expect(page.locator('#table tbody tr[data-strategy="fetch-bounded"]')).toHaveAttribute('title', /HTTP 500/);
});

test('parameters that cannot go together are repaired with a note', async ({ page }) => {
  await openReady(page, '?errors=80&drops=50&workload=fetch&tasks=200000');
  await expect(page.locator('#notes')).toContainText('more than 100% of the requests');
  await expect(page.locator('#notes')).toContainText('fetch strategies run at most 100000 tasks');
  const params = await page.evaluate(() => window.playground.params);
  expect(params.errors + params.drops).toBe(100);
  expect(params.tasks).toBe(100000);
});
