// fetch-sharded: the same server under s0.localhost, s1.localhost, ... gets past Chromium's 6
// connections per host. Loose relations only; the speed targets live in the bench.
import { test, expect, openReady, expectCountsAddUp } from './fixtures.mjs';

test.describe.configure({ timeout: 90_000 });

/** @param {import('@playwright/test').Page} page @param {Record<string, unknown>} params */
const run = (page, params) =>
  page.evaluate(async (p) => (await window.playground.run(p)).results, params);

test('24 x 500 ms over 4 host names: more than 6 on the wire, where one host allows 6', async ({ page }) => {
  await openReady(page);
  const results = await run(page, { workload: 'fetch', strategies: ['fetch-concurrent', 'fetch-sharded'], tasks: 24, latency: 500 });
  const [concurrent, sharded] = results;
  expectCountsAddUp(results, 24);
  expect(sharded.ok).toBe(24);
  expect(sharded.detail.hosts).toBe(4);
  expect(sharded.peakOnWire).toBeGreaterThan(6);
  expect(concurrent.peakOnWire).toBeLessThanOrEqual(6);
  expect(sharded.wallMs).toBeLessThan(concurrent.wallMs);
  await expect(page.locator('#explanations')).toContainText('4 host names');
});

test('faults and timeouts fail their own tasks over the shards too', async ({ page }) => {
  await openReady(page);
  const [r] = await run(page, { workload: 'fetch', strategies: ['fetch-sharded'], tasks: 40, latency: 50, errors: 25, hangs: 10, timeout: 400 });
  expectCountsAddUp([r], 40);
  expect(r.failed).toBeGreaterThan(0);
  expect(r.ok).toBeGreaterThan(0);
  expect(r.failures.map((f) => f.reason).join(' ')).toMatch(/500/);
  expect(r.failures.map((f) => f.reason).join(' ')).toMatch(/timed out/);
});

test('the server offers host names only to a page loaded from a loopback name', async ({ page }) => {
  await openReady(page);
  const { shards } = await page.evaluate(() => fetch('/api/mirrors').then((r) => r.json()));
  expect(shards.length).toBe(40);
  expect(shards[3]).toMatch(/^http:\/\/s3\.localhost:\d+\/api\/delay$/);
});
