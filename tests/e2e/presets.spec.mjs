// One test per preset: choose it from the menu, run it, and check the shape of the result the
// seed experiment predicts: what overlapped (from the spans) and relations that hold on a loaded
// machine. No speed ratio: those targets live in the bench.
import { test, expect, runPreset } from './fixtures.mjs';

test.describe.configure({ timeout: 120_000 });

test('6 endpoints × 1 s (seed 000): concurrent and threads wait at once, processes add their start-up, sequential one by one', async ({ page }) => {
  const r = await runPreset(page, 'six-endpoints', 4);
  expect(r['fetch-concurrent'].peakInFlight).toBe(6);
  expect(r['fetch-threads'].peakInFlight).toBe(6);
  expect(r['fetch-threads'].detail.workers).toBe(6);
  // Seed 000's 1.68 s: one second of waiting plus starting the processes.
  const processes = r['fetch-processes'];
  expect(processes.spans.filter((/** @type {any} */ s) => s.phase === 'startup')).toHaveLength(6);
  expect(processes.wallMs).toBeGreaterThanOrEqual(1000 + 0.5 * processes.detail.maxStartupMs);
  await expect(page.locator('#seed .explains')).toContainText('1.68 s ≈ 1 s of waiting');
  expect(r['fetch-sequential'].peakInFlight).toBe(1);
  expect(r['fetch-sequential'].wallMs).toBeGreaterThanOrEqual(6000);
  await expect(page.locator('#seed')).toContainText('faster than fetch-sequential');
});

test('1000 API calls (seed 002): spreading over ports beats one host, the cache lock serialises', async ({ page }) => {
  test.setTimeout(170_000);
  const r = await runPreset(page, 'thousand-calls', 7, 160_000);
  const seq = r['fetch-sequential'].wallMs;
  // Python's default: min(32, cores + 4) threads (12 on the seed's 8 cores: its 13x).
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  expect(r['fetch-threads'].detail.workers).toBe(Math.min(32, cores + 4));
  expect(r['fetch-threads'].peakInFlight, 'the threads wait at once').toBeGreaterThan(1);
  expect(r['fetch-threads'].wallMs).toBeLessThan(seq);
  expect(r['fetch-processes'].detail.workers).toBe(cores);
  await expect(page.locator('#seed .explains')).toContainText('min(32, os.cpu_count() + 4)');
  expect(r['fetch-concurrent'].wallMs).toBeLessThan(seq);
  // All 1000 were called at once, but the browser put at most 6 on the wire to one host:port.
  expect(r['fetch-concurrent'].peakInFlight).toBe(1000);
  expect(r['fetch-concurrent'].peakOnWire).toBeLessThanOrEqual(6);
  expect(r['fetch-multiport'].peakOnWire).toBeGreaterThan(6);
  // Identical URLs queue behind the HTTP cache lock: slower than distinct ones.
  expect(r['fetch-same-url'].wallMs).toBeGreaterThan(r['fetch-concurrent'].wallMs);
});

test('50 pages fetch + parse (seed 003): every page parsed, overlapping beats the loop', async ({ page }) => {
  const r = await runPreset(page, 'fifty-pages', 3, 110_000);
  const seq = r['pipeline-sequential'];
  for (const id of ['pipeline-fetch-then-parse', 'pipeline-overlapped']) {
    expect(r[id].checksum).toBe(seq.checksum);
    expect(r[id].ok).toBe(50);
  }
  expect(r['pipeline-overlapped'].peakInFlight, 'fetches overlap').toBeGreaterThan(1);
  expect(seq.peakInFlight).toBe(1);
  expect(r['pipeline-overlapped'].wallMs).toBeLessThan(seq.wallMs);
  // Each page has a fetch span and a parse span.
  expect(seq.spans.filter((s) => s.phase === 'parse')).toHaveLength(50);
});

test('Pool.map squares (seed 001): [1, 4, 9, 16, 25], and a worker per task pays start-up', async ({ page }) => {
  const r = await runPreset(page, 'pool-map-squares', 3);
  for (const id of ['cpu-sequential', 'cpu-rayon', 'cpu-worker-per-task']) {
    expect(r[id].checksum).toBe(55);
  }
  expect(r['cpu-rayon'].detail.values).toEqual([1, 4, 9, 16, 25]);
  expect(r['cpu-worker-per-task'].detail.meanStartupMs).toBeGreaterThan(0);
  expect(r['cpu-worker-per-task'].wallMs).toBeGreaterThan(r['cpu-rayon'].wallMs);
  await expect(page.locator('#seed')).toContainText('[1, 4, 9, 16, 25]');
});

test('repos per user (seed 004): threads and asyncio overlap the waits; map vs as_completed order', async ({ page }) => {
  const r = await runPreset(page, 'repos-per-user', 5);
  expect(r['fetch-bounded'].wallMs).toBeLessThan(r['fetch-sequential'].wallMs);
  expect(r['fetch-concurrent'].wallMs).toBeLessThan(r['fetch-bounded'].wallMs);
  // Executor.map hands results back in input order; as_completed as they finish.
  expect(r['fetch-map'].detail.order).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  expect(r['fetch-as-completed'].detail.order).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  expect(r['fetch-as-completed'].detail.firstResultMs).toBeLessThanOrEqual(r['fetch-map'].detail.firstResultMs);
});

test('race condition (seed 004): the unsynchronised counter loses updates, atomic and mutex are exact', async ({ page }) => {
  const r = await runPreset(page, 'race-condition', 3);
  expect(r['race-unsynchronized'].detail.lost).toBeGreaterThan(0);
  for (const id of ['race-atomic', 'race-mutex']) {
    expect(r[id].detail.lost).toBe(0);
    expect(r[id].detail.actual).toBe(r[id].detail.expected);
  }
  await expect(page.locator('#seed')).toContainText('lost');
});

test('the 6-per-host limit: concurrent runs in rounds, multiport gets past it', async ({ page }) => {
  const r = await runPreset(page, 'browser-limit', 3);
  expect(r['fetch-concurrent'].peakOnWire).toBeLessThanOrEqual(6);
  expect(r['fetch-concurrent'].wallMs).toBeGreaterThanOrEqual(1800);
  expect(r['fetch-multiport'].peakOnWire).toBeGreaterThan(6);
  expect(r['fetch-multiport'].wallMs).toBeLessThan(r['fetch-concurrent'].wallMs);
  await expect(page.locator('#alert')).toContainText('6 connections');
});

test('uneven work: static chunks leave a lane idle, stealing does not', async ({ page }) => {
  const r = await runPreset(page, 'uneven-work', 4);
  expect(r['cpu-static-chunks'].checksum).toBe(r['cpu-rayon'].checksum);
  expect(r['cpu-static-chunks'].wallMs).toBeGreaterThan(r['cpu-rayon'].wallMs);
});
