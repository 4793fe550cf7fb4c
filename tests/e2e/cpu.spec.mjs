// CPU strategies, driven through the controls: cpu-rayon computes on the pool's threads at once.
import { test, expect, openReady, wallTimes, setSlider } from './fixtures.mjs';

test('cpu-rayon computes on the pool\'s threads at once, cpu-sequential on one', async ({ page }) => {
  await openReady(page);
  await page.getByRole('radio', { name: 'CPU' }).check();
  await setSlider(page, 'tasks', 12);
  await setSlider(page, 'work', 400);
  await expect(page).toHaveURL(/workload=cpu/);
  await page.locator('#run').click();
  await expect(page.locator('#table tbody tr')).toHaveCount(2);
  await expect(page.locator('#run')).toBeEnabled();
  const wall = await wallTimes(page);
  expect(Object.keys(wall)).toEqual(['cpu-sequential', 'cpu-rayon']);
  // What the spans show on any load; the speedup (1.8x target on 2 cores) is the bench's.
  const report = await page.evaluate(() => window.playground.report);
  const rayon = report.results.find((r) => r.strategy === 'cpu-rayon');
  expect(report.results[0].peakInFlight).toBe(1);
  expect(rayon.peakInFlight).toBeGreaterThanOrEqual(2);
  expect(rayon.lanesUsed).toBeGreaterThanOrEqual(2);
  expect(rayon.checksum).toBe(report.results[0].checksum);
});

test("CPython's rule on CPU work: threads under the GIL and an event loop give no speedup, the pool does", async ({ page }) => {
  await openReady(page);
  const report = await page.evaluate(() =>
    window.playground.run({
      workload: 'cpu',
      strategies: ['cpu-sequential', 'cpu-rayon', 'cpu-threads-gil', 'cpu-event-loop'],
      kernel: 'primes',
      tasks: 8,
      work: 1500,
    }),
  );
  const by = Object.fromEntries(report.results.map((/** @type {any} */ r) => [r.strategy, r]));
  const speedup = (/** @type {string} */ id) => by['cpu-sequential'].wallMs / by[id].wallMs;
  console.log(['cpu-rayon', 'cpu-threads-gil', 'cpu-event-loop'].map((id) => `${id} ${speedup(id).toFixed(2)}x`).join(', '));
  // The rule as the spans show it, which no load on the machine changes: the pool computes on
  // two threads at once, the GIL and the loop let one compute at a time. The speedups themselves
  // are the bench's (`npm run bench`, section python-gil).
  expect(by['cpu-rayon'].peakInFlight, 'the pool computes on two threads at once').toBeGreaterThanOrEqual(2);
  expect(by['cpu-event-loop'].peakInFlight, 'one coroutine computes at a time').toBe(1);
  for (const id of ['cpu-threads-gil', 'cpu-event-loop']) expect(by[id].checksum).toBe(by['cpu-sequential'].checksum);
  const gil = by['cpu-threads-gil'];
  expect(gil.peakInFlight, 'never two threads computing at once').toBe(1);
  expect(gil.lanesUsed, 'the threads took turns').toBeGreaterThanOrEqual(2);
  expect(gil.detail.gilSwitches).toBeGreaterThan(0);
  expect(gil.idealMs).toBe(by['cpu-sequential'].wallMs);
  // The loop was blocked for about a task's length (8 tasks of 1.5M numbers: well over 20 ms).
  expect(by['cpu-event-loop'].detail.longestBlockedMs).toBeGreaterThan(20);
  await expect(page.locator('#explanations')).toContainText('the GIL changed hands');
});
