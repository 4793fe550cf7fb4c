// The bench's plain-JavaScript fetch peers (www/bench/): run in a Web Worker of their page they
// do the same work as on its main thread (every byte of every request), on one host and over
// host names. Loose relations only; the speed comparison lives in the bench.
import { test, expect } from './fixtures.mjs';

test.describe.configure({ timeout: 60_000 });

test('the fetch peers in a Worker fetch what they fetch on the main thread', async ({ page }) => {
  await page.goto('/www/bench/index.html');
  await page.waitForFunction(() => window.baseline !== undefined);
  const out = await page.evaluate(async () => {
    const b = window.baseline;
    const q = { tasks: 30, latency: 0, bytes: 256 };
    return {
      all: [await b.fetchAll(q), await b.inWorker({ fn: 'fetchAll', options: q })],
      pool: [await b.fetchPool({ ...q, concurrency: 3 }), await b.inWorker({ fn: 'fetchPool', options: { ...q, concurrency: 3 } })],
      sharded: [await b.fetchAll({ ...q, hosts: 4 }), await b.inWorker({ fn: 'fetchAll', options: { ...q, hosts: 4 } })],
    };
  });
  for (const [name, [main, worker]] of Object.entries(out)) {
    expect(main.checksum, `${name} on the main thread: every byte of 30 bodies`).toBe(30 * 256);
    expect(worker.checksum, `${name} in the Worker`).toBe(main.checksum);
    expect(worker.wallMs, `${name} in the Worker reports its own time`).toBeGreaterThan(0);
  }
});

test('a failing request in the Worker rejects the call with its reason', async ({ page }) => {
  await page.goto('/www/bench/index.html');
  await page.waitForFunction(() => window.baseline !== undefined);
  const error = await page.evaluate(() =>
    window.baseline.inWorker({ fn: 'fetchAll', options: { tasks: 2, latency: 0, bytes: -5 } }).then(() => 'resolved', (e) => String(e.message)),
  );
  expect(error).toMatch(/in the peer worker: HTTP 4\d\d/);
});
