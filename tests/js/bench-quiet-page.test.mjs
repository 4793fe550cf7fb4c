// The bench's quiet page (bench/lib/quiet-page.mjs): what Playwright did for the bench — run a
// function in the page, wait for a condition, report page errors, console errors and a crash —
// without Playwright's instrumentation of the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { launch, freshPage } from '../../bench/lib/browser.mjs';

const PAGE = `<!doctype html><title>quiet</title><script>
  window.early = window.__bench ? 'probes first' : 'no probes';
  console.error('said on purpose');
  setTimeout(() => { window.later = 42; throw new Error('thrown on purpose'); }, 50);
  // A worker that starts a worker, as the page's worker starts the pool's: errors at any depth count.
  const inner = "setTimeout(() => { console.error('inner worker said'); throw new Error('inner worker threw'); }, 300);";
  const outer = "new Worker(URL.createObjectURL(new Blob([" + JSON.stringify(inner) + "]))); setTimeout(() => console.error('worker said'), 300);";
  new Worker(URL.createObjectURL(new Blob([outer])));
</script>`;

test('a quiet page evaluates, waits, runs the probes first and reports errors', async (t) => {
  const server = http.createServer((_, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  t.after(() => server.close());
  const browser = await launch();
  t.after(() => browser.close());
  const { page, problems, context, cdp } = await freshPage(browser);
  // Playwright has no page for it: nothing of it is instrumented.
  assert.equal(browser.contexts().flatMap((c) => c.pages()).length, 0);
  const port = /** @type {import('node:net').AddressInfo} */ (server.address()).port;
  await page.goto(`http://127.0.0.1:${port}/`);
  assert.equal(await page.evaluate(() => window.early), 'probes first');
  await page.waitForFunction(() => window.later === 42, undefined, { timeout: 5000 });
  assert.equal(await page.evaluate((/** @type {number} */ x) => Promise.resolve(x * 2), 21), 42);
  await assert.rejects(page.evaluate(() => { throw new Error('no'); }), /no/);
  await assert.rejects(page.waitForFunction(() => false, undefined, { timeout: 200 }), /not true after 200 ms/);
  const { metrics } = await cdp.send('Performance.getMetrics');
  assert.ok(metrics.some((/** @type {{ name: string }} */ m) => m.name === 'TaskDuration'));
  assert.ok(problems.some((p) => p === 'console error: said on purpose'), problems.join('; '));
  assert.ok(problems.some((p) => p.startsWith('page error: Error: thrown on purpose')), problems.join('; '));
  await page.waitForFunction(() => new Promise((r) => setTimeout(() => r(true), 800)));
  for (const said of [/worker blob:\S+: console error: worker said/, /worker blob:\S+: console error: inner worker said/, /worker blob:\S+: page error: .*inner worker threw/]) {
    assert.ok(problems.some((p) => said.test(p)), `${said} in ${problems.join('; ')}`);
  }
  // A dialog nobody answers would hold the page: it is dismissed and reported.
  assert.equal(await page.evaluate(() => confirm('sure?')), false);
  assert.ok(problems.includes('a confirm dialog: sure?'), problems.join('; '));
  // A crashed page answers nothing more: what waits on it fails, it does not hang.
  const pending = page.evaluate(() => new Promise(() => {}));
  await cdp.send('Page.crash').catch(() => {});
  await assert.rejects(pending, /crashed|went away/);
  await assert.rejects(page.evaluate(() => 1), /crashed|went away/);
  assert.ok(problems.includes('the page crashed'), problems.join('; '));
  await context.close();
});
