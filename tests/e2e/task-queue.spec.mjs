// The task queue end to end: the playground server (Playwright's webServer) starts its private
// Redis; one browser context runs queue-broker, a second one (another "machine") is opened on
// the join link, and a Python worker process joins too. The joined tab is closed mid-task: its
// task is redelivered after reclaimMs and every task still ends exactly once.
import { spawn } from 'node:child_process';
import readline from 'node:readline';
import { test, expect, openReady } from './fixtures.mjs';
import { QUEUE_PYTHON, QUEUE_WORKER } from '../../scripts/lib/queue-python.mjs';

const PORT = Number(process.env.E2E_PORT ?? 8799);

/** A Python queue worker, as `npm run worker` starts one; resolves once it says it is up. */
function pythonWorker() {
  const child = spawn(QUEUE_PYTHON, [QUEUE_WORKER, '--url', `http://127.0.0.1:${PORT}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  /** @type {string[]} */
  const lines = [];
  for (const stream of [child.stdout, child.stderr]) {
    readline.createInterface({ input: stream }).on('line', (l) => lines.push(l));
  }
  return { child, lines };
}


/**
 * The page ready, and a second context (another machine, as far as the page knows) that opened
 * its join link and became a worker.
 * @param {import('@playwright/test').Page} page
 * @param {import('@playwright/test').Browser} browser
 */
async function joinedTab(page, browser) {
  await openReady(page);
  const joinUrl = /** @type {string} */ (await page.evaluate(() => window.playground.joinUrl));
  const other = await browser.newContext();
  const tab = await other.newPage();
  await tab.goto(joinUrl);
  await expect(tab.locator('#join-status')).toContainText('is a worker of the task queue');
  return { joinUrl, other, tab };
}

test('tasks spread over this page, a joined tab and a Python worker; the tab leaving mid-task loses none', async ({ page, browser }) => {
  test.setTimeout(120_000);
  await openReady(page, '?preset=task-queue');
  await expect(page.locator('#queue-info')).toContainText('npm run worker -- --processes 2');
  const joinUrl = await page.evaluate(() => window.playground.joinUrl);
  expect(joinUrl).toMatch(/\?join=/);
  await expect(page.locator('#join-link')).toHaveAttribute('href', /** @type {string} */ (joinUrl));
  await expect(page.locator('#join-qr')).toHaveAttribute('src', /^data:image\/gif;base64,/);

  const other = await browser.newContext();
  const tab = await other.newPage();
  await tab.goto(/** @type {string} */ (joinUrl));
  await expect(tab.locator('#join-status')).toContainText('is a worker of the task queue');
  const python = pythonWorker();
  try {
    const running = page.evaluate(() =>
      window.playground.run({ strategies: ['queue-broker'], kernel: 'primes', tasks: 30, work: 1000, reclaimMs: 1000 }),
    );
    // Close the joined tab while it holds a task (its latest line says it took one).
    await tab.waitForFunction(() => document.querySelector('#join-tasks li')?.textContent?.startsWith('took'), null, { timeout: 60_000 });
    await other.close();
    const report = await running;
    const r = report.results[0];
    expect(r.strategy).toBe('queue-broker');
    expect({ ok: r.ok, failed: r.failed, cancelled: r.cancelled }).toEqual({ ok: 30, failed: 0, cancelled: 0 });
    expect(r.detail.redelivered).toBeGreaterThanOrEqual(1);
    const kinds = r.detail.workers.map((/** @type {{ kind: string, name: string }} */ w) => `${w.kind}:${w.name.split(' #')[0]}`);
    expect(kinds).toEqual(expect.arrayContaining(['browser:this page', 'browser:joined tab']));
    expect(kinds.some((/** @type {string} */ k) => k.startsWith('python:'))).toBe(true);
    const laneWorkers = new Set(r.detail.lanes.map((/** @type {{ worker: string }} */ l) => l.worker));
    expect(laneWorkers.size).toBeGreaterThanOrEqual(3);
    // Every task exactly once among the spans that end a task; the lost delivery is cut off.
    const ending = r.spans.filter((/** @type {{ phase?: string }} */ s) => s.phase !== 'lost');
    expect(new Set(ending.map((/** @type {{ task: number }} */ s) => s.task)).size).toBe(30);
    expect(ending.length).toBe(30);
    expect(r.spans.some((/** @type {{ phase?: string }} */ s) => s.phase === 'lost')).toBe(true);
    // The timeline names its lanes by worker thread (drawn on the next frames).
    await page.waitForTimeout(600);
    await page.locator('#timeline').screenshot({ path: test.info().outputPath('timeline.png') });
  } finally {
    python.child.kill('SIGTERM');
  }
});

test('a server without Redis refuses queue-broker with the reason; the rest of the run still works', async ({ page }) => {
  const port = PORT + 1;
  // A Redis URL nobody answers at: the server serves everything but the queue.
  const server = spawn(process.execPath, ['server/serve.mjs'], {
    env: { ...process.env, PORT: String(port), REDIS_URL: 'redis://127.0.0.1:1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    await new Promise((resolve) => readline.createInterface({ input: server.stdout }).on('line', (l) => l.startsWith('Task queue') && resolve(l)));
    await page.goto(`http://127.0.0.1:${port}/?preset=task-queue`);
    await expect(page.locator('#env')).toContainText(/pool threads: \d+/);
    await expect(page.locator('#queue-info')).toContainText('The task queue is not available');
    const report = await page.evaluate(() => window.playground.run({ strategies: ['cpu-sequential', 'queue-broker'], tasks: 4, work: 10 }));
    expect(report.results.map((/** @type {{ strategy: string }} */ r) => r.strategy)).toEqual(['cpu-sequential']);
    expect(report.error).toContain('Redis did not answer PING');
    expect(report.notRun).toEqual(['queue-broker']);
    await expect(page.locator('#alert')).toContainText('Redis did not answer PING');
  } finally {
    server.kill('SIGTERM');
  }
});

test('a joined tab that presses Leave mid-task has its task redelivered; the run still ends every task once', async ({ page, browser }) => {
  const { other, tab } = await joinedTab(page, browser);
  const running = page.evaluate(() =>
    window.playground.run({ strategies: ['queue-broker'], kernel: 'primes', tasks: 24, work: 1000, reclaimMs: 500 }),
  );
  await tab.waitForFunction(() => document.querySelector('#join-tasks li')?.textContent?.startsWith('took'), null, { timeout: 60_000 });
  await tab.locator('#join-leave').click();
  await expect(tab.locator('#join-status')).toContainText('left the task queue');
  const r = (await running).results[0];
  expect({ ok: r.ok, failed: r.failed, cancelled: r.cancelled }).toEqual({ ok: 24, failed: 0, cancelled: 0 });
  expect(r.detail.redelivered).toBeGreaterThanOrEqual(1);
  await other.close();
});

test('a joined tab that is reloaded keeps ?join in its address and joins again', async ({ page, browser }) => {
  const { joinUrl, other, tab } = await joinedTab(page, browser);
  const token = new URL(joinUrl).searchParams.get('join');
  expect(new URL(tab.url()).searchParams.get('join')).toBe(token);
  await tab.reload();
  await expect(tab.locator('#join-status')).toContainText('is a worker of the task queue');
  expect(new URL(tab.url()).searchParams.get('join')).toBe(token);
  await other.close();
});

test('maxDeliveries 1: the task of a tab that leaves mid-task is failed with the reason, not redelivered', async ({ page, browser }) => {
  const { other, tab } = await joinedTab(page, browser);
  const running = page.evaluate(() =>
    window.playground.run({ strategies: ['queue-broker'], kernel: 'primes', tasks: 24, work: 1000, reclaimMs: 500, maxDeliveries: 1 }),
  );
  await tab.waitForFunction(() => document.querySelector('#join-tasks li')?.textContent?.startsWith('took'), null, { timeout: 60_000 });
  await tab.locator('#join-leave').click();
  const report = await running;
  expect(report.params.maxDeliveries).toBe(1);
  const r = report.results[0];
  expect(r.ok + r.failed + r.cancelled).toBe(24);
  expect(r.failed).toBeGreaterThanOrEqual(1);
  expect(r.detail.redelivered).toBe(0);
  expect(r.error ?? JSON.stringify(r.detail)).toMatch(/no result after delivery 1 of 1/);
  await other.close();
});
