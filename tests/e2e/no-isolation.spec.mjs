// Served without COOP/COEP (`/?isolation=off`: the server sends the page without them, as plain
// static hosting would), the page is not cross-origin isolated, so there is no SharedArrayBuffer
// and no thread pool. It says so in plain words and still runs what needs no shared memory, on
// the single-threaded build (www/pkg-single); what needs the pool is left out or refused clearly.
import { test, expect } from './fixtures.mjs';
import { FROM_WORKER, TO_WORKER } from '../../www/protocol/messages.js';

// Every fetch strategy but fetch-threads (threads on shared memory need isolation).
const FETCH = ['fetch-sequential', 'fetch-concurrent', 'fetch-bounded', 'fetch-map', 'fetch-as-completed', 'fetch-multiport', 'fetch-sharded', 'fetch-same-url', 'fetch-processes'];

/**
 * Opens the page without isolation and waits until its worker is up.
 * @param {import('@playwright/test').Page} page
 * @param {string} [query] more query parameters, like `&tasks=4`
 */
async function openNotIsolated(page, query = '') {
  await page.goto(`/?isolation=off${query}`);
  await expect(page.locator('#env')).toContainText('pool threads: none (single-threaded build)');
  await expect(page.locator('#run')).toBeEnabled();
  expect(await page.evaluate(() => window.playground.ready)).toBe(0);
}

test('the page explains, and Run runs the fetch strategies and cpu-sequential', async ({ page }) => {
  await openNotIsolated(page, '&tasks=4&latency=200&work=100');
  expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(false);
  const box = page.locator('#isolation');
  await expect(box).toBeVisible();
  await expect(box).toContainText('not cross-origin isolated');
  await expect(box).toContainText('no SharedArrayBuffer');
  await expect(box).toContainText('single-threaded build');
  await expect(box).toContainText('npm start');
  await expect(page.locator('#env')).toContainText('crossOriginIsolated: false');
  // What needs the pool cannot be chosen, and the notes say what was left out and why.
  await expect(page.locator('#strategies-box input[value="cpu-rayon"]')).toBeDisabled();
  await expect(page.locator('#strategies-box input[value="cpu-rayon"]')).not.toBeChecked();
  await expect(page.locator('#strategies-box input[value="cpu-sequential"]')).toBeChecked();
  await expect(page.locator('#notes')).toContainText('left out: cpu-rayon (needs the thread pool');

  await page.locator('#run').click();
  await expect(page.locator('#table tbody tr')).toHaveCount(4);
  await expect(page.locator('#run')).toBeEnabled();
  const report = await page.evaluate(() => window.playground.report);
  expect(report.error).toBeUndefined();
  expect(report.env).toMatchObject({ crossOriginIsolated: false, poolThreads: 0 });
  expect(report.results.map((/** @type {any} */ r) => r.strategy)).toEqual(['fetch-sequential', 'fetch-concurrent', 'fetch-bounded', 'cpu-sequential']);
  for (const r of report.results) expect(r, r.strategy).toMatchObject({ tasks: 4, ok: 4, failed: 0, cancelled: 0 });
  expect(report.notes.join(' ')).toContain('left out: cpu-rayon');
  // The fetches really overlap on the event loop: all four in flight at once.
  const by = Object.fromEntries(report.results.map((/** @type {any} */ r) => [r.strategy, r]));
  expect(by['fetch-concurrent'].peakInFlight).toBe(4);
  expect(by['fetch-concurrent'].wallMs).toBeLessThan(by['fetch-sequential'].wallMs);
  await expect(page.locator('#isolation')).toBeVisible();
});

test('every strategy that needs no pool runs through the console API', async ({ page }) => {
  await openNotIsolated(page);
  const strategies = [...FETCH, 'cpu-sequential', 'cpu-worker-per-task', 'cpu-event-loop', 'pipeline-sequential'];
  const report = await page.evaluate(
    (s) => window.playground.run({ strategies: s, tasks: 3, latency: 100, work: 50, bytes: 2000 }),
    strategies,
  );
  expect(report.error).toBeUndefined();
  expect(report.results.map((/** @type {any} */ r) => r.strategy)).toEqual(strategies);
  for (const r of report.results) expect(r, `${r.strategy}: ${r.error}`).toMatchObject({ tasks: 3, ok: 3, failed: 0 });
  const by = Object.fromEntries(report.results.map((/** @type {any} */ r) => [r.strategy, r]));
  // Same answer as the pool would give: the kernel is the same code.
  expect(by['cpu-worker-per-task'].checksum).toBe(by['cpu-sequential'].checksum);
  expect(by['cpu-worker-per-task'].detail.meanStartupMs).toBeGreaterThan(0);
});

test('asking for what needs the pool gives a clear message, and the page keeps working', async ({ page }) => {
  await openNotIsolated(page);
  const message = await page.evaluate(() => window.playground.run({ strategies: ['cpu-rayon'] }).catch((e) => e.message));
  expect(message).toMatch(/^cpu-rayon needs the thread pool, which needs a cross-origin isolated page \(SharedArrayBuffer\); this page is not, so only the fetch strategies but fetch-threads, cpu-sequential, cpu-worker-per-task, cpu-event-loop, pipeline-sequential and queue-broker run here/);
  await expect(page.locator('#alert')).toContainText('Not run: cpu-rayon needs the thread pool');
  // A whole workload of pool strategies, chosen as a person would, is refused the same way.
  await page.getByRole('radio', { name: 'race' }).check();
  await expect(page.locator('#notes')).toContainText('race-unsynchronized, race-atomic, race-mutex need the thread pool');
  await page.locator('#run').click();
  await expect(page.locator('#alert')).toContainText('Not run: race-unsynchronized, race-atomic, race-mutex need the thread pool');
  await expect(page.locator('.progress-row')).toHaveCount(0);
  await expect(page.locator('#run')).toBeEnabled();
  // A mixed list runs what it can and says what it left out.
  const mixed = await page.evaluate(() => window.playground.run({ strategies: ['fetch-sequential', 'cpu-queue'], tasks: 2, latency: 50 }));
  expect(mixed.results.map((/** @type {any} */ r) => [r.strategy, r.ok])).toEqual([['fetch-sequential', 2]]);
  expect(mixed.notes.join(' ')).toContain('left out: cpu-queue');
  // The task queue needs no pool: this page takes its tasks on its worker's one thread.
  const queue = await page.evaluate(() => window.playground.run({ strategies: ['queue-broker'], kernel: 'squares', tasks: 4 }));
  expect(queue.results[0].ok).toBe(4);
  expect(queue.results[0].detail.lanes).toEqual([{ worker: expect.stringMatching(/^browser this page /), thread: 0 }]);
});

test('the single-threaded module itself refuses pool strategies with the same words', async ({ page }) => {
  await openNotIsolated(page);
  // Straight to a worker of its own, past the page's parameter rules: the Rust side refuses too.
  // The protocol's names are handed in: the function runs in the page, where this file's imports are not.
  const events = await page.evaluate(async ({ TO, FROM }) => {
    const worker = new Worker('/www/worker/entry.js', { type: 'module' });
    /** @type {any[]} */
    const seen = [];
    const next = (/** @type {string[]} */ types) =>
      new Promise((resolve) => {
        worker.addEventListener('message', function on({ data }) {
          if (!types.includes(data.type)) return;
          worker.removeEventListener('message', on);
          resolve(data);
        });
      });
    worker.postMessage({ type: TO.init, threads: 2 });
    seen.push(await next([FROM.ready, FROM.fatal]));
    const params = { ...window.playground.params, strategies: ['cpu-static-chunks'] };
    worker.postMessage({ type: TO.run, runId: 1, params });
    seen.push(await next([FROM.runDone, FROM.runError]));
    worker.terminate();
    return seen;
  }, { TO: TO_WORKER, FROM: FROM_WORKER });
  expect(events[0]).toMatchObject({ type: FROM_WORKER.ready, poolThreads: 0, isolated: false });
  // The single-threaded build's start-up is marked too, up to the instantiated module.
  expect(Object.keys(events[0].boot)).toEqual(expect.arrayContaining(['boot:compiled', 'boot:instantiated']));
  expect(events[1].type).toBe(FROM_WORKER.runError);
  expect(events[1].message).toBe(
    'cpu-static-chunks needs the thread pool, which needs a cross-origin isolated page (SharedArrayBuffer); ' +
      'this page is not, so only the fetch strategies but fetch-threads, cpu-sequential, cpu-worker-per-task, cpu-event-loop, pipeline-sequential and queue-broker run here',
  );
});

test('cancel and crash recovery work in the single-threaded build', async ({ page }) => {
  await openNotIsolated(page);
  // cpu-sequential blocks the worker's own thread here, so Cancel stops it by replacing the worker.
  await page.evaluate(() => {
    window.playground.run({ strategies: ['cpu-sequential'], tasks: 3, work: 5000 });
  });
  await expect(page.locator('.progress-row[data-strategy="cpu-sequential"]')).toBeVisible();
  await page.waitForTimeout(300);
  await page.locator('#cancel').click();
  await expect(page.locator('#run')).toBeEnabled({ timeout: 2_000 });
  const report = await page.evaluate(() => window.playground.report);
  expect(report.cancelled).toBe(true);
  // The stopped strategy is in the report (cut off with its worker), every task accounted for.
  expect(report.results.map((/** @type {any} */ r) => r.strategy)).toEqual(['cpu-sequential']);
  const [seq] = report.results;
  expect(seq.interrupted).toBe(true);
  expect(seq.tasks).toBe(3);
  expect(seq.ok + seq.failed + seq.cancelled).toBe(3);
  expect(seq.cancelled).toBeGreaterThan(0);

  const threads = await page.evaluate(() => window.playground.debugPanic('worker'));
  expect(threads).toBe(0);
  await expect(page.locator('#alert')).toContainText('deliberate panic in the worker');
  const next = await page.evaluate(() => window.playground.run({ strategies: ['fetch-concurrent', 'cpu-sequential'], tasks: 3, latency: 50, work: 10 }));
  expect(next.error).toBeUndefined();
  expect(next.results.map((/** @type {any} */ r) => r.ok)).toEqual([3, 3]);
  await expect(page.locator('#isolation')).toBeVisible();
});
