// Plain static hosting: a generic file server over the repository (after `npm ci`), with no
// COOP/COEP headers and no mock API. The page must explain both, still run what needs neither,
// and turn every mock request into a failure that says why, not freeze or die.
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sirv from 'sirv';
import { test, expect } from './fixtures.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** @type {http.Server} */
let server;
let origin = '';

test.beforeAll(async () => {
  const files = sirv(ROOT, { dev: true, dotfiles: false });
  server = http.createServer((req, res) => files(req, res, () => {
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('not found');
  }));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  origin = `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}`;
});
test.afterAll(() => {
  server.closeAllConnections();
  server.close();
});

// The browser logs each 404 from the missing mock API as a console error: expected here, and
// only for /api/ (a missing page resource still fails the test through the fixture).
const MISSING_API = /^console error: Failed to load resource: the server responded with a status of 404/;
test.use({ expectedProblems: [MISSING_API] });

test('the page explains what is missing, runs CPU work, and mock fetches fail with a reason', async ({ page }) => {
  await page.goto(`${origin}/index.html?tasks=3&latency=50&work=50`);
  await expect(page.locator('#env')).toContainText('pool threads: none (single-threaded build)');
  await expect(page.locator('#run')).toBeEnabled();
  const box = page.locator('#isolation');
  await expect(box).toContainText('not cross-origin isolated');
  await expect(box).toContainText('no mock API');
  // Chart.js came from node_modules at its relative path: the chart is drawn, not replaced.
  await expect(page.locator('canvas#chart')).toBeVisible();

  const report = await page.evaluate(() =>
    window.playground.run({ workload: 'all', strategies: ['fetch-sequential', 'fetch-concurrent', 'cpu-sequential'] }),
  );
  expect(report.results.map((r) => r.strategy)).toEqual(['fetch-sequential', 'fetch-concurrent', 'cpu-sequential']);
  const [seq, all, cpu] = report.results;
  for (const r of [seq, all]) {
    expect(r).toMatchObject({ tasks: 3, ok: 0, failed: 3, cancelled: 0 });
    expect(r.error).toContain('HTTP 404');
  }
  expect(cpu).toMatchObject({ tasks: 3, ok: 3, failed: 0 });
  await expect(page.locator('#table tbody tr')).toHaveCount(3);
});

test.describe('without Chart.js', () => {
  // The test blocks the script itself, which the browser logs as a failed load.
  // (As a [value, options] pair: Playwright reads a bare two-element array whose second item is
  // an object, a RegExp included, as one.)
  test.use({ expectedProblems: [[MISSING_API, /^console error: Failed to load resource: net::ERR_FAILED$/], { scope: 'test' }] });

  test('the page says so where the chart would be, and the rest works', async ({ page }) => {
    await page.route('**/chart.umd.min.js', (route) => route.abort());
    await page.goto(`${origin}/index.html?tasks=2&work=20`);
    await expect(page.locator('#run')).toBeEnabled();
    await expect(page.locator('.chart-missing')).toContainText('did not load');
    const report = await page.evaluate(() => window.playground.run({ workload: 'cpu', strategies: ['cpu-sequential'] }));
    expect(report.results[0]).toMatchObject({ tasks: 2, ok: 2 });
    await expect(page.locator('#table tbody tr')).toHaveCount(1);
  });
});
