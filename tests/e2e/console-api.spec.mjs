// window.playground.run(params) resolves to the report the page shows, in the documented shape.
import { test, expect, openReady } from './fixtures.mjs';

test('playground.run returns the documented report', async ({ page }) => {
  await openReady(page);
  const report = await page.evaluate(() =>
    window.playground.run({ workload: 'all', tasks: 3, latency: 100, concurrency: 2, work: 20 }),
  );
  expect(report.params).toMatchObject({ workload: 'all', tasks: 3, latency: 100, concurrency: 2, work: 20 });
  expect(report.env.crossOriginIsolated).toBe(true);
  expect(report.env.hardwareConcurrency).toBeGreaterThan(0);
  expect(report.env.poolThreads).toBeGreaterThanOrEqual(2);
  expect(report.results.map((r) => r.strategy)).toEqual([
    'fetch-sequential',
    'fetch-concurrent',
    'fetch-bounded',
    'cpu-sequential',
    'cpu-rayon',
  ]);
  for (const r of report.results) {
    expect(r).toMatchObject({ tasks: 3, ok: 3, failed: 0 });
    expect(r.wallMs).toBeGreaterThan(0);
    expect(r.spans).toHaveLength(3);
    for (const s of r.spans) {
      // The documented fields; fetch spans add when the browser sent and received each request.
      expect(Object.keys(s).filter((k) => !['sentMs', 'receivedMs'].includes(k)).sort()).toEqual(['endMs', 'lane', 'ok', 'startMs', 'task']);
      expect(s.endMs).toBeGreaterThanOrEqual(s.startMs);
    }
  }
  // The page shows the same numbers.
  await expect(page.locator('#table tbody tr')).toHaveCount(5);
  // Bad input through the console is clamped and reported, not thrown.
  const clamped = await page.evaluate(() => window.playground.run({ workload: 'cpu', tasks: -4, work: 10 }));
  expect(clamped.params.tasks).toBe(1);
  expect(clamped.notes[0]).toContain('tasks -4 is outside');
});

test('a second run while one is going is refused with a message', async ({ page }) => {
  await openReady(page);
  const message = await page.evaluate(async () => {
    const first = window.playground.run({ workload: 'fetch', tasks: 2, latency: 300 });
    const second = await window.playground.run({ workload: 'cpu' }).catch((e) => e.message);
    await first;
    return second;
  });
  expect(message).toContain('already in progress');
});
