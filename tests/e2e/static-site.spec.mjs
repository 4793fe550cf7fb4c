// The static build (npm run build:site -> dist/) on a bare file server: no COOP/COEP, no mock
// API. Its service worker must make the page isolated after at most one reload, with a thread
// pool, and answer the mock API in the browser, faults included. Served at the root and under a
// sub-path, as GitHub Pages serves a project.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sirv from 'sirv';
import { test, expect } from './fixtures.mjs';

const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist');

/** @type {http.Server} */
let server;
let origin = '';

test.beforeAll(async () => {
  test.skip(!fs.existsSync(path.join(DIST, 'sw.js')), 'dist/ not built: run `npm run build:site` (npm test does)');
  const files = sirv(DIST, { dev: true });
  server = http.createServer((req, res) => {
    const sub = '/parallel-playground';
    if (req.url?.startsWith(`${sub}/`)) req.url = req.url.slice(sub.length);
    files(req, res, () => {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  origin = `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}`;
});
test.afterAll(() => {
  server?.closeAllConnections();
  server?.close();
});

/** @param {import('@playwright/test').Page} page @param {string} at */
async function openIsolated(page, at) {
  let loads = 0;
  page.on('load', () => loads++);
  await page.goto(`${origin}${at}`);
  // The reload can destroy the page's context while it is asked: that counts as not yet.
  await expect.poll(() => page.evaluate(() => crossOriginIsolated).catch(() => false), { timeout: 20_000 }).toBe(true);
  await expect(page.locator('#env')).toContainText(/pool threads: [2-9]/);
  await expect(page.locator('#run')).toBeEnabled();
  expect(loads, 'one reload at most').toBeLessThanOrEqual(2);
}

for (const at of ['/', '/parallel-playground/']) {
  test(`served at ${at}: isolated after one reload, threads, and the in-browser mock API`, async ({ page }) => {
    await openIsolated(page, at);
    await expect(page.locator('#isolation')).toContainText('answered inside your browser');
    // A preset whose lesson is the browser's own connections says it needs the server.
    await page.locator('#preset').selectOption('browser-limit');
    await expect(page.locator('#seed')).toContainText('answered inside the browser');
    const cpu = await page.evaluate(() =>
      window.playground.run({ workload: 'cpu', strategies: ['cpu-sequential', 'cpu-rayon'], kernel: 'primes', tasks: 8, work: 1000 }),
    );
    const [seq, rayon] = cpu.results;
    expect(rayon.checksum).toBe(seq.checksum);
    expect(rayon.peakInFlight, 'the pool computes on two threads at once').toBeGreaterThanOrEqual(2);
    const io = await page.evaluate(() =>
      window.playground.run({ workload: 'fetch', strategies: ['fetch-concurrent'], tasks: 6, latency: 500, jitter: 0, bytes: 1024 }),
    );
    expect(io.results[0].ok).toBe(6);
    expect(io.results[0].peakInFlight, 'the in-browser mock answers six requests at once').toBe(6);
    const faults = await page.evaluate(() =>
      window.playground.run({ workload: 'fetch', strategies: ['fetch-concurrent'], tasks: 40, latency: 50, errors: 25, drops: 25, hangs: 0, slow: 0, timeout: 5000 }),
    );
    const r = faults.results[0];
    const reasons = r.failures.map((/** @type {any} */ f) => f.reason).join(' | ');
    expect(reasons).toMatch(/HTTP 500/);
    expect(reasons).toMatch(/network error/);
    expect(r.ok + r.failed).toBe(40);
    expect(r.failed).toBeGreaterThan(5);
    // No server to answer under s0.localhost, ...: fetch-sharded says what it needs.
    const sharded = await page.evaluate(() =>
      window.playground.run({ workload: 'fetch', strategies: ['fetch-sharded'], tasks: 6, latency: 10 }).catch((/** @type {Error} */ e) => ({ thrown: e.message })),
    );
    expect(JSON.stringify(sharded)).toMatch(/fetch-sharded needs the playground's own server/);
    // No server, so no broker: queue-broker fails with the reason, and the task-queue panel says so.
    const queue = await page.evaluate(() => window.playground.run({ strategies: ['queue-broker'], tasks: 4, work: 10 }));
    expect(queue.error).toMatch(/no server behind this page/);
    await page.locator('#preset').selectOption('task-queue');
    await expect(page.locator('#queue-info')).toContainText('needs the playground server');
  });
}
