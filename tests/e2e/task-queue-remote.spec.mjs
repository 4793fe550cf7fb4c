// A join from another machine: the server listens on the network (HOST=0.0.0.0, so the join
// token is required) and a second browser context opens the join link through this machine's
// own non-loopback IPv4 address. Chromium treats plain http:// on such an address as not secure,
// so that page is not cross-origin isolated: no SharedArrayBuffer, the single-threaded build, one
// thread. It still takes tasks of a run started from the page on 127.0.0.1, and every task ends once.
import os from 'node:os';
import { spawn } from 'node:child_process';
import readline from 'node:readline';
import { test, expect } from './fixtures.mjs';

const PORT = Number(process.env.E2E_PORT ?? 8799) + 2;

/** This machine's first non-internal IPv4 address (what the server's join link names), or null. */
function networkAddress() {
  const found = Object.values(os.networkInterfaces())
    .flat()
    .find((i) => i && i.family === 'IPv4' && !i.internal);
  return found?.address ?? null;
}

/** Chromium's note on the isolation headers it ignores on a plain-http network address. */
const COOP_IGNORED = /Cross-Origin-Opener-Policy header has been ignored, because the URL's origin was untrustworthy/;

test('a tab joined over plain http on the network address runs its tasks on its one thread', async ({ page, browser }) => {
  test.setTimeout(120_000);
  const address = networkAddress();
  test.skip(!address, 'this machine has no non-loopback IPv4 interface to open the join link through');
  const server = spawn(process.execPath, ['server/serve.mjs'], {
    env: { ...process.env, PORT: String(PORT), HOST: '0.0.0.0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    /** @type {string} */
    const link = await new Promise((resolve, reject) => {
      server.once('exit', (code) => reject(new Error(`the server exited (${code}) before printing its join link`)));
      readline.createInterface({ input: server.stdout }).on('line', (l) => {
        const m = l.match(/^Join link for other tabs and machines: (\S+)$/);
        if (m) resolve(m[1]);
      });
    });
    expect(new URL(link).hostname).toBe(address);
    expect(new URL(link).searchParams.get('join')).toMatch(/^[0-9a-f]{32}$/);

    // The page that starts the run is on this machine's loopback name: it needs no token.
    await page.goto(`http://127.0.0.1:${PORT}/?preset=task-queue`);
    await expect(page.locator('#env')).toContainText(/pool threads: \d+/);
    await expect(page.locator('#run')).toBeEnabled();
    expect(await page.evaluate(() => window.playground.joinUrl)).toBe(link);

    const other = await browser.newContext();
    const tab = await other.newPage();
    /** @type {string[]} */
    const problems = [];
    tab.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    tab.on('console', (msg) => msg.type() === 'error' && !COOP_IGNORED.test(msg.text()) && problems.push(`console error: ${msg.text()}`));
    await tab.goto(link);
    expect(await tab.evaluate(() => [self.crossOriginIsolated, typeof SharedArrayBuffer])).toEqual([false, 'undefined']);
    await expect(tab.locator('#env')).toContainText('pool threads: none (single-threaded build)');
    await expect(tab.locator('#join-status')).toContainText('is a worker of the task queue');
    await expect(tab.locator('#join-status')).toContainText('on its one thread');
    await expect(tab.locator('#join-status')).toContainText(`@ ${address}`);

    const report = await page.evaluate(() =>
      window.playground.run({ strategies: ['cpu-sequential', 'queue-broker'], kernel: 'primes', tasks: 24, work: 300 }),
    );
    const [sequential, r] = report.results;
    expect(r.strategy).toBe('queue-broker');
    expect({ ok: r.ok, failed: r.failed, cancelled: r.cancelled }).toEqual({ ok: 24, failed: 0, cancelled: 0 });
    expect(r.checksum).toBe(sequential.checksum);
    const ending = r.spans.filter((/** @type {{ phase?: string }} */ s) => s.phase !== 'lost');
    expect(ending.length).toBe(24);
    expect(new Set(ending.map((/** @type {{ task: number }} */ s) => s.task)).size).toBe(24);
    expect(r.detail.deliveries).toBe(24);
    const joined = r.detail.workers.find((/** @type {{ name: string }} */ w) => w.name.startsWith('joined tab'));
    expect(joined, 'the joined tab is one of the run\'s workers').toBeTruthy();
    expect(joined.host).toBe(address);
    expect(joined.taken).toBeGreaterThanOrEqual(1);
    // Its tasks ran on its one thread: every lane of the joined tab is thread 0.
    const lanes = r.detail.lanes.filter((/** @type {{ worker: string }} */ l) => l.worker.includes('joined tab'));
    expect(lanes.map((/** @type {{ thread: number }} */ l) => l.thread)).toEqual([0]);
    await expect(tab.locator('#join-tasks li', { hasText: 'answered task' })).toHaveCount(joined.taken);
    expect(problems).toEqual([]);
    await other.close();
  } finally {
    server.kill('SIGTERM');
  }
});
